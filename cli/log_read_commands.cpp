// SPDX-License-Identifier: Apache-2.0
// log list, log show and log override: reading one record or all of them, and adding an
// expert's override (docs/auditing.md, sections 4 and 5).
#include "cli/commands.hpp"
#include "cli/log_common.hpp"

#include <hallmark/decision_log.hpp>
#include <hallmark/json_writer.hpp>
#include <hallmark/text.hpp>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <iostream>
#include <map>

namespace hallmark::cli {
namespace {

// One record as `log list` shows it. An override carries the cluster, date and
// methodology of the decision it overrides, so each line reads on its own.
struct list_row {
    log_record record;  // input and decision dropped: a listing keeps only what it shows
    record_outcome outcome;
    std::string cluster_id, assessed_on, methodology, version;
    std::vector<std::int64_t> overridden_by;
};

std::vector<list_row> list_rows(const decision_log& log)
{
    std::vector<list_row> rows;
    std::map<std::int64_t, std::size_t> decision_row;
    log.for_each([&](const log_record& r) {
        list_row row{r, outcome_of(log, r), r.cluster_id, r.assessed_on, r.methodology, r.version, {}};
        row.record.input.clear();
        row.record.decision.clear();
        if (r.kind == "override") {
            if (const auto it = decision_row.find(r.overrides); it != decision_row.end()) {
                auto& target = rows[it->second];
                target.overridden_by.push_back(r.id);
                row.cluster_id = target.cluster_id;
                row.assessed_on = target.assessed_on;
                row.methodology = target.methodology;
                row.version = target.version;
            }
        } else {
            decision_row[r.id] = rows.size();
        }
        rows.push_back(std::move(row));
    });
    return rows;
}

std::string notes_of(const list_row& row)
{
    std::vector<std::string> notes;
    if (!row.outcome.hash_matches) notes.emplace_back("ALTERED: its content does not match its hash");
    if (row.record.kind == "override") notes.push_back(fmt::format("override of {}", row.record.overrides));
    if (!row.overridden_by.empty())
        notes.push_back(fmt::format("overridden by {}", fmt::join(row.overridden_by, ", ")));
    if (!row.outcome.error.empty()) notes.push_back(row.outcome.error);
    return notes.empty() ? "-" : fmt::format("{}", fmt::join(notes, "; "));
}

// Columns are aligned by the characters a terminal shows, not bytes: names are UTF-8.
std::size_t display_width(std::string_view s)
{
    std::size_t n = 0;
    for (const unsigned char c : s) n += (c & 0xC0) != 0x80;
    return n;
}

void print_table(const std::vector<std::vector<std::string>>& lines)
{
    std::vector<std::size_t> width(lines.front().size());
    for (const auto& l : lines)
        for (std::size_t c = 0; c < l.size(); ++c) width[c] = std::max(width[c], display_width(l[c]));
    for (const auto& l : lines) {
        std::string text;
        for (std::size_t c = 0; c < l.size(); ++c) {
            text += c == 0 ? std::string(width[c] - display_width(l[c]), ' ') + l[c] : "  " + l[c];
            if (c > 0 && c + 1 < l.size()) text += std::string(width[c] - display_width(l[c]), ' ');
        }
        std::cout << text << "\n";
    }
}

void list_text(const std::vector<list_row>& rows)
{
    std::vector<std::vector<std::string>> lines{
        {"id", "recorded at", "cluster", "assessed on", "methodology", "label", "valid until", "notes", "expert"}};
    auto or_dash = [](const std::string& s) { return s.empty() ? std::string("-") : escape_control(s); };
    for (const auto& row : rows) {
        const auto& r = row.record;
        lines.push_back({std::to_string(r.id), r.recorded_at, or_dash(row.cluster_id), or_dash(row.assessed_on),
                         or_dash(row.methodology.empty() ? "" : row.methodology + " " + row.version),
                         escape_control(label_text(row.outcome.label)), row.outcome.valid_until.value_or("-"),
                         escape_control(notes_of(row)), or_dash(r.expert.value_or(""))});
    }
    print_table(lines);
}

void optional_string(json_writer& w, const std::optional<std::string>& s)
{
    if (s) w.string(*s);
    else w.null();
}

void list_json(const std::string& log, const std::vector<list_row>& rows)
{
    std::string out;
    json_writer w(out);
    w.begin_object().key("log").string(log).key("records").begin_array();
    for (const auto& row : rows) {
        const auto& r = row.record;
        const bool is_override = r.kind == "override";
        w.begin_object().key("id").raw_number(std::to_string(r.id)).key("kind").string(r.kind);
        w.key("recorded_at").string(r.recorded_at).key("expert");
        optional_string(w, r.expert);
        w.key("cluster_id").string(row.cluster_id).key("assessed_on").string(row.assessed_on);
        w.key("methodology").string(row.methodology).key("version").string(row.version).key("label");
        optional_string(w, row.outcome.label);
        w.key("valid_until");
        optional_string(w, row.outcome.valid_until);
        w.key("overrides");
        is_override ? w.raw_number(std::to_string(r.overrides)) : w.null();
        w.key("overridden_by").begin_array();
        for (const auto id : row.overridden_by) w.raw_number(std::to_string(id));
        w.end_array().key("hash_matches").boolean(row.outcome.hash_matches).key("error");
        optional_string(w, row.outcome.error.empty() ? std::nullopt : std::optional(row.outcome.error));
        w.end_object();
    }
    w.end_array().end_object();
    std::cout << out << "\n";
}

}  // namespace

int run_log_list(const std::string& log, const std::string& format)
{
    if (!log_exists(log)) return exit_bad_input;
    try {
        const auto rows = list_rows(decision_log::open_read_only(log));
        if (format == "json") list_json(log, rows);
        else list_text(rows);
        return exit_ok;
    } catch (const log_error& e) {
        std::cerr << "error: " << e.what() << "\n";
        return exit_bad_input;
    }
}

namespace {

// A record's summary in `log show --format json`.
void summary_json(json_writer& w, const decision_log& log, const log_record& r)
{
    const auto outcome = outcome_of(log, r);
    w.key("record").raw_number(std::to_string(r.id)).key("kind").string(r.kind);
    w.key("hash").string(r.hash).key("hash_matches").boolean(outcome.hash_matches).key("label");
    optional_string(w, outcome.label);
    w.key("valid_until");
    optional_string(w, outcome.valid_until);
    w.key("error");
    optional_string(w, outcome.error.empty() ? std::nullopt : std::optional(outcome.error));
}

std::optional<log_record> find_record(const decision_log& log, std::int64_t id)
{
    auto r = log.find(id);
    if (!r) throw log_error(fmt::format("the log '{}' has no record {}", log.path(), id));
    return r;
}

// The record, what it decided or grants, its overrides or the decision it overrides;
// `body` is the record's exact text as the chain hashes it (docs/auditing.md, section 8).
void show_json(const std::string& name, const decision_log& log, const log_record& r)
{
    std::string out;
    json_writer w(out);
    w.begin_object().key("log").string(name);
    summary_json(w, log, r);
    w.key("body").string(r.body()).key("overridden_by").begin_array();
    if (r.kind == "decision")
        for (const auto& o : log.overrides_of(r.id)) {
            w.begin_object();
            summary_json(w, log, o);
            w.key("recorded_at").string(o.recorded_at).key("expert");
            optional_string(w, o.expert);
            w.key("justification").string(o.justification).end_object();
        }
    w.end_array().key("decision");
    if (r.kind == "override") {
        w.begin_object();
        summary_json(w, log, *find_record(log, r.overrides));
        w.end_object();
    } else {
        w.null();
    }
    w.end_object();
    std::cout << out << "\n";
}

bool altered(const log_record& r) { return hash_of(r) != r.hash; }

}  // namespace

int run_log_show(const std::string& log, std::int64_t id, const std::string& format)
{
    if (!log_exists(log)) return exit_bad_input;
    try {
        const auto l = decision_log::open_read_only(log);
        const auto r = find_record(l, id);
        const bool bad = altered(*r) || (r->kind == "override" && altered(*find_record(l, r->overrides)));
        if (format == "json") show_json(log, l, *r);
        else std::cout << show_record(l, id, format);
        // What was shown is not what was recorded: the answer to "is this the record?" is no.
        return bad ? exit_failed : exit_ok;
    } catch (const log_error& e) {
        std::cerr << "error: " << e.what() << "\n";
        return exit_bad_input;
    }
}

int run_log_override(const override_options& o)
{
    if (!log_exists(o.log)) return exit_bad_input;
    if (o.no_label == !o.label.empty()) {
        std::cerr << "error: give the label decided with --label LABEL, or --no-label\n";
        return exit_bad_input;
    }
    try {
        auto log = decision_log::open(o.log);
        const auto id = log.record_override(o.id, o.no_label ? std::nullopt : std::optional(o.label), o.justification,
                                            {o.expert, std::nullopt});
        const auto granted = outcome_of(log, *log.find(id));
        std::cout << escape_control(fmt::format("recorded override of record {} as record {}: {}{}\n", o.id, id,
                                                label_text(granted.label),
                                                granted.valid_until ? ", valid until " + *granted.valid_until : ""),
                                    true);
        return exit_ok;
    } catch (const log_error& e) {
        std::cerr << "error: " << e.what() << "\n";
        return exit_bad_input;
    }
}

}  // namespace hallmark::cli
