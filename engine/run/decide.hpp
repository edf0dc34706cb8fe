// SPDX-License-Identifier: Apache-2.0
#pragma once
// Turns one evaluation into a decision: the label, its validity, and the reasons.
#include "engine/run/evaluate.hpp"

#include <hallmark/assessment.hpp>
#include <hallmark/decision.hpp>
#include <hallmark/rule_set.hpp>

namespace hallmark::engine {

/// Evaluates every criterion and label of `p` for the bound input `in` of `a`.
decision decide(const program& p, const bound_input& in, const assessment& a);

/// The awarded label's index (best first), or -1: the decision without its
/// explanation, for callers that only need the label.
int decide_label(const program& p, const bound_input& in);

/// The same, always by the tree evaluator: the reference the plan is checked against.
int decide_label_by_tree(const program& p, const bound_input& in);

}  // namespace hallmark::engine
