// SPDX-License-Identifier: Apache-2.0
// Batch benchmarks. The batch itself runs as the real command in a child process, so
// its peak memory is its own (wait4's ru_maxrss), and its output goes to /dev/null.
#include "bench/batch.hpp"

#include "bench/workload.hpp"

#include <hallmark/corpus.hpp>

#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <thread>

namespace bench {
namespace {

using wall = std::chrono::steady_clock;

// Writes in slices so that a million records never sit in memory at once.
void write_files(const std::string& jsonl, const std::string& csv, std::size_t records)
{
    std::ofstream j(jsonl + ".part", std::ios::binary), c(csv + ".part", std::ios::binary);
    c << csv_header() << "\n";
    constexpr std::size_t slice = 10'000;
    for (std::size_t done = 0; done < records; done += slice) {
        const auto part = generate(std::min(slice, records - done), 20261124 + done);
        for (std::size_t i = 0; i < part.size(); ++i) {
            auto r = part[i];
            r.id = done + i + 1;
            j << to_json(r) << "\n";
            c << to_csv(r) << "\n";
        }
    }
    if (!j.flush() || !c.flush()) throw std::runtime_error("cannot write the batch benchmark's data in " + data_dir());
    std::filesystem::rename(jsonl + ".part", jsonl);
    std::filesystem::rename(csv + ".part", csv);
}

// VmHWM of a running process, in KiB; 0 once it has gone, and 0 until it runs
// `program`: between fork and exec the child still has this process's memory.
long high_water_kib(pid_t pid, const std::string& program)
{
    std::error_code ignored;
    if (std::filesystem::read_symlink(fmt::format("/proc/{}/exe", pid), ignored) != std::filesystem::path(program))
        return 0;
    std::ifstream status(fmt::format("/proc/{}/status", pid));
    std::string line;
    while (std::getline(status, line))
        if (line.starts_with("VmHWM:")) return std::stol(line.substr(6));
    return 0;
}

}  // namespace

std::string data_dir()
{
    const char* dir = std::getenv("HALLMARK_BENCH_DATA");
    return dir && *dir ? dir : "bench-data";
}

child_run run_child(const std::vector<std::string>& args, bool sample_peak)
{
    std::vector<char*> argv;
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    // posix_spawn, not fork: forking this process, which holds the whole fixture, cost
    // more than the short runs measured (its page tables are copied).
    posix_spawn_file_actions_t io;
    posix_spawn_file_actions_init(&io);
    posix_spawn_file_actions_addopen(&io, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&io, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
    child_run out;
    const auto start = wall::now();
    pid_t pid = 0;
    const int spawned = posix_spawn(&pid, argv[0], &io, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&io);
    if (spawned != 0) return out;
    rusage used{};
    // Not wait4's ru_maxrss: Linux carries the forking process's peak over exec, and
    // this one holds the whole fixture. The child's own high-water mark, sampled.
    if (sample_peak)
        while (wait4(pid, &out.status, WNOHANG, &used) == 0) {
            out.peak_kib = std::max(out.peak_kib, high_water_kib(pid, args[0]));
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
    else wait4(pid, &out.status, 0, &used);
    out.seconds = std::chrono::duration<double>(wall::now() - start).count();
    const auto secs = [](const timeval& t) { return static_cast<double>(t.tv_sec) + t.tv_usec / 1e6; };
    out.cpu_seconds = secs(used.ru_utime) + secs(used.ru_stime);
    return out;
}

void parse_only(benchmark::State& st, const std::string& path, bool csv)
{
    std::size_t read = 0;
    for (auto _ : st) {
        const auto start = wall::now();
        std::ifstream in(path, std::ios::binary);
        hallmark::corpus_reader reader(in, path, csv, {});
        hallmark::corpus_reader::record r;
        read = 0;
        while (reader.next(r)) read += (reader.read(r).read).ok();
        st.SetIterationTime(std::chrono::duration<double>(wall::now() - start).count());
    }
    st.counters["records"] = static_cast<double>(read);
    st.SetItemsProcessed(static_cast<std::int64_t>(st.iterations() * read));
}

namespace {

void batch_run(benchmark::State& st, const std::string& path, std::size_t records, int jobs)
{
    const std::string rules = HALLMARK_SOURCE_DIR "/bench/synthetic-40-30.rules";
    for (auto _ : st) {
        const auto r = run_child({HALLMARK_CLI, "batch", "--rules", rules, path, "--jobs", std::to_string(jobs)});
        if (r.status != 0) {
            st.SkipWithError(fmt::format("hallmark batch exited with status {}", r.status).c_str());
            return;
        }
        st.SetIterationTime(r.seconds);
        st.counters["peak_rss_mib"] = static_cast<double>(r.peak_kib) / 1024.0;
    }
    st.counters["records"] = static_cast<double>(records);
    st.counters["jobs"] = jobs;
    st.SetItemsProcessed(static_cast<std::int64_t>(st.iterations() * records));
}

}  // namespace

void register_batch(std::size_t records)
{
    std::filesystem::create_directories(data_dir());
    const std::string stem = fmt::format("{}/synthetic-{}", data_dir(), records);
    const std::string jsonl = stem + ".jsonl", csv = stem + ".csv";
    if (!std::filesystem::exists(jsonl) || !std::filesystem::exists(csv)) write_files(jsonl, csv, records);
    for (const auto& [format, path] : {std::pair{std::string("jsonl"), jsonl}, std::pair{std::string("csv"), csv}}) {
        const bool is_csv = format == "csv";
        benchmark::RegisterBenchmark(("batch/" + format + "/parse_only").c_str(),
                                     [path, is_csv](benchmark::State& st) { parse_only(st, path, is_csv); })
            ->Iterations(1)
            ->Repetitions(1)
            ->UseManualTime()
            ->Unit(benchmark::kSecond);
        for (int jobs : {1, 2})
            benchmark::RegisterBenchmark(
                fmt::format("batch/{}/hallmark_batch/jobs:{}", format, jobs).c_str(),
                [path, records, jobs](benchmark::State& st) { batch_run(st, path, records, jobs); })
                ->Iterations(1)
                ->Repetitions(1)
                ->UseManualTime()
                ->Unit(benchmark::kSecond);
    }
}

}  // namespace bench
