// SPDX-License-Identifier: Apache-2.0
// The catalogue as JSON (hallmark/schema.hpp documents the shape), and the helpers the
// schema and the templates share with it.
#include "engine/api/schema_support.hpp"

#include <hallmark/schema.hpp>

namespace hallmark {
namespace schema_support {

const char* type_name(indicator_type t)
{
    switch (t) {
    case indicator_type::count: return "count";
    case indicator_type::integer: return "integer";
    case indicator_type::decimal: return "decimal";
    case indicator_type::percent: return "percent";
    case indicator_type::boolean: return "boolean";
    case indicator_type::date: return "date";
    case indicator_type::choice: return "choice";
    case indicator_type::choice_set: return "choice_set";
    case indicator_type::criterion_set: return "criterion_set";
    }
    return "";
}

std::vector<std::size_t> area_order(const rule_catalogue& c)
{
    std::vector<std::size_t> out;
    for (const auto& a : c.areas) out.insert(out.end(), a.indicators.begin(), a.indicators.end());
    for (std::size_t i = 0; i < c.indicators.size(); ++i)
        if (!c.indicators[i].area) out.push_back(i);
    return out;
}

void string_or_null(json_writer& w, std::string_view text)
{
    if (text.empty()) w.null();
    else w.string(text);
}

std::string type_words(const indicator_entry& ind)
{
    switch (ind.type) {
    case indicator_type::count: return "a whole number of 0 or more";
    case indicator_type::integer: return "a whole number";
    case indicator_type::decimal: return "a decimal number";
    case indicator_type::percent: return "a percentage (33.3 for 33.3 %)";
    case indicator_type::boolean: return "true or false";
    case indicator_type::date: return "a calendar date, YYYY-MM-DD";
    case indicator_type::choice: return "one of the choices";
    case indicator_type::choice_set: return "any of the choices, each at most once";
    case indicator_type::criterion_set: return "criterion ids, each at most once";
    }
    return "a value";
}

std::string range_words(const indicator_entry& ind)
{
    if (!ind.low && !ind.high) return {};
    const bool percent = ind.type == indicator_type::percent;
    const std::string unit = percent ? "%" : ind.unit.empty() ? "" : " " + ind.unit;
    auto end = [&](const std::optional<decimal>& d) { return d ? d->to_string() + unit : std::string{}; };
    return end(ind.low) + ".." + end(ind.high);
}

}  // namespace schema_support

namespace {

using schema_support::string_or_null;

void optional_date(json_writer& w, const std::optional<date>& d)
{
    if (d) w.string(d->to_string());
    else w.null();
}

void optional_decimal(json_writer& w, const std::optional<decimal>& d)
{
    if (d) w.string(d->to_string());
    else w.null();
}

void strings(json_writer& w, const std::vector<std::string>& items)
{
    w.begin_array();
    for (const auto& s : items) w.string(s);
    w.end_array();
}

void area_of(json_writer& w, const rule_catalogue& c, const std::optional<std::size_t>& area)
{
    if (area) w.string(c.areas[*area].id);
    else w.null();
}

void write_areas(json_writer& w, const rule_catalogue& c)
{
    w.key("areas").begin_array();
    for (const auto& a : c.areas) {
        w.begin_object().key("id").string(a.id).key("title");
        string_or_null(w, a.title);
        w.key("indicators").begin_array();
        for (const auto i : a.indicators) w.string(c.indicators[i].id);
        w.end_array().end_object();
    }
    w.end_array();
}

void write_indicator(json_writer& w, const rule_catalogue& c, const indicator_entry& ind)
{
    w.begin_object().key("id").string(ind.id).key("type").string(schema_support::type_name(ind.type));
    w.key("unit");
    string_or_null(w, ind.unit);
    w.key("minimum");
    optional_decimal(w, ind.low);
    w.key("maximum");
    optional_decimal(w, ind.high);
    w.key("choices").begin_array();
    if (ind.type == indicator_type::criterion_set)
        for (const auto& cr : c.criteria) w.string(cr.id);
    else
        for (const auto& choice : ind.choices) w.string(choice);
    w.end_array().key("question");
    string_or_null(w, ind.question);
    w.key("area");
    area_of(w, c, ind.area);
    w.end_object();
}

void write_criterion(json_writer& w, const rule_catalogue& c, const criterion_entry& cr)
{
    w.begin_object().key("id").string(cr.id).key("title");
    string_or_null(w, cr.title);
    w.key("area");
    area_of(w, c, cr.area);
    w.key("groups");
    strings(w, cr.groups);
    w.key("requirement");
    string_or_null(w, cr.requirement.value_or(""));
    w.key("gold");
    string_or_null(w, cr.gold.value_or(""));
    w.key("max_points").string(cr.max_points.to_string());
    w.key("inputs").begin_array();
    for (const auto i : cr.inputs) w.string(c.indicators[i].id);
    w.end_array().key("advice");
    string_or_null(w, cr.advice);
    w.end_object();
}

void write_label(json_writer& w, const rule_catalogue& c, const label_entry& l)
{
    w.begin_object().key("id").string(l.id).key("title");
    string_or_null(w, l.title);
    w.key("rank").raw_number(std::to_string(l.rank));
    w.key("requirement");
    strings(w, l.requirement);
    w.key("requirement_words");
    strings(w, l.requirement_words);
    w.key("criteria").begin_array();
    for (const auto i : l.criteria) w.string(c.criteria[i].id);
    w.end_array().key("valid");
    if (l.valid)
        w.begin_object()
            .key("months")
            .raw_number(std::to_string(l.valid->months))
            .key("days")
            .raw_number(std::to_string(l.valid->days))
            .end_object();
    else w.null();
    w.end_object();
}

}  // namespace

std::string catalogue_json(const rule_catalogue& c)
{
    std::string out;
    json_writer w(out, json_style::pretty);
    w.begin_object().key("name").string(c.name).key("version").string(c.version).key("title");
    string_or_null(w, c.title);
    w.key("effective");
    optional_date(w, c.effective);
    w.key("until");
    optional_date(w, c.until);
    w.key("sha256").string(c.sha256).key("extends");
    strings(w, c.lineage);
    write_areas(w, c);
    w.key("indicators").begin_array();
    for (const auto& ind : c.indicators) write_indicator(w, c, ind);
    w.end_array().key("criteria").begin_array();
    for (const auto& cr : c.criteria) write_criterion(w, c, cr);
    w.end_array().key("labels").begin_array();
    for (const auto& l : c.labels) write_label(w, c, l);
    w.end_array().end_object();
    out += '\n';
    return out;
}

}  // namespace hallmark
