// SPDX-License-Identifier: Apache-2.0
#pragma once
// The flat plan's second stage (see plan.hpp): steps over the tests' outcomes.
#include "engine/program/plan.hpp"

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
    std::vector<std::uint64_t> stack;
};

/// Runs steps [begin, end) in order, each writing its position's bits in `yes` and `no`
/// (pl.words words each, the tests' bits already there) or a register.
void run_steps(const plan& pl, const slots& s, std::uint64_t* yes, std::uint64_t* no, step_memory& m,
               std::uint32_t begin, std::uint32_t end);

}  // namespace hallmark::engine
