// SPDX-License-Identifier: Apache-2.0
// verify, replay and log: the commands for auditors.
#include "cli/commands.hpp"
#include "cli/log_common.hpp"
#include "cli/output.hpp"
#include "cli/progress.hpp"
#include "cli/proof_commands.hpp"

#include <hallmark/input_file.hpp>
#include <hallmark/json_writer.hpp>
#include <hallmark/text.hpp>

#include <hallmark/decision_log.hpp>
#include <hallmark/hallmark.hpp>

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

namespace hallmark::cli {

bool log_exists(const std::string& path)
{
    std::ifstream in(path);
    if (in) return true;
    std::cerr << fmt::format("error: cannot read the decision log '{}': {}\n", path, std::strerror(errno));
    return false;
}

namespace {

bool exists(const std::string& path) { return log_exists(path); }

std::string changes_text(const std::vector<criterion_change>& cs)
{
    std::string out;
    for (const auto& c : cs) out += fmt::format("\n    {}: {} -> {}", c.id, c.before, c.after);
    return out;
}

std::string describe(const replayed_decision& r)
{
    const auto& rec = r.record;
    return escape_control(fmt::format("record {} ({}, assessed on {}, {} {})", rec.id,
                                      rec.cluster_id.empty() ? "-" : rec.cluster_id, rec.assessed_on, rec.methodology,
                                      rec.version));
}

// One replayed decision in `replay --format json` (docs/auditing.md, section 3): what was
// recorded beside what came out now, so a script never has to guess which is which.
void decision_json(json_writer& w, const replayed_decision& r)
{
    const auto& rec = r.record;
    auto label = [&](const std::optional<std::string>& l) { l ? w.string(*l) : w.null(); };
    w.begin_object().key("record").raw_number(std::to_string(rec.id)).key("cluster_id").string(rec.cluster_id);
    w.key("assessed_on").string(rec.assessed_on).key("recorded_at").string(rec.recorded_at);
    w.key("methodology").string(rec.methodology).key("version").string(rec.version);
    w.key("identical").boolean(r.identical).key("error");
    r.error.empty() ? w.null() : w.string(r.error);
    w.key("recorded").begin_object().key("label");
    label(r.label_before);
    w.end_object().key("recomputed").begin_object().key("label");
    label(r.error.empty() ? r.label_after : std::nullopt);
    w.end_object().key("fields").begin_array();
    for (const auto& f : r.fields) w.string(f);
    w.end_array().key("criteria").begin_array();
    for (const auto& c : r.criteria)
        w.begin_object()
            .key("id")
            .string(c.id)
            .key("recorded")
            .string(c.before)
            .key("recomputed")
            .string(c.after)
            .end_object();
    w.end_array().end_object();
}

// The JSON document is written as the decisions come, one element at a time, so that
// memory stays flat however long the log; `finish` closes it with the counts.
struct replay_json {
    std::string out;
    json_writer w{out};

    replay_json(const std::string& log, const rule_set* rules)
    {
        w.begin_object().key("log").string(log).key("verified").boolean(true).key("problem").null().key("rules");
        if (rules)
            w.begin_object()
                .key("name")
                .string(rules->name())
                .key("version")
                .string(rules->version())
                .key("sha256")
                .string(rules->sha256())
                .end_object();
        else w.null();
        w.key("decisions").begin_array();
        flush();
    }
    void add(const replayed_decision& r)
    {
        decision_json(w, r);
        flush();
    }
    void flush()
    {
        std::cout << out;
        out.clear();
    }
};

// The counts both kinds of replay keep, and print at the end of their JSON.
struct replay_tally {
    std::size_t same = 0, differ = 0, errors = 0, label_changed = 0;

    void count(const replayed_decision& r)
    {
        if (r.identical) ++same;
        else ++differ;
        if (!r.error.empty()) ++errors;
        else if (r.label_before != r.label_after) ++label_changed;
    }

    void close(replay_json& json, std::int64_t overrides) const
    {
        auto& w = json.w;
        w.end_array().key("replayed").raw_number(std::to_string(same + differ));
        w.key("identical").raw_number(std::to_string(same)).key("differ").raw_number(std::to_string(differ));
        w.key("cannot_evaluate").raw_number(std::to_string(errors));
        w.key("label_changed").raw_number(std::to_string(label_changed));
        w.key("overrides_not_replayed").raw_number(std::to_string(overrides)).end_object();
        json.out += "\n";
        json.flush();
    }
};

// Replaying with the stored rules: every decision must come out byte for byte the same.
// Differences are printed as they are found; only counts are kept.
struct replay_report {
    std::optional<replay_json> json;
    replay_tally tally;

    void add(const replayed_decision& r)
    {
        tally.count(r);
        if (json) return json->add(r);
        if (r.identical) return;
        if (!r.error.empty()) {
            std::cout << fmt::format("{}: cannot be replayed: {}\n", describe(r), r.error);
            return;
        }
        // Which side is which is said every time: an auditor must not read it backwards.
        std::cout << fmt::format("{}: differs; recorded {}, recomputed {}", describe(r), label_text(r.label_before),
                                 label_text(r.label_after));
        if (!r.fields.empty()) std::cout << fmt::format("; fields: {}", fmt::join(r.fields, ", "));
        if (!r.criteria.empty())
            std::cout << "; criteria whose outcome changed (recorded -> recomputed):" << changes_text(r.criteria);
        std::cout << "\n";
    }

    int finish(std::int64_t overrides)
    {
        if (json) tally.close(*json, overrides);
        else
            std::cout << fmt::format(
                "{} decisions replayed: {} identical, {} differ ({} override records not replayed)\n",
                tally.same + tally.differ, tally.same, tally.differ, overrides);
        return tally.differ == 0 ? exit_ok : exit_failed;
    }
};

// Replaying with a new version: which recorded decisions would change, and why.
struct impact_report {
    std::map<std::pair<std::string, std::string>, std::size_t> transitions;
    std::map<std::string, std::pair<std::size_t, std::size_t>> per_label;  // before, after
    std::map<std::string, std::pair<std::size_t, std::size_t>> criteria;   // decisions changed, of which label changed
    std::size_t total = 0, changed = 0, criteria_only = 0, errors = 0;
    std::optional<replay_json> json;
    replay_tally tally;

    void add(const replayed_decision& r)
    {
        ++total;
        tally.count(r);
        if (json) json->add(r);
        if (!r.error.empty()) {
            ++errors;
            if (!json) std::cout << fmt::format("{}: cannot be evaluated: {}\n", describe(r), r.error);
            return;
        }
        count_labels(r);
    }

    void count_labels(const replayed_decision& r)
    {
        const auto before = label_text(r.label_before), after = label_text(r.label_after);
        ++per_label[before].first;
        ++per_label[after].second;
        const bool label_changed = before != after;
        if (label_changed) {
            ++transitions[{before, after}];
            ++changed;
            if (!json)
                std::cout << fmt::format("{}: recorded {}, under the new rules {}{}\n", describe(r), before, after,
                                         changes_text(r.criteria));
        } else if (!r.criteria.empty()) {
            ++criteria_only;
        }
        for (const auto& c : r.criteria) {
            ++criteria[c.id].first;
            if (label_changed) ++criteria[c.id].second;
        }
    }

    int finish(const rule_set& rules, std::int64_t overrides)
    {
        if (json) tally.close(*json, overrides);
        else print_summary(rules);
        return changed == 0 && errors == 0 ? exit_ok : exit_failed;
    }

    void print_summary(const rule_set& rules) const
    {
        std::cout << fmt::format("\nUnder {} {}: {} of {} decisions change label; {} keep it with some criterion "
                                 "outcome changed; {} cannot be evaluated\n",
                                 rules.name(), rules.version(), changed, total, criteria_only, errors);
        if (!transitions.empty()) std::cout << "\nLabel transitions:\n";
        for (const auto& [t, n] : transitions) std::cout << fmt::format("  {} -> {}: {}\n", t.first, t.second, n);
        std::cout << "\nDecisions per label (recorded -> new):\n";
        for (const auto& [label, n] : per_label) std::cout << fmt::format("  {}: {} -> {}\n", label, n.first, n.second);
        if (!criteria.empty())
            std::cout << "\nCriteria whose outcome changed (decisions; of which the label changed):\n";
        for (const auto& [id, n] : criteria) std::cout << fmt::format("  {}: {}; {}\n", id, n.first, n.second);
    }
};

// "2024-01-31" or "2024-01-31T12:00:00Z": the shapes recorded_at compares with as text.
bool is_since(const std::string& s) { return is_utc_time(s) || is_utc_time(s + "T00:00:00Z"); }

// The dates that select records, refused (exit 2) when they name no real day or time,
// or select nothing by their order: a filter that silently matches nothing would read
// as "nothing differs".
bool dates_valid(const replay_options& o)
{
    auto bad = [](const char* option, const std::string& value, const char* expected) {
        std::cerr << fmt::format("error: {} \"{}\" is not {}\n", option, escape_control(value), expected);
        return false;
    };
    constexpr const char* a_date = "a date like 2024-01-31 (it is compared with the assessment's assessed_on)";
    if (!o.since.empty() && !date::parse(o.since)) return bad("--since", o.since, a_date);
    if (!o.until.empty() && !date::parse(o.until)) return bad("--until", o.until, a_date);
    if (!o.since.empty() && !o.until.empty() && o.until < o.since) {
        std::cerr << fmt::format("error: --until {} is before --since {}: no assessment date is in between\n", o.until,
                                 o.since);
        return false;
    }
    if (!o.recorded_since.empty() && !is_since(o.recorded_since))
        return bad("--recorded-since", o.recorded_since,
                   "a UTC date (2024-01-31) or time (2024-01-31T12:00:00Z) (it is compared with recorded_at)");
    return true;
}

replay_filter filter_of(const replay_options& o)
{
    replay_filter f;
    if (!o.methodology.empty()) {
        const auto at = o.methodology.find('@');
        f.methodology = o.methodology.substr(0, at);
        if (at != std::string::npos) f.version = o.methodology.substr(at + 1);
    }
    if (!o.cluster.empty()) f.cluster = o.cluster;
    if (!o.recorded_since.empty()) f.since = o.recorded_since;
    if (!o.since.empty()) f.assessed_since = o.since;
    if (!o.until.empty()) f.assessed_until = o.until;
    return f;
}

// `replay --format json` on a log that does not verify: nothing replayed, and why.
void print_refused_json(const std::string& log, const std::string& problem)
{
    std::string out;
    json_writer w(out);
    w.begin_object().key("log").string(log).key("verified").boolean(false).key("problem").string(problem);
    w.key("rules").null().key("decisions").begin_array().end_array();
    for (const char* k :
         {"replayed", "identical", "differ", "cannot_evaluate", "label_changed", "overrides_not_replayed"})
        w.key(k).raw_number("0");
    w.end_object();
    std::cout << out << "\n";
}

}  // namespace

namespace {

void print_verdict_text(const std::string& log, const verify_result& r)
{
    if (r.intact) {
        std::cout << fmt::format("{}: intact: {} records ({} decisions, {} overrides); head {}\n", log, r.records,
                                 r.decisions, r.overrides, r.head);
        return;
    }
    for (const auto& p : r.problems)
        std::cout << escape_control(fmt::format("{}: NOT INTACT: {}{}", log,
                                                p.record ? fmt::format("record {}: ", p.record) : "", p.what))
                  << "\n";
    if (r.problems.size() > 1)
        std::cout << escape_control(fmt::format("{}: {} problems{}", log, r.problems.size(),
                                                r.problems.size() == verify_result::max_problems
                                                    ? " (the first listed; there may be more)"
                                                    : ""))
                  << "\n";
}

// The chain checked before a command reads or copies the log as if it were whole;
// a message and the exit status when it is not, nothing when it is.
std::optional<int> refuse_unless_intact(const std::string& log, const char* doing, std::string* problem = nullptr,
                                        progress* bar = nullptr)
{
    const auto v = verify_log(log, std::nullopt, bar ? bar->callback("records checked") : progress_callback{});
    if (!v.ok()) {
        std::cerr << "error: " << escape_control(v.diagnostics().front().message) << "\n";
        return exit_bad_input;
    }
    if (v->intact) return std::nullopt;
    if (problem) *problem = v->problem;
    std::cerr << escape_control(
                     fmt::format("error: the decision log '{}' does not verify ({}); {}; run hallmark verify", log,
                                 v->problem, doing))
              << "\n";
    return exit_failed;
}

}  // namespace

int run_verify(const std::string& log, const std::optional<std::string>& anchor, const std::string& format)
{
    if (anchor && !is_hash(*anchor)) {
        std::cerr << fmt::format("error: --head \"{}\" is not a head hash (64 hex digits)\n", escape_control(*anchor));
        return exit_bad_input;
    }
    if (!exists(log)) return exit_bad_input;
    progress bar("verify", "records");
    auto verdict = verify_log(log, anchor, bar.callback("records"));
    bar.finish();
    return report_verdict(log, verdict, format);
}

int report_verdict(const std::string& log, const result<verify_result>& r, const std::string& format)
{
    if (!r.ok()) {
        std::cerr << "error: " << escape_control(r.diagnostics().front().message) << "\n";
        return exit_bad_input;
    }
    if (format == "json") std::cout << to_json(r.value(), log) << "\n";
    else print_verdict_text(log, r.value());
    return r->intact ? exit_ok : exit_failed;
}

int run_replay(const replay_options& o)
{
    if (!exists(o.log) || !dates_valid(o)) return exit_bad_input;
    std::string problem;
    progress bar("replay", "records");
    if (const auto refused = refuse_unless_intact(o.log, "its decisions are not replayed", &problem, &bar)) {
        if (*refused == exit_failed && o.format == "json") print_refused_json(o.log, problem);
        return *refused;
    }
    std::optional<rule_set> rules;
    if (!o.rules.empty()) {
        auto compiled = compile_file(o.rules, to_decide());
        std::cerr << compiled.render();
        if (!compiled.ok()) return exit_bad_input;
        rules = std::move(compiled).value();
    }
    try {
        const auto log = decision_log::open_read_only(o.log);
        auto filter = filter_of(o);
        // A new version is compared with the decisions of its own methodology unless told otherwise.
        if (rules && !filter.methodology) filter.methodology = rules->name();
        const rule_set* new_rules = rules ? &*rules : nullptr;
        if (rules) {
            impact_report report;
            if (o.format == "json") report.json.emplace(o.log, new_rules);
            const auto overrides = replay_each(
                log, filter, new_rules, [&](const replayed_decision& r) { report.add(r); },
                bar.callback("records replayed"));
            bar.finish();
            return report.finish(*rules, overrides);
        }
        replay_report report;
        if (o.format == "json") report.json.emplace(o.log, nullptr);
        const auto overrides = replay_each(
            log, filter, nullptr, [&](const replayed_decision& r) { report.add(r); }, bar.callback("records replayed"));
        bar.finish();
        return report.finish(overrides);
    } catch (const log_error& e) {
        std::cerr << "error: " << e.what() << "\n";
        return exit_bad_input;
    }
}

int run_log_export(const std::string& log, const std::string& out)
{
    if (!exists(log)) return exit_bad_input;
    if (const auto refused = refuse_unless_intact(log, "nothing is exported")) return exit_bad_input;
    try {
        std::ostringstream text;
        export_log(decision_log::open_read_only(log), text);
        if (out.empty()) {
            std::cout << text.str();
            return exit_ok;
        }
        if (write_atomically(out, text.str())) return exit_ok;
        std::cerr << fmt::format("error: cannot write '{}'\n", out);
    } catch (const log_error& e) {
        std::cerr << "error: " << e.what() << "\n";
    }
    return exit_bad_input;
}

int run_log_import(const std::string& export_file, const std::string& log)
{
    auto in = open_input_stream(export_file);
    if (!in.stream) {
        std::cerr << fmt::format("error: cannot read '{}': {}\n", export_file, in.reason);
        return exit_bad_input;
    }
    try {
        progress bar("import", "records");
        const auto n = import_log(*in.stream, input_name(export_file), log, bar.callback("records"));
        bar.finish();
        std::cout << fmt::format("{}: {} records imported\n", log, n);
        return exit_ok;
    } catch (const log_error& e) {
        // Errors at a line of the export already say "FILE:LINE: error:".
        const std::string what = e.what();
        std::cerr << (what.find("error: ") == std::string::npos ? "error: " : "") << what << "\n";
        return exit_bad_input;
    }
}

}  // namespace hallmark::cli
