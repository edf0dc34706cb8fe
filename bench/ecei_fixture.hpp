// SPDX-License-Identifier: Apache-2.0
#pragma once
// The ECEI 2020 corpus in every path's own format, built once before anything is timed,
// and the check that every path gives the same label for every input: hallmark's
// label-only decision (plan or tree, as it chooses), its tree evaluator, its full
// decision, its public `label_of`, the hand-written C++ decision, and the same rules in
// Lua on Lua 5.4 and on LuaJIT (with its compiler and without). The check also runs as
// the test bench.ecei_agree.
#include "bench/ecei_corpus.hpp"
#include "bench/ecei_native.hpp"
#include "bench/peers/ecei_lua.hpp"

#include "engine/run/bind.hpp"
#include "engine/run/decide.hpp"

#include <hallmark/hallmark.hpp>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace bench::ecei {

/// How much of ECEI 2020 the flat plan takes (`plan::coverage`, engine/program/plan.hpp),
/// and how many decisions of the corpus it makes (`engine::decided_on_plan`).
struct plan_coverage {
    bool complete = false;
    std::size_t criteria_tested = 0, criteria = 0;
    std::size_t label_parts_taken = 0, label_parts = 0;
    std::size_t decisions_on_plan = 0, decisions = 0;
    std::vector<std::string> untested;  // what the plan does not take, and why
};

struct fixture {
    std::optional<hallmark::rule_set> rules;  // rules/ecei/2020.rules
    std::vector<corpus_line> lines;
    std::vector<hallmark::assessment> assessments;
    std::vector<hallmark::engine::bound_input> bound;
    std::vector<record> records;  // the hand-written decision's format
    std::vector<int> labels;      // the agreed labels: 3 gold .. 0 none
    std::vector<std::unique_ptr<ecei_lua_engine>> lua;
    std::vector<std::string> missing_lua;  // "LuaJIT not installed: ..."
    plan_coverage plan;
};

/// Builds the corpus (corpus(portfolio, perturbed)), every path's format, and checks
/// that every path agrees on every input. Throws std::runtime_error naming each input
/// and path that disagreed, or an input that does not read or bind. Without
/// `require_lua`, a Lua engine that is not installed is left out (named in
/// `missing_lua`); with it, that is an error too.
fixture build(std::size_t portfolio, std::size_t perturbed, bool require_lua);

/// A label's index in the 2020 rules (-1: none) as a code: 3 gold .. 0 none.
int code_of(int label_index);

/// Counts of each label among the agreed labels, "gold 1,234, silver ..., none ...".
std::string label_counts(const fixture& f);

}  // namespace bench::ecei
