// SPDX-License-Identifier: Apache-2.0
// The expert's report: the decision, the criteria by area, what to improve, and the
// cluster among its peers. HTML draws the spread of each area as an inline SVG box plot;
// Markdown gives the same numbers as tables. Every number is a decimal: same bytes always.
#include <hallmark/limits.hpp>
#include <hallmark/portfolio.hpp>

#include "report/report_page.hpp"
#include "report/report_table.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace hallmark {
namespace {

using report::table;

std::string opt(const std::optional<decimal>& d, const std::string& unit = {})
{
    if (!d) return "-";
    return d->to_string() + (unit.empty() ? "" : unit == "%" ? "%" : " " + unit);
}

// What a criterion asks, as written: its requirement, then its point tiers.
std::string threshold(const criterion_entry& c)
{
    std::vector<std::string> parts;
    if (c.requirement) parts.push_back("requires " + *c.requirement);
    std::vector<std::string> tiers;
    for (const auto& t : c.tiers) tiers.push_back(t.points.to_string() + (t.when ? " when " + *t.when : " otherwise"));
    if (!tiers.empty()) parts.push_back("points " + report::joined(tiers));
    return parts.empty() ? "-" : fmt::format("{}", fmt::join(parts, "; "));
}

struct area_section {
    std::string title;
    table criteria;
};

std::vector<area_section> criteria_by_area(const rule_catalogue& p, const decision& d)
{
    std::vector<area_section> out(p.areas.size() + 1);
    for (std::size_t a = 0; a < p.areas.size(); ++a)
        out[a].title = p.areas[a].title.empty() ? p.areas[a].id : p.areas[a].title;
    out.back().title = "Other criteria";
    for (std::size_t i = 0; i < d.criteria.size() && i < p.criteria.size(); ++i) {
        const auto& c = d.criteria[i];
        std::vector<std::string> vals;
        for (const auto& v : c.values) vals.push_back(v.indicator + " = " + report::value_text(v));
        const auto area = p.criteria[i].area;
        auto& section = area ? out[*area] : out.back();
        if (section.criteria.head.empty())
            section.criteria.head = {"criterion", "outcome", "values", "threshold", "points"};
        section.criteria.rows.push_back({c.id + (c.title.empty() ? "" : " " + c.title), to_string(c.result),
                                         report::joined(vals, "-"), threshold(p.criteria[i]),
                                         c.points ? c.points->to_string() : "-"});
    }
    std::erase_if(out, [](const area_section& s) { return s.criteria.rows.empty(); });
    return out;
}

std::vector<std::string> improvements(const decision& d)
{
    std::vector<std::string> out;
    for (const auto& c : d.criteria)
        if (c.result != outcome::met && !c.advice.empty())
            out.push_back(c.id + (c.title.empty() ? "" : " " + c.title) + " (" + to_string(c.result) +
                          "): " + c.advice);
    return out;
}

std::string group_heading(const peer_statistics& s)
{
    const char* what = s.group == peer_group::portfolio ? "portfolio" : "country";
    if (s.name.empty()) return fmt::format("Among peers of the same {}", what);
    return fmt::format("Among peers of the same {}: {} ({} peer{})", what, s.name, s.peers, s.peers == 1 ? "" : "s");
}

// Why there are no quartiles, or nothing.
std::string too_few(const peer_statistics& s)
{
    if (s.name.empty())
        return "The assessment names no " + std::string(s.group == peer_group::portfolio ? "portfolio" : "country") +
               ", so there are no peers to compare with.";
    if (s.peers == 0) return "No peers in this group.";
    if (s.peers < limits::min_peers_for_quartiles)
        return fmt::format(
            "Only {} peer{} in this group: too few for quartiles and percentiles (at least {} are needed).", s.peers,
            s.peers == 1 ? "" : "s", limits::min_peers_for_quartiles);
    return {};
}

table standings_table(const std::vector<standing>& items, const char* first)
{
    table t{{first, "cluster", "peers", "min", "Q1", "median", "Q3", "max", "percentile"}, {}};
    for (const auto& s : items)
        t.rows.push_back({s.title.empty() || first == std::string("indicator") ? s.id : s.title, opt(s.value, s.unit),
                          std::to_string(s.peers.count), opt(s.peers.min), opt(s.peers.q1), opt(s.peers.median),
                          opt(s.peers.q3), opt(s.peers.max), s.percentile ? s.percentile->to_string() : "-"});
    return t;
}

// x position of a percentage on a 400-pixel axis starting at 40.
std::string x_of(const decimal& percent)
{
    const auto clamped = std::clamp(percent, decimal{}, decimal::from_int(100));
    return (decimal::from_int(40) + clamped * decimal::from_int(4)).round(1).to_string();
}

// One area: whiskers min-max, box Q1-Q3, median line, the cluster as a dot.
std::string area_chart(const standing& s)
{
    std::string svg = fmt::format(
        "<svg class=\"chart\" data-area=\"{}\" width=\"480\" height=\"60\" viewBox=\"0 0 480 60\" role=\"img\" "
        "aria-label=\"{}: cluster {} against peers\">\n",
        report::html_escape(s.id), report::html_escape(s.title.empty() ? s.id : s.title), opt(s.value, s.unit));
    svg += "<line x1=\"40\" y1=\"30\" x2=\"440\" y2=\"30\" class=\"axis\"/>\n";
    svg += fmt::format("<text x=\"40\" y=\"10\" class=\"caption\">cluster {} · peers' median {} · {} peer{}{}</text>\n",
                       opt(s.value, s.unit), opt(s.peers.median, s.unit), s.peers.count, s.peers.count == 1 ? "" : "s",
                       s.percentile ? " · percentile " + s.percentile->to_string() : "");
    for (int tick = 0; tick <= 100; tick += 25)
        svg += fmt::format("<text x=\"{}\" y=\"56\" class=\"tick\">{}%</text>\n", x_of(decimal::from_int(tick)), tick);
    const auto& p = s.peers;
    if (p.q1 && p.q3 && p.median && p.min && p.max) {
        svg += fmt::format("<line x1=\"{}\" y1=\"30\" x2=\"{}\" y2=\"30\" class=\"whisker\"/>\n", x_of(*p.min),
                           x_of(*p.max));
        svg += fmt::format("<rect x=\"{}\" y=\"18\" width=\"{}\" height=\"24\" class=\"box\"/>\n", x_of(*p.q1),
                           ((*p.q3 - *p.q1) * decimal::from_int(4)).round(1).to_string());
        svg += fmt::format("<line x1=\"{0}\" y1=\"16\" x2=\"{0}\" y2=\"44\" class=\"median\"/>\n", x_of(*p.median));
    }
    if (s.value) svg += fmt::format("<circle cx=\"{}\" cy=\"30\" r=\"6\" class=\"cluster\"/>\n", x_of(*s.value));
    return svg + "</svg>\n";
}

std::string html_outcome_table(const table& t)
{
    // The outcome column carries its class so met / not met read at a glance.
    std::string out = "<table>\n<thead><tr>";
    for (const auto& h : t.head) out += "<th>" + report::html_escape(h) + "</th>";
    out += "</tr></thead>\n<tbody>\n";
    for (const auto& r : t.rows) {
        out += "<tr>";
        for (std::size_t c = 0; c < r.size(); ++c)
            out += (c == 1 ? "<td class=\"" + r[c] + "\">" : "<td>") + report::html_escape(r[c]) + "</td>";
        out += "</tr>\n";
    }
    return out + "</tbody>\n</table>\n";
}

std::string html_peers(const peer_statistics& s)
{
    std::string out = "<h2>" + report::html_escape(group_heading(s)) + "</h2>\n";
    if (const auto note = too_few(s); !note.empty())
        return out + "<p class=\"note\">" + report::html_escape(note) + "</p>\n";
    out += "<p>Each chart shows the share of an area's points: the peers' range (line), middle half (box) and "
           "median (bar), and this cluster (dot).</p>\n";
    for (const auto& a : s.areas)
        out += "<h3>" + report::html_escape(a.title.empty() ? a.id : a.title) + "</h3>\n" + area_chart(a) +
               (a.value ? "" : "<p class=\"note\">The cluster's points in this area could not all be decided.</p>\n");
    out += "<h3>Indicators</h3>\n" + report::html_table(standings_table(s.indicators, "indicator"));
    return out;
}

std::string md_peers(const peer_statistics& s)
{
    std::string out = "## " + report::md_text(group_heading(s)) + "\n\n";
    if (const auto note = too_few(s); !note.empty()) return out + "_" + report::md_text(note) + "_\n\n";
    out += "Areas: the share of each area's points earned.\n\n" + report::md_table(standings_table(s.areas, "area"));
    out += "\nIndicators:\n\n" + report::md_table(standings_table(s.indicators, "indicator")) + "\n";
    return out;
}

// "LITEK (LTU-LITEK)", "LTU-LITEK" or "a cluster".
std::string cluster_name(const std::string& cluster_json)
{
    const auto j = nlohmann::json::parse(cluster_json, nullptr, false);
    auto get = [&](const char* k) {
        return j.is_object() && j.contains(k) && j[k].is_string() ? j[k].get<std::string>() : "";
    };
    const auto name = get("name"), id = get("id");
    if (!name.empty() && !id.empty()) return name + " (" + id + ")";
    if (!name.empty() || !id.empty()) return name + id;
    return "a cluster";
}

std::string title_of(const decision& d)
{
    return fmt::format("{} {}: assessment of {} on {}", d.methodology, d.version, cluster_name(d.cluster_json),
                       d.assessed_on.to_string());
}

}  // namespace

std::string portfolio_report(const rule_set& rules, const decision& d, const peer_statistics& by_portfolio,
                             const peer_statistics& by_country, const std::string& format)
{
    const auto areas = criteria_by_area(rules.catalogue(), d);
    const auto improve = improvements(d);
    const auto footer =
        fmt::format("{}; rules SHA-256 {}; input SHA-256 {}.", d.engine, d.rules_sha256, d.input_sha256);
    if (format == "md") {
        std::string out = "# " + report::md_text(title_of(d)) + "\n\n" + report::decision_line(d) + "\n\n";
        if (d.next_label) out += report::md_text(report::next_line(d)) + "\n\n";
        // The summary first (what to improve, where the cluster stands), the details last.
        if (!improve.empty()) out += "## What to improve\n\n";
        for (const auto& i : improve) out += "- " + report::md_text(i) + "\n";
        if (!improve.empty()) out += "\n";
        out += md_peers(by_portfolio) + md_peers(by_country);
        out += "## Criteria by area\n\n";
        for (const auto& a : areas)
            out += "### " + report::md_text(a.title) + "\n\n" + report::md_table(a.criteria) + "\n";
        return out + "---\n" + footer + "\n";
    }
    std::string out = "<h1>" + report::html_escape(title_of(d)) + "</h1>\n";
    out += "<p class=\"decision\">" + report::html_decision_line(d) + "</p>\n";
    if (d.next_label) out += "<p>" + report::html_escape(report::next_line(d)) + "</p>\n";
    if (!improve.empty()) out += "<h2>What to improve</h2>\n<ul>\n";
    for (const auto& i : improve) out += "<li>" + report::html_escape(i) + "</li>\n";
    if (!improve.empty()) out += "</ul>\n";
    out += html_peers(by_portfolio) + html_peers(by_country);
    out += "<h2>Criteria by area</h2>\n";
    for (const auto& a : areas)
        out += "<h3>" + report::html_escape(a.title) + "</h3>\n" + html_outcome_table(a.criteria);
    out += "<footer>" + report::html_escape(footer) + "</footer>\n";
    return report::html_page(title_of(d), out);
}

}  // namespace hallmark
