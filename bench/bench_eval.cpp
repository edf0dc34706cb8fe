// Benchmarks on the synthetic-40/30 workload (shared/brief/performance.md), reported as
// ratios against the hand-written loop measured in the same run. Timing lives here
// only: tests never depend on it.
//
//   build/bench/hallmark_bench [records=1000] [rounds=15]
#include "bench/workload.hpp"

#include "engine/bind.hpp"
#include "engine/decide.hpp"

#include <hallmark/hallmark.hpp>

#include <fmt/format.h>

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <functional>
#include <sstream>
#include <stdexcept>

namespace {

using clock_type = std::chrono::steady_clock;

// The fastest of `rounds` runs of `body`, in nanoseconds per item.
double time_per_item(std::size_t items, int rounds, const std::function<void()>& body)
{
    double best = 1e300;
    for (int r = 0; r < rounds; ++r) {
        const auto start = clock_type::now();
        body();
        const std::chrono::duration<double, std::nano> took = clock_type::now() - start;
        best = std::min(best, took.count() / static_cast<double>(items));
    }
    return best;
}

volatile int sink;

const hallmark::engine::bound_input&
bound(const std::variant<hallmark::engine::bound_input, std::vector<hallmark::diagnostic>>& b)
{
    if (auto* problems = std::get_if<std::vector<hallmark::diagnostic>>(&b))
        throw std::runtime_error(hallmark::render_all(*problems));
    return std::get<hallmark::engine::bound_input>(b);
}

std::string bigger_rules(int copies)
{
    // The workload's criteria repeated under new names: cost should grow linearly.
    std::string base = bench::rules_text();
    const auto labels = base.find("label gold");
    std::string head = base.substr(0, base.find("\ncriterion K1"));
    std::string criteria = base.substr(base.find("\ncriterion K1"), labels - base.find("\ncriterion K1"));
    std::string out = head;
    for (int c = 0; c < copies; ++c) {
        std::string copy = criteria;
        for (const char* prefix : {"criterion K", "criterion N", "criterion B", "criterion E"}) {
            std::string from = prefix, to = std::string(prefix) + "x" + std::to_string(c) + "_";
            for (std::size_t at = copy.find(from); at != std::string::npos; at = copy.find(from, at + to.size()))
                copy.replace(at, from.size(), to);
        }
        out += copy;
    }
    return out + "\n" + base.substr(labels);
}

// Peak memory of compiling `text`, in KiB: measured in a child process, so that each
// size starts from the same empty heap.
long compile_peak_kib(const std::string& text)
{
    int out[2];
    if (pipe(out) != 0) return -1;
    const pid_t child = fork();
    if (child == 0) {
        const bool ok = hallmark::compile_string(text, "scaled.rules").rules.has_value();
        rusage usage{};
        getrusage(RUSAGE_SELF, &usage);
        const long kib = ok ? usage.ru_maxrss : -1;
        (void)!write(out[1], &kib, sizeof kib);
        _exit(0);
    }
    long kib = -1;
    (void)!read(out[0], &kib, sizeof kib);
    waitpid(child, nullptr, 0);
    close(out[0]);
    close(out[1]);
    return kib;
}

// The shipped ECEI 2013 file grown 10 and 100 times in size (bench::scaled_rules): time
// and peak memory per KiB of source should stay flat.
void ecei_compile_scaling()
{
    std::ifstream in(std::string(HALLMARK_SOURCE_DIR) + "/rules/ecei/2013.rules", std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    const std::string base = ss.str();
    const auto per_copy = bench::scaled_rules(base, 2).size() - base.size();
    const long empty_kib = compile_peak_kib("methodology \"E\" version \"1\"\n");
    fmt::print("\n| compile ECEI 2013, grown | bytes | ms | µs per KiB | peak memory above an empty file, KiB | "
               "KiB per KiB of source |\n|---|---:|---:|---:|---:|---:|\n");
    for (int times : {1, 10, 100}) {
        const int copies = 1 + static_cast<int>(((times - 1) * base.size() + per_copy - 1) / per_copy);
        const auto text = bench::scaled_rules(base, copies);
        const double ns = time_per_item(
            1, times == 100 ? 2 : 5, [&] { sink = hallmark::compile_string(text, "scaled.rules").rules.has_value(); });
        const long kib = compile_peak_kib(text) - empty_kib;
        const double source_kib = static_cast<double>(text.size()) / 1024.0;
        fmt::print("| {}x the file | {} | {:.1f} | {:.1f} | {} | {:.1f} |\n", times, text.size(), ns / 1e6,
                   ns / 1000 / source_kib, kib, static_cast<double>(kib) / source_kib);
    }
}

}  // namespace

int main(int argc, char** argv)
{
    const std::size_t count = argc > 1 ? std::stoul(argv[1]) : 1000;
    const int rounds = argc > 2 ? std::stoi(argv[2]) : 15;
    const auto records = bench::generate(count);
    auto compiled = hallmark::compile_string(bench::rules_text(), "synthetic-40-30.rules");
    if (!compiled.rules) {
        fmt::print(stderr, "{}", compiled.render());
        return 1;
    }
    const auto& rules = *compiled.rules;
    const auto& program = rules.program();

    std::vector<std::string> json;
    std::vector<hallmark::assessment> assessments;
    std::vector<hallmark::engine::bound_input> inputs;
    for (const auto& r : records) {
        json.push_back(bench::to_json(r));
        assessments.push_back(std::get<hallmark::assessment>(hallmark::read_assessment(json.back(), "record")));
    }
    for (const auto& a : assessments) inputs.push_back(bound(hallmark::engine::bind(program, a)));

    // Every engine must agree before anything is timed.
    const int label_code[] = {3, 2, 1};
    std::size_t agree = 0;
    for (std::size_t i = 0; i < count; ++i) {
        const int l = hallmark::engine::decide_label(program, inputs[i]);
        agree += (l < 0 ? 0 : label_code[l]) == bench::hand_written_label(records[i]);
    }
    if (agree != count) {
        fmt::print(stderr, "engines disagree on {} of {} records\n", count - agree, count);
        return 1;
    }

    const double hand = time_per_item(count, rounds, [&] {
        for (const auto& r : records) sink = bench::hand_written_label(r);
    });
    const double label_only = time_per_item(count, rounds, [&] {
        for (const auto& in : inputs) sink = hallmark::engine::decide_label(program, in);
    });
    const double explained = time_per_item(count, rounds, [&] {
        for (std::size_t i = 0; i < count; ++i)
            sink = static_cast<int>(hallmark::engine::decide(program, inputs[i], assessments[i]).criteria.size());
    });
    const double from_json = time_per_item(count, rounds, [&] {
        for (const auto& j : json) {
            auto a = std::get<hallmark::assessment>(hallmark::read_assessment(j, "record"));
            sink = hallmark::engine::decide_label(program, bound(hallmark::engine::bind(program, a)));
        }
    });
    const double json_out = time_per_item(count, rounds, [&] {
        for (const auto& j : json) {
            auto a = std::get<hallmark::assessment>(hallmark::read_assessment(j, "record"));
            sink = static_cast<int>(hallmark::to_json(std::get<hallmark::decision>(rules.evaluate(a))).size());
        }
    });
    fmt::print("synthetic-40/30, {} records, best of {} rounds\n\n", count, rounds);
    fmt::print("| measurement | ns per record | ratio to hand-written |\n|---|---:|---:|\n");
    auto row = [&](const char* what, double ns) { fmt::print("| {} | {:.0f} | {:.1f} |\n", what, ns, ns / hand); };
    row("hand-written C++ loop (the limit)", hand);
    row("hallmark, values bound, label only", label_only);
    row("hallmark, values bound, full explanation", explained);
    row("hallmark, from JSON text, label only", from_json);
    row("hallmark, JSON in, decision JSON out", json_out);

    const std::string small = bench::rules_text(), big = bigger_rules(100);
    const double compile_small =
        time_per_item(1, 5, [&] { sink = hallmark::compile_string(small, "s.rules").rules.has_value(); });
    const double compile_big =
        time_per_item(1, 3, [&] { sink = hallmark::compile_string(big, "b.rules").rules.has_value(); });
    fmt::print("\n| compile (parse + check + compile) | bytes | µs | µs per KiB |\n|---|---:|---:|---:|\n");
    fmt::print("| workload rules | {} | {:.0f} | {:.1f} |\n", small.size(), compile_small / 1000,
               compile_small / 1000 / (small.size() / 1024.0));
    fmt::print("| 100x the criteria | {} | {:.0f} | {:.1f} |\n", big.size(), compile_big / 1000,
               compile_big / 1000 / (big.size() / 1024.0));
    ecei_compile_scaling();
    return 0;
}
