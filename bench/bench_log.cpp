// SPDX-License-Identifier: Apache-2.0
// The decision log's costs, per decision, against evaluating the same decision and
// writing its JSON (the baseline, measured in the same run): recording with a durable
// commit each, verifying, replaying, exporting and importing.
// Usage: hallmark_bench_log [DECISIONS] [DIR]   (DIR: where the logs go; default /tmp)
#include <hallmark/decision_log.hpp>
#include <hallmark/hallmark.hpp>

#include <fmt/format.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;

namespace {

struct job {
    hallmark::rule_set rules;
    hallmark::assessment input;
};

// Every example assessment with the ECEI version in force on its date.
std::vector<job> jobs()
{
    const std::string root = HALLMARK_SOURCE_DIR;
    const auto versions = hallmark::find_versions(root + "/rules").value();
    std::vector<job> out;
    for (const auto& e : fs::directory_iterator(root + "/examples/assessments")) {
        if (e.path().extension() != ".json") continue;
        auto read = hallmark::read_assessment_file(e.path().string());
        if (!read.ok()) continue;
        auto a = read.value();
        auto v = hallmark::select_version(versions, "ECEI", std::nullopt, a.assessed_on);
        if (!v) continue;
        auto compiled = hallmark::compile_file(v->path);
        if (compiled.ok() && compiled->evaluate(a).ok()) out.push_back({*compiled, a});
    }
    return out;
}

template <class F>
double seconds(F&& f)
{
    const auto start = std::chrono::steady_clock::now();
    f();
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

int main(int argc, char** argv)
{
    const long n = argc > 1 ? std::atol(argv[1]) : 2000;
    const fs::path dir = fs::path(argc > 2 ? argv[2] : "/tmp") / "hallmark-bench-log";
    fs::remove_all(dir);
    fs::create_directories(dir);
    const auto work = jobs();
    if (work.empty()) return 1;
    const auto log_path = (dir / "d.log").string(), copy_path = (dir / "copy.log").string();
    std::size_t bytes = 0;
    const double evaluate = seconds([&] {
        for (long i = 0; i < n; ++i) {
            const auto& j = work[i % work.size()];
            bytes += hallmark::to_json(j.rules.evaluate(j.input).value()).size();
        }
    });
    const double record = seconds([&] {
        auto log = hallmark::decision_log::open(log_path);
        for (long i = 0; i < n; ++i) {
            const auto& j = work[i % work.size()];
            log.record(j.rules, j.input, j.rules.evaluate(j.input).value());
        }
    });
    bool intact = false;
    const double verify = seconds([&] { intact = hallmark::verify_log(log_path).value().intact; });
    std::size_t identical = 0;
    const double replay = seconds([&] {
        for (const auto& r : hallmark::replay_log(hallmark::decision_log::open_read_only(log_path), {}).decisions)
            identical += r.identical;
    });
    std::string exported;
    const double export_time = seconds([&] {
        std::ostringstream out;
        hallmark::export_log(hallmark::decision_log::open_read_only(log_path), out);
        exported = out.str();
    });
    const double import_time = seconds([&] {
        std::istringstream in(exported);
        hallmark::import_log(in, "export", copy_path);
    });
    if (!intact || identical != static_cast<std::size_t>(n)) {
        fmt::print(stderr, "the log does not verify or replay: intact {}, {} of {} identical\n", intact, identical, n);
        return 1;
    }
    fmt::print("{} decisions over {} example assessments; decision JSON {:.1f} KiB on average; log {:.1f} MiB\n\n", n,
               work.size(), bytes / 1024.0 / n, fs::file_size(log_path) / 1048576.0);
    fmt::print("| step | µs per decision | ratio to evaluate + JSON |\n|---|---:|---:|\n");
    auto row = [&](const char* what, double s) {
        fmt::print("| {} | {:.0f} | {:.1f} |\n", what, s * 1e6 / n, s / evaluate);
    };
    row("evaluate + decision JSON (baseline)", evaluate);
    row("evaluate + record (one durable commit each)", record);
    row("verify", verify);
    row("replay", replay);
    row("export", export_time);
    row("import", import_time);
    fs::remove_all(dir);
}
