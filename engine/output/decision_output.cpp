// SPDX-License-Identifier: Apache-2.0
// Decisions written out: canonical JSON for machines, plain text for people.
#include "engine/values/json_text.hpp"

#include <hallmark/decision.hpp>

#include <fmt/format.h>

namespace hallmark {
namespace {

void strings(json_writer& w, const std::vector<std::string>& items)
{
    w.begin_array();
    for (const auto& s : items) w.string(s);
    w.end_array();
}

void optional_string(json_writer& w, const std::optional<std::string>& s)
{
    if (s) w.string(*s);
    else w.null();
}

void reported(json_writer& w, const reported_value& v)
{
    w.key(v.indicator);
    if (v.is_set) strings(w, v.items);
    else if (!v.text) w.null();
    else if (v.is_boolean) w.boolean(*v.text == "true");
    else w.string(*v.text);
}

void write_labels(json_writer& w, const decision& d)
{
    w.key("labels").begin_array();
    for (const auto& l : d.labels) {
        w.begin_object().key("id").string(l.id).key("outcome").string(to_string(l.result));
        w.key("because");
        strings(w, l.because);
        w.key("missing");
        strings(w, l.missing);
        w.key("error");
        optional_string(w, l.error.empty() ? std::nullopt : std::optional(l.error));
        w.end_object();
    }
    w.end_array();
}

void write_criteria(json_writer& w, const decision& d)
{
    w.key("criteria").begin_array();
    for (const auto& c : d.criteria) {
        w.begin_object().key("id").string(c.id).key("outcome").string(to_string(c.result));
        w.key("points");
        optional_string(w, c.points ? std::optional(c.points->to_string()) : std::nullopt);
        w.key("gold");
        if (c.gold) w.boolean(*c.gold);
        else w.null();
        w.key("values").begin_object();
        for (const auto& v : c.values) reported(w, v);
        w.end_object().key("missing");
        strings(w, c.missing);
        w.key("error");
        optional_string(w, c.error.empty() ? std::nullopt : std::optional(c.error));
        w.end_object();
    }
    w.end_array();
}

void write_points(json_writer& w, const decision& d)
{
    w.key("points").begin_object();
    for (const auto& g : d.points) {
        w.key(g.group).begin_object();
        w.key("earned").string(g.earned.to_string()).key("max").string(g.max.to_string());
        w.key("complete").boolean(g.complete).end_object();
    }
    w.end_object();
}

}  // namespace

namespace {

std::string json_of(const decision& d, json_style style)
{
    std::string out;
    out.reserve(1024 + 160 * d.criteria.size());  // growing it step by step was a tenth of the work
    json_writer w(out, style);
    w.begin_object().key("engine").string(d.engine);
    w.key("methodology").begin_object().key("name").string(d.methodology).key("version").string(d.version);
    w.key("sha256").string(d.rules_sha256).end_object();
    w.key("input_sha256").string(d.input_sha256);
    // The cluster object is already canonical JSON; it is copied, not re-encoded.
    w.key("cluster").raw_number(d.cluster_json);
    w.key("assessed_on").string(d.assessed_on.to_string());
    w.key("label");
    optional_string(w, d.label);
    w.key("valid_until");
    optional_string(w, d.valid_until ? std::optional(d.valid_until->to_string()) : std::nullopt);
    w.key("renewed").boolean(d.renewed);
    write_labels(w, d);
    write_criteria(w, d);
    write_points(w, d);
    w.key("next");
    if (d.next_label) {
        w.begin_object().key("label").string(*d.next_label).key("missing");
        strings(w, d.next_missing);
        w.end_object();
    } else {
        w.null();
    }
    w.end_object();
    return out;
}

}  // namespace

std::string to_json(const decision& d) { return json_of(d, json_style::pretty) + "\n"; }

std::string to_json_line(const decision& d) { return json_of(d, json_style::compact); }

namespace {

std::string joined(const std::vector<std::string>& items) { return fmt::format("{}", fmt::join(items, ", ")); }

std::string value_text(const reported_value& v)
{
    if (v.is_set) return "{" + joined(v.items) + "}";
    return v.text ? *v.text : "not reported";
}

}  // namespace

std::string to_text(const decision& d)
{
    std::string out =
        fmt::format("{} {} ({}), assessed on {}\n", d.methodology, d.version, d.engine, d.assessed_on.to_string());
    if (d.label)
        out += fmt::format("Decision: {}{}{}\n", *d.label,
                           d.valid_until ? ", valid until " + d.valid_until->to_string() : "",
                           d.renewed ? " (renewal)" : "");
    else out += "Decision: no label\n";
    out += "\nLabels (best first):\n";
    for (const auto& l : d.labels) {
        out += fmt::format("  {:<12} {:<15}", l.id, to_string(l.result));
        if (!l.because.empty()) out += fmt::format(" because: {}", joined(l.because));
        if (!l.missing.empty()) out += fmt::format("; missing: {}", joined(l.missing));
        if (!l.error.empty()) out += "; error: " + l.error;
        out += "\n";
    }
    if (d.next_label)
        out += fmt::format("\nNext label up: {}; still needs: {}\n", *d.next_label, joined(d.next_missing));
    if (!d.points.empty()) out += "\nPoints:\n";
    for (const auto& g : d.points)
        out += fmt::format("  {:<12} {} of {}{}\n", g.group, g.earned.to_string(), g.max.to_string(),
                           g.complete ? "" : " (some criteria could not be scored)");
    out += "\nCriteria:\n";
    for (const auto& c : d.criteria) {
        out += fmt::format("  {:<12} {:<15}", c.id, to_string(c.result));
        if (c.points) out += fmt::format(" {} points", c.points->to_string());
        std::vector<std::string> vals;
        for (const auto& v : c.values) vals.push_back(v.indicator + " = " + value_text(v));
        if (!vals.empty()) out += "  [" + joined(vals) + "]";
        if (!c.error.empty()) out += "  error: " + c.error;
        out += "\n";
        if (c.result != outcome::met && !c.advice.empty()) out += fmt::format("  {:<12} advice: {}\n", "", c.advice);
    }
    return out;
}

}  // namespace hallmark
