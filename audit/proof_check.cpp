// SPDX-License-Identifier: Apache-2.0
// Checking proofs with nothing but a verifier key, and a log against a checkpoint kept
// from earlier. Anything unexpected in a proof file is a proof that does not verify.
#include "audit/record.hpp"
#include "audit/sqlite.hpp"
#include "audit/tree.hpp"

#include <hallmark/json_writer.hpp>
#include <hallmark/log_proofs.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace hallmark {
namespace {

using json = nlohmann::ordered_json;  // keeps the order of keys, for the canonical check

struct bad_proof {
    std::string why;
};

const json& field(const json& j, const char* key, bool (json::*is)() const noexcept)
{
    if (!j.contains(key) || !(j.at(key).*is)()) throw bad_proof{fmt::format("its \"{}\" is missing or malformed", key)};
    return j.at(key);
}

std::vector<std::string> read_path(const json& j)
{
    std::vector<std::string> out;
    for (const auto& h : field(j, "path", &json::is_array)) {
        const auto raw = h.is_string() ? from_hex(h.get<std::string>()) : std::nullopt;
        if (!raw || raw->size() != 32 || to_hex(*raw) != h.get<std::string>())
            throw bad_proof{"its path holds something other than 64 lowercase hex digits"};
        out.push_back(*raw);
    }
    return out;
}

checkpoint open_checkpoint(const json& j, const char* key, const std::string& verifier_key)
{
    const auto note = field(j, key, &json::is_string).get<std::string>();
    const auto opened = open_note(note, verifier_key);
    if (!opened.ok) throw bad_proof{fmt::format("its checkpoint \"{}\": {}", key, opened.problem)};
    const auto c = parse_checkpoint(opened.text);
    if (!c) throw bad_proof{fmt::format("its checkpoint \"{}\" is not a checkpoint", key)};
    return *c;
}

// The writer of audit/proofs.cpp gives one text for one proof; any other text was edited.
void require_keys(const json& j, std::initializer_list<const char*> keys)
{
    if (j.size() != keys.size()) throw bad_proof{"it has other fields than a proof"};
    for (const auto* k : keys)
        if (!j.contains(k)) throw bad_proof{fmt::format("it has no \"{}\"", k)};
}

void check_inclusion(const json& j, const std::string& key, proof_verdict& v)
{
    require_keys(j, {"hallmark_proof", "record", "leaf_index", "tree_size", "path", "checkpoint"});
    const auto c = open_checkpoint(j, "checkpoint", key);
    v.origin = c.origin;
    v.size = c.size;
    const auto body = field(j, "record", &json::is_string).get<std::string>();
    const auto index = field(j, "leaf_index", &json::is_number_unsigned).get<std::uint64_t>();
    if (field(j, "tree_size", &json::is_number_unsigned).get<std::uint64_t>() != c.size)
        throw bad_proof{"its tree_size is not the size its checkpoint signed"};
    log_record r;
    try {
        r = audit::parse_body(body);
    } catch (const std::exception& e) {
        throw bad_proof{fmt::format("its record is not a record: {}", e.what())};
    }
    if (r.body() != body || r.id < 1 || static_cast<std::uint64_t>(r.id - 1) != index)
        throw bad_proof{"its record is not in canonical form, or not the record at leaf_index + 1"};
    v.record = r.id;
    if (!merkle::verify_inclusion(index, c.size, merkle::leaf_hash(body), read_path(j), c.root))
        throw bad_proof{
            fmt::format("the audit path does not lead from record {} to the root its checkpoint signed", r.id)};
}

void check_consistency(const json& j, const std::string& key, proof_verdict& v)
{
    require_keys(j, {"hallmark_proof", "old", "new", "path"});
    const auto old = open_checkpoint(j, "old", key), now = open_checkpoint(j, "new", key);
    v.origin = now.origin;
    v.size = now.size;
    v.old_size = old.size;
    if (old.origin != now.origin) throw bad_proof{"its two checkpoints are of different logs"};
    if (!merkle::verify_consistency(old.size, now.size, old.root, now.root, read_path(j)))
        throw bad_proof{fmt::format("the log of {} records does not extend the log of {} records its old checkpoint "
                                    "signed: the history was rewritten, or the proof altered",
                                    now.size, old.size)};
}

// The text the writer would give for this JSON: what the file must be, byte for byte.
bool canonical(const std::string& text, const json& j)
{
    return j.dump(-1, ' ', false, json::error_handler_t::strict) + "\n" == text;
}

}  // namespace

proof_verdict check_proof(const std::string& proof_text, const std::string& verifier_key)
{
    proof_verdict v;
    try {
        json j;
        try {
            j = json::parse(proof_text);
        } catch (const json::exception&) {
            throw bad_proof{"it is not JSON"};
        }
        if (!j.is_object() || !j.contains("hallmark_proof") || !j.at("hallmark_proof").is_string())
            throw bad_proof{"it is not a hallmark proof"};
        v.kind = j.at("hallmark_proof").get<std::string>();
        if (v.kind == "inclusion") check_inclusion(j, verifier_key, v);
        else if (v.kind == "consistency") check_consistency(j, verifier_key, v);
        else throw bad_proof{"it is a proof of an unknown kind"};
        if (!canonical(proof_text, j)) throw bad_proof{"it is not in the form hallmark writes: it was edited"};
        v.valid = true;
    } catch (const bad_proof& b) {
        v.problem = "the proof does not verify: " + b.why;
    } catch (const json::exception& e) {
        v.problem = std::string("the proof does not verify: it is malformed: ") + e.what();
    }
    return v;
}

}  // namespace hallmark

namespace hallmark {
namespace {

void add(verify_result& out, std::string what)
{
    if (out.problems.empty()) out.problem = what;
    out.problems.push_back({0, std::move(what)});
    out.intact = false;
}

std::optional<std::string> origin_in(audit::connection& db)
{
    auto t = db.prepare("SELECT value FROM hallmark_log WHERE key = 'origin'");
    if (t.step()) return t.text(0);
    return std::nullopt;
}

// The stored tree's own consistency proof from the checkpoint to now, checked against
// the root recomputed from the records: what a party without the log would be handed.
void check_stored_proof(audit::connection& db, const checkpoint& old, verify_result& out)
{
    const auto now = from_hex(out.root);
    const auto n = static_cast<std::uint64_t>(out.records);
    std::vector<std::string> path;
    try {
        path = audit::consistency_path(audit::stored_subtrees(db), old.size, n);
    } catch (const log_error& e) {
        return add(out, fmt::format("the stored Merkle tree cannot prove the log consistent with the checkpoint: {}",
                                    e.what()));
    }
    if (!now || !merkle::verify_consistency(old.size, n, old.root, *now, path))
        add(out, fmt::format("the stored Merkle tree does not prove the log of {} records consistent with the "
                             "checkpoint of {} records",
                             n, old.size));
}

void check_against(audit::connection& db, const checkpoint& old, verify_result& out,
                   const std::map<std::uint64_t, std::string>& roots)
{
    const auto origin = origin_in(db);
    if (!origin || *origin != old.origin)
        return add(out, fmt::format("the checkpoint is of the log \"{}\", and this log is {}", old.origin,
                                    origin ? "\"" + *origin + "\"" : "not one that was ever checkpointed"));
    if (old.size > static_cast<std::uint64_t>(out.records))
        return add(out, fmt::format("the checkpoint signed {} records, but the log has {}: records were removed",
                                    old.size, out.records));
    if (old.size > 0 && roots.at(old.size) != old.root)
        return add(out, fmt::format("records 1 to {} are not those the checkpoint signed: the history was rewritten",
                                    old.size));
    if (old.size > 0 && audit::stores_tree(db)) check_stored_proof(db, old, out);
}

}  // namespace

result<verify_result> verify_since(const std::string& path, const std::string& old_note,
                                   const std::string& verifier_key)
{
    try {
        const auto opened = open_note(old_note, verifier_key);  // throws on a malformed key
        const auto old = opened.ok ? parse_checkpoint(opened.text) : std::nullopt;
        audit::connection db(path, audit::connection::mode::read_only);
        std::map<std::uint64_t, std::string> roots;
        if (old) roots[old->size];
        auto out = audit::verify_chain(db, std::nullopt, &roots);
        if (!opened.ok) add(out, "the checkpoint: " + opened.problem);
        else if (!old) add(out, "the checkpoint's signed text is not a checkpoint");
        else {
            try {
                check_against(db, *old, out, roots);
            } catch (const audit::log_damaged& e) {
                add(out, e.what());  // not a log, or one SQLite cannot read whole: a verdict
            }
        }
        return out;
    } catch (const log_error& e) {
        return std::vector<diagnostic>{{severity::error, path, 0, 0, e.what()}};
    }
}

}  // namespace hallmark
