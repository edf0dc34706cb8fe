// SPDX-License-Identifier: Apache-2.0
#pragma once
// One decision's explanation kept as indexes while it is worked out: which criteria
// and which parts of a label's requirement decided it, and which indicators were
// missing. Strings are made only when it is written, as a `decision` (decide.cpp) or
// straight as JSON (decision_json.cpp); both read this one explanation, so they agree.
#include "engine/run/evaluate.hpp"

#include <hallmark/assessment.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace hallmark::engine {

struct label_explained {
    outcome result = outcome::not_assessable;
    std::string error;
    /// Criterion ids and requirement texts, pointing into the program; each text once.
    std::vector<const std::string*> because;
    std::vector<std::uint32_t> missing;  // indicator indexes, each once, in order of finding
};

/// What decide() and append_decision() (decision_json.hpp) read. Reused from one decision to the next, its
/// vectors keep their capacity.
struct explanation {
    std::vector<label_explained> labels;  // per program label, best first
    std::size_t awarded = 0;              // the awarded label, or labels.size() for none
    std::vector<const std::string*> next_missing;
    std::vector<criterion_brief> criteria;  // per criterion
    std::vector<outcome> parts;             // per label, per part of its requirement, one after another
    bool on_plan = false;                   // worked out on the flat plan, not the tree
    // Scratch: the reasons one label has named so far (criteria as bits, texts by value).
    std::vector<std::uint64_t> named;
    std::vector<const std::string*> named_texts;
};

/// Evaluates every criterion (in order), then every label of `p`, into `out`. On the
/// flat plan when it explains `in` (plan::explains, the record decided on the plan, no
/// hidden arithmetic error, no observer on `ev`), else on the tree; `ev` then gives the
/// criteria as the one that explained them. Checks that the label path agrees: the tree's
/// explanation against the plan's label, the plan's explanation against the label path
/// of the plan. tests/unit/explain_test.cpp checks the plan's explanations against the tree's.
void explain(const program& p, const bound_input& in, evaluator& ev, explanation& out);

/// The same, always on the tree (the reference, for tests).
void explain_by_tree(const program& p, const bound_input& in, evaluator& ev, explanation& out);

/// Whether indicator `i` was reported.
inline bool reported(const bound_input& in, std::uint32_t i) { return in.values[i].known(); }

/// Calls `missing(k)` for each input `k` of criterion `i` a decision lists as missing:
/// unreported inputs matter whenever the criterion is not met, since they may be why.
/// Both writers of a decision (decide.cpp, decision_json.cpp) list them through this.
/// `result` is the criterion's outcome.
template <class Missing>
void for_each_missing(const program& p, const bound_input& in, outcome result, std::uint32_t i, Missing&& missing)
{
    if (result == outcome::met) return;
    for (auto k : p.criteria[i].inputs)
        if (!reported(in, k)) missing(k);
}

/// A points group's total: the points earned by its scored members, and whether every
/// one of them could be scored.
struct group_total {
    decimal earned;
    bool complete = true;
};
group_total total_of(const program& p, const explanation& e, const group_info& g);

}  // namespace hallmark::engine
