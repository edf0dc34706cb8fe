// SPDX-License-Identifier: Apache-2.0
// Checkpoints, inclusion and consistency proofs of a decision log, and their checks
// with nothing but a verifier key (docs/auditing.md, section 9).
#include "audit/log_impl.hpp"
#include "audit/record.hpp"
#include "audit/tree.hpp"

#include <hallmark/json_writer.hpp>
#include <hallmark/log_proofs.hpp>

#include <fmt/format.h>

namespace hallmark {
namespace {

std::optional<std::string> read_origin(audit::connection& db)
{
    auto q = db.prepare("SELECT value FROM hallmark_log WHERE key = 'origin'");
    if (q.step()) return q.text(0);
    return std::nullopt;
}

std::int64_t record_count(audit::connection& db)
{
    auto q = db.prepare("SELECT count(*) FROM records");
    q.step();
    return q.integer(0);
}

std::string body_of(audit::connection& db, std::int64_t id)
{
    auto q = db.prepare("SELECT body FROM records WHERE id = ?");
    q.bind(1, id);
    if (!q.step()) throw log_error(fmt::format("the log '{}' has no record {}", db.path(), id));
    return q.text(0);
}

// The latest stored checkpoint of at least `size` records.
std::optional<std::pair<std::uint64_t, std::string>> latest_note(audit::connection& db, std::uint64_t size)
{
    const auto notes = audit::stored_notes(db);
    if (notes.empty() || notes.back().first < size) return std::nullopt;
    return notes.back();
}

// The identity a log's first checkpoint gives it: from its first record's hash, so that
// two logs never share one.
std::string first_record_id(audit::connection& db)
{
    auto q = db.prepare("SELECT hash FROM records WHERE id = 1");
    if (!q.step()) throw log_error(fmt::format("the decision log '{}' has no record 1", db.path()));
    return q.text(0).substr(0, 32);
}

std::string hex_array(const std::vector<std::string>& hashes)
{
    std::string out = "[";
    for (std::size_t i = 0; i < hashes.size(); ++i) out += (i ? "," : "") + json_quote(to_hex(hashes[i]));
    return out + "]";
}

}  // namespace

std::string add_checkpoint(decision_log& log, const std::string& signer_key)
{
    auto& p = log_access::of(log);
    std::lock_guard g(p.lock);
    if (!p.appending) throw log_error("a checkpoint is added to a log opened for appending");
    audit::transaction t(p.db);
    const auto n = record_count(p.db);
    if (n == 0) throw log_error(fmt::format("the decision log '{}' is empty: there is nothing to sign", log.path()));
    auto origin = read_origin(p.db);
    // The log's identity: made once, from its first record, and kept by every checkpoint.
    const bool new_origin = !origin;
    if (new_origin) origin = "hallmark.log/" + first_record_id(p.db);
    const checkpoint c{*origin, static_cast<std::uint64_t>(n),
                       audit::range_hash(audit::stored_subtrees(p.db), 0, static_cast<std::uint64_t>(n))};
    const auto note = sign_note(checkpoint_text(c), signer_key);
    if (new_origin) {
        auto q = p.db.prepare("INSERT INTO hallmark_log(key, value) VALUES ('origin', ?)");
        q.bind(1, *origin);
        q.run();
    }
    audit::store_note(p.db, c.size, note);
    t.commit();
    return note;
}

std::vector<stored_checkpoint> checkpoints_of(const decision_log& log)
{
    auto& p = log_access::of(log);
    std::lock_guard g(p.lock);
    std::vector<stored_checkpoint> out;
    for (auto& [size, note] : audit::stored_notes(p.db))
        if (auto c = parse_checkpoint(note)) out.push_back({*c, note});
    return out;
}

std::optional<std::string> origin_of(const decision_log& log)
{
    auto& p = log_access::of(log);
    std::lock_guard g(p.lock);
    return read_origin(p.db);
}

std::string log_root(const decision_log& log, std::uint64_t size)
{
    auto& p = log_access::of(log);
    std::lock_guard g(p.lock);
    if (size == 0) return audit::sha256_raw("");
    if (size > static_cast<std::uint64_t>(record_count(p.db)))
        throw log_error(fmt::format("the log '{}' has fewer than {} records", log.path(), size));
    return audit::range_hash(audit::stored_subtrees(p.db), 0, size);
}

std::string prove_inclusion(const decision_log& log, std::int64_t id)
{
    auto& p = log_access::of(log);
    std::lock_guard g(p.lock);
    audit::transaction snapshot(p.db, false);
    const auto body = body_of(p.db, id);
    const auto latest = latest_note(p.db, static_cast<std::uint64_t>(id));
    if (!latest)
        throw log_error(
            fmt::format("no checkpoint of the log '{}' covers record {}: run hallmark log checkpoint", log.path(), id));
    const auto [size, note] = *latest;
    const auto c = parse_checkpoint(note);
    const auto index = static_cast<std::uint64_t>(id - 1);
    const auto path = audit::audit_path(audit::stored_subtrees(p.db), index, size);
    // Never hand out a proof that does not hold: the stored tree must agree with the checkpoint.
    if (!c || !merkle::verify_inclusion(index, size, merkle::leaf_hash(body), path, c->root))
        throw proof_failure(fmt::format("the log '{}' does not prove record {} against its checkpoint of {} records: "
                                        "run hallmark verify",
                                        log.path(), id, size));
    return fmt::format("{{\"hallmark_proof\":\"inclusion\",\"record\":{},\"leaf_index\":{},\"tree_size\":{},"
                       "\"path\":{},\"checkpoint\":{}}}\n",
                       json_quote(body), index, size, hex_array(path), json_quote(note));
}

std::string prove_consistency(const decision_log& log, const std::string& old_note)
{
    auto& p = log_access::of(log);
    std::lock_guard g(p.lock);
    audit::transaction snapshot(p.db, false);
    const auto old = parse_checkpoint(old_note);
    if (!old) throw log_error("the earlier checkpoint is not a checkpoint (ORIGIN, SIZE, ROOT and signatures)");
    if (old->origin != read_origin(p.db))
        throw log_error(
            fmt::format("the earlier checkpoint is of the log \"{}\", not of '{}'", old->origin, log.path()));
    const auto latest = latest_note(p.db, old->size);
    if (!latest)
        throw log_error(fmt::format("no checkpoint of '{}' signs {} records or more: run hallmark log checkpoint",
                                    log.path(), old->size));
    const auto [size, note] = *latest;
    const auto subtrees = audit::stored_subtrees(p.db);
    if (old->size == 0 || audit::range_hash(subtrees, 0, old->size) != old->root)
        throw proof_failure(fmt::format("the first {} records of '{}' are not those the earlier checkpoint signed: "
                                        "the history was rewritten",
                                        old->size, log.path()));
    const auto path = audit::consistency_path(subtrees, old->size, size);
    return fmt::format("{{\"hallmark_proof\":\"consistency\",\"old\":{},\"new\":{},\"path\":{}}}\n",
                       json_quote(old_note), json_quote(note), hex_array(path));
}

}  // namespace hallmark
