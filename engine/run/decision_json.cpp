// SPDX-License-Identifier: Apache-2.0
// The decision written as JSON straight from the evaluation, without building the
// `decision` struct and its strings first (hallmark batch). The members, their order and
// their spelling are engine/output/decision_output.cpp's; tests/unit/decision_json_test.cpp
// checks that both give the same bytes for every example and corpus record.
#include "engine/run/decide.hpp"
#include "engine/run/explain.hpp"

#include <hallmark/hashes.hpp>

namespace hallmark::engine {
namespace {

void texts(json_writer& w, const std::vector<const std::string*>& items)
{
    w.begin_array();
    for (const auto* s : items) w.string(*s);
    w.end_array();
}

void indicator_ids(json_writer& w, const program& p, const std::vector<std::uint32_t>& items)
{
    w.begin_array();
    for (auto i : items) w.string(p.indicators[i].id);
    w.end_array();
}

void error_or_null(json_writer& w, const std::string& error)
{
    if (error.empty()) w.null();
    else w.string(error);
}

// One input value, as report() (bind.cpp) describes it and decision_output.cpp writes it.
void write_value(json_writer& w, const program& p, std::uint32_t i, const value& v)
{
    const auto& ind = p.indicators[i];
    w.key(ind.id);
    switch (v.kind) {
    case value::tag::number:
        w.string(ind.kind == ast::type_kind::percent ? (v.number * decimal::from_int(100)).to_string()
                                                     : v.number.to_string());
        return;
    case value::tag::boolean: w.boolean(v.flag); return;
    case value::tag::date: w.string(v.day.to_string()); return;
    case value::tag::choice: w.string(ind.choices[v.bits]); return;
    case value::tag::set:
        w.begin_array();
        for (std::size_t c = 0; c < ind.choices.size(); ++c)
            if ((v.bits >> c) & 1U) w.string(ind.choices[c]);
        w.end_array();
        return;
    case value::tag::criterion_set:
        w.begin_array();
        for (std::uint32_t k = 0; k < v.count; ++k) w.string(p.criteria[v.items[k]].id);
        w.end_array();
        return;
    default: w.null(); return;  // not reported
    }
}

void write_labels(json_writer& w, const program& p, const explanation& e)
{
    w.key("labels").begin_array();
    for (std::size_t i = 0; i < e.labels.size(); ++i) {
        const auto& l = e.labels[i];
        w.begin_object().key("id").string(p.labels[i].id).key("outcome").string(to_string(l.result));
        w.key("because");
        texts(w, l.because);
        w.key("missing");
        indicator_ids(w, p, l.missing);
        w.key("error");
        error_or_null(w, l.error);
        w.end_object();
    }
    w.end_array();
}

void write_criterion(json_writer& w, const program& p, const bound_input& in, evaluator& ev, std::uint32_t i)
{
    const auto& info = p.criteria[i];
    const auto& r = ev.criterion(i);
    w.begin_object().key("id").string(info.id).key("outcome").string(to_string(r.result));
    w.key("points");
    if (!info.tiers.empty() && r.points.known()) w.string(r.points.number.to_string());
    else w.null();
    w.key("gold");
    if (info.gold && r.gold.known()) w.boolean(r.gold.flag);
    else w.null();
    w.key("values").begin_object();
    for (auto k : info.inputs) write_value(w, p, k, in.values[k]);
    w.end_object().key("missing").begin_array();
    for_each_missing(p, in, ev, i, [&](std::uint32_t k) { w.string(p.indicators[k].id); });
    w.end_array().key("error");
    error_or_null(w, r.error);
    w.end_object();
}

void write_points(json_writer& w, const program& p, evaluator& ev)
{
    w.key("points").begin_object();
    for (const auto& g : p.groups) {
        if (!g.has_points) continue;
        const auto t = total_of(p, ev, g);
        w.key(g.id).begin_object();
        w.key("earned").string(t.earned.to_string()).key("max").string(g.max_points.to_string());
        w.key("complete").boolean(t.complete).end_object();
    }
    w.end_object();
}

void write_head(json_writer& w, const program& p, const assessment& a)
{
    w.begin_object().key("engine").string(engine_version());
    w.key("methodology").begin_object().key("name").string(p.name).key("version").string(p.version);
    w.key("sha256").string(p.sha256).end_object();
    w.key("input_sha256").string(a.canonical.empty() ? std::string() : sha256_hex(a.canonical));
    // The cluster object is already canonical JSON; it is copied, not re-encoded.
    w.key("cluster").raw_number(a.cluster_json.empty() ? std::string_view("{}") : std::string_view(a.cluster_json));
    w.key("assessed_on").string(a.assessed_on.to_string());
}

}  // namespace

void write_decision(const program& p, const bound_input& in, const assessment& a, evaluator& ev, const explanation& e,
                    json_writer& w)
{
    std::optional<date> valid_until;
    bool renewed = false;
    const bool awarded = e.awarded < e.labels.size();
    // Computed first: when it throws, nothing has been written.
    if (awarded) valid_until = label_valid_until(p, a, static_cast<std::uint32_t>(e.awarded), &renewed);
    write_head(w, p, a);
    w.key("label");
    if (awarded) w.string(p.labels[e.awarded].id);
    else w.null();
    w.key("valid_until");
    if (valid_until) w.string(valid_until->to_string());
    else w.null();
    w.key("renewed").boolean(renewed);
    write_labels(w, p, e);
    w.key("criteria").begin_array();
    for (std::uint32_t i = 0; i < p.criteria.size(); ++i) write_criterion(w, p, in, ev, i);
    w.end_array();
    write_points(w, p, ev);
    w.key("next");
    if (e.awarded > 0 && !e.labels.empty()) {
        w.begin_object().key("label").string(p.labels[e.awarded - 1].id).key("missing");
        texts(w, e.next_missing);
        w.end_object();
    } else {
        w.null();
    }
    w.end_object();
}

}  // namespace hallmark::engine
