// SPDX-License-Identifier: Apache-2.0
// One record for an auditor: what was recorded, who overrode it, and for each
// criterion the line of the stored rule source that declares it.

#include "report/report_page.hpp"
#include "report/report_table.hpp"
#include <hallmark/text.hpp>

#include <hallmark/decision_log.hpp>

#include <fmt/format.h>

namespace hallmark {
namespace {

using report::table;

// The decision again, from the stored input and rules, when it reproduces the
// recorded bytes: only then may its titles and advice stand for the record.
struct replayed {
    std::optional<decision> d;
    std::optional<rule_set> rules;
    std::string why_not;
};

replayed reproduce(const decision_log& log, const log_record& r)
{
    replayed out;
    auto compiled = rules_of(log, r);
    auto input = read_assessment(r.input, "recorded input");
    if (!compiled.ok() || !input.ok()) {
        out.why_not = "the stored rules or input cannot be read by this engine";
        return out;
    }
    auto result = compiled->evaluate(input.value());
    if (result.ok() && to_json(result.value()) == r.decision) {
        out.d = std::move(result).value();
        out.rules = compiled.value();
    } else {
        out.why_not = "this engine does not reproduce the recorded decision byte for byte (see hallmark replay)";
    }
    return out;
}

// The declaration at `at`: its first line and the indented lines that continue it
// (requires, points, advice), with the file's own indentation kept.
std::vector<std::string> declaration_lines(const rule_set& rules, const source_location& at)
{
    constexpr std::size_t max_lines = 12;
    std::vector<std::string> out;
    for (const auto& f : rules.files()) {
        if (f.path != at.file) continue;
        std::size_t start = 0;
        for (std::size_t line = 1; line < at.line && start != std::string::npos; ++line) {
            start = f.text.find('\n', start);
            if (start != std::string::npos) ++start;
        }
        while (start != std::string::npos && start < f.text.size() && out.size() < max_lines) {
            const auto end = f.text.find('\n', start);
            auto text = f.text.substr(start, end == std::string::npos ? std::string::npos : end - start);
            const bool continues = !text.empty() && (text[0] == ' ' || text[0] == '\t');
            if (!out.empty() && !continues) break;
            out.push_back(text.substr(0, text.find_last_not_of(" \t\r") + 1));
            start = end == std::string::npos ? end : end + 1;
        }
    }
    return out;
}

std::string decided_by(const rule_set& rules, const std::string& criterion)
{
    const auto at = rules.criterion_location(criterion);
    if (!at) return {};
    std::string out = fmt::format("{}:{}:", at->file, at->line);
    for (const auto& line : declaration_lines(rules, *at)) out += "\n" + line;
    return out;
}

// A field from input, on one line of its table.
std::string cell(std::string_view text) { return escape_control(text); }

// The validity an override grants, for its table row: a date, "-" (none), or why not.
std::string granted_text(const decision_log& log, const log_record& o)
{
    const auto g = validity_granted(log, o);
    if (!g.error.empty()) return cell("cannot be computed: " + g.error);
    return g.valid_until.value_or("-");
}

table metadata(const decision_log& log, const log_record& r)
{
    table t{{"field", "value"}, {}};
    t.rows.push_back({"record", std::to_string(r.id)});
    t.rows.push_back({"kind", r.kind});
    t.rows.push_back({"recorded at", r.recorded_at});
    t.rows.push_back({"expert", cell(r.expert.value_or("-"))});
    if (r.kind == "override") {
        t.rows.push_back({"overrides record", std::to_string(r.overrides)});
        t.rows.push_back({"label decided", cell(r.label.value_or("no label"))});
        t.rows.push_back({"valid until", granted_text(log, r)});
        t.rows.push_back({"justification", cell(r.justification)});
    } else {
        t.rows.push_back({"cluster", r.cluster_id.empty() ? "-" : cell(r.cluster_id)});
        t.rows.push_back({"assessed on", r.assessed_on});
        t.rows.push_back({"methodology", fmt::format("{} {}", r.methodology, r.version)});
        t.rows.push_back({"rules SHA-256", r.rules_sha256});
        for (const auto& s : r.sources)
            t.rows.push_back({"rule source", cell(fmt::format("{} ({})", s.path, s.sha256))});
        t.rows.push_back({"input SHA-256", sha256_hex(r.input)});
        t.rows.push_back({"engine", r.engine});
    }
    t.rows.push_back({"previous hash", r.prev});
    t.rows.push_back({"hash", r.hash});
    return t;
}

table overrides_table(const decision_log& log, const std::vector<log_record>& overrides)
{
    table t{{"record", "recorded at", "expert", "label decided", "valid until", "justification"}, {}};
    for (const auto& o : overrides)
        t.rows.push_back({std::to_string(o.id), o.recorded_at, cell(o.expert.value_or("-")),
                          cell(o.label.value_or("no label")), granted_text(log, o), cell(o.justification)});
    return t;
}

table criteria_with_rules(const decision& d, const rule_set& rules)
{
    auto t = report::criteria_table(report::words{&rules.catalogue(), d});
    t.head.push_back("decided by");
    for (std::size_t i = 0; i < d.criteria.size(); ++i) t.rows[i].push_back(decided_by(rules, d.criteria[i].id));
    return t;
}

std::string text_table(const table& t)
{
    std::vector<std::size_t> width(t.head.size());
    for (std::size_t c = 0; c + 1 < t.head.size(); ++c) {
        width[c] = t.head[c].size();
        for (const auto& r : t.rows) width[c] = std::max(width[c], r[c].size());
    }
    std::string out;
    auto row = [&](const std::vector<std::string>& cells) {
        std::string line = " ";
        for (std::size_t c = 0; c < cells.size(); ++c) line += fmt::format(" {:<{}}", cells[c], width[c]);
        out += line.substr(0, line.find_last_not_of(' ') + 1) + "\n";
    };
    row(t.head);
    for (const auto& r : t.rows) row(r);
    return out;
}

// The parts of a view; each format lays them out its own way.
struct view {
    std::string title;
    table meta;
    std::optional<table> overrides;
    std::string decision_line, html_decision_line, next_line, note, recorded_json;
    std::optional<table> labels, points, criteria;
};

view build(const decision_log& log, const log_record& r)
{
    view v;
    v.meta = metadata(log, r);
    if (r.kind == "override") {
        v.title = fmt::format("Record {}: override of decision record {}", r.id, r.overrides);
        return v;
    }
    v.title = fmt::format("Record {}: {} {} decision for {}, assessed on {}", r.id, r.methodology, r.version,
                          r.cluster_id.empty() ? "a cluster" : r.cluster_id, r.assessed_on);
    if (auto o = log.overrides_of(r.id); !o.empty()) v.overrides = overrides_table(log, o);
    auto again = reproduce(log, r);
    if (!again.d) {
        v.note = again.why_not + ". The decision as recorded:";
        v.recorded_json = r.decision;
        return v;
    }
    const auto& d = *again.d;
    v.decision_line = report::decision_line(d);
    v.html_decision_line = report::html_decision_line(d);
    const report::words w{&again.rules->catalogue(), d};
    v.next_line = w.next_line();
    v.labels = report::labels_table(w);
    if (!d.points.empty()) v.points = report::points_table(d);
    v.criteria = criteria_with_rules(d, *again.rules);
    return v;
}

std::string plain(std::string s)
{
    for (auto at = s.find("**"); at != std::string::npos; at = s.find("**")) s.erase(at, 2);
    return s;
}

std::string as_text(const view& v)
{
    std::string out = v.title + "\n\n" + text_table(v.meta);
    if (v.overrides) out += "\nOverridden by:\n" + text_table(*v.overrides);
    if (!v.note.empty()) out += "\n" + v.note + "\n" + v.recorded_json;
    if (!v.decision_line.empty()) out += "\nDecision: " + plain(v.decision_line) + "\n";
    if (!v.next_line.empty()) out += v.next_line + "\n";
    if (v.labels) out += "\nLabels:\n" + text_table(*v.labels);
    if (v.points) out += "\nPoints:\n" + text_table(*v.points);
    if (v.criteria) {
        out += "\nCriteria:\n";
        for (const auto& row : v.criteria->rows) {
            out += fmt::format("  {:<12} {:<15} {}\n", row[0], row[2], row[4] == "-" ? "" : "[" + row[4] + "]");
            if (row[6].empty()) continue;
            const auto first = row[6].find('\n');
            out += fmt::format("  {:<12} decided by {}\n", "", row[6].substr(0, first));
            for (auto at = first; at != std::string::npos;) {
                const auto next = row[6].find('\n', at + 1);
                out += fmt::format("  {:<14} {}\n", "",
                                   row[6].substr(at + 1, next == std::string::npos ? next : next - at - 1));
                at = next;
            }
        }
    }
    return out;
}

std::string as_markdown(const view& v)
{
    std::string out = "# " + report::md_text(v.title) + "\n\n" + report::md_table(v.meta);
    if (v.overrides) out += "\n## Overridden by\n\n" + report::md_table(*v.overrides);
    if (!v.note.empty()) out += "\n" + report::md_text(v.note) + "\n\n```json\n" + v.recorded_json + "```\n";
    if (!v.decision_line.empty()) out += "\n## Decision\n\n" + v.decision_line + "\n";
    if (!v.next_line.empty()) out += "\n" + report::md_text(v.next_line) + "\n";
    if (v.labels) out += "\n## Labels\n\n" + report::md_table(*v.labels);
    if (v.points) out += "\n## Points\n\n" + report::md_table(*v.points);
    if (v.criteria) out += "\n## Criteria\n\n" + report::md_table(*v.criteria);
    return out;
}

std::string as_html(const view& v)
{
    std::string out = "<h1>" + report::html_escape(v.title) + "</h1>\n" + report::html_table(v.meta);
    if (v.overrides) out += "<h2>Overridden by</h2>\n" + report::html_table(*v.overrides);
    if (!v.note.empty())
        out += "<p>" + report::html_escape(v.note) + "</p>\n<pre>" + report::html_escape(v.recorded_json) + "</pre>\n";
    if (!v.decision_line.empty()) out += "<h2>Decision</h2>\n<p>" + v.html_decision_line + "</p>\n";
    if (!v.next_line.empty()) out += "<p>" + report::html_escape(v.next_line) + "</p>\n";
    if (v.labels) out += "<h2>Labels</h2>\n" + report::html_table(*v.labels);
    if (v.points) out += "<h2>Points</h2>\n" + report::html_table(*v.points);
    if (v.criteria) out += "<h2>Criteria</h2>\n" + report::html_table(*v.criteria);
    return out;
}

// A record that does not hash to its stored hash is not what was recorded: that is said
// before anything of it, in every format.
std::string altered_warnings(const std::vector<log_record>& shown, const std::string& format)
{
    std::string out;
    for (const auto& rec : shown) {
        if (hash_of(rec) == rec.hash) continue;
        const auto warning = fmt::format("WARNING: record {} does not match its hash: it was altered after it was "
                                         "recorded, and what follows is not what was recorded (run hallmark verify).",
                                         rec.id);
        out += format == "html" ? "<p><strong>" + warning + "</strong></p>\n" : warning + "\n";
    }
    return out;
}

}  // namespace

std::string show_record(const decision_log& log, std::int64_t id, const std::string& format)
{
    auto readable = [&](std::int64_t at) {
        auto r = log.find(at);
        if (!r) throw log_error(fmt::format("the log '{}' has no record {}", log.path(), at));
        if (r->kind != "decision" && r->kind != "override")
            throw log_error(fmt::format("record {} of '{}' cannot be read; run hallmark verify", at, log.path()));
        return *r;
    };
    const auto r = readable(id);
    // An override is shown with the decision it overrides.
    std::vector<view> views{build(log, r)};
    if (r.kind == "override") views.push_back(build(log, readable(r.overrides)));
    std::string out =
        altered_warnings(r.kind == "override" ? std::vector{r, readable(r.overrides)} : std::vector{r}, format);
    const bool warned = !out.empty();
    if (warned && format != "html") out += "\n";
    for (std::size_t i = 0; i < views.size(); ++i) {
        const auto& v = views[i];
        if (i > 0) out += format == "html" ? "<hr>\n" : "\n";
        out += format == "md" ? as_markdown(v) : format == "html" ? as_html(v) : as_text(v);
    }
    // Control characters from input never reach a terminal raw, in any format; newlines
    // inside a field were escaped with the field (see `cell`).
    if (format != "html") return escape_control(out, true);
    // The page's title, the first thing a browser or a reader of the source shows, too.
    const auto title = (warned ? "ALTERED: " : "") + views.front().title;
    return escape_control(report::html_page(title, out), true);
}

}  // namespace hallmark
