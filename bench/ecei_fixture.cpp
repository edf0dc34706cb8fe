// SPDX-License-Identifier: Apache-2.0
// Building the ECEI 2020 fixture, and the agreement check that comes before any timing.
#include "bench/ecei_fixture.hpp"

#include "engine/api/rule_set_access.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <stdexcept>

namespace bench::ecei {
namespace {

// Reads and binds every line; a line that does not is a bug in the generator.
void read_corpus(fixture& f)
{
    const auto& program = hallmark::engine::program_of(*f.rules);
    for (const auto& line : f.lines) {
        auto a = hallmark::read_assessment(line.json, line.name);
        if (!a.ok()) throw std::runtime_error(line.name + " does not read: " + hallmark::render_all(a.diagnostics()));
        auto b = hallmark::engine::bind(program, a.value());
        if (auto* problems = std::get_if<std::vector<hallmark::diagnostic>>(&b))
            throw std::runtime_error(line.name + " does not bind to ECEI 2020: " + hallmark::render_all(*problems));
        f.records.push_back(from_assessment(a.value(), line.name));
        f.assessments.push_back(std::move(a).value());
        f.bound.push_back(std::get<hallmark::engine::bound_input>(std::move(b)));
    }
}

void load_lua(fixture& f, bool require_lua)
{
    using maker = std::unique_ptr<ecei_lua_engine> (*)(std::string&);
    for (maker make : {&make_luajit_ecei, &make_luajit_interpreter_ecei, &make_lua_ecei}) {
        std::string why;
        auto engine = make(why);
        if (!engine) {
            if (require_lua) throw std::runtime_error(why);
            f.missing_lua.push_back(why);
            continue;
        }
        engine->load(f.records);
        f.lua.push_back(std::move(engine));
    }
}

// How much of the rules the flat plan takes (the compiler's own count, with each gap
// and its reason), and how many decisions of the corpus it makes.
plan_coverage coverage(const fixture& f)
{
    const auto& p = hallmark::engine::program_of(*f.rules);
    const auto& cov = p.fast.coverage;
    plan_coverage c;
    c.complete = p.fast.complete;
    c.criteria_tested = cov.criteria_on_plan;
    c.criteria = cov.criteria;
    c.label_parts_taken = cov.label_parts_on_plan;
    c.label_parts = cov.label_parts;
    for (const auto& g : cov.gaps) c.untested.push_back(g.what + ": " + g.why);
    c.decisions = f.bound.size();
    for (const auto& b : f.bound) c.decisions_on_plan += hallmark::engine::decided_on_plan(p, b);
    return c;
}

const char* label_name(int code)
{
    static constexpr const char* names[] = {"none", "bronze", "silver", "gold"};
    return code >= 0 && code <= 3 ? names[code] : "(not a label)";
}

int code_of_name(const hallmark::engine::program& p, const std::optional<std::string>& label)
{
    return label ? code_of(p.find_label(*label)) : none;
}

// Every path's label for input i, by name.
std::vector<std::pair<std::string, int>> every_path(const fixture& f, std::size_t i)
{
    const auto& p = hallmark::engine::program_of(*f.rules);
    std::vector<std::pair<std::string, int>> out;
    out.emplace_back("hand-written C++", decide(f.records[i]));
    out.emplace_back("hallmark decide_label", code_of(hallmark::engine::decide_label(p, f.bound[i])));
    out.emplace_back("hallmark tree", code_of(hallmark::engine::decide_label_by_tree(p, f.bound[i])));
    out.emplace_back("hallmark full decision",
                     code_of_name(p, hallmark::engine::decide(p, f.bound[i], f.assessments[i]).label));
    const auto public_label = f.rules->label_of(f.assessments[i]);
    out.emplace_back("hallmark label_of", public_label.ok() ? code_of_name(p, public_label.value()) : -1);
    for (const auto& engine : f.lua) out.emplace_back(engine->name(), engine->label_loaded(i));
    return out;
}

void check_agreement(fixture& f)
{
    std::vector<std::string> problems;
    std::size_t disagreeing = 0;
    for (std::size_t i = 0; i < f.lines.size(); ++i) {
        const auto labels = every_path(f, i);
        const bool same =
            std::all_of(labels.begin(), labels.end(), [&](const auto& l) { return l.second == labels.front().second; });
        f.labels.push_back(labels.front().second);
        if (same) continue;
        if (++disagreeing > 10) continue;
        std::string who;
        for (const auto& [path, label] : labels) who += fmt::format("\n    {}: {}", path, label_name(label));
        problems.push_back(fmt::format("{} ({}):{}", f.lines[i].name, f.lines[i].json.substr(0, 120), who));
    }
    if (!problems.empty())
        throw std::runtime_error(fmt::format("ECEI 2020: the paths disagree on {} of {} inputs:\n  {}", disagreeing,
                                             f.lines.size(), fmt::join(problems, "\n  ")));
}

}  // namespace

int code_of(int label_index) { return label_index < 0 ? none : 3 - label_index; }

std::string label_counts(const fixture& f)
{
    std::size_t n[4] = {};
    for (int l : f.labels) ++n[l];
    return fmt::format("gold {}, silver {}, bronze {}, none {}", n[gold], n[silver], n[bronze], n[none]);
}

fixture build(std::size_t portfolio, std::size_t perturbed, bool require_lua)
{
    fixture f;
    auto compiled = hallmark::compile_file(HALLMARK_SOURCE_DIR "/rules/ecei/2020.rules");
    if (!compiled.ok()) throw std::runtime_error(compiled.render());
    f.rules = std::move(compiled).value();
    const auto& p = hallmark::engine::program_of(*f.rules);
    if (p.labels.size() != 3 || p.find_label("gold") != 0 || p.find_label("silver") != 1 || p.find_label("bronze") != 2)
        throw std::runtime_error("rules/ecei/2020.rules: the labels are no longer gold, silver, bronze");
    f.lines = corpus(portfolio, perturbed);
    read_corpus(f);
    load_lua(f, require_lua);
    check_agreement(f);
    f.plan = coverage(f);
    return f;
}

}  // namespace bench::ecei
