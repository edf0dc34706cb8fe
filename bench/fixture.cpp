// SPDX-License-Identifier: Apache-2.0
// Building the fixture, and the agreement check that comes before any timing.
#include "bench/fixture.hpp"
#include "engine/api/rule_set_access.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <stdexcept>

namespace bench {
namespace {

template <class T>
const T& value_or_throw(const std::variant<T, std::vector<hallmark::diagnostic>>& v, const std::string& what)
{
    if (const auto* problems = std::get_if<std::vector<hallmark::diagnostic>>(&v))
        throw std::runtime_error(what + ": " + hallmark::render_all(*problems));
    return std::get<T>(v);
}

template <class T>
const T& value_or_throw(const hallmark::result<T>& r, const std::string& what)
{
    if (!r.ok()) throw std::runtime_error(what + ": " + hallmark::render_all(r.diagnostics()));
    return r.value();
}

int index_or_throw(const hallmark::result<int>& r)
{
    if (!r.ok()) throw std::runtime_error(hallmark::render_all(r.diagnostics()));
    return r.value();
}

// The indicator names in the sorted order an assessment keeps them, each with how to
// read its value from a record.
struct field {
    std::string name;
    hallmark::raw_value (*read)(const record&, int);
    int index;
};

hallmark::raw_value raw(hallmark::raw_value::kind kind, std::string text, bool boolean = false)
{
    hallmark::raw_value v;
    v.type = kind;
    v.text = std::move(text);
    v.boolean = boolean;
    return v;
}

std::vector<field> fields()
{
    using kind = hallmark::raw_value::kind;
    std::vector<field> out;
    out.push_back(
        {"participants", [](const record& r, int) { return raw(kind::number, std::to_string(r.participants)); }, 0});
    out.push_back({"sme_share", [](const record& r, int) { return raw(kind::number, scaled(r.sme_share)); }, 0});
    for (int i = 2; i <= 23; ++i)
        out.push_back(
            {fmt::format("n{}", i), [](const record& r, int k) { return raw(kind::number, scaled(r.n[k])); }, i});
    for (int i = 24; i <= 31; ++i)
        out.push_back(
            {fmt::format("b{}", i), [](const record& r, int k) { return raw(kind::boolean, {}, r.b[k]); }, i});
    for (int i = 32; i <= 39; ++i)
        out.push_back({fmt::format("e{}", i),
                       [](const record& r, int k) { return raw(kind::string, fmt::format("c{}", r.e[k])); }, i});
    std::sort(out.begin(), out.end(), [](const field& a, const field& b) { return a.name < b.name; });
    return out;
}

void build_synthetic(synthetic_fixture& s, std::size_t count)
{
    s.records = generate(count);
    auto compiled = hallmark::compile_string(rules_text(), "bench/synthetic-40-30.rules");
    if (!compiled.ok()) throw std::runtime_error(compiled.render());
    s.rules = std::move(compiled).value();
    const auto& program = hallmark::engine::program_of(*s.rules);
    if (!program.fast.complete) throw std::runtime_error("the synthetic rules do not run on the flat plan");
    s.csv.push_back(csv_header());
    for (const auto& r : s.records) {
        s.json.push_back(to_json(r));
        s.csv.push_back(to_csv(r));
        s.assessments.push_back(value_or_throw(hallmark::read_assessment(s.json.back(), "record"), "record"));
        s.bound.push_back(value_or_throw(hallmark::engine::bind(program, s.assessments.back()), "record"));
    }
    // Copied together, as a host keeping many records in this format would hold them,
    // not scattered among the other forms of each record built above.
    s.slots.reserve(s.bound.size());
    for (const auto& b : s.bound) s.slots.push_back(b.fast);
}

void build_ecei(std::vector<ecei_fixture>& out)
{
    const std::string root = HALLMARK_SOURCE_DIR;
    std::vector<std::filesystem::path> files, inputs;
    for (const auto& f : std::filesystem::directory_iterator(root + "/rules/ecei")) files.push_back(f.path());
    for (const auto& f : std::filesystem::directory_iterator(root + "/examples/assessments"))
        if (f.path().extension() == ".json") inputs.push_back(f.path());
    std::sort(files.begin(), files.end());
    std::sort(inputs.begin(), inputs.end());
    for (const auto& file : files) {
        ecei_fixture e;
        e.file = std::filesystem::relative(file, root).string();
        auto compiled = hallmark::compile_file(file.string());
        if (!compiled.ok()) throw std::runtime_error(compiled.render());
        e.rules = std::move(compiled).value();
        for (const auto& input : inputs) {
            auto a = hallmark::read_assessment_file(input.string());
            if (!a.ok()) continue;
            auto b = hallmark::engine::bind(hallmark::engine::program_of(*e.rules), a.value());
            if (!std::holds_alternative<hallmark::engine::bound_input>(b)) continue;  // another version's input
            e.assessments.push_back(std::move(a).value());
            e.bound.push_back(std::get<hallmark::engine::bound_input>(std::move(b)));
        }
        out.push_back(std::move(e));
    }
}

void load_peers(fixture& f)
{
    using maker = std::unique_ptr<peer> (*)(std::string&);
    for (maker make : {&make_luajit_peer, &make_lua_peer, &make_muparser_peer, &make_clips_peer}) {
        std::string why;
        auto p = make(why);
        if (!p) {
            f.missing_peers.push_back(why);
            continue;
        }
        p->load(f.synthetic.records);
        loaded_peer lp{std::move(p)};
        lp.has_loaded = lp.engine->label_loaded(0) >= 0;
        lp.has_converting = lp.engine->label_converting(f.synthetic.records[0]) >= 0;
        f.peers.push_back(std::move(lp));
    }
}

// Every engine and every path gives the hand-written loop's label for every record.
void check_agreement(const fixture& f)
{
    const auto& s = f.synthetic;
    const auto& program = hallmark::engine::program_of(*s.rules);
    std::vector<std::string> problems;
    record_setter setter(*s.rules);
    for (std::size_t i = 0; i < s.records.size(); ++i) {
        const int want = hand_written_label(s.records[i]);
        auto check = [&](const std::string& who, int got) {
            if (got != want && problems.size() < 10)
                problems.push_back(fmt::format("{}: record {} gives {}, the loop {}", who, i, got, want));
        };
        check("hallmark plan", label_code(hallmark::engine::plan_label(program.fast, s.slots[i])));
        check("hallmark tree", label_code(hallmark::engine::decide_label_by_tree(program, s.bound[i])));
        const auto label = s.rules->label_of(assessment_of(s.records[i])).value();
        check("hallmark label_of(assessment)", label ? label_code(program.find_label(*label)) : 0);
        const auto typed = s.rules->label_of(setter.set(s.records[i]));
        check("hallmark label_of(typed_input)", typed ? label_code(program.find_label(*typed)) : 0);
        for (const auto& p : f.peers) {
            if (p.has_loaded) check(p.engine->name(), p.engine->label_loaded(i));
            if (p.has_converting) check(p.engine->name() + " converting", p.engine->label_converting(s.records[i]));
        }
    }
    if (!problems.empty())
        throw std::runtime_error("engines disagree:\n  " + fmt::format("{}", fmt::join(problems, "\n  ")));
}

}  // namespace

record_setter::record_setter(const hallmark::rule_set& rules) : in_(rules)
{
    participants_ = index_or_throw(in_.indicator("participants"));
    sme_share_ = index_or_throw(in_.indicator("sme_share"));
    for (int i = 2; i <= 23; ++i) n_[i] = index_or_throw(in_.indicator(fmt::format("n{}", i)));
    for (int i = 24; i <= 31; ++i) b_[i] = index_or_throw(in_.indicator(fmt::format("b{}", i)));
    for (int i = 32; i <= 39; ++i) e_[i] = index_or_throw(in_.indicator(fmt::format("e{}", i)));
    in_.set_assessed_on(*hallmark::date::parse("2026-01-15"));
}

const hallmark::typed_input& record_setter::set(const record& r)
{
    static const std::string choices[] = {"c0", "c1", "c2", "c3"};
    // Every setter checks its value; a refusal would be a bug in the workload.
    bool ok = in_.set(participants_, hallmark::decimal::from_int(r.participants)).ok();
    ok &= in_.set(sme_share_, hallmark::decimal::from_scaled(r.sme_share, 4)).ok();
    for (int i = 2; i <= 23; ++i) ok &= in_.set(n_[i], hallmark::decimal::from_scaled(r.n[i], 4)).ok();
    for (int i = 24; i <= 31; ++i) ok &= in_.set(b_[i], r.b[i]).ok();
    for (int i = 32; i <= 39; ++i) ok &= in_.set_choice(e_[i], choices[r.e[i]]).ok();
    if (!ok) throw std::runtime_error("a record's value does not fit its indicator");
    return in_;
}

int label_code(int label_index) { return label_index < 0 ? 0 : 3 - label_index; }

hallmark::assessment assessment_of(const record& r)
{
    static const std::vector<field> order = fields();
    hallmark::assessment a;
    a.source = "record";
    a.assessed_on = *hallmark::date::parse("2026-01-15");
    a.indicators.reserve(order.size());
    for (const auto& f : order) a.indicators.emplace_back(f.name, f.read(r, f.index));
    return a;
}

const fixture& the_fixture(std::size_t records)
{
    static const fixture f = [&] {
        fixture out;
        build_synthetic(out.synthetic, records);
        build_ecei(out.ecei);
        load_peers(out);
        check_agreement(out);
        return out;
    }();
    return f;
}

}  // namespace bench
