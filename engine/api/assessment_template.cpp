// SPDX-License-Identifier: Apache-2.0
// Blank assessments of one rule version (hallmark/schema.hpp): a JSON document `hallmark
// eval` reads as is, the header line of a `hallmark batch` CSV file, and a printable
// interview sheet in Markdown.
#include "engine/api/schema_support.hpp"

#include <hallmark/schema.hpp>

#include <stdexcept>

namespace hallmark {
namespace {

using schema_support::area_order;

// The version's effective date: the blank then selects this very version by date.
std::string blank_date(const rule_catalogue& c) { return c.effective ? c.effective->to_string() : "2000-01-01"; }

std::string json_template(const rule_catalogue& c)
{
    std::string out;
    json_writer w(out, json_style::pretty);
    w.begin_object().key("cluster").begin_object();
    for (const char* name : {"id", "name", "country", "portfolio"}) w.key(name).string("");
    w.end_object();
    w.key("assessed_on").string(blank_date(c));
    w.key("history").begin_array().end_array();
    w.key("indicators").begin_object();
    for (const auto i : area_order(c)) w.key(c.indicators[i].id).null();
    w.end_object().end_object();
    out += '\n';
    return out;
}

// Identifiers need no quoting; anything else is quoted as RFC 4180 says.
std::string csv_field(const std::string& text)
{
    if (text.find_first_of(",;\t\"\r\n") == std::string::npos) return text;
    std::string out = "\"";
    for (const char ch : text) out += ch == '"' ? std::string("\"\"") : std::string(1, ch);
    return out + "\"";
}

std::string csv_template(const rule_catalogue& c)
{
    std::string out = "cluster_id,name,country,portfolio,assessed_on";
    for (const auto i : area_order(c)) out += "," + csv_field(c.indicators[i].id);
    return out + "\n";
}

std::string md_heading(const rule_catalogue& c)
{
    std::string out = "# Assessment interview: " + (c.title.empty() ? c.name : c.title) + "\n\n";
    out += "Rules: " + c.name + " " + c.version;
    if (c.effective) out += ", in force from " + c.effective->to_string();
    if (c.until) out += " until " + c.until->to_string();
    out += " (sha256 `" + c.sha256 + "`)\n\n";
    out += "| Cluster | |\n|---|---|\n| Id | |\n| Name | |\n| Country | |\n| Portfolio | |\n"
           "| Assessed on (YYYY-MM-DD) | |\n\n";
    return out;
}

std::string choice_line(const rule_catalogue& c, const indicator_entry& ind)
{
    std::vector<std::string> items = ind.choices;
    if (ind.type == indicator_type::criterion_set) {
        items.clear();
        for (const auto& cr : c.criteria) items.push_back(cr.id);
    }
    if (items.empty()) return {};
    std::string out = ind.type == indicator_type::choice ? "- Choices (tick one):" : "- Choices (tick any):";
    for (const auto& item : items) out += " [ ] `" + item + "`";
    return out + "\n";
}

std::string md_question(const rule_catalogue& c, const indicator_entry& ind, std::size_t number)
{
    std::string out = "### " + std::to_string(number) + ". " + (ind.question.empty() ? ind.id : ind.question);
    out += "\n\n- Indicator: `" + ind.id + "`\n- Type: " + schema_support::type_name(ind.type) + " (" +
           schema_support::type_words(ind) + ")\n";
    if (!ind.unit.empty()) out += "- Unit: " + ind.unit + "\n";
    if (const auto range = schema_support::range_words(ind); !range.empty()) out += "- Range: " + range + "\n";
    out += choice_line(c, ind);
    const bool ticked = ind.type == indicator_type::choice || ind.type == indicator_type::choice_set ||
                        ind.type == indicator_type::criterion_set;
    if (ind.type == indicator_type::boolean) out += "- Answer: [ ] yes [ ] no [ ] not reported\n\n";
    else if (ticked) out += "- Answer: ticked above, or [ ] not reported\n\n";
    else out += "- Answer: ______________________________ [ ] not reported\n\n";
    return out;
}

std::string md_history(const rule_catalogue& c)
{
    std::string out = "## Earlier labels\n\nLabels:";
    for (const auto& l : c.labels) out += " `" + l.id + "`";
    out += "\n\n| Label | Assessed on | Valid until |\n|---|---|---|\n|  |  |  |\n|  |  |  |\n";
    return out;
}

std::string md_template(const rule_catalogue& c)
{
    std::string out = md_heading(c);
    std::size_t number = 0;
    const auto order = area_order(c);
    std::optional<std::size_t> area;
    for (std::size_t k = 0; k < order.size(); ++k) {
        const auto& ind = c.indicators[order[k]];
        if (k == 0 || ind.area != area) {
            area = ind.area;
            const auto* a = area ? &c.areas[*area] : nullptr;
            out += a ? "## Area: " + (a->title.empty() ? a->id : a->title) + " (`" + a->id + "`)\n\n"
                     : std::string("## Other indicators\n\n");
        }
        out += md_question(c, ind, ++number);
    }
    return out + md_history(c);
}

}  // namespace

std::string assessment_template(const rule_catalogue& c, template_format f)
{
    switch (f) {
    case template_format::json: return json_template(c);
    case template_format::csv: return csv_template(c);
    case template_format::md: return md_template(c);
    }
    throw std::logic_error("assessment_template: unknown template_format");
}

}  // namespace hallmark
