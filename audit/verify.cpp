// SPDX-License-Identifier: Apache-2.0
// Walking the chain: each record's hash, its place after the one before, the rule
// sources it names, and the head. Every problem found is reported: an auditor needs
// the extent of the damage, not only where it starts.
#include "audit/record.hpp"
#include "audit/sqlite.hpp"
#include "audit/tree.hpp"
#include "audit/tree_check.hpp"

#include <hallmark/json_writer.hpp>
#include <hallmark/text.hpp>

#include <hallmark/decision_log.hpp>
#include <hallmark/log_proofs.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cctype>
#include <map>
#include <set>

namespace hallmark {
namespace {

struct record_fault {
    std::int64_t id;
    std::string what;
};

void add_problem(verify_result& out, std::int64_t id, std::string what)
{
    if (out.problems.empty()) {
        out.first_bad = id;
        out.problem = id ? fmt::format("record {}: {}", id, what) : what;
    }
    if (out.problems.size() < verify_result::max_problems) out.problems.push_back({id, std::move(what)});
}

struct walker {
    audit::connection& db;
    verify_result& out;
    audit::tree_check& tree;
    const progress_callback& progress;
    std::map<std::string, bool> source_ok;  // sha256 -> its stored text hashes to it
    std::set<std::int64_t> decisions;

    [[noreturn]] static void fault(std::int64_t id, std::string what) { throw record_fault{id, std::move(what)}; }

    bool source_intact(const std::string& sha)
    {
        if (auto it = source_ok.find(sha); it != source_ok.end()) return it->second;
        auto q = db.prepare("SELECT text FROM rule_sources WHERE sha256 = ?");
        q.bind(1, sha);
        const bool ok = q.step() && sha256_hex(q.text(0)) == sha;
        return source_ok[sha] = ok;
    }

    void check_decision(const log_record& r)
    {
        for (const auto& s : r.sources)
            if (!source_intact(s.sha256))
                fault(r.id, fmt::format("the rule source {} ({}) it used is missing or was altered", s.sha256, s.path));
        if (r.sources.empty() || audit::chain_sha256(r.sources) != r.rules_sha256)
            fault(r.id, "altered: its rule sources do not add up to the methodology's SHA-256");
        nlohmann::json d;
        try {
            d = nlohmann::json::parse(r.decision);
        } catch (const nlohmann::json::exception&) {
            fault(r.id, "altered: its decision is not valid JSON");
        }
        if (d.value("input_sha256", "") != sha256_hex(r.input))
            fault(r.id, "altered: the input_sha256 of its decision does not match its input");
        const auto m = d.value("methodology", nlohmann::json::object());
        if (m.value("name", "") != r.methodology || m.value("version", "") != r.version ||
            m.value("sha256", "") != r.rules_sha256)
            fault(r.id, "altered: its decision names another methodology than the record");
        decisions.insert(r.id);
    }

    void check_columns(const log_record& r, audit::statement& q)
    {
        const bool ov = r.kind == "override";
        auto col = [&](int i) { return q.optional_text(i); };
        if (q.text(3) != r.kind || q.text(4) != r.recorded_at ||
            col(5) != (ov ? std::nullopt : std::optional(r.cluster_id)) ||
            col(6) != (ov ? std::nullopt : std::optional(r.methodology)) ||
            col(7) != (ov ? std::nullopt : std::optional(r.version)) ||
            (ov ? q.is_null(8) || q.integer(8) != r.overrides : !q.is_null(8)))
            fault(r.id, "altered: its index columns do not match its content");
    }

    // One record; `prev` is empty after a gap already reported, so that one removed
    // record is one problem, not two.
    void check(audit::statement& q, const std::string& prev)
    {
        const std::int64_t id = q.integer(1);
        const std::string body = q.text(0);
        if (sha256_hex(body) != q.text(2)) fault(id, "altered: its content does not match its hash");
        log_record r;
        try {
            r = audit::parse_body(body);
        } catch (const std::exception& e) {
            fault(id, fmt::format("altered: {}", e.what()));
        }
        if (r.body() != body) fault(id, "altered: its content is not in canonical form");
        if (r.id != id) fault(id, fmt::format("out of place: its content says it is record {}", r.id));
        if (!prev.empty() && r.prev != prev)
            fault(id, fmt::format("does not follow record {}: a record was removed, inserted or reordered", id - 1));
        check_columns(r, q);
        if (r.kind == "decision") check_decision(r);
        else if (!r.expert || !decisions.count(r.overrides))
            fault(id, "altered: an override of no earlier decision, or of no expert");
        else if (!r.label && r.granted_valid_until)
            fault(id, "altered: an override that decides no label states a validity");
        ++(r.kind == "decision" ? out.decisions : out.overrides);
    }

    void check_head(const std::string& last)
    {
        std::int64_t head_id = 0;
        std::string head_hash = audit::genesis_hash;
        auto h = db.prepare("SELECT id, hash FROM head WHERE only = 1");
        if (h.step()) head_id = h.integer(0), head_hash = h.text(1);
        if (head_id != out.records || head_hash != last)
            add_problem(out, 0,
                        fmt::format("the log ends at record {}, but its head names record {}: records were removed "
                                    "from the end or the head was altered",
                                    out.records, head_id));
    }

    // The records in the log, for a progress display: counted only when one is shown.
    std::size_t total() const
    {
        if (!progress) return 0;
        auto q = db.prepare("SELECT count(*) FROM records");
        return q.step() ? static_cast<std::size_t>(q.integer(0)) : 0;
    }

    void walk(const std::optional<std::string>& anchor)
    {
        const std::size_t all = total();
        std::size_t done = 0;
        bool anchor_seen = false;
        std::string prev = audit::genesis_hash;
        std::int64_t expected = 1;
        auto q = db.prepare(
            "SELECT body, id, hash, kind, recorded_at, cluster_id, methodology, version, overrides FROM records "
            "ORDER BY id");
        while (q.step()) {
            const std::int64_t id = q.integer(1);
            if (id != expected) {
                add_problem(out, expected, fmt::format("missing (the next record in the log is {})", id));
                prev.clear();
            }
            try {
                check(q, prev);
            } catch (const record_fault& f) {
                add_problem(out, f.id, f.what);
            }
            // Once a record is reported, the tree cannot agree anyway: no second report of it.
            if (auto problem = tree.add(q.text(0), out.problems.empty())) add_problem(out, id, *problem);
            prev = q.text(2);
            anchor_seen = anchor_seen || (anchor && prev == *anchor);
            expected = id + 1;
            if (progress) progress(++done, all);
        }
        out.records = expected - 1;
        out.head = prev.empty() ? audit::genesis_hash : prev;
        check_head(out.head);
        for (auto& problem : tree.finish()) add_problem(out, 0, std::move(problem));
        if (anchor && !anchor_seen)
            add_problem(out, 0, fmt::format("no record has the hash {}: the log was rewritten or cut short", *anchor));
    }
};

void check_file(audit::connection& db, verify_result& out)
{
    auto ic = db.prepare("PRAGMA quick_check");
    if (ic.step() && ic.text(0) != "ok") add_problem(out, 0, "the file is damaged: " + excerpt(ic.text(0)));
}

}  // namespace

bool is_hash(const std::string& text)
{
    return text.size() == 64 && text.find_first_not_of("0123456789abcdefABCDEF") == std::string::npos;
}

verify_result audit::verify_chain(audit::connection& db, const std::optional<std::string>& anchor,
                                  std::map<std::uint64_t, std::string>* roots, const progress_callback& progress)
{
    verify_result out;
    try {
        audit::check_log_format(db);
        audit::transaction snapshot(db, false);
        out.root = to_hex(audit::sha256_raw(""));
        if (audit::is_empty_database(db)) {
            out.head = audit::genesis_hash;
            if (anchor) add_problem(out, 0, fmt::format("no record has the hash {}: the log is empty", *anchor));
        } else {
            check_file(db, out);
            audit::tree_check tree(db, roots);
            walker{db, out, tree, progress}.walk(anchor);
            out.root = to_hex(tree.root());
            out.checkpoints = tree.checkpoints();
        }
    } catch (const audit::log_damaged& e) {
        add_problem(out, 0, e.what());
    }
    out.intact = out.problems.empty();
    return out;
}

result<verify_result> verify_log(const std::string& path, const std::optional<std::string>& anchor,
                                 const progress_callback& progress)
{
    std::optional<std::string> hash = anchor;
    if (hash) {
        if (!is_hash(*hash))
            return std::vector<diagnostic>{
                {severity::error, path, 0, 0,
                 fmt::format("the head \"{}\" is not a hash of 64 hex digits", excerpt(*hash))}};
        for (auto& c : *hash) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    try {
        audit::connection db(path, audit::connection::mode::read_only);
        return audit::verify_chain(db, hash, nullptr, progress);
    } catch (const log_error& e) {
        return std::vector<diagnostic>{{severity::error, path, 0, 0, e.what()}};
    }
}

// docs/auditing.md, "verify --format json".
std::string to_json(const verify_result& r, std::string_view log_name)
{
    std::string out = "{\"log\": " + json_quote(log_name) + ", \"intact\": " + (r.intact ? "true" : "false");
    out += fmt::format(", \"records\": {}, \"decisions\": {}, \"overrides\": {}, \"head\": {}", r.records, r.decisions,
                       r.overrides, json_quote(r.head));
    out += fmt::format(", \"root\": {}, \"checkpoints\": {}", json_quote(r.root), r.checkpoints);
    out += ", \"problems\": [";
    for (std::size_t i = 0; i < r.problems.size(); ++i) {
        const auto& p = r.problems[i];
        out += fmt::format("{}{{\"record\": {}, \"problem\": {}}}", i ? ", " : "",
                           p.record ? std::to_string(p.record) : "null", json_quote(p.what));
    }
    return out + "]}";
}

}  // namespace hallmark
