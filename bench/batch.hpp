// SPDX-License-Identifier: Apache-2.0
#pragma once
// Batch throughput: `hallmark batch` over a large generated file, on 1 and 2 threads,
// beside the time to only read (parse) the same file with the same reader.

#include <cstddef>

namespace bench {

/// Generates the files when missing (in $HALLMARK_BENCH_DATA, default ./bench-data)
/// and registers the batch benchmarks.
void register_batch(std::size_t records);

}  // namespace bench
