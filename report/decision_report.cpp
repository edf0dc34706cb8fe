// SPDX-License-Identifier: Apache-2.0
// Decisions as documents: Markdown for reports, HTML for browsers. Both are built
// from the same sections, so they say the same things.
#include "report/plan_section.hpp"
#include "report/report_page.hpp"
#include "report/report_table.hpp"

#include <hallmark/decision.hpp>

#include <fmt/format.h>

#include <cctype>

namespace hallmark {
namespace report {

std::string joined(const std::vector<std::string>& items, const char* empty)
{
    return items.empty() ? std::string(empty) : fmt::format("{}", fmt::join(items, ", "));
}

std::string value_text(const reported_value& v)
{
    if (v.is_set) return "{" + joined(v.items) + "}";
    return v.text ? *v.text : "not reported";
}

std::string outcome_words(outcome o)
{
    switch (o) {
    case outcome::met: return "met";
    case outcome::not_met: return "not met";
    case outcome::not_assessable: return "cannot be decided";
    }
    return "cannot be decided";
}

std::string criterion_outcome(const criterion_result& c, const indicator_namer& name)
{
    std::string out = outcome_words(c.result);
    if (c.result != outcome::not_assessable) return c.error.empty() ? out : out + " (" + c.error + ")";
    if (!c.missing.empty()) {
        std::vector<std::string> names;
        for (const auto& m : c.missing) {
            const auto n = name ? name(m) : m;
            names.push_back(n == m ? n : "“" + n + "”");  // a question in quotes
        }
        return fmt::format("{}: {} question{} unanswered, {}", out, c.missing.size(), c.missing.size() == 1 ? "" : "s",
                           fmt::join(names, ", "));
    }
    return c.error.empty() ? out : out + ": " + c.error;
}

std::string label_title(const decision& d, const std::string& id)
{
    for (const auto& l : d.labels)
        if (l.id == id) return l.title.empty() ? l.id : l.title;
    return id;
}

std::string criterion_name(const decision& d, const std::string& id)
{
    for (const auto& c : d.criteria)
        if (c.id == id) return c.title.empty() ? c.id : c.id + " " + c.title;
    return id;
}

std::string decision_line(const decision& d)
{
    if (!d.label) return "No label.";
    return fmt::format("Label **{}**{}{}.", label_title(d, *d.label),
                       d.valid_until ? ", valid until " + d.valid_until->to_string() : "",
                       d.renewed ? " (renewal)" : "");
}

table labels_table(const words& w)
{
    table t{{"label", "outcome", "because", "missing"}, {}};
    for (const auto& l : w.d.labels) {
        std::vector<std::string> because, missing;
        for (const auto& b : l.because) because.push_back(w.part(l.id, b));
        for (const auto& m : l.missing) missing.push_back(w.indicator(m));
        std::string outcome = outcome_words(l.result);
        if (!l.error.empty()) outcome += " (" + l.error + ")";
        t.rows.push_back({w.label(l.id), outcome, joined(because, "-"), joined(missing, "-")});
    }
    return t;
}

table criteria_table(const words& w)
{
    table t{{"criterion", "title", "outcome", "points", "values", "advice"}, {}};
    for (const auto& c : w.d.criteria) {
        std::vector<std::string> vals;
        for (const auto& v : c.values) vals.push_back(w.value(v));
        t.rows.push_back({c.id, c.title, criterion_outcome(c, w.namer()), c.points ? c.points->to_string() : "-",
                          joined(vals, "-"), c.result == outcome::met ? "" : c.advice});
    }
    return t;
}

table points_table(const decision& d)
{
    table t{{"group", "earned", "max", "complete"}, {}};
    for (const auto& g : d.points)
        t.rows.push_back({g.group, g.earned.to_string(), g.max.to_string(), g.complete ? "yes" : "no"});
    return t;
}

namespace {

bool word_char(char c)
{
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || static_cast<unsigned char>(c) >= 0x80;
}

}  // namespace

std::string md_text(std::string_view s)
{
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        const bool inner = i > 0 && i + 1 < s.size() && word_char(s[i - 1]) && word_char(s[i + 1]);
        switch (c) {
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '&': out += "&amp;"; break;
        case '\n': out += ' '; break;
        case '_': out += inner ? "_" : "\\_"; break;
        case '\\':
        case '`':
        case '*':
        case '[':
        case ']':
        case '|':
        case '#':
            out += '\\';
            out += c;
            break;
        default: out += c;
        }
    }
    return out;
}

std::string md_table(const table& t)
{
    std::string out = "|";
    for (const auto& h : t.head) out += " " + h + " |";
    out += "\n|";
    for (std::size_t i = 0; i < t.head.size(); ++i) out += "---|";
    out += "\n";
    for (const auto& r : t.rows) {
        out += "|";
        for (const auto& c : r) out += " " + md_text(c) + " |";
        out += "\n";
    }
    return out;
}

std::string html_escape(std::string_view s)
{
    std::string out;
    for (char c : s) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        default: out += c;
        }
    }
    return out;
}

std::string html_table(const table& t, std::string_view css_class)
{
    std::string out =
        css_class.empty() ? "<table>\n<thead><tr>" : "<table class=\"" + std::string(css_class) + "\">\n<thead><tr>";
    for (const auto& h : t.head) out += "<th>" + html_escape(h) + "</th>";
    out += "</tr></thead>\n<tbody>\n";
    for (const auto& r : t.rows) {
        out += "<tr>";
        for (const auto& c : r) out += "<td>" + html_escape(c) + "</td>";
        out += "</tr>\n";
    }
    return out + "</tbody>\n</table>\n";
}

std::string html_decision_line(const decision& d)
{
    const std::string bold = decision_line(d);
    const auto a = bold.find("**"), b = bold.rfind("**");
    if (a == std::string::npos) return html_escape(bold);
    return html_escape(bold.substr(0, a)) + "<strong>" + html_escape(bold.substr(a + 2, b - a - 2)) + "</strong>" +
           html_escape(bold.substr(b + 2));
}

}  // namespace report

using namespace report;

namespace {

std::string markdown_report(const words& w, const recourse_plan* plan)
{
    const auto& d = w.d;
    std::string out = fmt::format("# {} {}: assessment of {}\n\n", md_text(d.methodology), md_text(d.version),
                                  d.assessed_on.to_string());
    out += decision_line(d) + "\n\n";
    if (const auto warning = w.rules ? fraction_percent_warning(d, *w.rules) : std::nullopt)
        out += "> **Warning:** " + md_text(*warning) + "\n\n";
    if (d.next_label) out += md_text(w.next_line()) + "\n\n";
    if (const auto section = plan ? md_plan(w, *plan) : ""; !section.empty()) out += "## What to improve\n\n" + section;
    out += "## Labels\n\n" + md_table(labels_table(w)) + "\n";
    if (!d.points.empty()) out += "## Points\n\n" + md_table(points_table(d)) + "\n";
    out += "## Criteria\n\n" + md_table(criteria_table(w)) + "\n";
    out += fmt::format("---\n{}; rules SHA-256 `{}`; input SHA-256 `{}`.\n", d.engine, d.rules_sha256, d.input_sha256);
    return out;
}

std::string html_report(const words& w, const recourse_plan* plan)
{
    const auto& d = w.d;
    const auto title = fmt::format("{} {}: assessment of {}", d.methodology, d.version, d.assessed_on.to_string());
    std::string out = "<h1>" + html_escape(title) + "</h1>\n<p>" + html_decision_line(d) + "</p>\n";
    if (const auto warning = w.rules ? fraction_percent_warning(d, *w.rules) : std::nullopt)
        out += "<p class=\"warning\"><strong>Warning:</strong> " + html_escape(*warning) + "</p>\n";
    if (d.next_label) out += "<p>" + html_escape(w.next_line()) + "</p>\n";
    if (const auto section = plan ? html_plan(w, *plan) : ""; !section.empty())
        out += "<h2>What to improve</h2>\n" + section;
    out += "<h2>Labels</h2>\n" + html_table(labels_table(w));
    if (!d.points.empty()) out += "<h2>Points</h2>\n" + html_table(points_table(d));
    out += "<h2>Criteria</h2>\n" + html_table(criteria_table(w));
    out += fmt::format("<footer>{}; rules SHA-256 <code>{}</code>; input SHA-256 <code>{}</code>.</footer>\n",
                       html_escape(d.engine), d.rules_sha256, d.input_sha256);
    return html_page(title, out);
}

}  // namespace

std::string to_markdown(const decision& d) { return markdown_report(words{nullptr, d}, nullptr); }
std::string to_markdown(const decision& d, const rule_catalogue& rules, const recourse_plan* plan)
{
    return markdown_report(words{&rules, d}, plan);
}
std::string to_html(const decision& d) { return html_report(words{nullptr, d}, nullptr); }
std::string to_html(const decision& d, const rule_catalogue& rules, const recourse_plan* plan)
{
    return html_report(words{&rules, d}, plan);
}

}  // namespace hallmark
