// SPDX-License-Identifier: Apache-2.0
// The decision log's tree, checkpoints and proofs: the stored tree is the reference
// tree of the record bodies, every record's proof verifies with the verifier key
// alone, any altered byte of a proof is refused, old logs are upgraded, and the
// forgeries the chain alone lets through are caught by an earlier checkpoint.
#include "audit_log_support.hpp"

#include <hallmark/decision_log.hpp>
#include <hallmark/log_proofs.hpp>

#include <boost/test/unit_test.hpp>

#include <random>
#include <sstream>

using namespace hallmark;
using namespace audit_log_support;

namespace {

std::vector<std::string> leaves_of(const std::string& path)
{
    std::vector<std::string> out;
    decision_log::open_read_only(path).for_each(
        [&](const log_record& r) { out.push_back(merkle::leaf_hash(r.body())); });
    return out;
}

std::string grow(const scratch& s, const std::string& path, int n, int from = 0)
{
    auto log = decision_log::open(path);
    const auto v1 = compile(s.path("v1.rules"));
    for (int i = 0; i < n; ++i) record(log, v1, input("C" + std::to_string(from + i), 10 + i));
    return path;
}

std::string flipped(std::string s, std::size_t at)
{
    s[at] = static_cast<char>(s[at] ^ 0x01);
    return s;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(audit_proofs)

BOOST_AUTO_TEST_CASE(the_stored_tree_is_the_tree_of_the_record_bodies)
{
    scratch s;
    const auto path = grow(s, s.path("d.log"), 0);
    for (int n : {1, 2, 3, 5, 8, 13}) {
        grow(s, path, n - static_cast<int>(leaves_of(path).size()), static_cast<int>(leaves_of(path).size()));
        const auto l = leaves_of(path);
        BOOST_TEST_REQUIRE(l.size() == static_cast<std::size_t>(n));
        auto log = decision_log::open_read_only(path);
        for (std::size_t k = 1; k <= l.size(); ++k)
            BOOST_TEST(log_root(log, k) == merkle::root_of({l.begin(), l.begin() + static_cast<long>(k)}));
        const auto v = verify_log(path).value();
        BOOST_TEST(v.intact, v.problem);
        BOOST_TEST(v.root == to_hex(merkle::root_of(l)));
    }
}

BOOST_AUTO_TEST_CASE(every_record_proves_and_every_altered_byte_is_refused)
{
    scratch s;
    const auto keys = generate_note_keys("test.example/log");
    const auto other = generate_note_keys("test.example/log");
    std::mt19937 rng(21);
    const auto path = s.path("d.log");
    std::vector<std::string> notes;
    for (int round = 0; round < 4; ++round) {
        grow(s, path, 1 + static_cast<int>(rng() % 9), round * 100);
        auto log = decision_log::open(path);
        notes.push_back(add_checkpoint(log, keys.signer));
    }
    auto log = decision_log::open_read_only(path);
    const auto n = log.size();
    for (std::int64_t id = 1; id <= n; ++id) {
        const auto proof = prove_inclusion(log, id);
        const auto v = check_proof(proof, keys.verifier);
        BOOST_TEST_REQUIRE(v.valid, v.problem);
        BOOST_TEST(v.record == id);
        BOOST_TEST(v.size == static_cast<std::uint64_t>(n));
        BOOST_TEST(!check_proof(proof, other.verifier).valid);
        // Byte flips anywhere: in the record, the path, the checkpoint, the signature.
        for (int k = 0; k < 40; ++k) {
            const auto at = rng() % proof.size();
            const auto w = check_proof(flipped(proof, at), keys.verifier);
            BOOST_TEST(!w.valid, "record " << id << ", byte " << at);
        }
    }
    // Every pair of checkpoints: the later one extends the earlier one.
    for (std::size_t a = 0; a < notes.size(); ++a) {
        const auto proof = prove_consistency(log, notes[a]);
        const auto v = check_proof(proof, keys.verifier);
        BOOST_TEST(v.valid, v.problem);
        for (int k = 0; k < 40; ++k)
            BOOST_TEST(!check_proof(flipped(proof, rng() % proof.size()), keys.verifier).valid);
        const auto since = verify_since(path, notes[a], keys.verifier).value();
        BOOST_TEST(since.intact, since.problem);
        BOOST_TEST(!verify_since(path, notes[a], other.verifier).value().intact);
    }
    const auto v = verify_log(path).value();
    BOOST_TEST(v.checkpoints == 4);
}

BOOST_AUTO_TEST_CASE(a_record_after_the_last_checkpoint_has_no_proof_yet)
{
    scratch s;
    const auto keys = generate_note_keys("k");
    const auto path = make_log(s);
    BOOST_CHECK_THROW((void)prove_inclusion(decision_log::open_read_only(path), 1), log_error);
    {
        auto log = decision_log::open(path);
        (void)add_checkpoint(log, keys.signer);
    }
    grow(s, path, 1);
    auto log = decision_log::open_read_only(path);
    BOOST_TEST(check_proof(prove_inclusion(log, 5), keys.verifier).valid);
    BOOST_CHECK_THROW((void)prove_inclusion(log, 6), log_error);
    BOOST_CHECK_THROW((void)prove_inclusion(log, 7), log_error);
    BOOST_CHECK_THROW((void)add_checkpoint(log, keys.signer), log_error);  // read-only
}

// A log written before the tree existed (format 1) verifies as it is, and gets its
// tree when it is next opened for appending.
BOOST_AUTO_TEST_CASE(format_1_logs_verify_and_are_upgraded_on_open)
{
    scratch s;
    const auto path = make_log(s);
    const auto before = verify_log(path).value();
    sql(path,
        "DROP TABLE merkle_nodes; DROP TABLE checkpoints; UPDATE hallmark_log SET value = '1' WHERE key = 'format'");
    const auto old = verify_log(path).value();
    BOOST_TEST(old.intact, old.problem);
    BOOST_TEST(old.root == before.root);
    grow(s, path, 2);
    const auto after = verify_log(path).value();
    BOOST_TEST(after.intact, after.problem);
    BOOST_TEST(after.root == to_hex(merkle::root_of(leaves_of(path))));
    auto log = decision_log::open(path);
    const auto keys = generate_note_keys("k");
    (void)add_checkpoint(log, keys.signer);
    BOOST_TEST(check_proof(prove_inclusion(log, 1), keys.verifier).valid);
}

BOOST_AUTO_TEST_CASE(verify_finds_an_altered_tree_or_checkpoint)
{
    scratch s;
    const auto keys = generate_note_keys("k");
    const auto path = make_log(s);
    {
        auto log = decision_log::open(path);
        (void)add_checkpoint(log, keys.signer);
    }
    BOOST_TEST(verify_log(path).value().intact);
    const auto copy = s.path("c.log");
    auto altered = [&](const std::string& statement) {
        for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(copy + suffix);
        fs::copy_file(path, copy);
        sql(copy, statement);
        return verify_log(copy).value();
    };
    BOOST_TEST(
        !altered("UPDATE merkle_nodes SET hash = replace(hash, substr(hash, 1, 1), 'f') WHERE level = 1").intact);
    BOOST_TEST(!altered("DELETE FROM merkle_nodes WHERE level = 2").intact);
    BOOST_TEST(!altered("UPDATE checkpoints SET size = 4").intact);
    BOOST_TEST(!altered("UPDATE hallmark_log SET value = 'other' WHERE key = 'origin'").intact);
}

// The forgeries a chain lets through: every hash recomputed after an edit, and a record
// appended by someone else. Both pass `verify`; an earlier checkpoint catches both.
BOOST_AUTO_TEST_CASE(an_earlier_checkpoint_catches_a_rewritten_history)
{
    scratch s;
    const auto keys = generate_note_keys("k");
    const auto path = make_log(s);
    std::string note;
    {
        auto log = decision_log::open(path);
        note = add_checkpoint(log, keys.signer);
    }
    // The forger rebuilds the log from scratch with record 3 changed: an intact log.
    const auto forged = s.path("forged.log");
    {
        auto log = decision_log::open(forged);
        const auto v1 = compile(s.path("v1.rules")), v2 = compile(s.path("v2.rules"));
        record(log, v1, input("A", 20));
        record(log, v2, input("B", 20));
        record(log, v1, input("C", 19));  // was 120
        record(log, v2, input("D", 40));
        record(log, v1, input("E", 3));
        record(log, v1, input("F", 30));
    }
    sql(forged, "INSERT INTO hallmark_log(key, value) SELECT 'origin', '" + parse_checkpoint(note)->origin + "'");
    BOOST_TEST(verify_log(forged).value().intact);
    const auto caught = verify_since(forged, note, keys.verifier).value();
    BOOST_TEST(!caught.intact);
    BOOST_TEST(caught.problem.find("rewritten") != std::string::npos, caught.problem);
    // Cut short below the checkpoint: also caught.
    sql(forged, "DELETE FROM records WHERE id > 3");
    BOOST_TEST(!verify_since(forged, note, keys.verifier).value().intact);
    // The real log, grown since, passes.
    grow(s, path, 3);
    BOOST_TEST(verify_since(path, note, keys.verifier).value().intact);
}

BOOST_AUTO_TEST_CASE(export_carries_checkpoints_and_import_checks_them)
{
    scratch s;
    const auto keys = generate_note_keys("k");
    const auto path = make_log(s);
    {
        auto log = decision_log::open(path);
        (void)add_checkpoint(log, keys.signer);
    }
    grow(s, path, 2);
    std::ostringstream out;
    export_log(decision_log::open_read_only(path), out);
    BOOST_TEST(out.str().find("{\"checkpoint\":") != std::string::npos);
    std::istringstream in(out.str());
    import_log(in, "export", s.path("copy.log"));
    const auto v = verify_log(s.path("copy.log")).value();
    BOOST_TEST(v.intact, v.problem);
    BOOST_TEST(v.checkpoints == 1);
    BOOST_TEST(v.root == verify_log(path).value().root);
    auto copy = decision_log::open_read_only(s.path("copy.log"));
    BOOST_TEST(check_proof(prove_inclusion(copy, 2), keys.verifier).valid);
    // A checkpoint line moved before the records it signs, or signing other records.
    auto text = out.str();
    const auto at = text.find("{\"checkpoint\":");
    const auto line = text.substr(at);
    std::string early = text.substr(0, at);
    early.insert(early.find("{\"record\":"), line);
    std::istringstream bad(early);
    BOOST_CHECK_THROW(import_log(bad, "export", s.path("bad.log")), log_error);
    BOOST_TEST(!fs::exists(s.path("bad.log")));
}

BOOST_AUTO_TEST_SUITE_END()
