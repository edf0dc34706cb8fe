// SPDX-License-Identifier: Apache-2.0
// The recourse plan in a report (report/plan_section.hpp). Markdown and HTML are laid
// out from the same parts, so they say the same things.
#include "report/plan_section.hpp"

#include "report/report_table.hpp"

#include <fmt/format.h>

namespace hallmark::report {
namespace {

// The parts of the section; each format lays them out its own way.
struct plan_parts {
    std::string heading;
    std::vector<std::string> paragraphs;
    table changes;
    std::vector<std::string> conditions;
};

// "Change 2 answers and answer 1 question:".
std::string what_to_do_sentence(const recourse_plan& p)
{
    auto out = what_to_do(p);
    out[0] = static_cast<char>(out[0] - 'a' + 'A');
    return out + ":";
}

std::string proof(const recourse_plan& p)
{
    std::string out = fmt::format(
        "Checked: the assessment with these changes was evaluated again with the same rules and reaches {}{}.",
        p.target_title, p.reassess_on ? " when assessed on " + p.reassess_on->to_string() : "");
    if (p.minimal) return out + " No plan with fewer changed answers reaches it.";
    if (p.fewest_changes)
        return out + " No plan with fewer changed answers reaches it; a smaller change of the same answer might (" +
               p.not_minimal_because + ").";
    return out + " It may not be the smallest plan: " + p.not_minimal_because + ".";
}

table changes_table(const words& w, const recourse_plan& p)
{
    table t{{"question", "answered", "change to", "what it earns"}, {}};
    for (const auto& c : p.changes)
        t.rows.push_back({w.indicator(c.indicator), c.from.value_or("not answered"), c.to, joined(c.earns, "-")});
    return t;
}

plan_parts parts_of(const words& w, const recourse_plan& p)
{
    plan_parts out;
    out.heading = "The plan to reach " + p.target_title;
    if (p.status == plan_status::already_holds) {
        out.paragraphs.push_back("The requirements of " + p.target_title + " hold as answered.");
        out.conditions = p.conditions;
        return out;
    }
    if (p.status == plan_status::no_plan) {
        out.paragraphs.push_back("No plan reaches " + p.target_title + ": " + p.why + ".");
        out.conditions = p.conditions;
        return out;
    }
    out.paragraphs.push_back(what_to_do_sentence(p));
    out.changes = changes_table(w, p);
    out.conditions = p.conditions;
    out.paragraphs.push_back(proof(p));
    return out;
}

}  // namespace

std::string md_plan(const words& w, const recourse_plan& p)
{
    if (p.decided && *p.decided == p.target) return {};
    const auto parts = parts_of(w, p);
    std::string out = "### " + md_text(parts.heading) + "\n\n";
    if (!parts.paragraphs.empty()) out += md_text(parts.paragraphs.front()) + "\n\n";
    if (!parts.changes.rows.empty()) out += md_table(parts.changes) + "\n";
    if (!parts.conditions.empty()) {
        out += "Besides the answers:\n\n";
        for (const auto& c : parts.conditions) out += "- " + md_text(c) + "\n";
        out += "\n";
    }
    for (std::size_t i = 1; i < parts.paragraphs.size(); ++i) out += md_text(parts.paragraphs[i]) + "\n\n";
    return out;
}

std::string html_plan(const words& w, const recourse_plan& p)
{
    if (p.decided && *p.decided == p.target) return {};
    const auto parts = parts_of(w, p);
    std::string out = "<section id=\"plan\">\n<h3>" + html_escape(parts.heading) + "</h3>\n";
    if (!parts.paragraphs.empty()) out += "<p>" + html_escape(parts.paragraphs.front()) + "</p>\n";
    if (!parts.changes.rows.empty()) out += html_table(parts.changes, "plan");
    if (!parts.conditions.empty()) {
        out += "<p>Besides the answers:</p>\n<ul>\n";
        for (const auto& c : parts.conditions) out += "<li>" + html_escape(c) + "</li>\n";
        out += "</ul>\n";
    }
    for (std::size_t i = 1; i < parts.paragraphs.size(); ++i)
        out += "<p class=\"proof\">" + html_escape(parts.paragraphs[i]) + "</p>\n";
    return out + "</section>\n";
}

}  // namespace hallmark::report
