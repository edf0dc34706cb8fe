// SPDX-License-Identifier: Apache-2.0
#pragma once
// The recourse plan's search (engine/api/plan_candidates.cpp, plan_search.cpp): which
// indicators a target label reads, the values worth trying for each, and the fewest
// changes among them that make the label's requirement hold. Internal to engine/api.
#include <hallmark/assessment.hpp>
#include <hallmark/decimal.hpp>

#include "engine/program/program.hpp"
#include "engine/run/evaluate.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace hallmark::engine::planning {

/// One value to try for one indicator: as the document would hold it, as bound, and
/// what changing to it costs (|to - from| / max(|from|, 1) in the units people write).
struct candidate {
    raw_value raw;
    value bound;
    decimal cost;
};

/// The indicators a target reads, in declaration order, each with its candidates.
struct space {
    std::vector<std::uint32_t> indicators;
    std::vector<std::vector<candidate>> candidates;  // per entry of `indicators`
    /// Why the candidates may miss the minimum; empty when every comparison on them is
    /// an indicator against constants, so the search is exhaustive over what matters.
    std::string not_minimal_because;
    /// The program's criteria the target depends on, directly or through groups.
    std::vector<bool> criteria;
};

/// Whether label `target`'s requirement holds for `in` (every conjunct met).
bool holds(const program& p, std::uint32_t target, const bound_input& in);

/// The indicators label `target` reads, except `keep`, with their candidate values.
/// `scratch` keeps the storage behind candidate sets of criteria alive.
space make_space(const program& p, std::uint32_t target, const bound_input& in, const std::vector<bool>& keep,
                 bound_input& scratch);

/// The best change found: positions into `space::indicators`, and the candidate of each.
struct found {
    std::vector<std::size_t> which, choice;
    decimal cost;
    bool any = false;
    bool bound_reached = false;
    std::size_t evaluations = 0;
};

/// Tries subsets of 1..max_changes indicators, smallest first, every combination of
/// their candidates; keeps the first size that reaches the target, the cheapest of it
/// (then declaration order). Stops at limits::max_plan_evaluations.
found search(const program& p, std::uint32_t target, bound_input in, const space& s, std::size_t max_changes);

/// The conjuncts of label `target` that read the history (earlier labels), by index.
std::vector<std::size_t> history_conjuncts(const program& p, std::uint32_t target);

/// Whether conjunct `c` of label `target` holds for `in`.
bool conjunct_holds(const program& p, std::uint32_t target, std::size_t c, const bound_input& in);

}  // namespace hallmark::engine::planning
