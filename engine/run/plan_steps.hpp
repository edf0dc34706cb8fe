// SPDX-License-Identifier: Apache-2.0
#pragma once
// The flat plan's second stage (see plan.hpp): steps over the tests' outcomes.
#include "engine/program/plan.hpp"

#include <hallmark/decision.hpp>

#include <vector>

namespace hallmark::engine {

/// Bits set, without a library call: the generic x86-64 target has no popcnt instruction.
inline int bits_set(std::uint64_t x)
{
    x -= (x >> 1) & 0x5555555555555555ULL;
    x = (x & 0x3333333333333333ULL) + ((x >> 2) & 0x3333333333333333ULL);
    x = (x + (x >> 4)) & 0x0F0F0F0F0F0F0F0FULL;
    return static_cast<int>((x * 0x0101010101010101ULL) >> 56);
}

/// What the steps of one record keep between their groups: registers (each written
/// before it is read, so never cleared) and a quantifier's stack. One per thread.
struct step_memory {
    std::vector<std::int64_t> reg;
    std::vector<std::uint8_t> known;
    std::vector<std::int32_t> tier;  // a tiers step's register: the tier that gave it (first_tier)
    std::vector<std::uint64_t> stack;

    void size_for(const plan& pl)
    {
        if (reg.size() < pl.registers) reg.resize(pl.registers), known.resize(pl.registers), tier.resize(pl.registers);
    }
};

/// Runs steps [begin, end) in order, each writing its position's bits in `yes` and `no`
/// (pl.words words each, the tests' bits already there) or a register.
void run_steps(const plan& pl, const slots& s, std::uint64_t* yes, std::uint64_t* no, step_memory& m,
               const plan_step* begin, const plan_step* end);

/// The tier of a `tiers` step that gives the points: its index among the step's tiers,
/// or -1 when none is decided (an unknown condition before the first that holds).
int first_tier(const plan& pl, const plan_step& st, const std::uint64_t* yes, const std::uint64_t* no);

/// Every position of the outcome space for one record: the tests, then every step of
/// plan::all_steps, none skipped (for an explanation; the plan must `explain`).
struct plan_outcomes {
    std::vector<std::uint64_t> yes, no;  // pl.words each
    step_memory mem;
};
void run_all_steps(const plan& pl, const slots& s, plan_outcomes& out, bool simd = true);

/// Position `p`'s value in Kleene's logic: yes, no, or unknown when neither is set.
inline outcome outcome_at(const plan_outcomes& o, std::uint32_t p)
{
    const std::uint64_t b = std::uint64_t{1} << (p % 64);
    if (o.yes[p / 64] & b) return outcome::met;
    return (o.no[p / 64] & b) ? outcome::not_met : outcome::not_assessable;
}

/// Label part `part`'s value (at least `need` of its positions), as the tree's at_least.
outcome part_outcome(const plan& pl, const plan_outcomes& o, std::size_t part);

}  // namespace hallmark::engine
