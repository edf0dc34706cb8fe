// SPDX-License-Identifier: Apache-2.0
// The decision log on disk: one SQLite file, appended to in transactions.
#include "audit/log_impl.hpp"
#include "audit/record.hpp"
#include "audit/sqlite.hpp"
#include "audit/tree.hpp"
#include <hallmark/json_writer.hpp>
#include <hallmark/text.hpp>

#include <hallmark/decision_log.hpp>
#include <hallmark/log_proofs.hpp>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <set>

namespace hallmark {

namespace {

// Format 2 is format 1 with the Merkle tree and the checkpoints (audit/tree.cpp); format
// 3 is format 2 whose override records may state the validity they grant. An older log
// becomes format 3 when it is next opened for appending.
constexpr const char* format_version = "3";

// Index columns repeat fields of the body so records can be selected without parsing
// them; verification checks they agree with the body, which alone is hashed.
constexpr const char* schema = R"sql(
CREATE TABLE IF NOT EXISTS hallmark_log(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS rule_sources(sha256 TEXT PRIMARY KEY, text TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS records(
  id INTEGER PRIMARY KEY, kind TEXT NOT NULL, recorded_at TEXT NOT NULL,
  cluster_id TEXT, methodology TEXT, version TEXT, overrides INTEGER,
  body TEXT NOT NULL, hash TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS head(only INTEGER PRIMARY KEY CHECK (only = 1), id INTEGER NOT NULL, hash TEXT NOT NULL);
INSERT OR IGNORE INTO hallmark_log(key, value) VALUES ('format', '3');
)sql";

void create_tables(audit::connection& db)
{
    db.exec(schema, "cannot write to");
    db.exec(audit::tree_schema, "cannot write to");
}

}  // namespace

bool audit::is_empty_database(audit::connection& db)
{
    auto q = db.prepare("SELECT count(*) FROM sqlite_master");
    q.step();
    return q.integer(0) == 0;
}

namespace {

bool starts_like_sqlite(const std::string& path)
{
    char magic[16] = {};
    std::ifstream in(path, std::ios::binary);
    return in.read(magic, sizeof magic) && std::string(magic, sizeof magic) == std::string("SQLite format 3", 16);
}

[[noreturn]] void not_a_log(const std::string& path)
{
    throw audit::log_damaged(fmt::format("'{}' is not a hallmark decision log", path));
}

std::optional<std::string> stored_format(audit::connection& db)
{
    auto t = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'hallmark_log'");
    if (!t.step()) not_a_log(db.path());
    auto q = db.prepare("SELECT value FROM hallmark_log WHERE key = 'format'");
    if (q.step()) return q.text(0);
    return std::nullopt;
}

}  // namespace

void audit::check_log_format(audit::connection& db)
{
    std::optional<std::string> found;
    try {
        if (is_empty_database(db)) return;
        found = stored_format(db);
    } catch (const log_damaged& e) {
        // A file that is not SQLite at all is not a log; an SQLite file SQLite cannot
        // read whole is a damaged one (a truncated log, say).
        if (!starts_like_sqlite(db.path())) not_a_log(db.path());
        throw;
    }
    if (!found) not_a_log(db.path());
    if (*found != format_version && *found != "1" && *found != "2")
        throw audit::log_damaged(fmt::format("'{}' is a decision log of format {}; this engine reads formats 1 to {}",
                                             db.path(), *found, format_version));
}

namespace {

// A new log (or the empty shell a killed creator left): WAL lets readers work beside
// one writer; FULL makes each commit durable before the command reports success. The
// schema is one transaction, made only while the file is still empty, so a file that
// holds anything else is never changed.
void create_schema(audit::connection& db)
{
    db.use_wal();
    audit::transaction t(db);
    if (audit::is_empty_database(db)) create_tables(db);
    t.commit();
}

log_record read_row(audit::statement& q)
{
    log_record r;
    try {
        r = audit::parse_body(q.text(0));
    } catch (const std::exception&) {
        // Kept as stored: verification names the record; readers see what is there.
        r.kind = "unreadable";
    }
    r.id = q.integer(1);
    r.hash = q.text(2);
    return r;
}

}  // namespace

void audit::bind_record(statement& q, const log_record& r)
{
    q.bind(1, r.id).bind(2, r.kind).bind(3, r.recorded_at);
    if (r.kind == "override") q.bind_null(4).bind_null(5).bind_null(6).bind(7, r.overrides);
    else q.bind(4, r.cluster_id).bind(5, r.methodology).bind(6, r.version).bind_null(7);
    q.bind(8, r.body()).bind(9, r.hash);
}

namespace {

struct head_row {
    std::int64_t id = 0;
    std::string hash = audit::genesis_hash;
};

head_row read_head(audit::connection& db)
{
    head_row h;
    auto q = db.prepare("SELECT id, hash FROM head WHERE only = 1");
    if (q.step()) h = {q.integer(0), q.text(1)};
    return h;
}

std::int64_t append(audit::connection& db, log_record& r, const std::vector<rule_file>& files)
{
    audit::transaction t(db);
    const auto head = read_head(db);
    r.id = head.id + 1;
    r.prev = head.hash;
    r.hash = hash_of(r);
    auto src = db.prepare("INSERT OR IGNORE INTO rule_sources(sha256, text) VALUES (?, ?)");
    for (const auto& f : files) {
        src.bind(1, f.sha256).bind(2, f.text);
        src.run();
    }
    auto ins = db.prepare(
        "INSERT INTO records(id, kind, recorded_at, cluster_id, methodology, version, overrides, body, hash) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    audit::bind_record(ins, r);
    ins.run();
    audit::add_leaf(db, static_cast<std::uint64_t>(r.id - 1), r.body());
    auto h = db.prepare("INSERT OR REPLACE INTO head(only, id, hash) VALUES (1, ?, ?)");
    h.bind(1, r.id).bind(2, r.hash);
    h.run();
    t.commit();
    return r.id;
}

// Records are JSON, and JSON is UTF-8: a byte that is not would make the record
// unreadable, so it is refused before anything is written.
void require_utf8(const std::optional<std::string>& text, const char* what)
{
    if (text && first_invalid_utf8(*text) != std::string_view::npos)
        throw log_error(fmt::format("{} is not valid UTF-8: {}", what, json_quote(*text)));
}

// The labels of the methodology a decision was made under, best first, as its
// decision JSON lists them.
std::vector<std::string> labels_of(const log_record& r)
{
    std::vector<std::string> out;
    try {
        const auto d = nlohmann::json::parse(r.decision);
        for (const auto& l : d.at("labels")) out.push_back(l.at("id").get<std::string>());
    } catch (const nlohmann::json::exception&) {}
    return out;
}

void require_label(const log_record& target, const std::string& label)
{
    const auto labels = labels_of(target);
    if (std::find(labels.begin(), labels.end(), label) != labels.end()) return;
    throw log_error(fmt::format("record {} was decided under {} {}, which has no label '{}'{}; its labels are: {}",
                                target.id, target.methodology, target.version, escape_control(label),
                                did_you_mean(label, labels), fmt::join(labels, ", ")));
}

std::string recorded_at(const record_options& o)
{
    if (!o.recorded_at) return audit::utc_now();
    if (!is_utc_time(*o.recorded_at))
        throw log_error(fmt::format("recorded_at \"{}\" is not a UTC time like 2026-01-31T12:00:00Z", *o.recorded_at));
    return *o.recorded_at;
}

}  // namespace

decision_log::decision_log(std::unique_ptr<impl> p) : impl_(std::move(p)) {}
decision_log::decision_log(decision_log&&) noexcept = default;
decision_log& decision_log::operator=(decision_log&&) noexcept = default;
decision_log::~decision_log() = default;

decision_log decision_log::open(const std::string& path)
{
    auto p = std::make_unique<impl>(path, audit::connection::mode::read_write_create);
    audit::check_log_format(p->db);  // an empty database passes: it becomes the log
    if (audit::is_empty_database(p->db)) create_schema(p->db);
    audit::check_log_format(p->db);
    p->db.exec("PRAGMA synchronous=FULL");
    // Nothing is appended to a chain that does not verify: it would bury the damage.
    const auto v = audit::verify_chain(p->db, std::nullopt);  // throws log_error when unreadable
    if (!v.intact)
        throw log_error(fmt::format("the decision log '{}' does not verify ({}); nothing is written to it, "
                                    "run hallmark verify",
                                    path, v.problem));
    audit::upgrade_to_current(p->db);
    p->appending = true;
    return decision_log(std::move(p));
}

decision_log decision_log::open_read_only(const std::string& path)
{
    auto p = std::make_unique<impl>(path, audit::connection::mode::read_only);
    audit::check_log_format(p->db);
    return decision_log(std::move(p));
}

const std::string& decision_log::path() const { return impl_->db.path(); }

std::int64_t decision_log::record(const rule_set& rules, const assessment& input, const decision& d,
                                  const record_options& options)
{
    if (d.rules_sha256 != rules.sha256() || d.input_sha256 != sha256_hex(input.canonical))
        throw log_error("the decision to record was not made by these rules for this input");
    require_utf8(options.expert, "the expert's name");
    for (const auto& f : rules.files()) require_utf8(f.path, "the rule file's name");
    log_record r;
    r.kind = "decision";
    r.recorded_at = recorded_at(options);
    r.expert = options.expert;
    r.engine = d.engine;
    r.methodology = rules.name();
    r.version = rules.version();
    r.rules_sha256 = rules.sha256();
    for (const auto& f : rules.files()) r.sources.push_back({f.sha256, f.path, f.methodology, f.version});
    r.cluster_id = input.cluster_id;
    r.assessed_on = input.assessed_on.to_string();
    r.input = input.canonical;
    r.decision = to_json(d);
    std::lock_guard g(impl_->lock);
    return append(impl_->db, r, rules.files());
}

std::int64_t decision_log::record_override(std::int64_t decision_id, const std::optional<std::string>& label,
                                           const std::string& justification, const record_options& options)
{
    if (!options.expert || options.expert->empty()) throw log_error("an override needs the expert's identity");
    if (justification.empty()) throw log_error("an override needs a justification");
    require_utf8(options.expert, "the expert's name");
    require_utf8(justification, "the justification");
    require_utf8(label, "the label");
    const auto target = find(decision_id);
    if (!target || target->kind != "decision")
        throw log_error(fmt::format("the log '{}' has no decision record {}", path(), decision_id));
    if (label) require_label(*target, *label);
    log_record r;
    r.kind = "override";
    r.recorded_at = recorded_at(options);
    r.expert = options.expert;
    r.overrides = decision_id;
    r.label = label;
    r.justification = justification;
    // The validity it grants is stated in the record, computed once, now.
    auto granted = validity_granted(*this, r);
    if (!granted.error.empty())
        throw log_error(fmt::format("cannot tell the validity the override grants: {}", granted.error));
    r.granted_recorded = true;
    r.granted_valid_until = std::move(granted.valid_until);
    std::lock_guard g(impl_->lock);
    return append(impl_->db, r, {});
}

std::optional<log_record> decision_log::find(std::int64_t id) const
{
    std::lock_guard g(impl_->lock);
    auto q = impl_->db.prepare("SELECT body, id, hash FROM records WHERE id = ?");
    q.bind(1, id);
    if (!q.step()) return std::nullopt;
    return read_row(q);
}

void decision_log::for_each(const std::function<void(const log_record&)>& f) const
{
    std::lock_guard g(impl_->lock);
    audit::transaction t(impl_->db, false);  // one consistent snapshot while appends go on
    auto q = impl_->db.prepare("SELECT body, id, hash FROM records ORDER BY id");
    while (q.step()) f(read_row(q));
}

std::vector<log_record> decision_log::overrides_of(std::int64_t id) const
{
    std::lock_guard g(impl_->lock);
    std::vector<log_record> out;
    auto q =
        impl_->db.prepare("SELECT body, id, hash FROM records WHERE kind = 'override' AND overrides = ? ORDER BY id");
    q.bind(1, id);
    while (q.step()) out.push_back(read_row(q));
    return out;
}

void decision_log::for_each_source(
    const std::function<void(const std::string& sha256, const std::string& text)>& f) const
{
    std::lock_guard g(impl_->lock);
    auto q = impl_->db.prepare("SELECT sha256, text FROM rule_sources ORDER BY sha256");
    while (q.step()) f(q.text(0), q.text(1));
}

std::optional<std::string> decision_log::source_text(const std::string& sha256) const
{
    std::lock_guard g(impl_->lock);
    auto q = impl_->db.prepare("SELECT text FROM rule_sources WHERE sha256 = ?");
    q.bind(1, sha256);
    if (!q.step()) return std::nullopt;
    return q.text(0);
}

std::int64_t decision_log::size() const
{
    std::lock_guard g(impl_->lock);
    auto q = impl_->db.prepare("SELECT count(*) FROM records");
    q.step();
    return q.integer(0);
}

namespace audit {

struct importer::state {
    connection db;
    std::optional<transaction> t;
    std::string prev = genesis_hash;
    std::int64_t next_id = 1;
    std::set<std::string> sources;
    std::optional<std::string> origin;  // of the checkpoints read
    explicit state(const std::string& path) : db(path, connection::mode::read_write_create) {}
};

importer::importer(const std::string& path) : path_(path)
{
    // `path` is the importer's own empty temporary (import_log makes it exclusively).
    s_ = std::make_unique<state>(path);
    s_->db.use_wal();
    // A private file nobody sees until finish(): durability is ensured once, at the end.
    s_->db.exec("PRAGMA synchronous=OFF");
    create_tables(s_->db);
    s_->t.emplace(s_->db);
}

importer::~importer()
{
    if (!s_) return;
    s_.reset();
    std::error_code ec;
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path_ + suffix, ec);
}

void importer::add_source(const std::string& sha256, const std::string& text)
{
    if (sha256_hex(text) != sha256) throw std::runtime_error("the rule source's text does not match its SHA-256");
    auto q = s_->db.prepare("INSERT OR IGNORE INTO rule_sources(sha256, text) VALUES (?, ?)");
    q.bind(1, sha256).bind(2, text);
    q.run();
    s_->sources.insert(sha256);
}

void importer::add_record(const log_record& r)
{
    if (r.id != s_->next_id)
        throw std::runtime_error(fmt::format("record {} comes where record {} should", r.id, s_->next_id));
    if (r.prev != s_->prev)
        throw std::runtime_error(fmt::format("record {} does not follow the record before it", r.id));
    if (hash_of(r) != r.hash) throw std::runtime_error(fmt::format("record {} does not match its hash", r.id));
    for (const auto& src : r.sources)
        if (!s_->sources.count(src.sha256))
            throw std::runtime_error(
                fmt::format("record {} uses rule source {}, which comes later or not at all", r.id, src.sha256));
    auto q = s_->db.prepare(
        "INSERT INTO records(id, kind, recorded_at, cluster_id, methodology, version, overrides, body, hash) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    bind_record(q, r);
    q.run();
    add_leaf(s_->db, static_cast<std::uint64_t>(r.id - 1), r.body());
    s_->prev = r.hash;
    ++s_->next_id;
}

void importer::add_checkpoint(const std::string& note)
{
    const auto c = parse_checkpoint(note);
    if (!c || c->size == 0) throw std::runtime_error("the checkpoint is not a checkpoint of records");
    const auto records = static_cast<std::uint64_t>(s_->next_id - 1);
    if (c->size > records)
        throw std::runtime_error(
            fmt::format("the checkpoint signs {} records, but only {} come before it", c->size, records));
    if (range_hash(stored_subtrees(s_->db), 0, c->size) != c->root)
        throw std::runtime_error(fmt::format("the checkpoint of {} records signed another Merkle root: the records "
                                             "were changed after it was signed",
                                             c->size));
    if (s_->origin && *s_->origin != c->origin)
        throw std::runtime_error("the checkpoint names another log than the checkpoints before it");
    if (!s_->origin) {
        s_->origin = c->origin;
        auto q = s_->db.prepare("INSERT INTO hallmark_log(key, value) VALUES ('origin', ?)");
        q.bind(1, c->origin);
        q.run();
    }
    store_note(s_->db, c->size, note);
}

std::int64_t importer::finish(std::int64_t records, const std::string& head)
{
    if (records != s_->next_id - 1 || head != s_->prev)
        throw std::runtime_error(fmt::format("the export ends at record {}, but its first line announces {} records "
                                             "ending with {}: it was cut short or altered",
                                             s_->next_id - 1, records, head));
    {
        auto h = s_->db.prepare("INSERT INTO head(only, id, hash) VALUES (1, ?, ?)");
        h.bind(1, records).bind(2, head);
        h.run();
    }
    s_->t->commit();
    s_->db.exec("PRAGMA synchronous=FULL");
    s_->db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
    s_.reset();
    return records;
}

}  // namespace audit

compile_result rules_of(const decision_log& log, const log_record& r)
{
    if (r.kind != "decision" || r.sources.empty())
        return compile_result(
            {{severity::error, log.path(), 0, 0, fmt::format("record {} is not a decision with rule sources", r.id)}},
            {});
    compile_options o;
    // Replaying only decides: tests are matched for syntax, so a later engine's stricter
    // checks of test bodies cannot stop a recorded decision from being replayed.
    o.read_tests = false;
    // Bases come from the log only: the record says which stored text each version is.
    o.find_base = [&](const std::string& name, const std::string& version) -> std::optional<rule_source> {
        for (const auto& s : r.sources)
            if (s.methodology == name && s.version == version)
                if (auto text = log.source_text(s.sha256)) return rule_source{s.path, *text};
        return std::nullopt;
    };
    const auto top = log.source_text(r.sources.front().sha256);
    if (!top)
        return compile_result(
            {{severity::error, log.path(), 0, 0,
              fmt::format("the log does not hold the rule source {} of record {}", r.sources.front().sha256, r.id)}},
            {});
    return compile_string(*top, r.sources.front().path, o);
}

}  // namespace hallmark
