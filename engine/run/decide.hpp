// SPDX-License-Identifier: Apache-2.0
#pragma once
// Turns one evaluation into a decision: the label, its validity, and the reasons.
#include "engine/run/evaluate.hpp"

#include <hallmark/assessment.hpp>
#include <hallmark/decision.hpp>
#include <hallmark/rule_set.hpp>

namespace hallmark::engine {

/// Evaluates every criterion and label of `p` for the bound input `in` of `a`. Where the
/// flat plan applies it decides the label, and the tree, which explains it, must agree
/// (std::logic_error otherwise: a bug in the plan).
/// `observer`, when given, watches the evaluation (test coverage).
decision decide(const program& p, const bound_input& in, const assessment& a, eval_observer* observer = nullptr);

/// Until when label `label` awarded to `a` would be valid: its renewal of a previous
/// award when one applies, else `valid` from the assessment date (docs/semantics.md,
/// section 7); nothing when the label declares no validity. Throws arithmetic_error past
/// the end of the calendar. `renewed` is set when the date comes from the renewal rule.
std::optional<date> label_valid_until(const program& p, const assessment& a, std::uint32_t label,
                                      bool* renewed = nullptr);

/// Whether the flat plan decides this input's label: the rule set is wholly on it, and
/// the record's values fit its integers.
bool decided_on_plan(const program& p, const bound_input& in);

/// The awarded label's index (best first), or -1: the decision without its
/// explanation, for callers that only need the label.
int decide_label(const program& p, const bound_input& in);

/// The same, always by the tree evaluator: the reference the plan is checked against.
int decide_label_by_tree(const program& p, const bound_input& in);

}  // namespace hallmark::engine
