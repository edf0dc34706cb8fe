// SPDX-License-Identifier: Apache-2.0
#pragma once
// The sections decision reports are made of, shared by the Markdown and HTML reports
// and by the decision log's record view, so they all say the same things.
#include <hallmark/decision.hpp>

#include "report/words.hpp"

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace hallmark::report {

/// A header row and body rows of plain-text cells.
struct table {
    std::vector<std::string> head;
    std::vector<std::vector<std::string>> rows;
};

std::string joined(const std::vector<std::string>& items, const char* empty = "");
std::string value_text(const reported_value& v);

/// "met", "not met" or "cannot be decided".
std::string outcome_words(outcome o);
/// A criterion's outcome in words: "met", "not met", "cannot be decided: 2 questions
/// unanswered, “Q?”, “R?”" (ids when there is no namer or no question) or "cannot be
/// decided: division by zero in ...".
std::string criterion_outcome(const criterion_result& c, const indicator_namer& name = {});
/// The label's title from the decision, or its id when it has none.
std::string label_title(const decision& d, const std::string& id);
/// "B6 Benchmarking interview complete: ..." for a criterion id of the decision; any
/// other text (a requirement that is no criterion) as written.
std::string criterion_name(const decision& d, const std::string& id);

/// "Label **Cluster Management Excellence Label BRONZE**, valid until ..." (Markdown
/// emphasis on the label's title), or "No label.".
std::string decision_line(const decision& d);
/// Labels: outcome, what decided it (criteria by name, other parts in their words), the
/// questions whose absence left it undecided.
table labels_table(const words& w);
/// Criteria: outcome, points, the answers read, advice where not met.
table criteria_table(const words& w);
table points_table(const decision& d);

/// Text from rules or input made inert in Markdown: HTML (`<`, `>`, `&`) as entities,
/// and the characters that would start emphasis, code, links or table cells escaped
/// with a backslash (`_` only at a word's edge, so `not_met` stays readable). Newlines
/// become spaces: every use is one line or one cell.
std::string md_text(std::string_view s);
std::string md_table(const table& t);
std::string html_escape(std::string_view s);
/// The table as HTML, with `css_class` on the table when given.
std::string html_table(const table& t, std::string_view css_class = {});
/// The decision line with its emphasis as HTML.
std::string html_decision_line(const decision& d);

}  // namespace hallmark::report
