// SPDX-License-Identifier: Apache-2.0
// diff: what a revision changes in the rules, and in the decisions of a corpus.
#include "cli/commands.hpp"
#include "cli/output.hpp"

#include <hallmark/input_file.hpp>

#include <hallmark/hallmark.hpp>
#include <hallmark/rule_diff.hpp>

#include <hallmark/json_writer.hpp>

#include <fmt/format.h>

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

// Label changes in full; criterion-only changes as counts (all of them are in --format json).
void print_corpus(const std::string& source, const corpus_diff& d)
{
    std::size_t relabelled = 0;
    std::map<std::string, std::pair<std::size_t, std::size_t>> by_criterion;  // changed, of which relabelled
    for (const auto& c : d.changed) {
        const bool label = c.label_before != c.label_after;
        relabelled += label;
        for (const auto& k : c.criteria) {
            ++by_criterion[k.first].first;
            by_criterion[k.first].second += label;
        }
    }
    std::cout << fmt::format("\nCorpus {}: {} assessments evaluated under both versions; {} change label, {} more "
                             "change only some criterion outcome\n",
                             source, d.assessments, relabelled, d.changed.size() - relabelled);
    std::cout << "\nLabel transitions (before -> after: count; * marks a change):\n";
    for (const auto& [t, n] : d.transitions)
        std::cout << fmt::format("  {} {} -> {}: {}\n", t.first == t.second ? " " : "*", t.first, t.second, n);
    if (relabelled) std::cout << "\nAssessments whose label changes, with the criteria whose outcome changed:\n";
    for (const auto& c : d.changed) {
        if (c.label_before == c.label_after) continue;
        std::cout << fmt::format("  line {} ({}): {} -> {}\n", c.line, c.cluster_id.empty() ? "-" : c.cluster_id,
                                 label_or_none(c.label_before), label_or_none(c.label_after));
        for (const auto& [id, outcomes] : c.criteria)
            std::cout << fmt::format("      {}: {} -> {}\n", id, outcomes.first, outcomes.second);
    }
    if (!by_criterion.empty())
        std::cout << "\nCriteria whose outcome changed (assessments; of which the label changed):\n";
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

void json_corpus(json_writer& w, const std::string& source, const corpus_diff& d)
{
    w.key("corpus").begin_object().key("source").string(source);
    w.key("assessments").raw_number(std::to_string(d.assessments)).key("transitions").begin_array();
    for (const auto& [t, n] : d.transitions)
        w.begin_object()
            .key("from")
            .string(t.first)
            .key("to")
            .string(t.second)
            .key("count")
            .raw_number(std::to_string(n))
            .end_object();
    w.end_array().key("changed").begin_array();
    for (const auto& c : d.changed) {
        w.begin_object().key("line").raw_number(std::to_string(c.line)).key("cluster_id").string(c.cluster_id);
        w.key("label_before");
        json_label(w, c.label_before);
        w.key("label_after");
        json_label(w, c.label_after);
        w.key("criteria").begin_array();
        for (const auto& [id, o] : c.criteria)
            w.begin_object()
                .key("id")
                .string(id)
                .key("before")
                .string(o.first)
                .key("after")
                .string(o.second)
                .end_object();
        w.end_array().end_object();
    }
    w.end_array().key("undeclared").begin_object();
    for (const auto& [id, n] : d.undeclared) w.key(id).raw_number(std::to_string(n));
    w.end_object().key("problems").begin_array();
    for (const auto& p : d.problems) w.string(render(p).substr(0, render(p).find('\n')));
    w.end_array().end_object();
}

std::string as_json(const rule_set& a, const rule_set& b, const std::vector<rule_change>& changes,
                    const std::string& source, const std::optional<corpus_diff>& d)
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
    if (d) json_corpus(w, source, *d);
    w.end_object();
    return out + "\n";
}

std::optional<rule_set> compiled(const std::string& path)
{
    auto r = compile_file(path);
    std::cerr << r.render();
    if (!r.ok()) return std::nullopt;
    return std::move(r).value();
}

}  // namespace

int run_diff(const diff_options& o)
{
    const auto a = compiled(o.before), b = compiled(o.after);
    if (!a || !b) return exit_bad_input;
    const auto changes = diff_rules(*a, *b);
    std::optional<corpus_diff> d;
    if (!o.corpus.empty()) {
        auto in = open_input_stream(o.corpus);
        if (!in.stream) {
            std::cerr << fmt::format("error: cannot read the corpus '{}': {}\n", o.corpus, in.reason);
            return exit_bad_input;
        }
        const bool csv = is_csv(o.corpus);
        d = diff_corpus(*a, *b, *in.stream, input_name(o.corpus), csv, o.csv_delimiter);
        for (const auto& p : d->problems) std::cerr << render(p);
        for (const auto& [id, n] : d->undeclared)
            std::cerr << fmt::format("{}: warning: indicator '{}' ({} assessments) is declared by neither version; "
                                     "it was left out\n",
                                     o.corpus, id, n);
    }
    if (o.format == "json") std::cout << as_json(*a, *b, changes, o.corpus, d);
    else {
        print_changes(*a, *b, changes);
        if (d) print_corpus(o.corpus, *d);
    }
    // The report is complete for the rows that could be read; the others are named.
    if (d && !d->problems.empty()) return exit_bad_input;
    const bool changed = !changes.empty() || (d && !d->changed.empty());
    return o.exit_code && changed ? exit_failed : exit_ok;
}

}  // namespace hallmark::cli
