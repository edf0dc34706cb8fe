// SPDX-License-Identifier: Apache-2.0
#pragma once
// An assessment's values kept in a rule set's own format, for hosts that decide again
// and again as values change: a form re-evaluated on every keystroke, a simulation
// trying values. Setting a value checks it as `rule_set::evaluate` checks a document;
// the label then costs no parsing and no binding.
#include <hallmark/date.hpp>
#include <hallmark/decimal.hpp>
#include <hallmark/export.hpp>
#include <hallmark/result.hpp>
#include <hallmark/rule_set.hpp>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

namespace hallmark {

/// The types `typed_input::set` takes; every other type is refused at compile time.
template <class value>
inline constexpr bool is_typed_input_value =
    std::is_same_v<std::remove_cvref_t<value>, decimal> || std::is_same_v<std::remove_cvref_t<value>, bool> ||
    std::is_same_v<std::remove_cvref_t<value>, date>;

/// Values for one rule set, all *not reported* to begin with. Not shared between
/// threads; make one per thread (the rule set itself is shared).
///
///     hallmark::typed_input in(rules);
///     const int staff = in.indicator("staff").value();  // resolve names once
///     if (auto set = in.set(staff, hallmark::decimal::from_scaled(15, 1)); !set.ok()) ...
///     std::optional<std::string> label = rules.label_of(in);
///
/// Each setter takes exactly its type: `set(staff, 15)` does not compile (an `int` would
/// otherwise become `true`); write `decimal::from_int(15)`.
class HALLMARK_API typed_input {
public:
    explicit typed_input(const rule_set& rules);
    ~typed_input();
    typed_input(const typed_input& other);
    typed_input& operator=(const typed_input& other);

    /// The index of an indicator, or a diagnostic when the rule set has none of that
    /// name. Resolve names once; the setters take indexes.
    [[nodiscard]] result<int> indicator(std::string_view id) const;

    /// Each setter succeeds, or says why the value does not fit the indicator (the
    /// value is then left as it was): one diagnostic whose message names the
    /// indicator, e.g. "indicators.staff: ...". A percentage is given as the document
    /// gives it: 33.3 for 33.3 %.
    result<void> set(int indicator, const decimal& v);
    result<void> set(int indicator, bool v);
    result<void> set(int indicator, date d);
    /// Any other type is refused at compile time: an integer, a double, a pointer or a
    /// string would otherwise convert to `bool` (or need a rounding nobody chose).
    template <class other, class = std::enable_if_t<!is_typed_input_value<other>>>
    result<void> set(int indicator, other&& v) = delete;
    result<void> set_choice(int indicator, std::string_view choice);
    /// Back to *not reported*; fails only when there is no such indicator.
    result<void> clear(int indicator);

    void set_assessed_on(date d);

private:
    friend class rule_set;
    result<void> check_index(int indicator) const;
    template <class typing>
    result<void> assign(int indicator, typing type);
    void changed(int indicator);

    struct slots;
    std::shared_ptr<const rule_set::state> rules_;
    std::unique_ptr<slots> values_;
};

}  // namespace hallmark
