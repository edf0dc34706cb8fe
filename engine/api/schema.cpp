// SPDX-License-Identifier: Apache-2.0
// The JSON Schema (draft 2020-12) of an assessment document of one rule version. It
// mirrors the reader (engine/input/assessment_reader.cpp: the keys, null as absent) and
// binding (engine/run/bind.cpp: what each indicator type accepts); what a schema cannot
// say is left to the engine and named in the schema's description.
#include "engine/api/schema_support.hpp"

#include <hallmark/schema.hpp>

namespace hallmark {
namespace {

using schema_support::type_words;

// What `decimal::parse` accepts: [-]digits[.digits][(e|E)[+-]digits].
constexpr std::string_view decimal_pattern = "^-?[0-9]+(\\.[0-9]+)?([eE][+-]?[0-9]+)?$";
// The shape `date::parse` accepts; `format: date` adds the calendar check.
constexpr std::string_view date_pattern = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$";

void write_defs(json_writer& w)
{
    w.key("$defs").begin_object();
    w.key("date").begin_object().key("type").string("string").key("format").string("date");
    w.key("pattern").string(date_pattern).end_object();
    w.key("decimal_string").begin_object().key("type").string("string");
    w.key("description")
        .string("A number as an exact decimal string; its range and whole-number checks are made by the engine.");
    w.key("pattern").string(decimal_pattern).end_object();
    w.end_object();
}

void write_cluster(json_writer& w)
{
    w.key("cluster").begin_object();
    w.key("description").string("Who is assessed; null counts as absent. Members other than these are kept as given.");
    w.key("type").begin_array().string("object").string("null").end_array();
    w.key("properties").begin_object();
    w.key("id").begin_object().key("type").begin_array().string("string").string("null").end_array().end_object();
    for (const char* name : {"name", "country", "portfolio"})
        w.key(name).begin_object().key("type").string("string").end_object();
    w.end_object().end_object();
}

void write_history(json_writer& w, const rule_catalogue& c)
{
    w.key("history").begin_object();
    w.key("description")
        .string("Earlier labels of the cluster; null counts as absent. Each assessed_on must be before the "
                "assessment's (checked by the engine).");
    w.key("type").begin_array().string("array").string("null").end_array();
    w.key("items").begin_object().key("type").string("object");
    w.key("required").begin_array().string("label").string("assessed_on").end_array();
    w.key("additionalProperties").boolean(false);
    w.key("properties").begin_object();
    w.key("label").begin_object().key("enum").begin_array();
    for (const auto& l : c.labels) w.string(l.id);
    w.end_array().end_object();
    w.key("assessed_on").begin_object().key("$ref").string("#/$defs/date").end_object();
    w.key("valid_until").begin_object().key("anyOf").begin_array();
    w.begin_object().key("$ref").string("#/$defs/date").end_object();
    w.begin_object().key("type").string("null").end_object();
    w.end_array().end_object();
    w.end_object().end_object().end_object();
}

std::string description(const rule_catalogue& c, const indicator_entry& ind)
{
    std::string text = ind.question.empty() ? ind.id : ind.question;
    text += " (" + type_words(ind);
    if (!ind.unit.empty()) text += ", unit: " + ind.unit;
    if (const auto range = schema_support::range_words(ind); !range.empty()) text += ", range: " + range;
    if (ind.area) {
        const auto& a = c.areas[*ind.area];
        text += ", area: " + a.id + (a.title.empty() ? "" : " (" + a.title + ")");
    }
    return text + ")";
}

// A JSON number within the declared range; whole numbers for count and integer.
void number_branch(json_writer& w, const indicator_entry& ind)
{
    const bool whole = ind.type == indicator_type::count || ind.type == indicator_type::integer;
    w.begin_object().key("type").string("number");
    if (whole) w.key("multipleOf").raw_number("1");
    std::optional<decimal> low = ind.low;
    if (ind.type == indicator_type::count && (!low || low->is_negative())) low = decimal{};
    if (low) w.key("minimum").raw_number(low->to_string());
    if (ind.high) w.key("maximum").raw_number(ind.high->to_string());
    w.end_object();
    w.begin_object().key("$ref").string("#/$defs/decimal_string").end_object();
    // The number with its declared unit after it ("2.5 FTE", "82 %"), as bind.cpp takes it.
    const std::string unit = ind.type == indicator_type::percent ? "%" : ind.unit;
    if (unit.empty()) return;
    auto pattern = std::string(decimal_pattern);
    pattern.insert(pattern.size() - 1, " *" + unit);
    w.begin_object().key("type").string("string").key("pattern").string(pattern).end_object();
}

void enum_of(json_writer& w, const std::vector<std::string>& items)
{
    w.begin_object().key("enum").begin_array();
    for (const auto& s : items) w.string(s);
    w.end_array().end_object();
}

void set_branch(json_writer& w, const std::vector<std::string>& items)
{
    w.begin_object().key("type").string("array").key("uniqueItems").boolean(true).key("items");
    enum_of(w, items);
    w.end_object();
}

// The value's forms besides null, as bind.cpp accepts them.
void value_branches(json_writer& w, const rule_catalogue& c, const indicator_entry& ind)
{
    switch (ind.type) {
    case indicator_type::count:
    case indicator_type::integer:
    case indicator_type::decimal:
    case indicator_type::percent: number_branch(w, ind); break;
    case indicator_type::boolean: w.begin_object().key("type").string("boolean").end_object(); break;
    case indicator_type::date: w.begin_object().key("$ref").string("#/$defs/date").end_object(); break;
    case indicator_type::choice: enum_of(w, ind.choices); break;
    case indicator_type::choice_set: set_branch(w, ind.choices); break;
    case indicator_type::criterion_set: {
        std::vector<std::string> ids;
        for (const auto& cr : c.criteria) ids.push_back(cr.id);
        set_branch(w, ids);
        break;
    }
    }
}

void write_indicator(json_writer& w, const rule_catalogue& c, const indicator_entry& ind)
{
    w.key(ind.id).begin_object();
    w.key("description").string(description(c, ind));
    w.key("x-hallmark-type").string(schema_support::type_name(ind.type));
    w.key("x-hallmark-area");
    if (ind.area) w.string(c.areas[*ind.area].id);
    else w.null();
    if (!ind.unit.empty()) w.key("x-hallmark-unit").string(ind.unit);
    w.key("anyOf").begin_array();
    w.begin_object().key("type").string("null").key("description").string("not reported").end_object();
    value_branches(w, c, ind);
    w.end_array().end_object();
}

void write_indicators(json_writer& w, const rule_catalogue& c)
{
    w.key("indicators").begin_object();
    w.key("description").string("The indicators' values, each declared by the rules; null is not reported.");
    w.key("type").string("object").key("additionalProperties").boolean(false);
    w.key("properties").begin_object();
    for (const auto i : schema_support::area_order(c)) write_indicator(w, c, c.indicators[i]);
    w.end_object().end_object();
}

std::string title(const rule_catalogue& c)
{
    return "Assessment for " + c.name + " " + c.version + (c.title.empty() ? "" : " (" + c.title + ")") +
           ", rules sha256 " + c.sha256;
}

}  // namespace

std::string assessment_schema(const rule_catalogue& c)
{
    std::string out;
    json_writer w(out, json_style::pretty);
    w.begin_object().key("$schema").string("https://json-schema.org/draft/2020-12/schema");
    w.key("title").string(title(c));
    w.key("description")
        .string("An assessment document as `hallmark eval` reads it. The engine also checks what this schema "
                "cannot: at most 36 digits (18 after the point) in a number, 16 after the point in a "
                "percentage, no duplicate keys, history dates before assessed_on.");
    w.key("x-hallmark-methodology").begin_object().key("name").string(c.name).key("version").string(c.version);
    w.key("sha256").string(c.sha256).end_object();
    w.key("type").string("object");
    w.key("required").begin_array().string("assessed_on").string("indicators").end_array();
    w.key("additionalProperties").boolean(false);
    w.key("properties").begin_object();
    write_cluster(w);
    w.key("assessed_on").begin_object().key("$ref").string("#/$defs/date").end_object();
    write_history(w, c);
    write_indicators(w, c);
    w.end_object();
    write_defs(w);
    w.end_object();
    out += '\n';
    return out;
}

}  // namespace hallmark
