// SPDX-License-Identifier: Apache-2.0
#pragma once
// The flat plan's second stage (see plan.hpp): steps over the tests' outcomes.
#include "engine/program/plan.hpp"

namespace hallmark::engine {

/// Bits set, without a library call: the generic x86-64 target has no popcnt instruction.
inline int bits_set(std::uint64_t x)
{
    x -= (x >> 1) & 0x5555555555555555ULL;
    x = (x & 0x3333333333333333ULL) + ((x >> 2) & 0x3333333333333333ULL);
    x = (x + (x >> 4)) & 0x0F0F0F0F0F0F0F0FULL;
    return static_cast<int>((x * 0x0101010101010101ULL) >> 56);
}

/// Runs the steps in order, each writing its position's bits in `yes` and `no` (pl.words
/// words each, the tests' bits already there) or a register.
void run_steps(const plan& pl, const slots& s, std::uint64_t* yes, std::uint64_t* no);

}  // namespace hallmark::engine
