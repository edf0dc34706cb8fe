// SPDX-License-Identifier: Apache-2.0
// The assessment a test describes, from its fixture or assessment file and its own values.
#include "engine/api/test_runner.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

namespace hallmark::engine {
namespace {

// A test literal, spelt as the JSON input would spell it, so tests and real
// assessments go through the same checks.
raw_value raw_of(const ast::literal& l, std::string& problem)
{
    raw_value r;
    if (l.missing) return r;
    const ast::expr* e = &l.value;
    bool negative = false;
    if (e->kind == ast::expr_kind::negate) {
        negative = true;
        e = &e->args[0];
    }
    switch (e->kind) {
    case ast::expr_kind::number: {
        r.type = raw_value::kind::number;
        const decimal d = e->flag ? e->number * decimal::from_int(100) : e->number;
        r.text = (negative ? -d : d).to_string();
        break;
    }
    case ast::expr_kind::string:
        r.type = raw_value::kind::string;
        r.text = e->text;
        break;
    case ast::expr_kind::date:
        r.type = raw_value::kind::string;
        r.text = e->date_value.to_string();
        break;
    case ast::expr_kind::boolean:
        r.type = raw_value::kind::boolean;
        r.boolean = e->flag;
        break;
    case ast::expr_kind::set:
        r.type = raw_value::kind::array;
        for (const auto& item : e->args) {
            if (item.kind == ast::expr_kind::string) r.items.push_back(item.text);
            else if (item.kind == ast::expr_kind::name) r.items.push_back(item.text);
            else problem = "a set in a test holds strings or criterion names";
        }
        break;
    default: problem = "a test value must be a literal"; break;
    }
    return r;
}

// An assessment file named by `from "FILE"`: relative to the rule file the test is in.
bool read_file_base(const program& p, const ast::test_decl& t, assessment& a, std::vector<std::string>& failures)
{
    namespace fs = std::filesystem;
    const fs::path rules = t.pos.file < p.files.size() ? fs::path(p.files[t.pos.file].path) : fs::path();
    const fs::path file = fs::path(t.from).is_absolute() ? fs::path(t.from) : rules.parent_path() / t.from;
    auto r = read_assessment_file(file.string());
    if (!r.ok()) {
        for (const auto& d : r.diagnostics()) failures.push_back(fmt::format("from \"{}\": {}", t.from, d.message));
        return false;
    }
    a = std::move(r.value());
    return true;
}

void apply_own(const ast::test_decl& t, assessment& a, std::vector<std::string>& failures)
{
    if (t.assessed_on) a.assessed_on = *t.assessed_on;
    for (const auto& h : t.history) a.history.push_back({h.label, h.assessed_on, h.valid_until});
    for (const auto& g : t.givens) {
        std::string problem;
        auto raw = raw_of(g.value, problem);
        if (!problem.empty()) failures.push_back(fmt::format("given {}: {}", g.indicator, problem));
        auto it = std::find_if(a.indicators.begin(), a.indicators.end(),
                               [&](const auto& v) { return v.first == g.indicator; });
        if (it != a.indicators.end()) it->second = std::move(raw);
        else a.indicators.emplace_back(g.indicator, std::move(raw));
    }
}

// `depth` stops a cycle of `from` in a base's fixtures (the compiler refuses one in the
// top file's).
bool apply_base(const program& p, const ast::test_decl& t, assessment& a, std::vector<std::string>& failures,
                std::size_t depth)
{
    if (t.from.empty()) return true;
    if (t.from_file) return read_file_base(p, t, a, failures);
    const auto f =
        std::find_if(p.fixtures.begin(), p.fixtures.end(), [&](const ast::test_decl& x) { return x.name == t.from; });
    if (f == p.fixtures.end() || depth > p.fixtures.size()) {
        failures.push_back(fmt::format("there is no fixture '{}' to start from", t.from));
        return false;
    }
    if (!apply_base(p, *f, a, failures, depth + 1)) return false;
    apply_own(*f, a, failures);
    return true;
}

}  // namespace

assessment test_assessment(const program& p, const ast::test_decl& t, std::vector<std::string>& failures)
{
    assessment a;
    apply_base(p, t, a, failures, 0);
    apply_own(t, a, failures);
    a.source = fmt::format("test \"{}\"", t.name);
    a.canonical.clear();  // the values are no longer those of a document
    std::stable_sort(a.indicators.begin(), a.indicators.end(),
                     [](const auto& x, const auto& y) { return x.first < y.first; });
    return a;
}

}  // namespace hallmark::engine
