// SPDX-License-Identifier: Apache-2.0
// Peak memory of compiling a rule file, per byte of source: the 2013 ECEI file grown N
// times (bench::scaled_rules, as the compile-time benchmark grows it), one size per
// process so each peak is its own. Prints one JSON object:
//   {"times": N, "reading": "everything", "source_bytes": B, "peak_before_kib": K0, "peak_after_kib": K1, "ok": true}
//
//   hallmark_bench_compile_memory N [decisions]
//
// `decisions` compiles as the commands that only decide do (compile_options::read_tests
// off: tests and fixtures matched for syntax, not kept); without it, as `check` does.
#include "bench/workload.hpp"

#include <hallmark/rule_set.hpp>

#include <fmt/format.h>

#include <sys/resource.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string_view>

namespace {

long peak_kib()
{
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return u.ru_maxrss;
}

std::string grown(int times)
{
    std::ifstream in(HALLMARK_SOURCE_DIR "/rules/ecei/2013.rules", std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    const auto base = s.str();
    const auto per_copy = bench::scaled_rules(base, 2).size() - base.size();
    const int copies = 1 + static_cast<int>(((times - 1) * base.size() + per_copy - 1) / per_copy);
    return bench::scaled_rules(base, copies);
}

}  // namespace

int main(int argc, char** argv)
{
    const int times = argc > 1 ? std::atoi(argv[1]) : 100;
    const bool decisions = argc > 2 && std::string_view(argv[2]) == "decisions";
    if (times < 1 || (argc > 2 && !decisions)) return 2;
    hallmark::compile_options options;
    options.read_tests = !decisions;
    const auto text = grown(times);
    // The text is in memory (and was built through copies) before the peak is read, so
    // what compiling adds is after minus before.
    const long before = peak_kib();
    const bool ok = hallmark::compile_string(text, "scaled.rules", options).ok();
    const long after = peak_kib();
    fmt::print("{{\"times\": {}, \"reading\": \"{}\", \"source_bytes\": {}, \"peak_before_kib\": {}, "
               "\"peak_after_kib\": {}, \"ok\": {}}}\n",
               times, decisions ? "decisions" : "everything", text.size(), before, after, ok);
    return ok ? 0 : 1;
}
