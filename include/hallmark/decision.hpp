// SPDX-License-Identifier: Apache-2.0
#pragma once
// The result of evaluating one assessment: the label, and why.
#include <hallmark/date.hpp>
#include <hallmark/decimal.hpp>
#include <hallmark/export.hpp>
#include <hallmark/result.hpp>

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace hallmark {

struct rule_catalogue;
struct recourse_plan;
struct assessment;
class rule_set;

/// How a criterion or a label came out. `not_assessable` means a value it needs is
/// missing (or could not be computed), so neither met nor not met can be claimed.
enum class outcome { met, not_met, not_assessable };

/// `met`, `not_met` or `not_assessable`.
[[nodiscard]] HALLMARK_API const char* to_string(outcome o);

/// One input value as the decision reports it: canonical text, or nothing when the
/// indicator was not reported.
struct HALLMARK_API reported_value {
    std::string indicator;
    std::optional<std::string> text;
    bool is_number = false;  ///< numbers are written as JSON strings to stay exact
    bool is_boolean = false;
    std::vector<std::string> items;  ///< sets
    bool is_set = false;
};

struct HALLMARK_API criterion_result {
    std::string id;
    std::string title;
    outcome result = outcome::not_assessable;
    std::optional<decimal> points;  ///< when the criterion has tiers and they were decided
    std::optional<bool> gold;       ///< when the criterion has a gold threshold and it was decided
    std::vector<reported_value> values;
    std::vector<std::string> missing;  ///< indicators it needed that were not reported
    std::string error;                 ///< e.g. "division by zero in 'smes / participants'"
    std::string advice;
};

struct HALLMARK_API label_result {
    std::string id;
    std::string title;
    outcome result = outcome::not_assessable;
    /// What decided it: criteria ids, or the requirement as written when it is not a
    /// criterion (e.g. "points(quality) >= 120").
    std::vector<std::string> because;
    std::vector<std::string> missing;  ///< indicators whose absence left it undecided
    std::string error;                 ///< e.g. "division by zero in 'a / b'" met in its own requirement
};

struct HALLMARK_API group_points {
    std::string group;
    decimal earned;  ///< sum of the points that could be decided
    decimal max;
    bool complete = true;  ///< false when some criterion's points could not be decided
};

struct HALLMARK_API decision {
    std::string engine;
    std::string methodology, version, rules_sha256;
    std::string input_sha256;
    std::string cluster_json;  ///< the input's "cluster" object, canonical JSON
    date assessed_on;
    std::optional<std::string> label;  ///< the best label whose requirements hold
    std::optional<date> valid_until;
    bool renewed = false;              ///< valid_until comes from a renewal rule
    std::vector<label_result> labels;  ///< best first
    std::vector<criterion_result> criteria;
    std::vector<group_points> points;
    std::optional<std::string> next_label;  ///< the next label up
    std::vector<std::string> next_missing;  ///< what it still lacks
};

/// The decision as canonical JSON (keys in fixed order, two-space indentation, a final
/// newline): the same bytes for the same rules and input on every machine.
[[nodiscard]] HALLMARK_API std::string to_json(const decision& d);

/// The same members on one line with no whitespace and no final newline: one line of
/// JSON Lines (`hallmark batch`).
[[nodiscard]] HALLMARK_API std::string to_json_line(const decision& d);

/// Evaluates `a` under `rules` and appends its decision to `out` as one line of JSON
/// Lines, the bytes of `to_json_line(rules.evaluate(a).value())`, written straight from
/// the evaluation without building the `decision` (for many decisions: `hallmark
/// batch`). Returns the label awarded (an empty optional: none); when there is no
/// decision, `evaluate`'s diagnostics, and `out` is left as it was.
[[nodiscard]] HALLMARK_API result<std::optional<std::string>> append_json_line(const rule_set& rules,
                                                                               const assessment& a, std::string& out);

/// The decision for a person reading a terminal.
[[nodiscard]] HALLMARK_API std::string to_text(const decision& d);

/// The decision as a Markdown report: the label, what the next label lacks, tables of
/// labels, points and criteria with advice, and the hashes that identify it. Without
/// the rules' catalogue it names things as the decision does (ids, and the rule text of
/// a label part that is no criterion); with it, in the rules' words (questions, units,
/// the words of each label part), and it opens "What to improve" with `plan` when given
/// (make_plan's plan for the same rules and assessment).
[[nodiscard]] HALLMARK_API std::string to_markdown(const decision& d);
[[nodiscard]] HALLMARK_API std::string to_markdown(const decision& d, const rule_catalogue& rules,
                                                   const recourse_plan* plan = nullptr);

/// A warning when every percentage the decision read is below 1 and some is above 0
/// (0.82 where 82 % was likely meant): such values are read exactly as written, in
/// percentage points, and a person should see that before trusting the decision. The
/// reports open with it; `hallmark eval` prints it on standard error.
[[nodiscard]] HALLMARK_API std::optional<std::string> fraction_percent_warning(const decision& d,
                                                                               const rule_catalogue& rules);

/// The same report as a self-contained HTML page (no scripts, no external files).
[[nodiscard]] HALLMARK_API std::string to_html(const decision& d);
[[nodiscard]] HALLMARK_API std::string to_html(const decision& d, const rule_catalogue& rules,
                                               const recourse_plan* plan = nullptr);

}  // namespace hallmark
