// SPDX-License-Identifier: Apache-2.0
// bench.ecei_agree: the agreement check of the ECEI 2020 benchmark, without timing. Every
// path (hallmark's label-only decision, its tree, its full decision, `label_of`, the
// hand-written C++ decision, the Lua version on Lua 5.4 and on LuaJIT, compiler on and off) must give the same
// label on every input of a smaller corpus; the hand-written decision must also give
// examples/assessments/expected.txt's label for every example ECEI 2020 is in force for,
// so it is checked against something written independently of hallmark too; and every
// decision must be made on the flat plan.
//
//   ecei_agree [PORTFOLIO PERTURBED]     default 2000 2000; exit 0 all agree, 1 not
#include "bench/ecei_fixture.hpp"

#include <fmt/format.h>

#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

namespace {

// FILE -> label code, from expected.txt ("FILE LABEL VALID_UNTIL").
std::map<std::string, int> expected_labels()
{
    std::ifstream in(HALLMARK_SOURCE_DIR "/examples/assessments/expected.txt");
    std::map<std::string, int> out;
    std::string line;
    while (std::getline(in, line)) {
        std::istringstream words(line);
        std::string file, label;
        words >> file >> label;
        out["examples/assessments/" + file] = label == "gold" ? 3 : label == "silver" ? 2 : label == "bronze" ? 1 : 0;
    }
    return out;
}

// The examples assessed on or after 2020-07-01, when 2020.rules takes effect.
int check_examples(const bench::ecei::fixture& f)
{
    const auto expected = expected_labels();
    int checked = 0, wrong = 0;
    for (std::size_t i = 0; i < f.lines.size(); ++i) {
        const auto it = expected.find(f.lines[i].name);
        if (it == expected.end() || f.records[i].assessed_on < 20200701) continue;
        ++checked;
        if (f.labels[i] != it->second) {
            ++wrong;
            std::cerr << fmt::format("FAIL {}: the paths give {}, expected.txt {}\n", it->first, f.labels[i],
                                     it->second);
        }
    }
    std::cout << fmt::format("{} examples under ECEI 2020 give expected.txt's label\n", checked - wrong);
    return checked < 10 || wrong > 0 ? 1 : 0;
}

// A corpus where some label never occurs would let a wrong path agree by accident.
int check_spread(const bench::ecei::fixture& f)
{
    std::size_t n[4] = {};
    for (int l : f.labels) ++n[l];
    int failed = 0;
    for (int l = 0; l < 4; ++l)
        if (n[l] * 50 < f.labels.size()) {
            std::cerr << fmt::format("FAIL label {} on only {} of {} inputs\n", l, n[l], f.labels.size());
            failed = 1;
        }
    return failed;
}

// Issue 18: every ECEI 2020 decision on the flat plan. A rule part the plan stops taking
// would still decide right (on the tree), so only this check notices it.
int check_on_plan(const bench::ecei::fixture& f)
{
    const auto& c = f.plan;
    std::cout << fmt::format("{} of {} decisions on the flat plan; criteria {} of {}, label parts {} of {}\n",
                             c.decisions_on_plan, c.decisions, c.criteria_tested, c.criteria, c.label_parts_taken,
                             c.label_parts);
    for (const auto& gap : c.untested) std::cerr << "FAIL not on the plan: " << gap << "\n";
    return c.complete && c.decisions_on_plan == c.decisions && c.untested.empty() ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv)
{
    const std::size_t portfolio = argc > 2 ? std::stoul(argv[1]) : 2000;
    const std::size_t perturbed = argc > 2 ? std::stoul(argv[2]) : 2000;
    try {
        const auto f = bench::ecei::build(portfolio, perturbed, true);
        std::cout << fmt::format("{} paths agree on all {} inputs ({})\n", 5 + f.lua.size(), f.lines.size(),
                                 bench::ecei::label_counts(f));
        return check_examples(f) | check_spread(f) | check_on_plan(f);
    } catch (const std::exception& e) {
        std::cerr << "FAIL " << e.what() << "\n";
        return 1;
    }
}
