// SPDX-License-Identifier: Apache-2.0
// The decision written as JSON straight from the evaluation, without building the
// `decision` struct and its strings first (hallmark batch). The members, their order and
// their spelling are engine/output/decision_output.cpp's; tests/unit/decision_json_test.cpp
// checks that both give the same bytes for every example and corpus record.
//
// The line is appended as text, not through json_writer: the layout is fixed, so the
// separators are written where they belong, and the program's ids and keys come
// escaped from its decision_text (decision_json.hpp). Only input-dependent text (values,
// requirement texts, errors) is escaped here.
#include "engine/run/decision_json.hpp"
#include "engine/run/decide.hpp"
#include "engine/run/text_sink.hpp"
#include "engine/values/json_text.hpp"

#include <hallmark/hashes.hpp>

namespace hallmark::engine {
namespace {

using namespace std::string_view_literals;

// Writes one decision into `out`; `t` is the program's text.
struct line_writer {
    const program& p;
    const decision_text& t;
    text_sink& out;

    void text(std::string_view s) { out.quoted(s); }
    void number(const decimal& d) { out.quoted(d); }
    void boolean(bool b) { out += b ? "true"sv : "false"sv; }
    void error_or_null(const std::string& error)
    {
        if (error.empty()) out += "null"sv;
        else text(error);
    }
    // `[a,b,…]`, each item written by `quoted`.
    template <class Items, class Quoted>
    void list(const Items& items, Quoted quoted)
    {
        out += '[';
        bool first = true;
        for (const auto& item : items) {
            if (!std::exchange(first, false)) out += ',';
            quoted(item);
        }
        out += ']';
    }
    void texts(const std::vector<const std::string*>& items)
    {
        list(items, [&](const std::string* s) { text(*s); });
    }
    void indicator_ids(const std::vector<std::uint32_t>& items)
    {
        list(items, [&](std::uint32_t i) { out += t.indicator_id[i]; });
    }
};

// One input value, as report() (bind.cpp) describes it and decision_output.cpp writes it.
void write_value(line_writer& w, std::uint32_t i, const value& v)
{
    const auto& ind = w.p.indicators[i];
    auto& out = w.out;
    out += w.t.indicator_key[i];
    switch (v.kind) {
    case value::tag::number:
        if (ind.kind == ast::type_kind::percent) out.quoted_percent(v.number);
        else w.number(v.number);
        return;
    case value::tag::boolean: w.boolean(v.flag); return;
    case value::tag::date: w.text(v.day.to_string()); return;
    case value::tag::choice: out += w.t.choices[i][v.bits]; return;
    case value::tag::set: {
        out += '[';
        bool first = true;
        for (std::size_t c = 0; c < ind.choices.size(); ++c) {
            if (((v.bits >> c) & 1U) == 0) continue;
            if (!std::exchange(first, false)) out += ',';
            out += w.t.choices[i][c];
        }
        out += ']';
        return;
    }
    case value::tag::criterion_set:
        out += '[';
        for (std::uint32_t k = 0; k < v.count; ++k) {
            if (k > 0) out += ',';
            out += w.t.criterion_id[v.items[k]];
        }
        out += ']';
        return;
    default: out += "null"sv; return;  // not reported
    }
}

void write_labels(line_writer& w, const explanation& e)
{
    auto& out = w.out;
    out += R"(,"labels":[)"sv;
    for (std::size_t i = 0; i < e.labels.size(); ++i) {
        const auto& l = e.labels[i];
        if (i > 0) out += ',';
        out += w.t.label_head[i][static_cast<std::size_t>(l.result)];
        w.texts(l.because);
        out += R"(,"missing":)"sv;
        w.indicator_ids(l.missing);
        out += R"(,"error":)"sv;
        w.error_or_null(l.error);
        out += '}';
    }
    out += ']';
}

// The gold member and the opening of the values: one piece.
std::string_view gold_text(const criterion_info& info, outcome gold)
{
    if (!info.gold || gold == outcome::not_assessable) return R"(,"gold":null,"values":{)"sv;
    return gold == outcome::met ? R"(,"gold":true,"values":{)"sv : R"(,"gold":false,"values":{)"sv;
}

// Criterion i as the explanation has it (explain.hpp): its points are its tier's. Its
// error is the evaluator's, which on the plan has none unless it computed the criterion
// itself (explained_on_plan: no hidden arithmetic error).
void write_criterion(line_writer& w, const bound_input& in, evaluator& ev, const explanation& e, std::uint32_t i)
{
    const auto& info = w.p.criteria[i];
    const auto& r = e.criteria[i];
    auto& out = w.out;
    out += w.t.criterion_head[i][static_cast<std::size_t>(r.result)];
    if (!info.tiers.empty() && r.tier >= 0) out += w.t.tier_points[i][static_cast<std::size_t>(r.tier)];
    else out += "null"sv;
    out += gold_text(info, r.gold);
    bool first = true;
    for (auto k : info.inputs) {
        if (!std::exchange(first, false)) out += ',';
        write_value(w, k, in.values[k]);
    }
    out += R"(},"missing":[)"sv;
    first = true;
    for_each_missing(w.p, in, r.result, i, [&](std::uint32_t k) {
        if (!std::exchange(first, false)) out += ',';
        out += w.t.indicator_id[k];
    });
    out += R"(],"error":)"sv;
    if (e.on_plan && !ev.computed(i)) out += "null"sv;
    else w.error_or_null(ev.criterion(i).error);
    out += '}';
}

void write_points(line_writer& w, const explanation& e)
{
    auto& out = w.out;
    out += R"(,"points":{)"sv;
    bool first = true;
    for (std::size_t i = 0; i < w.p.groups.size(); ++i) {
        const auto& g = w.p.groups[i];
        if (!g.has_points) continue;
        const auto t = total_of(w.p, e, g);
        if (!std::exchange(first, false)) out += ',';
        out += w.t.group_open[i];
        w.number(t.earned);
        out += w.t.group_max[i];
        w.boolean(t.complete);
        out += '}';
    }
    out += '}';
}

void write_head(line_writer& w, const assessment& a)
{
    auto& out = w.out;
    out += w.t.head;
    if (a.canonical.empty()) out += R"("")"sv;
    else {
        char hex[66];
        hex[0] = hex[65] = '"';
        write_sha256_hex(a.canonical, hex + 1);
        out += std::string_view(hex, sizeof hex);
    }
    // The cluster object is already canonical JSON; it is copied, not re-encoded.
    out += R"(,"cluster":)"sv;
    out += a.cluster_json.empty() ? std::string_view("{}") : std::string_view(a.cluster_json);
    out += R"(,"assessed_on":)"sv;
    w.text(a.assessed_on.to_string());
}

// The program's text: kept on the program by make_rule_set; made here for a program
// that was not (tests of the engine's internals), at the cost of making it each time.
const decision_text& text_of(const program& p, decision_text& made)
{
    if (p.decision_json) return *p.decision_json;
    made = make_decision_text(p);
    return made;
}

// The input's values are read once, by the criteria, after the input's hash: fetched
// now, they arrive while the hash is computed. In `hallmark batch` they were just bound
// and are near anyway; a caller deciding bound inputs made long before (the benchmarks)
// would otherwise wait on memory at each one.
void prefetch_values(const bound_input& in)
{
    const auto* bytes = reinterpret_cast<const char*>(in.values.data());
    const std::size_t size = in.values.size() * sizeof(value);
    for (std::size_t at = 0; at < size; at += 64) __builtin_prefetch(bytes + at);
}

}  // namespace

void append_decision(const program& p, const bound_input& in, const assessment& a, evaluator& ev, const explanation& e,
                     std::string& line)
{
    std::optional<date> valid_until;
    bool renewed = false;
    const bool awarded = e.awarded < e.labels.size();
    // Computed first: when it throws, nothing has been written.
    if (awarded) valid_until = label_valid_until(p, a, static_cast<std::uint32_t>(e.awarded), &renewed);
    prefetch_values(in);
    decision_text made;
    text_sink out(line);
    line_writer w{p, text_of(p, made), out};
    write_head(w, a);
    out += R"(,"label":)"sv;
    if (awarded) out += w.t.label_id[e.awarded];
    else out += "null"sv;
    out += R"(,"valid_until":)"sv;
    if (valid_until) w.text(valid_until->to_string());
    else out += "null"sv;
    out += R"(,"renewed":)"sv;
    w.boolean(renewed);
    write_labels(w, e);
    out += R"(,"criteria":[)"sv;
    for (std::uint32_t i = 0; i < p.criteria.size(); ++i) {
        if (i > 0) out += ',';
        write_criterion(w, in, ev, e, i);
    }
    out += ']';
    write_points(w, e);
    out += R"(,"next":)"sv;
    if (e.awarded > 0 && !e.labels.empty()) {
        out += R"({"label":)"sv;
        out += w.t.label_id[e.awarded - 1];
        out += R"(,"missing":)"sv;
        w.texts(e.next_missing);
        out += '}';
    } else {
        out += "null"sv;
    }
    out += '}';
}

}  // namespace hallmark::engine
