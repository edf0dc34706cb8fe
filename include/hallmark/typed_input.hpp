// SPDX-License-Identifier: Apache-2.0
#pragma once
// An assessment's values kept in a rule set's own format, for hosts that decide again
// and again as values change: a form re-evaluated on every keystroke, a simulation
// trying values. Setting a value checks it as `rule_set::evaluate` checks a document;
// the label then costs no parsing and no binding.
#include <hallmark/date.hpp>
#include <hallmark/decimal.hpp>
#include <hallmark/rule_set.hpp>

#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace hallmark {

/// Values for one rule set, all *not reported* to begin with. Not shared between
/// threads; make one per thread (the rule set itself is shared).
///
///     hallmark::typed_input in(rules);
///     const int staff = in.indicator("staff");
///     if (auto why = in.set(staff, *hallmark::decimal::parse("1.5")); !why.empty()) ...
///     std::optional<std::string> label = rules.label_of(in);
class typed_input {
public:
    explicit typed_input(const rule_set& rules);
    ~typed_input();
    typed_input(const typed_input& other);
    typed_input& operator=(const typed_input& other);

    /// The index of an indicator, or -1 when the rule set has none of that name.
    /// Resolve names once; the setters take indexes.
    int indicator(std::string_view id) const;

    /// Each setter returns an empty string, or why the value does not fit the
    /// indicator (the value is then left as it was). A percentage is given as the
    /// document gives it: 33.3 for 33.3 %.
    std::string set(int indicator, const decimal& v);
    std::string set(int indicator, bool v);
    std::string set(int indicator, date d);
    std::string set_choice(int indicator, std::string_view choice);
    /// Back to *not reported*; empty, or why not (no such indicator).
    std::string clear(int indicator);

    void set_assessed_on(date d);

private:
    friend class rule_set;
    std::string check_index(int indicator) const;
    template <class typing>
    std::string assign(int indicator, typing type);
    void changed(int indicator);

    struct slots;
    std::shared_ptr<const rule_set::state> rules_;
    std::unique_ptr<slots> values_;
};

}  // namespace hallmark
