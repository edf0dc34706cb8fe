// SPDX-License-Identifier: Apache-2.0
// verify, replay and log: the commands for auditors.
#include "cli/commands.hpp"
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
namespace {

bool exists(const std::string& path)
{
    std::ifstream in(path);
    if (in) return true;
    std::cerr << fmt::format("error: cannot read the decision log '{}': {}\n", path, std::strerror(errno));
    return false;
}

std::string label_text(const std::optional<std::string>& label) { return label.value_or("no label"); }

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

// Replaying with the stored rules: every decision must come out byte for byte the same.
// Differences are printed as they are found; only counts are kept.
struct replay_report {
    std::size_t same = 0, differ = 0;

    void add(const replayed_decision& r)
    {
        if (r.identical) {
            ++same;
            return;
        }
        ++differ;
        if (!r.error.empty()) {
            std::cout << fmt::format("{}: cannot be replayed: {}\n", describe(r), r.error);
            return;
        }
        std::cout << fmt::format("{}: differs", describe(r));
        if (r.label_before != r.label_after)
            std::cout << fmt::format("; label {} -> {}", label_text(r.label_before), label_text(r.label_after));
        if (!r.fields.empty()) std::cout << fmt::format("; fields: {}", fmt::join(r.fields, ", "));
        if (!r.criteria.empty()) std::cout << "; criteria whose outcome changed:" << changes_text(r.criteria);
        std::cout << "\n";
    }

    int finish(std::int64_t overrides) const
    {
        std::cout << fmt::format("{} decisions replayed: {} identical, {} differ ({} override records not replayed)\n",
                                 same + differ, same, differ, overrides);
        return differ == 0 ? exit_ok : exit_failed;
    }
};

// Replaying with a new version: which recorded decisions would change, and why.
struct impact_report {
    std::map<std::pair<std::string, std::string>, std::size_t> transitions;
    std::map<std::string, std::pair<std::size_t, std::size_t>> per_label;  // before, after
    std::map<std::string, std::pair<std::size_t, std::size_t>> criteria;   // decisions changed, of which label changed
    std::size_t total = 0, changed = 0, criteria_only = 0, errors = 0;

    void add(const replayed_decision& r)
    {
        ++total;
        if (!r.error.empty()) {
            ++errors;
            std::cout << fmt::format("{}: cannot be evaluated: {}\n", describe(r), r.error);
            return;
        }
        const auto before = label_text(r.label_before), after = label_text(r.label_after);
        ++per_label[before].first;
        ++per_label[after].second;
        const bool label_changed = before != after;
        if (label_changed) {
            ++transitions[{before, after}];
            ++changed;
            std::cout << fmt::format("{}: {} -> {}{}\n", describe(r), before, after, changes_text(r.criteria));
        } else if (!r.criteria.empty()) {
            ++criteria_only;
        }
        for (const auto& c : r.criteria) {
            ++criteria[c.id].first;
            if (label_changed) ++criteria[c.id].second;
        }
    }

    int finish(const rule_set& rules) const
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
        return changed == 0 && errors == 0 ? exit_ok : exit_failed;
    }
};

// "2024-01-31" or "2024-01-31T12:00:00Z": the shapes recorded_at compares with as text.
bool is_since(const std::string& s) { return is_utc_time(s) || is_utc_time(s + "T00:00:00Z"); }

replay_filter filter_of(const replay_options& o)
{
    replay_filter f;
    if (!o.methodology.empty()) {
        const auto at = o.methodology.find('@');
        f.methodology = o.methodology.substr(0, at);
        if (at != std::string::npos) f.version = o.methodology.substr(at + 1);
    }
    if (!o.cluster.empty()) f.cluster = o.cluster;
    if (!o.since.empty()) f.since = o.since;
    return f;
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
std::optional<int> refuse_unless_intact(const std::string& log, const char* doing, progress* bar = nullptr)
{
    const auto v = verify_log(log, std::nullopt, bar ? bar->callback("records checked") : progress_callback{});
    if (!v.ok()) {
        std::cerr << "error: " << escape_control(v.diagnostics().front().message) << "\n";
        return exit_bad_input;
    }
    if (v->intact) return std::nullopt;
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
    if (!exists(o.log)) return exit_bad_input;
    if (!o.since.empty() && !is_since(o.since)) {
        std::cerr << fmt::format(
            "error: --since \"{}\" is not a UTC date (2024-01-31) or time (2024-01-31T12:00:00Z)\n", o.since);
        return exit_bad_input;
    }
    progress bar("replay", "records");
    if (const auto refused = refuse_unless_intact(o.log, "its decisions are not replayed", &bar)) return *refused;
    std::optional<rule_set> rules;
    if (!o.rules.empty()) {
        auto compiled = compile_file(o.rules);
        std::cerr << compiled.render();
        if (!compiled.ok()) return exit_bad_input;
        rules = std::move(compiled).value();
    }
    try {
        const auto log = decision_log::open_read_only(o.log);
        auto filter = filter_of(o);
        // A new version is compared with the decisions of its own methodology unless told otherwise.
        if (rules && !filter.methodology) filter.methodology = rules->name();
        if (rules) {
            impact_report report;
            replay_each(
                log, filter, &*rules, [&](const replayed_decision& r) { report.add(r); },
                bar.callback("records replayed"));
            bar.finish();
            return report.finish(*rules);
        }
        replay_report report;
        const auto overrides = replay_each(
            log, filter, nullptr, [&](const replayed_decision& r) { report.add(r); }, bar.callback("records replayed"));
        bar.finish();
        return report.finish(overrides);
    } catch (const log_error& e) {
        std::cerr << "error: " << e.what() << "\n";
        return exit_bad_input;
    }
}

int run_log_show(const std::string& log, std::int64_t id, const std::string& format)
{
    if (!exists(log)) return exit_bad_input;
    try {
        std::cout << show_record(decision_log::open_read_only(log), id, format);
        return exit_ok;
    } catch (const log_error& e) {
        std::cerr << "error: " << e.what() << "\n";
        return exit_bad_input;
    }
}

int run_log_list(const std::string& log)
{
    if (!exists(log)) return exit_bad_input;
    try {
        // Names and labels come from input: escaped, so one record is one line on a terminal.
        decision_log::open_read_only(log).for_each([](const log_record& r) {
            if (r.kind == "override")
                std::cout << escape_control(fmt::format("{:>6}  {}  override of {} -> {} by {}", r.id, r.recorded_at,
                                                        r.overrides, label_text(r.label), r.expert.value_or("-")))
                          << "\n";
            else
                std::cout << escape_control(fmt::format("{:>6}  {}  {} {} {} assessed {}{}", r.id, r.recorded_at,
                                                        r.methodology, r.version,
                                                        r.cluster_id.empty() ? "-" : r.cluster_id, r.assessed_on,
                                                        r.expert ? " by " + *r.expert : ""))
                          << "\n";
        });
        return exit_ok;
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

int run_log_override(const override_options& o)
{
    if (!exists(o.log)) return exit_bad_input;
    if (o.no_label == !o.label.empty()) {
        std::cerr << "error: give the label decided with --label LABEL, or --no-label\n";
        return exit_bad_input;
    }
    try {
        auto log = decision_log::open(o.log);
        const auto id = log.record_override(o.id, o.no_label ? std::nullopt : std::optional(o.label), o.justification,
                                            {o.expert, std::nullopt});
        std::cout << fmt::format("recorded override of record {} as record {}\n", o.id, id);
        return exit_ok;
    } catch (const log_error& e) {
        std::cerr << "error: " << e.what() << "\n";
        return exit_bad_input;
    }
}

}  // namespace hallmark::cli
