// SPDX-License-Identifier: Apache-2.0
#pragma once
// The ECEI 2020 benchmarks of issue 18 (bench/ecei_bench.cpp).
#include "bench/ecei_fixture.hpp"

namespace bench {

/// Registers the ECEI 2020 benchmarks over `f`, which must outlive them; `batch` false
/// leaves out the `hallmark batch` run.
void register_ecei2020(const ecei::fixture& f, bool batch);

}  // namespace bench
