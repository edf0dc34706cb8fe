// SPDX-License-Identifier: Apache-2.0
#pragma once
// An assessment's raw values, checked against the declared indicators and placed in
// the program's slots.
#include "engine/run/evaluate.hpp"

#include <hallmark/assessment.hpp>
#include <hallmark/decision.hpp>
#include <hallmark/diagnostic.hpp>

#include <string_view>
#include <variant>
#include <vector>

namespace hallmark::engine {

/// Types every indicator value; every problem names its indicator. Unknown indicators
/// are errors too, since a misspelt name would otherwise be silently "not reported".
std::variant<bound_input, std::vector<diagnostic>> bind(const program& p, const assessment& a);

/// The index of the indicator named `id`, or -1. For names in increasing byte order
/// (an assessment's), `cursor` (0 at first) makes the lookups one walk.
int next_indicator(const program& p, std::string_view id, std::size_t& cursor);

/// What `bind` does after the indicators, for a binder of its own (bind_scanned.hpp):
/// whether the history holds nothing `bind` would report, and the history's and the
/// plan's slots filled from `a` and `out.values`.
bool history_clean(const program& p, const assessment& a);
void bind_history(const program& p, const assessment& a, bound_input& out);

/// Converts one raw value for indicator `i`; an empty string on success, else why not.
std::string bind_value(const program& p, std::uint32_t i, const raw_value& raw, bound_input& out);

/// A value for indicator `i` given already typed (hallmark::typed_input), checked as `bind`
/// checks a document's: empty, or why it does not fit (`out` is then left as it was).
std::string typed_number(const program& p, std::uint32_t i, const decimal& d, value& out);
std::string typed_choice(const program& p, std::uint32_t i, std::string_view choice, value& out);
std::string typed_boolean(const program& p, std::uint32_t i, bool b, value& out);
std::string typed_date(const program& p, std::uint32_t i, date d, value& out);

/// The value of indicator `i` as a decision reports it.
reported_value report(const program& p, std::uint32_t i, const value& v);

/// A value as text, for test messages: "1.5 FTE", "2021-05-31", "{a, b}".
std::string show(const program& p, const value& v, const type& t);

}  // namespace hallmark::engine
