// SPDX-License-Identifier: Apache-2.0
// hallmark's benchmarks (Google Benchmark). Every figure is meant to be read as a ratio
// against another measured in the same run; bench/report.py turns the JSON output into
// BENCHMARKS.md. Timing lives here only: no test depends on it.
//
//   build/bench/hallmark_bench [--records=1000] [Google Benchmark flags]
//   bench/run.sh                builds, runs everything, regenerates BENCHMARKS.md
#include "bench/batch.hpp"
#include "bench/ecei_bench.hpp"
#include "bench/fixture.hpp"
#include "engine/api/rule_set_access.hpp"

#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>

namespace {

using bench::the_fixture;

std::size_t record_count = 1000;
std::size_t ecei_portfolio = 10'000, ecei_perturbed = 10'000;

// Runs `each(i)` over every synthetic record per iteration; reports per record.
template <class F>
void over_records(benchmark::State& state, F each)
{
    const std::size_t n = the_fixture(record_count).synthetic.records.size();
    for (auto _ : state)
        for (std::size_t i = 0; i < n; ++i) benchmark::DoNotOptimize(each(i));
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * n));
    state.counters["records"] = static_cast<double>(n);
}

void register_synthetic()
{
    const auto& f = the_fixture(record_count);
    const auto& s = f.synthetic;
    const auto& program = hallmark::engine::program_of(*s.rules);
    benchmark::RegisterBenchmark("synthetic/hand_loop", [&](benchmark::State& st) {
        over_records(st, [&](std::size_t i) { return bench::hand_written_label(s.records[i]); });
    });
    benchmark::RegisterBenchmark("synthetic/hallmark/label/engine_format", [&](benchmark::State& st) {
        over_records(st, [&](std::size_t i) { return hallmark::engine::plan_label(program.fast, s.slots[i]); });
    });
    benchmark::RegisterBenchmark("synthetic/hallmark/label/bound", [&](benchmark::State& st) {
        over_records(st, [&](std::size_t i) { return hallmark::engine::decide_label(program, s.bound[i]); });
    });
    benchmark::RegisterBenchmark("synthetic/hallmark/label/tree", [&](benchmark::State& st) {
        over_records(st, [&](std::size_t i) { return hallmark::engine::decide_label_by_tree(program, s.bound[i]); });
    });
    benchmark::RegisterBenchmark("synthetic/hallmark/label/converting", [&](benchmark::State& st) {
        bench::record_setter setter(*s.rules);
        over_records(st, [&](std::size_t i) { return s.rules->label_of(setter.set(s.records[i])).has_value(); });
    });
    benchmark::RegisterBenchmark("synthetic/hallmark/label/from_assessment", [&](benchmark::State& st) {
        over_records(st, [&](std::size_t i) { return s.rules->label_of(bench::assessment_of(s.records[i])).ok(); });
    });
    benchmark::RegisterBenchmark("synthetic/hallmark/label/from_json", [&](benchmark::State& st) {
        over_records(st, [&](std::size_t i) {
            auto a = hallmark::read_assessment(s.json[i], "record");
            return s.rules->label_of(a.value()).ok();
        });
    });
    benchmark::RegisterBenchmark("synthetic/hallmark/explained/bound", [&](benchmark::State& st) {
        over_records(st, [&](std::size_t i) {
            return hallmark::engine::decide(program, s.bound[i], s.assessments[i]).criteria.size();
        });
    });
    benchmark::RegisterBenchmark("synthetic/hallmark/explained/json_in_json_out", [&](benchmark::State& st) {
        over_records(st, [&](std::size_t i) {
            auto a = hallmark::read_assessment(s.json[i], "record");
            auto d = s.rules->evaluate(a.value());
            return hallmark::to_json_line(d.value()).size();
        });
    });
}

void register_peers()
{
    const auto& f = the_fixture(record_count);
    for (const auto& p : f.peers) {
        const std::string name = p.engine->name();
        bench::peer* engine = p.engine.get();
        const auto& records = f.synthetic.records;
        if (p.has_loaded)
            benchmark::RegisterBenchmark(
                ("synthetic/peer/" + name + "/loaded").c_str(), [engine](benchmark::State& st) {
                    over_records(st, [engine](std::size_t i) { return engine->label_loaded(i); });
                });
        if (p.has_converting)
            benchmark::RegisterBenchmark(
                ("synthetic/peer/" + name + "/converting").c_str(), [engine, &records](benchmark::State& st) {
                    over_records(st, [&](std::size_t i) { return engine->label_converting(records[i]); });
                });
    }
}

void register_ecei()
{
    for (const auto& e : the_fixture(record_count).ecei) {
        const auto& program = hallmark::engine::program_of(*e.rules);
        auto per_input = [&e](benchmark::State& st, auto each) {
            for (auto _ : st)
                for (std::size_t i = 0; i < e.bound.size(); ++i) benchmark::DoNotOptimize(each(i));
            st.SetItemsProcessed(static_cast<std::int64_t>(st.iterations() * e.bound.size()));
            st.counters["records"] = static_cast<double>(e.bound.size());
        };
        benchmark::RegisterBenchmark(("ecei/" + e.file + "/label").c_str(), [&, per_input](benchmark::State& st) {
            per_input(st, [&](std::size_t i) { return hallmark::engine::decide_label(program, e.bound[i]); });
        });
        benchmark::RegisterBenchmark(("ecei/" + e.file + "/explained").c_str(), [&, per_input](benchmark::State& st) {
            per_input(st, [&](std::size_t i) {
                return hallmark::engine::decide(program, e.bound[i], e.assessments[i]).criteria.size();
            });
        });
    }
}

std::string read_file(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

void register_compile()
{
    const std::string root = HALLMARK_SOURCE_DIR;
    for (const auto& e : the_fixture(record_count).ecei) {
        const std::string path = root + "/" + e.file;
        const double bytes = static_cast<double>(read_file(path).size());
        benchmark::RegisterBenchmark(("compile/" + e.file).c_str(), [path, bytes](benchmark::State& st) {
            for (auto _ : st) benchmark::DoNotOptimize(hallmark::compile_file(path).ok());
            st.counters["bytes"] = bytes;
        });
    }
    // The 2013 file grown 10 and 100 times (bench::scaled_rules): cost per byte should stay flat.
    const std::string base = read_file(root + "/rules/ecei/2013.rules");
    const auto per_copy = bench::scaled_rules(base, 2).size() - base.size();
    for (int times : {1, 10, 100}) {
        const int copies = 1 + static_cast<int>(((times - 1) * base.size() + per_copy - 1) / per_copy);
        auto text = std::make_shared<std::string>(bench::scaled_rules(base, copies));
        benchmark::RegisterBenchmark(fmt::format("compile/ecei-2013-x{}", times).c_str(), [text](benchmark::State& st) {
            for (auto _ : st) benchmark::DoNotOptimize(hallmark::compile_string(*text, "scaled.rules").ok());
            st.counters["bytes"] = static_cast<double>(text->size());
        });
    }
}

// --records=N, --batch_records=N, --no_batch and --ecei_portfolio=N, --ecei_perturbed=N
// (the generated part of the ECEI 2020 corpus) are ours; the rest goes to Google Benchmark.
void take_own_flags(int& argc, char** argv, bool& batch, std::size_t& batch_records)
{
    int kept = 1;
    for (int i = 1; i < argc; ++i) {
        if (std::strncmp(argv[i], "--records=", 10) == 0) record_count = std::stoul(argv[i] + 10);
        else if (std::strncmp(argv[i], "--batch_records=", 16) == 0) batch_records = std::stoul(argv[i] + 16);
        else if (std::strncmp(argv[i], "--ecei_portfolio=", 17) == 0) ecei_portfolio = std::stoul(argv[i] + 17);
        else if (std::strncmp(argv[i], "--ecei_perturbed=", 17) == 0) ecei_perturbed = std::stoul(argv[i] + 17);
        else if (std::strcmp(argv[i], "--no_batch") == 0) batch = false;
        else argv[kept++] = argv[i];
    }
    argc = kept;
}

}  // namespace

int main(int argc, char** argv)
{
    bool batch = true;
    std::size_t batch_records = 1'000'000;
    take_own_flags(argc, argv, batch, batch_records);
    try {
        const auto& f = the_fixture(record_count);
        std::cerr << fmt::format("every engine agrees on all {} records\n", f.synthetic.records.size());
        for (const auto& p : f.peers) benchmark::AddCustomContext("peer: " + p.engine->name(), "in this run");
        for (const auto& why : f.missing_peers) benchmark::AddCustomContext("peer missing", why);
        register_synthetic();
        register_peers();
        register_ecei();
        register_compile();
        if (batch) bench::register_batch(batch_records);
        // Built here, before any timing: it checks that every path agrees on every input.
        static const auto ecei = bench::ecei::build(ecei_portfolio, ecei_perturbed, false);
        std::cerr << fmt::format("ECEI 2020: {} paths agree on all {} inputs ({})\n", 5 + ecei.lua.size(),
                                 ecei.lines.size(), bench::ecei::label_counts(ecei));
        for (const auto& why : ecei.missing_lua) benchmark::AddCustomContext("ecei2020 engine missing", why);
        bench::register_ecei2020(ecei, batch);
    } catch (const std::exception& e) {
        std::cerr << "error: " << e.what() << "\n";
        return 1;
    }
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 2;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
