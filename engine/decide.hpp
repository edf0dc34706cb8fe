#pragma once
// Turns one evaluation into a decision: the label, its validity, and the reasons.
#include "engine/evaluate.hpp"

#include <hallmark/assessment.hpp>
#include <hallmark/decision.hpp>
#include <hallmark/rule_set.hpp>

namespace hallmark::engine {

/// Evaluates every criterion and label of `p` for the bound input `in` of `a`.
decision decide(const program& p, const bound_input& in, const assessment& a);

}  // namespace hallmark::engine
