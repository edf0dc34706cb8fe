// SPDX-License-Identifier: Apache-2.0
#pragma once
// Batch throughput: `hallmark batch` over a large generated file, on 1 and 2 threads,
// beside the time to only read (parse) the same file with the same reader.

#include <benchmark/benchmark.h>

#include <cstddef>
#include <string>
#include <vector>

namespace bench {

/// Where generated benchmark data is kept: $HALLMARK_BENCH_DATA, default ./bench-data.
std::string data_dir();

struct child_run {
    double seconds = 0;
    double cpu_seconds = 0;  // the child's own user and system time
    long peak_kib = 0;       // only when sampled
    int status = -1;
};

/// Runs the command with stdout and stderr to /dev/null; its wall time, CPU time and,
/// with `sample_peak`, its peak memory (sampled every 20 ms, which also rounds the wall
/// time up to the next sample: for long runs only).
child_run run_child(const std::vector<std::string>& args, bool sample_peak = true);

/// Reads every record of a JSONL (or CSV) file with hallmark's corpus reader, one
/// thread, evaluating nothing; manual time per pass.
void parse_only(benchmark::State& st, const std::string& path, bool csv);

/// Generates the files when missing (in $HALLMARK_BENCH_DATA, default ./bench-data)
/// and registers the batch benchmarks.
void register_batch(std::size_t records);

}  // namespace bench
