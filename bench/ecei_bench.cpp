// SPDX-License-Identifier: Apache-2.0
// The ECEI 2020 benchmarks of issue 18: the real rules on the ECEI corpus, hallmark
// beside the hand-written C++ decision and the same rules in Lua, reading the corpus with
// simdjson beside `hallmark batch`, and `hallmark eval` as a process. Every path agreed on
// every input before these are registered (bench/ecei_fixture.cpp).
#include "bench/ecei_bench.hpp"

#include "bench/batch.hpp"
#include "engine/api/rule_set_access.hpp"
#include "engine/run/bind_scanned.hpp"
#include "engine/run/decision_json.hpp"

#include <hallmark/corpus.hpp>

#include <fmt/format.h>
#include <simdjson.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <streambuf>

namespace bench {
namespace {

using wall = std::chrono::steady_clock;

// Runs `each(i)` over every input of the corpus per iteration; reports per input.
template <class F>
void over_inputs(benchmark::State& state, std::size_t n, F each)
{
    for (auto _ : state)
        for (std::size_t i = 0; i < n; ++i) benchmark::DoNotOptimize(each(i));
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * n));
    state.counters["records"] = static_cast<double>(n);
}

void register_decisions(const ecei::fixture& f)
{
    const auto& p = hallmark::engine::program_of(*f.rules);
    const std::size_t n = f.lines.size();
    benchmark::RegisterBenchmark("ecei2020/hand_written", [&f, n](benchmark::State& st) {
        over_inputs(st, n, [&](std::size_t i) { return ecei::decide(f.records[i]); });
    });
    benchmark::RegisterBenchmark("ecei2020/hallmark/label/bound", [&f, &p, n](benchmark::State& st) {
        over_inputs(st, n, [&](std::size_t i) { return hallmark::engine::decide_label(p, f.bound[i]); });
    });
    benchmark::RegisterBenchmark("ecei2020/hallmark/label/tree", [&f, &p, n](benchmark::State& st) {
        over_inputs(st, n, [&](std::size_t i) { return hallmark::engine::decide_label_by_tree(p, f.bound[i]); });
    });
    benchmark::RegisterBenchmark("ecei2020/hallmark/explained/bound", [&f, &p, n](benchmark::State& st) {
        over_inputs(st, n, [&](std::size_t i) {
            return hallmark::engine::decide(p, f.bound[i], f.assessments[i]).criteria.size();
        });
    });
    // The explanation as indexes (every criterion and label evaluated, nothing written),
    // then written as a decision line into a reused buffer: what `hallmark batch` does
    // per record after reading it.
    benchmark::RegisterBenchmark("ecei2020/hallmark/explained/indexes", [&f, &p, n](benchmark::State& st) {
        hallmark::engine::explanation e;
        over_inputs(st, n, [&](std::size_t i) {
            hallmark::engine::evaluator ev(p, &f.bound[i]);
            hallmark::engine::explain(p, f.bound[i], ev, e);
            return e.awarded;
        });
    });
    benchmark::RegisterBenchmark("ecei2020/hallmark/explained/json_line", [&f, &p, n](benchmark::State& st) {
        hallmark::engine::explanation e;
        std::string out;
        over_inputs(st, n, [&](std::size_t i) {
            hallmark::engine::evaluator ev(p, &f.bound[i]);
            hallmark::engine::explain(p, f.bound[i], ev, e);
            out.clear();
            hallmark::engine::append_decision(p, f.bound[i], f.assessments[i], ev, e, out);
            return out.size();
        });
    });
    benchmark::RegisterBenchmark("ecei2020/hallmark/explained/json_in_json_line", [&f, n](benchmark::State& st) {
        std::string out;
        over_inputs(st, n, [&](std::size_t i) {
            auto a = hallmark::read_assessment(f.lines[i].json, "record");
            out.clear();
            return hallmark::append_json_line(*f.rules, a.value(), out).ok();
        });
    });
    benchmark::RegisterBenchmark("ecei2020/hallmark/explained/json_in_json_out", [&f, n](benchmark::State& st) {
        over_inputs(st, n, [&](std::size_t i) {
            auto a = hallmark::read_assessment(f.lines[i].json, "record");
            return hallmark::to_json_line(f.rules->evaluate(a.value()).value()).size();
        });
    });
    for (const auto& engine : f.lua) {
        ecei_lua_engine* e = engine.get();
        benchmark::RegisterBenchmark(("ecei2020/peer/" + e->name() + "/loaded").c_str(), [e, n](benchmark::State& st) {
            over_inputs(st, n, [e](std::size_t i) { return e->label_loaded(i); });
        });
    }
}

// Visits a value and everything in it; numbers stay text (as exact decimals need).
// Counts the values, so that nothing can be skipped.
std::size_t visit(simdjson::ondemand::value v)
{
    using type = simdjson::ondemand::json_type;
    switch (v.type().value()) {
    case type::object: {
        std::size_t n = 1;
        for (auto member : v.get_object()) {
            benchmark::DoNotOptimize(member.unescaped_key().value());
            n += visit(member.value());
        }
        return n;
    }
    case type::array: {
        std::size_t n = 1;
        for (auto item : v.get_array()) n += visit(item.value());
        return n;
    }
    // Each scalar is read (a string unescaped, a boolean or null checked); .value()
    // throws on malformed input, so a parse error cannot pass for a value.
    case type::number: benchmark::DoNotOptimize(v.raw_json_token()); break;
    case type::string: benchmark::DoNotOptimize(v.get_string().value()); break;
    case type::boolean: benchmark::DoNotOptimize(v.get_bool().value()); break;
    case type::null: benchmark::DoNotOptimize(v.is_null().value()); break;
    }
    return 1;
}

// simdjson On-Demand over the whole JSONL file (iterate_many), every value visited.
void simdjson_parse(benchmark::State& st, const std::string& path, std::size_t records)
{
    simdjson::padded_string text;
    if (simdjson::padded_string::load(path).get(text)) {
        st.SkipWithError("simdjson cannot load the corpus");
        return;
    }
    simdjson::ondemand::parser parser;
    std::size_t documents = 0, values = 0;
    for (auto _ : st) {
        documents = values = 0;
        simdjson::ondemand::document_stream stream;
        if (parser.iterate_many(text).get(stream)) {
            st.SkipWithError("simdjson cannot read the corpus");
            return;
        }
        for (auto doc : stream) {
            values += visit(doc.get_value().value());
            ++documents;
        }
    }
    if (documents != records)
        st.SkipWithError(fmt::format("simdjson read {} documents of {}", documents, records).c_str());
    st.counters["records"] = static_cast<double>(documents);
    st.counters["values"] = static_cast<double>(values);
    st.SetItemsProcessed(static_cast<std::int64_t>(st.iterations() * documents));
}

// A stream over text held elsewhere, so that reading it does not first copy it.
struct text_buffer : std::streambuf {
    explicit text_buffer(const std::string& text)
    {
        char* begin = const_cast<char*>(text.data());  // read only: an istream never writes back
        setg(begin, begin, begin + text.size());
    }
};

// What `hallmark batch` does for a record before deciding it: the line split off the
// corpus (here in memory), read and its values bound, by one reused reader and binder.
void read_and_bind(benchmark::State& st, const std::string& path, const hallmark::engine::program& p,
                   std::size_t records)
{
    std::ostringstream whole;
    whole << std::ifstream(path, std::ios::binary).rdbuf();
    const std::string text = whole.str();
    hallmark::engine::record_binder binder;
    std::size_t bound = 0;
    for (auto _ : st) {
        text_buffer buffer(text);
        std::istream in(&buffer);
        hallmark::corpus_reader reader(in, path, false, {});
        hallmark::corpus_reader::record r;
        bound = 0;
        while (reader.next(r)) bound += binder.read(r.text) && binder.bind(p);
    }
    if (bound != records) st.SkipWithError(fmt::format("{} of {} records bound", bound, records).c_str());
    st.counters["records"] = static_cast<double>(bound);
    st.SetItemsProcessed(static_cast<std::int64_t>(st.iterations() * bound));
}

void batch_ecei(benchmark::State& st, const std::string& path, std::size_t records)
{
    for (auto _ : st) {
        const auto r = run_child(
            {HALLMARK_CLI, "batch", "--rules", HALLMARK_SOURCE_DIR "/rules/ecei/2020.rules", path, "--jobs", "1"});
        if (r.status != 0) {
            st.SkipWithError(fmt::format("hallmark batch exited with status {}", r.status).c_str());
            return;
        }
        st.SetIterationTime(r.seconds);
        st.counters["peak_rss_mib"] = static_cast<double>(r.peak_kib) / 1024.0;
    }
    st.counters["records"] = static_cast<double>(records);
    st.SetItemsProcessed(static_cast<std::int64_t>(st.iterations() * records));
}

std::string write_corpus(const ecei::fixture& f)
{
    std::filesystem::create_directories(data_dir());
    const std::string path = fmt::format("{}/ecei2020-{}.jsonl", data_dir(), f.lines.size());
    std::ofstream out(path, std::ios::binary);
    for (const auto& line : f.lines) out << line.json << "\n";
    if (!out.flush()) throw std::runtime_error("cannot write " + path);
    return path;
}

void register_reading(const ecei::fixture& f, bool batch)
{
    const std::string path = write_corpus(f);
    const std::size_t n = f.lines.size();
    benchmark::RegisterBenchmark("ecei2020/read/simdjson_ondemand",
                                 [path, n](benchmark::State& st) { simdjson_parse(st, path, n); });
    benchmark::RegisterBenchmark("ecei2020/read/hallmark_reader",
                                 [path](benchmark::State& st) { parse_only(st, path, false); })
        ->Iterations(3)
        ->UseManualTime();
    const auto& p = hallmark::engine::program_of(*f.rules);
    benchmark::RegisterBenchmark("ecei2020/read/read_and_bind",
                                 [path, &p, n](benchmark::State& st) { read_and_bind(st, path, p, n); });
    if (!batch) return;
    benchmark::RegisterBenchmark("ecei2020/batch/jobs:1", [path, n](benchmark::State& st) { batch_ecei(st, path, n); })
        ->Iterations(1)
        ->Repetitions(3)
        ->UseManualTime()
        ->Unit(benchmark::kSecond);
}

// `hallmark eval` of one example as a process, from start to exit: wall time, and the
// child's CPU time as a counter (the wall time also counts waiting on a busy machine).
void eval_process(benchmark::State& st, const std::vector<std::string>& args)
{
    double cpu = 0;
    for (auto _ : st) {
        const auto r = run_child(args, false);
        if (r.status != 0) {
            st.SkipWithError(fmt::format("hallmark eval exited with status {}", r.status).c_str());
            return;
        }
        st.SetIterationTime(r.seconds);
        cpu += r.cpu_seconds;
    }
    st.counters["child_cpu_ms"] = 1000 * cpu / static_cast<double>(st.iterations());
}

void register_eval()
{
    const std::string example = HALLMARK_SOURCE_DIR "/examples/assessments/litek.json";
    const std::vector<std::string> by_file = {HALLMARK_CLI, "eval", "--rules",
                                              HALLMARK_SOURCE_DIR "/rules/ecei/2020.rules", example};
    const std::vector<std::string> by_dir = {
        HALLMARK_CLI, "eval", "--methodology", "ECEI", "--rules-dir", HALLMARK_SOURCE_DIR "/rules", example};
    for (const auto& [name, args] : {std::pair{"rules", by_file}, std::pair{"rules_dir", by_dir}})
        benchmark::RegisterBenchmark(fmt::format("ecei2020/eval_process/{}", name).c_str(),
                                     [args](benchmark::State& st) { eval_process(st, args); })
            ->Iterations(20)
            ->UseManualTime()
            ->Unit(benchmark::kMillisecond);
}

}  // namespace

void register_ecei2020(const ecei::fixture& f, bool batch)
{
    const auto& c = f.plan;
    benchmark::AddCustomContext("ecei2020 corpus", ecei::label_counts(f));
    benchmark::AddCustomContext(
        "ecei2020 flat plan",
        fmt::format("{} of {} decisions on the plan; plan complete: {}; criteria with a plan test: {} of {}; "
                    "label parts the plan takes: {} of {}",
                    c.decisions_on_plan, c.decisions, c.complete ? "yes" : "no", c.criteria_tested, c.criteria,
                    c.label_parts_taken, c.label_parts));
    benchmark::AddCustomContext("ecei2020 not on the plan",
                                c.untested.empty() ? "nothing" : fmt::format("{}", fmt::join(c.untested, "; ")));
    register_decisions(f);
    register_reading(f, batch);
    register_eval();
}

}  // namespace bench
