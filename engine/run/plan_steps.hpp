// SPDX-License-Identifier: Apache-2.0
#pragma once
// The flat plan's second stage (see plan.hpp): steps over the tests' outcomes.
#include "engine/program/plan.hpp"

namespace hallmark::engine {

/// Runs the steps in order, each writing its position's bits in `yes` and `no` (pl.words
/// words each, the tests' bits already there) or a register.
void run_steps(const plan& pl, const slots& s, std::uint64_t* yes, std::uint64_t* no);

}  // namespace hallmark::engine
