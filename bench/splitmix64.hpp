// SPDX-License-Identifier: Apache-2.0
#pragma once
// splitmix64: a small, fast generator that gives the same sequence on every machine,
// so generated workloads and random test cases are the same everywhere.
#include <cstdint>

namespace bench {

struct splitmix64 {
    std::uint64_t state;

    std::uint64_t next()
    {
        std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }
    /// 0 .. n-1 (n > 0).
    std::int64_t below(std::int64_t n) { return static_cast<std::int64_t>(next() % static_cast<std::uint64_t>(n)); }
};

}  // namespace bench
