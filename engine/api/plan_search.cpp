// SPDX-License-Identifier: Apache-2.0
// The recourse plan's search: subsets of the target's indicators, smallest first, and
// every combination of their candidate values. Fewest changes wins, then the smallest
// total relative change, then declaration order (the order subsets are tried in).
#include "engine/api/plan_search.hpp"

#include <hallmark/limits.hpp>

namespace hallmark::engine::planning {
namespace {

class searcher {
public:
    searcher(const program& p, std::uint32_t target, bound_input& in, const space& s)
        : p_(p), target_(target), in_(in), s_(s)
    {}

    // Every subset of `k` indicators; false once the bound stops the search.
    bool subsets(std::size_t start, std::size_t k)
    {
        if (which_.size() == k) return products(0, decimal::from_int(0));
        for (std::size_t i = start; i < s_.indicators.size(); ++i) {
            which_.push_back(i);
            const bool go_on = subsets(i + 1, k);
            which_.pop_back();
            if (!go_on) return false;
        }
        return true;
    }

    found best;

private:
    // Every combination of candidates for the chosen indicators. Costs are never
    // negative, so a partial combination already as dear as the best is abandoned:
    // at equal cost the one found first (declaration order) stays.
    bool products(std::size_t depth, const decimal& cost)
    {
        if (best.any && !(cost < best.cost)) return true;
        if (depth == which_.size()) return evaluate(cost);
        const std::uint32_t ind = s_.indicators[which_[depth]];
        const value saved = in_.values[ind];
        bool go_on = true;
        const auto& cands = s_.candidates[which_[depth]];
        for (std::size_t j = 0; j < cands.size() && go_on; ++j) {
            in_.values[ind] = cands[j].bound;
            choice_.push_back(j);
            go_on = products(depth + 1, cost + cands[j].cost);
            choice_.pop_back();
        }
        in_.values[ind] = saved;
        return go_on;
    }

    bool evaluate(const decimal& cost)
    {
        if (best.evaluations >= limits::max_plan_evaluations) {
            best.bound_reached = true;
            return false;
        }
        ++best.evaluations;
        if (holds(p_, target_, in_)) {
            best.any = true;
            best.cost = cost;
            best.which = which_;
            best.choice = choice_;
        }
        return true;
    }

    const program& p_;
    std::uint32_t target_;
    bound_input& in_;
    const space& s_;
    std::vector<std::size_t> which_, choice_;
};

}  // namespace

found search(const program& p, std::uint32_t target, bound_input in, const space& s, std::size_t max_changes)
{
    searcher run(p, target, in, s);
    for (std::size_t k = 1; k <= max_changes && k <= s.indicators.size(); ++k) {
        const bool finished = run.subsets(0, k);
        if (run.best.any || !finished) break;
    }
    return run.best;
}

}  // namespace hallmark::engine::planning
