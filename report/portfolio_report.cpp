// SPDX-License-Identifier: Apache-2.0
// The expert's report: the decision, the criteria by area, what to improve, and the
// cluster among its peers, in the words of the rules (titles and questions, not ids).
// HTML draws the spread of each area as an inline SVG box plot; Markdown gives the same
// numbers as tables. Every number is a decimal: same bytes always.
#include <hallmark/limits.hpp>
#include <hallmark/portfolio.hpp>

#include "report/plan_section.hpp"
#include "report/report_page.hpp"
#include "report/report_table.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>

namespace hallmark {
namespace {

using report::table;

using report::with_unit;
using report::words;

std::string opt(const std::optional<decimal>& d, const std::string& unit = {}) { return d ? with_unit(*d, unit) : "-"; }

// Rounded half to even to `places` fractional digits (decimal::round rounds half away).
decimal round_half_even(const decimal& d, int places)
{
    if (d.places() <= places) return d;
    auto r = d.round(places);
    const auto half = decimal::from_scaled(5, places + 1);
    if ((r - d).abs() == half) {
        bool inexact = false;
        const auto scaled = r.floor_scaled(places, inexact);
        if (scaled && *scaled % 2 != 0)
            r = r - (d.is_negative() ? -decimal::from_scaled(1, places) : decimal::from_scaled(1, places));
    }
    return r;
}

// The most fractional digits of the numbers written in `text` (a requirement or tier as
// written); identifiers such as Q4_7 are skipped.
int constant_places(const std::string& text)
{
    int places = 0;
    for (std::size_t i = 0; i < text.size();) {
        const auto c = static_cast<unsigned char>(text[i]);
        const bool starts =
            std::isdigit(c) != 0 && (i == 0 || !(std::isalnum(static_cast<unsigned char>(text[i - 1])) != 0 ||
                                                 text[i - 1] == '_' || text[i - 1] == '.'));
        if (!starts) {
            ++i;
            continue;
        }
        std::size_t j = i;
        while (j < text.size() && (std::isdigit(static_cast<unsigned char>(text[j])) != 0 || text[j] == '.')) ++j;
        if (const auto n = decimal::parse(text.substr(i, j - i))) places = std::max(places, n->places());
        i = j;
    }
    return places;
}

// The fractional digits a measure is shown with: as many as the cluster's value, the
// peers' extremes and the constants of the criteria that read it.
int places(const words& w, const standing& s)
{
    int p = 0;
    for (const auto& x : {s.value, s.peers.min, s.peers.max})
        if (x) p = std::max(p, x->places());
    const auto* i = w.rules->find_indicator(s.id);
    if (!i) return std::max(p, 1);  // an area's score: one decimal
    const auto index = static_cast<std::size_t>(i - w.rules->indicators.data());
    for (const auto& c : w.rules->criteria) {
        if (std::find(c.inputs.begin(), c.inputs.end(), index) == c.inputs.end()) continue;
        if (c.requirement) p = std::max(p, constant_places(*c.requirement));
        if (c.gold) p = std::max(p, constant_places(*c.gold));
        for (const auto& t : c.tiers)
            if (t.when) p = std::max(p, constant_places(*t.when));
    }
    return p;
}

std::string criterion_heading(const criterion_result& c) { return c.id + (c.title.empty() ? "" : " " + c.title); }

// The CSS class of an outcome.
const char* outcome_class(outcome o)
{
    return o == outcome::met ? "met" : o == outcome::not_met ? "not_met" : "not_assessable";
}

struct area_section {
    std::string title;
    table criteria;
    std::vector<outcome> outcomes;  // per row, for the HTML classes
};

std::vector<area_section> criteria_by_area(const words& w)
{
    const auto& p = *w.rules;
    const auto& d = w.d;
    std::vector<area_section> out(p.areas.size() + 1);
    for (std::size_t a = 0; a < p.areas.size(); ++a)
        out[a].title = p.areas[a].title.empty() ? p.areas[a].id : p.areas[a].title;
    out.back().title = "Other criteria";
    for (std::size_t i = 0; i < d.criteria.size() && i < p.criteria.size(); ++i) {
        const auto& c = d.criteria[i];
        // The answers it read; a criterion that reads a whole area (`complete(area)`) says
        // how many were given: the indicator tables list them.
        std::vector<std::string> vals;
        for (const auto& v : c.values) vals.push_back(w.value(v));
        if (vals.size() > 4) {
            const auto given = std::count_if(c.values.begin(), c.values.end(),
                                             [](const reported_value& v) { return v.text || v.is_set; });
            vals = {fmt::format("{} of {} questions answered", given, c.values.size())};
        }
        const auto area = p.criteria[i].area;
        auto& section = area ? out[*area] : out.back();
        // What it takes in the rule file's words (its advice), not its expressions: the
        // cluster manager reads this table.
        if (section.criteria.head.empty())
            section.criteria.head = {"criterion", "outcome", "answers", "points", "what it takes"};
        std::string points = "-";
        if (c.points) points = c.points->to_string() + " of " + p.criteria[i].max_points.to_string();
        section.criteria.rows.push_back({criterion_heading(c), report::criterion_outcome(c, w.namer()),
                                         vals.empty() ? "-" : fmt::format("{}", fmt::join(vals, "; ")), points,
                                         c.advice.empty() ? "-" : c.advice});
        section.outcomes.push_back(c.result);
    }
    std::erase_if(out, [](const area_section& s) { return s.criteria.rows.empty(); });
    return out;
}

// ---- What to improve ---------------------------------------------------------------

// Whether a label's requirement reads a criterion, directly or through a group.
bool needs(const label_entry& l, std::size_t criterion)
{
    return std::binary_search(l.criteria.begin(), l.criteria.end(), criterion);
}

struct improvement {
    std::size_t criterion;
    decimal at_stake;
};

struct improvement_plan {
    std::string next_title;               // the next label up; empty when none
    std::vector<improvement> next;        // what it needs
    std::vector<std::string> next_other;  // its requirements that are no criterion, as written
    std::vector<improvement> rest;        // by points at stake
    std::string best_title;               // the best label, when it has items of its own
    std::vector<improvement> best_only;   // what only the best label needs
};

improvement_plan improvements(const words& w)
{
    const auto& p = *w.rules;
    const auto& d = w.d;
    improvement_plan out;
    const label_entry* next = d.next_label ? p.find_label(*d.next_label) : nullptr;
    const label_entry* best = p.labels.empty() ? nullptr : &p.labels.front();
    if (next) out.next_title = w.label(next->id);
    if (best && best != next) out.best_title = w.label(best->id);
    for (std::size_t i = 0; i < d.criteria.size() && i < p.criteria.size(); ++i) {
        const auto& c = d.criteria[i];
        if (c.result == outcome::met) continue;
        improvement item{i, p.criteria[i].max_points - c.points.value_or(decimal{})};
        bool other_label = false;
        for (const auto& l : p.labels)
            if (&l != best && needs(l, i)) other_label = true;
        if (next && needs(*next, i)) out.next.push_back(item);
        else if (best && best != next && needs(*best, i) && !other_label) out.best_only.push_back(item);
        else out.rest.push_back(item);
    }
    if (next)
        for (const auto& m : d.next_missing)
            if (!p.find_criterion(m)) out.next_other.push_back(m);
    auto by_stake = [](const improvement& a, const improvement& b) { return a.at_stake > b.at_stake; };
    std::stable_sort(out.next.begin(), out.next.end(), by_stake);
    std::stable_sort(out.rest.begin(), out.rest.end(), by_stake);
    std::stable_sort(out.best_only.begin(), out.best_only.end(), by_stake);
    return out;
}

struct improvement_line {
    std::string name, outcome, stake, advice;
};

improvement_line line_of(const words& w, const improvement& i)
{
    const auto& c = w.d.criteria[i.criterion];
    improvement_line l{criterion_heading(c), report::criterion_outcome(c, w.namer()), {}, c.advice};
    if (!i.at_stake.is_zero())
        l.stake = i.at_stake.to_string() + " point" + (i.at_stake == decimal::from_int(1) ? "" : "s") + " at stake";
    return l;
}

std::string md_improvements(const words& w, const improvement_plan& plan, const recourse_plan& recourse)
{
    auto items = [&](const std::vector<improvement>& list) {
        std::string out;
        for (const auto& i : list) {
            const auto l = line_of(w, i);
            out += "- **" + report::md_text(l.name) + "** (" + report::md_text(l.outcome) +
                   (l.stake.empty() ? "" : "; " + l.stake) + ")" +
                   (l.advice.empty() ? "" : ": " + report::md_text(l.advice)) + "\n";
        }
        return out + "\n";
    };
    const auto opening = report::md_plan(w, recourse);
    if (opening.empty() && plan.next.empty() && plan.next_other.empty() && plan.rest.empty() && plan.best_only.empty())
        return {};
    std::string out = "## What to improve\n\n" + opening;
    if (!plan.next.empty() || !plan.next_other.empty()) {
        out += "### What " + report::md_text(plan.next_title) + " needs, criterion by criterion\n\n";
        out += items(plan.next);
        if (!plan.next_other.empty()) {
            out += "It also requires:\n\n";
            for (const auto& o : plan.next_other) {
                const auto said = w.requirement_part(*w.d.next_label, o);
                out += said == o ? "- `" + o + "`\n" : "- " + report::md_text(said) + "\n";
            }
            out += "\n";
        }
    }
    if (!plan.rest.empty())
        out += "### Then: other criteria not met, most points at stake first\n\n" + items(plan.rest);
    if (!plan.best_only.empty())
        out += "### Only for " + report::md_text(plan.best_title) + "\n\n" + items(plan.best_only);
    return out;
}

std::string html_improvements(const words& w, const improvement_plan& plan, const recourse_plan& recourse)
{
    auto items = [&](const std::vector<improvement>& list) {
        std::string out = "<ul>\n";
        for (const auto& i : list) {
            const auto l = line_of(w, i);
            out += "<li><strong>" + report::html_escape(l.name) + "</strong> (<span class=\"" +
                   outcome_class(w.d.criteria[i.criterion].result) + "\">" + report::html_escape(l.outcome) +
                   "</span>" + (l.stake.empty() ? "" : "; " + report::html_escape(l.stake)) + ")" +
                   (l.advice.empty() ? "" : ": " + report::html_escape(l.advice)) + "</li>\n";
        }
        return out + "</ul>\n";
    };
    const auto opening = report::html_plan(w, recourse);
    if (opening.empty() && plan.next.empty() && plan.next_other.empty() && plan.rest.empty() && plan.best_only.empty())
        return {};
    std::string out = "<section class=\"improve\">\n<h2>What to improve</h2>\n" + opening;
    if (!plan.next.empty() || !plan.next_other.empty()) {
        out += "<h3>What " + report::html_escape(plan.next_title) + " needs, criterion by criterion</h3>\n";
        if (!plan.next.empty()) out += items(plan.next);
        if (!plan.next_other.empty()) {
            out += "<p>It also requires:</p>\n<ul>\n";
            for (const auto& o : plan.next_other) {
                const auto said = w.requirement_part(*w.d.next_label, o);
                out += said == o ? "<li><code>" + report::html_escape(o) + "</code></li>\n"
                                 : "<li>" + report::html_escape(said) + "</li>\n";
            }
            out += "</ul>\n";
        }
    }
    if (!plan.rest.empty())
        out += "<h3>Then: other criteria not met, most points at stake first</h3>\n" + items(plan.rest);
    if (!plan.best_only.empty())
        out += "<h3>Only for " + report::html_escape(plan.best_title) + "</h3>\n" + items(plan.best_only);
    return out + "</section>\n";
}

// ---- Peers ------------------------------------------------------------------------

const char* group_word(const peer_statistics& s) { return s.group == peer_group::portfolio ? "portfolio" : "country"; }

std::string group_heading(const peer_statistics& s)
{
    if (s.name.empty()) return fmt::format("Among peers of the same {}", group_word(s));
    return fmt::format("Among peers of the same {}: {} ({} peer{})", group_word(s), s.name, s.peers,
                       s.peers == 1 ? "" : "s");
}

// Why there are no quartiles, or nothing.
std::string too_few(const peer_statistics& s)
{
    if (s.name.empty())
        return "The assessment names no " + std::string(group_word(s)) + ", so there are no peers to compare with.";
    if (s.peers == 0) return "No peers in this group.";
    if (s.peers < limits::min_peers_for_quartiles)
        return fmt::format(
            "Only {} peer{} in this group: too few for quartiles and percentiles (at least {} are needed).", s.peers,
            s.peers == 1 ? "" : "s", limits::min_peers_for_quartiles);
    return {};
}

// A standing with its quartiles at the precision of the measure (see words::places).
standing at_precision(const words& w, standing s)
{
    const int places = hallmark::places(w, s);
    for (auto* q : {&s.peers.q1, &s.peers.median, &s.peers.q3})
        if (*q) *q = round_half_even(**q, places);
    return s;
}

table standings_table(const words& w, const std::vector<standing>& items, bool indicators)
{
    table t{
        {indicators ? "indicator" : "area", "cluster", "peers", "min", "Q1", "median", "Q3", "max", "percentile rank"},
        {}};
    for (const auto& raw : items) {
        const auto s = at_precision(w, raw);
        const auto name = indicators ? w.indicator(s.id) : s.title.empty() ? s.id : s.title;
        t.rows.push_back({name, opt(s.value, s.unit), std::to_string(s.peers.count), opt(s.peers.min, s.unit),
                          opt(s.peers.q1, s.unit), opt(s.peers.median, s.unit), opt(s.peers.q3, s.unit),
                          opt(s.peers.max, s.unit), s.percentile ? s.percentile->to_string() : "-"});
    }
    return t;
}

// Chart geometry: a 640-pixel axis from x = 40 in a 720 x 80 view box; the SVG scales
// down with the page (style sheet: width 100 %, at most 720 px).
constexpr int axis_left = 40, axis_width = 640;

std::string x_of(const decimal& percent)
{
    const auto clamped = std::clamp(percent, decimal{}, decimal::from_int(100));
    return (decimal::from_int(axis_left) + clamped * decimal::from_scaled(64, 1)).round(1).to_string();
}

// One area: whiskers min-max, box Q1-Q3, median line, the cluster as a dot.
std::string area_chart(const standing& s)
{
    const auto title = s.title.empty() ? s.id : s.title;
    std::string svg = fmt::format(
        "<svg class=\"chart\" data-area=\"{}\" width=\"720\" height=\"80\" viewBox=\"0 0 720 80\" role=\"img\" "
        "aria-label=\"{}: cluster {} against peers\">\n",
        report::html_escape(s.id), report::html_escape(title), opt(s.value, s.unit));
    svg += fmt::format("<line x1=\"{0}\" y1=\"40\" x2=\"{1}\" y2=\"40\" class=\"axis\"/>\n", axis_left,
                       axis_left + axis_width);
    svg += fmt::format("<text x=\"{}\" y=\"14\" class=\"caption\">cluster {} · peers' median {}{}</text>\n", axis_left,
                       s.value ? with_unit(*s.value, s.unit) : "not decided", opt(s.peers.median, s.unit),
                       s.percentile ? " · percentile rank " + s.percentile->to_string() : "");
    for (int tick = 0; tick <= 100; tick += 25)
        svg += fmt::format("<text x=\"{}\" y=\"74\" class=\"tick\">{}%</text>\n", x_of(decimal::from_int(tick)), tick);
    const auto& p = s.peers;
    if (p.q1 && p.q3 && p.median && p.min && p.max) {
        svg += fmt::format("<line x1=\"{}\" y1=\"40\" x2=\"{}\" y2=\"40\" class=\"whisker\"/>\n", x_of(*p.min),
                           x_of(*p.max));
        svg += fmt::format("<rect x=\"{}\" y=\"26\" width=\"{}\" height=\"28\" class=\"box\"/>\n", x_of(*p.q1),
                           ((*p.q3 - *p.q1) * decimal::from_scaled(64, 1)).round(1).to_string());
        svg += fmt::format("<line x1=\"{0}\" y1=\"22\" x2=\"{0}\" y2=\"58\" class=\"median\"/>\n", x_of(*p.median));
    }
    if (s.value) svg += fmt::format("<circle cx=\"{}\" cy=\"40\" r=\"7\" class=\"cluster\"/>\n", x_of(*s.value));
    return svg + "</svg>\n";
}

// "Among 37 peers of the portfolio Micro, ...: range ..., middle half ..., median ..."
std::string chart_note(const peer_statistics& g, const standing& s)
{
    const auto& p = s.peers;
    std::string out = fmt::format("Among {} peer{} of the {} {} with a score in this area", p.count,
                                  p.count == 1 ? "" : "s", group_word(g), g.name);
    if (p.min && p.max) out += ": from " + opt(p.min, s.unit) + " to " + opt(p.max, s.unit);
    if (p.q1 && p.q3) out += ", middle half " + opt(p.q1, s.unit) + " to " + opt(p.q3, s.unit);
    if (p.median) out += ", median " + opt(p.median, s.unit);
    out += ".";
    if (s.value && s.percentile)
        out += fmt::format(" This cluster: {}, above {}% of them.", opt(s.value, s.unit), s.percentile->to_string());
    return out;
}

std::string html_outcome_table(const area_section& a)
{
    const auto& t = a.criteria;
    // The outcome column carries its class so met / not met read at a glance.
    std::string out = "<table>\n<thead><tr>";
    for (const auto& h : t.head) out += "<th>" + report::html_escape(h) + "</th>";
    out += "</tr></thead>\n<tbody>\n";
    for (std::size_t row = 0; row < t.rows.size(); ++row) {
        const auto& r = t.rows[row];
        out += "<tr>";
        for (std::size_t c = 0; c < r.size(); ++c)
            out += (c == 1 ? "<td class=\"" + std::string(outcome_class(a.outcomes[row])) + "\">" : "<td>") +
                   report::html_escape(r[c]) + "</td>";
        out += "</tr>\n";
    }
    return out + "</tbody>\n</table>\n";
}

std::string html_peers(const words& w, const peer_statistics& s)
{
    std::string out = "<section class=\"peers\">\n<h2>" + report::html_escape(group_heading(s)) + "</h2>\n";
    if (const auto note = too_few(s); !note.empty())
        return out + "<p class=\"note\">" + report::html_escape(note) + "</p>\n</section>\n";
    out += "<p>Each chart shows the share of an area's points: the peers' range (line), middle half (box) and "
           "median (bar), and this cluster (dot).</p>\n";
    for (const auto& raw : s.areas) {
        const auto a = at_precision(w, raw);
        out += "<figure>\n<h3>" + report::html_escape(a.title.empty() ? a.id : a.title) + "</h3>\n" + area_chart(a) +
               "<figcaption class=\"chart-note\">" + report::html_escape(chart_note(s, a)) + "</figcaption>\n" +
               (a.value ? "" : "<p class=\"note\">The cluster's points in this area could not all be decided.</p>\n") +
               "</figure>\n";
    }
    out += "<h3>Indicators</h3>\n" + report::html_table(standings_table(w, s.indicators, true), "numbers");
    return out + "</section>\n";
}

std::string md_peers(const words& w, const peer_statistics& s)
{
    std::string out = "## " + report::md_text(group_heading(s)) + "\n\n";
    if (const auto note = too_few(s); !note.empty()) return out + "_" + report::md_text(note) + "_\n\n";
    out += "Areas: the share of each area's points earned.\n\n" + report::md_table(standings_table(w, s.areas, false));
    out += "\nIndicators:\n\n" + report::md_table(standings_table(w, s.indicators, true)) + "\n";
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

std::string portfolio_report(const rule_set& rules, const decision& d, const recourse_plan& plan,
                             const peer_statistics& by_portfolio, const peer_statistics& by_country,
                             const std::string& format)
{
    const words w{&rules.catalogue(), d};
    const auto areas = criteria_by_area(w);
    const auto improve = improvements(w);
    const auto footer =
        fmt::format("{}; rules SHA-256 {}; input SHA-256 {}.", d.engine, d.rules_sha256, d.input_sha256);
    if (format == "md") {
        std::string out = "# " + report::md_text(title_of(d)) + "\n\n" + report::decision_line(d) + "\n\n";
        if (d.next_label) out += report::md_text(w.next_line()) + "\n\n";
        // The summary first (what to improve, where the cluster stands), the details last.
        out += md_improvements(w, improve, plan);
        out += md_peers(w, by_portfolio) + md_peers(w, by_country);
        out += "## Criteria by area\n\n";
        for (const auto& a : areas)
            out += "### " + report::md_text(a.title) + "\n\n" + report::md_table(a.criteria) + "\n";
        return out + "---\n" + footer + "\n";
    }
    std::string out = "<h1>" + report::html_escape(title_of(d)) + "</h1>\n";
    out += "<p class=\"decision\">" + report::html_decision_line(d) + "</p>\n";
    if (d.next_label) out += "<p>" + report::html_escape(w.next_line()) + "</p>\n";
    out += html_improvements(w, improve, plan);
    out += html_peers(w, by_portfolio) + html_peers(w, by_country);
    out += "<section class=\"criteria\">\n<h2>Criteria by area</h2>\n";
    for (const auto& a : areas) out += "<h3>" + report::html_escape(a.title) + "</h3>\n" + html_outcome_table(a);
    out += "</section>\n<footer>" + report::html_escape(footer) + "</footer>\n";
    return report::html_page(title_of(d), out);
}

}  // namespace hallmark
