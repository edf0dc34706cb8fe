// SPDX-License-Identifier: Apache-2.0
// diff: what a revision changes in the rules, and in the decisions of a corpus.
#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "cli/progress.hpp"

#include <hallmark/input_file.hpp>

#include <hallmark/hallmark.hpp>
#include <hallmark/rule_diff.hpp>

#include <hallmark/json_writer.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <map>

namespace hallmark::cli {
namespace {

const char* plural_kind(const std::string& k)
{
    if (k == "indicator") return "Indicators";
    if (k == "criterion") return "Criteria";
    if (k == "label") return "Labels";
    if (k == "group") return "Groups";
    if (k == "area") return "Areas";
    if (k == "let") return "Lets";
    if (k == "order") return "Label order";
    return "Methodology";
}

std::string change_text(const rule_change& c)
{
    if (c.change == "added") return fmt::format("  + {}  {}", c.id, c.after);
    if (c.change == "removed") return fmt::format("  - {}  (was: {})", c.id, c.before);
    if (c.field == "members" && !c.detail.empty()) return fmt::format("  ~ {} members: {}", c.id, c.detail);
    std::string out = fmt::format("  ~ {}{}: {} -> {}", c.id, c.id.empty() ? c.field : " " + c.field,
                                  c.before.empty() ? "(none)" : c.before, c.after.empty() ? "(none)" : c.after);
    if (!c.detail.empty()) out += "  [" + c.detail + "]";
    return out;
}

void print_changes(const rule_set& a, const rule_set& b, const std::vector<rule_change>& changes)
{
    std::cout << fmt::format("{} {} -> {} {}: {} change{}\n", a.name(), a.version(), b.name(), b.version(),
                             changes.size(), changes.size() == 1 ? "" : "s");
    std::string section;
    for (const auto& c : changes) {
        if (c.kind != section) std::cout << "\n" << plural_kind(section = c.kind) << ":\n";
        std::cout << change_text(c) << "\n";
    }
}

std::string label_or_none(const std::optional<std::string>& l) { return l.value_or("no label"); }

using transition = std::pair<std::string, std::string>;

// Where an assessment goes in the matrix: its label under the new version, or "not
// assessable" when an indicator new in it is absent.
transition transition_of(const decision_change& c)
{
    return {label_or_none(c.label_before),
            c.absent.empty() ? label_or_none(c.label_after) : std::string(corpus_diff::not_assessable)};
}

// The first `limit` assessments of each transition that changes label, in corpus order.
std::map<transition, std::vector<const decision_change*>> examples_of(const corpus_diff& d, std::size_t limit)
{
    std::map<transition, std::vector<const decision_change*>> out;
    for (const auto& c : d.changed)
        if (const auto t = transition_of(c); t.first != t.second) {
            auto& shown = out[t];
            if (shown.size() < limit) shown.push_back(&c);
        }
    return out;
}

std::size_t count_of(const corpus_diff& d, const transition& t)
{
    const auto it = d.transitions.find(t);
    return it == d.transitions.end() ? 0 : it->second;
}

// The transitions that change label, in the matrix's order (best labels first).
std::vector<std::pair<transition, std::size_t>> label_changes(const corpus_diff& d)
{
    std::vector<std::pair<transition, std::size_t>> out;
    for (const auto& from : d.labels_before)
        for (const auto& to : d.labels_after)
            if (const auto n = count_of(d, {from, to}); n != 0 && from != to) out.push_back({{from, to}, n});
    return out;
}

// Rows: labels under the old version; columns: under the new; with totals.
void print_matrix(const rule_set& a, const rule_set& b, const corpus_diff& d)
{
    std::size_t first = 5;  // "total"
    for (const auto& r : d.labels_before) first = std::max(first, r.size());
    auto columns = d.labels_after;
    columns.emplace_back("total");
    const auto digits = std::to_string(d.assessments).size();
    std::cout << fmt::format("\nLabel transitions (rows: label under {} {}; columns: under {} {}):\n  {:<{}}", a.name(),
                             a.version(), b.name(), b.version(), "", first);
    for (const auto& c : columns) std::cout << fmt::format("  {:>{}}", c, std::max(c.size(), digits));
    std::cout << "\n";
    std::vector<std::size_t> totals(columns.size());
    auto row = [&](const std::string& name, const std::vector<std::size_t>& counts) {
        std::cout << fmt::format("  {:<{}}", name, first);
        for (std::size_t i = 0; i < columns.size(); ++i)
            std::cout << fmt::format("  {:>{}}", counts[i], std::max(columns[i].size(), digits));
        std::cout << "\n";
    };
    for (const auto& r : d.labels_before) {
        std::vector<std::size_t> counts(columns.size());
        for (std::size_t i = 0; i + 1 < columns.size(); ++i) {
            counts[i] = count_of(d, {r, columns[i]});
            counts.back() += counts[i];
        }
        for (std::size_t i = 0; i < columns.size(); ++i) totals[i] += counts[i];
        row(r, counts);
    }
    row("total", totals);
}

void print_once(const rule_set& b, const corpus_diff& d)
{
    if (!d.absent.empty() || !d.criteria_added.empty() || !d.criteria_removed.empty()) std::cout << "\n";
    for (const auto& [id, n] : d.absent)
        std::cout << fmt::format("Not assessable under {} {} because indicator {} is absent from the old data ({} "
                                 "assessment{}); use --assume {}=VALUE\n",
                                 b.name(), b.version(), id, n, n == 1 ? "" : "s", id);
    for (const auto& c : d.criteria_added)
        std::cout << fmt::format("Criterion {} added: met by {}, not met by {}, not assessable for {}\n", c.id, c.met,
                                 c.not_met, c.not_assessable);
    for (const auto& c : d.criteria_removed)
        std::cout << fmt::format("Criterion {} removed: was met by {}, not met by {}, not assessable for {}\n", c.id,
                                 c.met, c.not_met, c.not_assessable);
}

std::string example_text(const decision_change& c)
{
    std::vector<std::string> parts;
    for (const auto& [id, outcomes] : c.criteria)
        parts.push_back(fmt::format("{} {} -> {}", id, outcomes.first, outcomes.second));
    for (const auto& id : c.absent) parts.push_back(id + " absent");
    for (const auto& [id, how] : c.unmet_only_in_one)
        parts.push_back(fmt::format("{} ({}) {}", id, how.first, how.second));
    return fmt::format("    line {} ({}): {}\n", c.line, c.cluster_id.empty() ? "-" : c.cluster_id,
                       fmt::join(parts, "; "));
}

void print_examples(const corpus_diff& d, std::size_t limit)
{
    const auto examples = examples_of(d, limit);
    if (examples.empty()) return;
    std::cout << fmt::format("\nAssessments whose label changes (at most {} per transition; --examples N), with the "
                             "criteria whose outcome changed:\n",
                             limit);
    for (const auto& [t, shown] : label_changes(d)) {
        const auto it = examples.find(t);
        const std::size_t listed = it == examples.end() ? 0 : it->second.size();
        std::cout << fmt::format("  {} -> {}: {}{}\n", t.first, t.second, shown,
                                 shown > listed ? fmt::format(" ({} more not shown)", shown - listed) : "");
        if (it != examples.end())
            for (const auto* c : it->second) std::cout << example_text(*c);
    }
}

// A summary first, then what only one version has, then a few examples per transition.
void print_corpus(const rule_set& a, const rule_set& b, const diff_options& o, const corpus_diff& d)
{
    std::size_t relabelled = 0, untold = 0;
    std::map<std::string, std::pair<std::size_t, std::size_t>> by_criterion;  // changed, of which relabelled
    for (const auto& c : d.changed) {
        const auto t = transition_of(c);
        untold += !c.absent.empty();
        relabelled += c.absent.empty() && t.first != t.second;
        for (const auto& k : c.criteria) {
            ++by_criterion[k.first].first;
            by_criterion[k.first].second += t.first != t.second;
        }
    }
    std::cout << fmt::format("\nCorpus {}: {} assessments evaluated under both versions; {} change label, {} more "
                             "change only some criterion outcome{}\n",
                             o.corpus, d.assessments, relabelled, d.changed.size() - relabelled - untold,
                             untold ? fmt::format(", {} not assessable under {} {}", untold, b.name(), b.version())
                                    : "");
    if (!o.assume.empty())
        std::cout << fmt::format("Assumed where an assessment does not report it: {}\n", fmt::join(o.assume, ", "));
    print_matrix(a, b, d);
    print_once(b, d);
    print_examples(d, o.examples);
    if (!by_criterion.empty())
        std::cout << "\nCriteria both versions have whose outcome changed (assessments; of which the label "
                     "changed):\n";
    for (const auto& [id, n] : by_criterion) std::cout << fmt::format("  {}: {}; {}\n", id, n.first, n.second);
}

void json_rules(json_writer& w, const rule_set& r)
{
    w.begin_object().key("name").string(r.name()).key("version").string(r.version());
    w.key("sha256").string(r.sha256()).end_object();
}

void json_label(json_writer& w, const std::optional<std::string>& l)
{
    if (l) w.string(*l);
    else w.null();
}

void json_count(json_writer& w, const char* key, std::size_t n) { w.key(key).raw_number(std::to_string(n)); }

void json_strings(json_writer& w, const char* key, const std::vector<std::string>& items)
{
    w.key(key).begin_array();
    for (const auto& i : items) w.string(i);
    w.end_array();
}

void json_change(json_writer& w, const decision_change& c)
{
    w.begin_object().key("line").raw_number(std::to_string(c.line)).key("cluster_id").string(c.cluster_id);
    w.key("label_before");
    json_label(w, c.label_before);
    w.key("label_after");
    json_label(w, c.label_after);
    w.key("criteria").begin_array();
    for (const auto& [id, o] : c.criteria)
        w.begin_object().key("id").string(id).key("before").string(o.first).key("after").string(o.second).end_object();
    w.end_array();
    json_strings(w, "absent", c.absent);
    w.key("unmet_only_in_one").begin_array();
    for (const auto& [id, how] : c.unmet_only_in_one)
        w.begin_object()
            .key("id")
            .string(id)
            .key("change")
            .string(how.first)
            .key("outcome")
            .string(how.second)
            .end_object();
    w.end_array().end_object();
}

void json_matrix(json_writer& w, const corpus_diff& d)
{
    w.key("matrix").begin_object();
    json_strings(w, "rows", d.labels_before);
    json_strings(w, "columns", d.labels_after);
    w.key("counts").begin_array();
    for (const auto& r : d.labels_before) {
        w.begin_array();
        for (const auto& c : d.labels_after) w.raw_number(std::to_string(count_of(d, {r, c})));
        w.end_array();
    }
    w.end_array().end_object();
}

void json_tallies(json_writer& w, const char* key, const std::vector<criterion_tally>& ts)
{
    w.key(key).begin_array();
    for (const auto& t : ts) {
        w.begin_object().key("id").string(t.id);
        json_count(w, "met", t.met);
        json_count(w, "not_met", t.not_met);
        json_count(w, "not_assessable", t.not_assessable);
        w.end_object();
    }
    w.end_array();
}

void json_examples(json_writer& w, const corpus_diff& d, std::size_t limit)
{
    const auto examples = examples_of(d, limit);
    w.key("examples").begin_array();
    for (const auto& [t, n] : label_changes(d)) {
        const auto it = examples.find(t);
        const std::size_t listed = it == examples.end() ? 0 : it->second.size();
        w.begin_object().key("from").string(t.first).key("to").string(t.second);
        json_count(w, "count", n);
        json_count(w, "omitted", n - listed);
        w.key("assessments").begin_array();
        if (it != examples.end())
            for (const auto* c : it->second) json_change(w, *c);
        w.end_array().end_object();
    }
    w.end_array();
}

// The shape is documented in docs/methodology.md ("diff --corpus in JSON").
void json_corpus(json_writer& w, const diff_options& o, const corpus_diff& d)
{
    w.key("corpus").begin_object().key("source").string(o.corpus);
    json_strings(w, "assumed", o.assume);
    w.key("assessments").raw_number(std::to_string(d.assessments)).key("transitions").begin_array();
    for (const auto& [t, n] : d.transitions) {
        w.begin_object().key("from").string(t.first).key("to").string(t.second);
        json_count(w, "count", n);
        w.end_object();
    }
    w.end_array();
    json_matrix(w, d);
    w.key("changed").begin_array();
    for (const auto& c : d.changed) json_change(w, c);
    w.end_array();
    json_examples(w, d, o.examples);
    json_tallies(w, "criteria_added", d.criteria_added);
    json_tallies(w, "criteria_removed", d.criteria_removed);
    w.key("absent").begin_object();
    for (const auto& [id, n] : d.absent) w.key(id).raw_number(std::to_string(n));
    w.end_object().key("undeclared").begin_object();
    for (const auto& [id, n] : d.undeclared) w.key(id).raw_number(std::to_string(n));
    w.end_object().key("problems").begin_array();
    for (const auto& p : d.problems) w.string(render(p).substr(0, render(p).find('\n')));
    w.end_array().end_object();
}

std::string as_json(const rule_set& a, const rule_set& b, const std::vector<rule_change>& changes,
                    const diff_options& o, const std::optional<corpus_diff>& d)
{
    std::string out;
    json_writer w(out, json_style::pretty);
    w.begin_object().key("before");
    json_rules(w, a);
    w.key("after");
    json_rules(w, b);
    w.key("changes").begin_array();
    for (const auto& c : changes) {
        w.begin_object().key("kind").string(c.kind).key("id").string(c.id).key("change").string(c.change);
        w.key("field").string(c.field).key("before").string(c.before).key("after").string(c.after);
        w.key("detail").string(c.detail).end_object();
    }
    w.end_array();
    if (d) json_corpus(w, o, *d);
    w.end_object();
    return out + "\n";
}

std::optional<rule_set> compiled(const std::string& path)
{
    auto r = compile_file(path, to_decide());
    std::cerr << r.render();
    if (!r.ok()) return std::nullopt;
    return std::move(r).value();
}

}  // namespace

namespace {

// The --assume values, each checked against the versions that declare its indicator.
std::optional<std::vector<corpus_assumption>> assumptions(const diff_options& o, const rule_set& a, const rule_set& b)
{
    std::vector<corpus_assumption> out;
    bool ok = true;
    for (const auto& text : o.assume) {
        auto s = parse_assumption(text, a, b);
        if (!s.ok()) {
            std::cerr << render_all(s.diagnostics());
            ok = false;
        } else if (std::any_of(out.begin(), out.end(), [&](const auto& x) { return x.indicator == s->indicator; })) {
            std::cerr << fmt::format("--assume: error: indicator '{}' is assumed twice\n", s->indicator);
            ok = false;
        } else out.push_back(std::move(s).value());
    }
    return ok ? std::optional(std::move(out)) : std::nullopt;
}

std::optional<corpus_diff> compare_corpus(const diff_options& o, const rule_set& a, const rule_set& b)
{
    const auto assume = assumptions(o, a, b);
    if (!assume) return std::nullopt;
    auto in = open_input_stream(o.corpus);
    if (!in.stream) {
        std::cerr << fmt::format("error: cannot read the corpus '{}': {}\n", o.corpus, in.reason);
        return std::nullopt;
    }
    progress bar("diff", "rows");
    bar.measure(o.corpus, *in.stream);
    auto d = diff_corpus(a, b, *in.stream, input_name(o.corpus),
                         {is_csv(o.corpus), o.csv_delimiter, *assume, bar.callback("rows")});
    bar.finish();
    for (const auto& p : d.problems) std::cerr << render(p);
    for (const auto& [id, n] : d.undeclared)
        std::cerr << fmt::format("{}: warning: indicator '{}' ({} assessments) is declared by neither version; "
                                 "it was left out\n",
                                 o.corpus, id, n);
    return d;
}

}  // namespace

int run_diff(const diff_options& o)
{
    if (o.corpus.empty() && !o.assume.empty()) {
        std::cerr << "error: --assume gives values for the assessments of a corpus: give --corpus FILE\n";
        return exit_bad_input;
    }
    const auto a = compiled(o.before), b = compiled(o.after);
    if (!a || !b) return exit_bad_input;
    const auto changes = diff_rules(*a, *b);
    std::optional<corpus_diff> d;
    if (!o.corpus.empty() && !(d = compare_corpus(o, *a, *b))) return exit_bad_input;
    if (o.format == "json") std::cout << as_json(*a, *b, changes, o, d);
    else {
        print_changes(*a, *b, changes);
        if (d) print_corpus(*a, *b, o, *d);
    }
    // The report is complete for the rows that could be read; the others are named.
    if (d && !d->problems.empty()) return exit_bad_input;
    const bool changed = !changes.empty() || (d && !d->changed.empty());
    return o.exit_code && changed ? exit_failed : exit_ok;
}

}  // namespace hallmark::cli
