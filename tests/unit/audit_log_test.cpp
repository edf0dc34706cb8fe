// SPDX-License-Identifier: Apache-2.0
// The decision log: records chained by hash, verification that names the first bad
// record, replay byte for byte, overrides, export and import.
#include "audit_log_support.hpp"

#include <hallmark/decision_log.hpp>

#include <boost/test/unit_test.hpp>
#include <sqlite3.h>

#include <filesystem>
#include <sstream>

namespace fs = std::filesystem;
using namespace hallmark;

using namespace audit_log_support;

BOOST_AUTO_TEST_SUITE(audit_log)

BOOST_AUTO_TEST_CASE(records_chain_and_verify)
{
    scratch s;
    const auto path = make_log(s);
    const auto r = verify_log(path).value();
    BOOST_TEST(r.intact, r.problem);
    BOOST_TEST(r.records == 5);
    BOOST_TEST(r.decisions == 5);
    auto log = decision_log::open_read_only(path);
    BOOST_TEST(r.head == log.find(5)->hash);
    BOOST_TEST(log.find(1)->prev == std::string(64, '0'));
    BOOST_TEST(log.find(2)->prev == log.find(1)->hash);
    BOOST_TEST(log.find(3)->hash == sha256_hex(log.find(3)->body()));
    // Two rule files, each stored once however many decisions used them.
    std::size_t sources = 0;
    log.for_each_source([&](const std::string& sha, const std::string& text) {
        BOOST_TEST(sha == sha256_hex(text));
        ++sources;
    });
    BOOST_TEST(sources == 2u);
    const auto rev = *log.find(2);
    BOOST_TEST(rev.sources.size() == 2u);
    BOOST_TEST(rev.sources[0].version == "2");
    BOOST_TEST(rev.sources[1].version == "1");
    BOOST_TEST(rev.expert.value_or("-") == "A. Expert");
    BOOST_TEST(rev.recorded_at == "2026-01-02T03:04:05Z");
}

BOOST_AUTO_TEST_CASE(the_same_decisions_make_the_same_chain)
{
    scratch s;
    const auto a = verify_log(make_log(s, "a.log")).value(), b = verify_log(make_log(s, "b.log")).value();
    BOOST_TEST(a.head == b.head);
    BOOST_TEST(a.head.size() == 64u);
}

BOOST_AUTO_TEST_CASE(verify_names_the_first_altered_removed_or_reordered_record)
{
    scratch s;
    BOOST_TEST(problem_after(s, "UPDATE records SET body = replace(body, '\"C\"', '\"X\"') WHERE id = 3") ==
               "record 3: altered: its content does not match its hash");
    BOOST_TEST(problem_after(s, "DELETE FROM records WHERE id = 2") ==
               "record 2: missing (the next record in the log is 3)");
    BOOST_TEST(problem_after(s, "UPDATE records SET id = 100 WHERE id = 3; UPDATE records SET id = 3 WHERE id = 4;"
                                "UPDATE records SET id = 4 WHERE id = 100") ==
               "record 3: out of place: its content says it is record 4");
    BOOST_TEST(problem_after(s, "UPDATE records SET cluster_id = 'Z' WHERE id = 4") ==
               "record 4: altered: its index columns do not match its content");
    BOOST_TEST(problem_after(s, "DELETE FROM records WHERE id = 5").find("records were removed from the end") !=
               std::string::npos);
    BOOST_TEST(problem_after(s, "UPDATE rule_sources SET text = text || ' ' WHERE text LIKE '%version \"2\"%'")
                   .rfind("record 2: the rule source", 0) == 0);
}

BOOST_AUTO_TEST_CASE(a_rewritten_chain_is_caught_only_by_a_published_head)
{
    scratch s;
    const auto path = make_log(s);
    const auto before = verify_log(path).value();
    // Cutting the last record and fixing the head: the stored Merkle tree still holds it.
    sql(path,
        "DELETE FROM records WHERE id = 5; UPDATE head SET id = 4, hash = (SELECT hash FROM records WHERE id = 4)");
    BOOST_TEST(verify_log(path).value().problem.find("Merkle tree has 8 nodes where 4 records make 7") !=
               std::string::npos);
    // Cutting its leaf from the tree too leaves a consistent, shorter log.
    sql(path, "DELETE FROM merkle_nodes WHERE level = 0 AND idx = 4");
    BOOST_TEST(verify_log(path).value().intact);
    const auto anchored = verify_log(path, before.head).value();
    BOOST_TEST(!anchored.intact);
    BOOST_TEST(anchored.problem.find(before.head) != std::string::npos);
    // An anchor from earlier in the chain still verifies.
    BOOST_TEST(verify_log(path, decision_log::open_read_only(path).find(2)->hash).value().intact);
}

BOOST_AUTO_TEST_CASE(replay_uses_the_stored_rules_not_the_files)
{
    scratch s;
    const auto path = make_log(s);
    fs::remove(s.path("v1.rules"));
    fs::remove(s.path("v2.rules"));
    const auto r = replay_log(decision_log::open_read_only(path), {});
    BOOST_TEST(r.decisions.size() == 5u);
    for (const auto& d : r.decisions) BOOST_TEST(d.identical, d.record.id << ": " << d.error);
    BOOST_TEST(r.decisions[0].label_before.value_or("-") == "bronze");
    BOOST_TEST(r.decisions[2].label_after.value_or("-") == "gold");
    BOOST_TEST(!r.decisions[4].label_after.has_value());
}

BOOST_AUTO_TEST_CASE(replay_reports_a_changed_decision_with_its_criteria)
{
    scratch s;
    const auto path = make_log(s);
    // The recorded decision of record 1 is made to claim gold; its hash is recomputed
    // as a forger would, so only a replay can tell.
    auto log = decision_log::open_read_only(path);
    auto r1 = *log.find(1);
    BOOST_TEST_REQUIRE(r1.decision.find("\"label\": \"bronze\"") != std::string::npos);
    r1.decision.replace(r1.decision.find("\"label\": \"bronze\""), 17, "\"label\": \"gold\"");
    const std::string body = r1.body();
    sql(path, "UPDATE records SET body = '" + body + "', hash = '" + sha256_hex(body) + "' WHERE id = 1");
    const auto r = replay_log(decision_log::open_read_only(path), {});
    BOOST_TEST(!r.decisions[0].identical);
    BOOST_TEST(r.decisions[0].label_before.value_or("-") == "gold");
    BOOST_TEST(r.decisions[0].label_after.value_or("-") == "bronze");
    BOOST_TEST(r.decisions[1].identical);
    // Its view says it cannot stand behind the record and shows it as recorded.
    const auto shown = show_record(decision_log::open_read_only(path), 1, "text");
    BOOST_TEST(shown.find("does not reproduce the recorded decision") != std::string::npos, shown);
    BOOST_TEST(shown.find("\"label\": \"gold\"") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(replay_with_new_rules_shows_which_decisions_change)
{
    scratch s;
    const auto path = make_log(s);
    const auto v2 = compile(s.path("v2.rules"));
    const auto r = replay_log(decision_log::open_read_only(path), {}, &v2);
    BOOST_TEST(r.decisions.size() == 5u);
    // Record 1 (20 participants, bronze under version 1) fails E2 under version 2.
    const auto& first = r.decisions[0];
    BOOST_TEST(first.label_before.value_or("-") == "bronze");
    BOOST_TEST(!first.label_after.has_value());
    BOOST_TEST_REQUIRE(first.criteria.size() == 1u);
    BOOST_TEST(first.criteria[0].id == "E2");
    BOOST_TEST(first.criteria[0].before == "met");
    BOOST_TEST(first.criteria[0].after == "not_met");
    // Record 2 was made under version 2 already: same label, same criteria.
    BOOST_TEST((r.decisions[1].label_before == r.decisions[1].label_after));
    BOOST_TEST(r.decisions[1].criteria.empty());
}

BOOST_AUTO_TEST_CASE(replay_selects_by_methodology_cluster_and_time)
{
    scratch s;
    const auto path = make_log(s);
    {
        auto log = decision_log::open(path);
        record(log, compile(s.path("v1.rules")), input("A", 50), "2027-05-01T00:00:00Z");
    }
    auto log = decision_log::open_read_only(path);
    BOOST_TEST(replay_log(log, {.methodology = "DEMO", .version = "2"}).decisions.size() == 2u);
    BOOST_TEST(replay_log(log, {.cluster = "A"}).decisions.size() == 2u);
    BOOST_TEST(replay_log(log, {.since = "2027-01-01"}).decisions.size() == 1u);
    BOOST_TEST(replay_log(log, {.methodology = "OTHER"}).decisions.empty());
}

BOOST_AUTO_TEST_CASE(replay_selects_by_assessment_date)
{
    scratch s;
    const auto path = make_log(s);  // every record assessed on 2025-03-01
    {
        auto log = decision_log::open(path);
        auto later = input("F", 50);
        later.replace(later.find("2025-03-01"), 10, "2025-09-30");
        record(log, compile(s.path("v1.rules")), later);
    }
    auto log = decision_log::open_read_only(path);
    auto ids = [&](const replay_filter& f) {
        std::vector<std::int64_t> out;
        for (const auto& d : replay_log(log, f).decisions) out.push_back(d.record.id);
        return out;
    };
    BOOST_TEST(ids({.assessed_since = "2025-03-02"}) == std::vector<std::int64_t>{6}, boost::test_tools::per_element());
    BOOST_TEST(ids({.assessed_since = "2025-09-30"}) == std::vector<std::int64_t>{6}, boost::test_tools::per_element());
    BOOST_TEST(ids({.assessed_until = "2025-03-01"}).size() == 5u);
    BOOST_TEST(ids({.assessed_since = "2025-03-01", .assessed_until = "2025-09-29"}).size() == 5u);
    // recorded_at is not the assessment date: every record here was recorded in 2026.
    BOOST_TEST(ids({.since = "2025-03-02"}).size() == 6u);
}

BOOST_AUTO_TEST_CASE(an_override_grants_its_labels_validity_and_suggests_labels)
{
    scratch s;
    auto log = decision_log::open(make_log(s));
    const record_options by{std::string("B. Auditor"), std::string("2026-02-01T00:00:00Z")};
    try {
        (void)log.record_override(1, std::string("gld"), "why", by);
        BOOST_FAIL("an unknown label was recorded");
    } catch (const log_error& e) {
        BOOST_TEST(std::string(e.what()).find("(did you mean 'gold'?); its labels are: gold, bronze") !=
                       std::string::npos,
                   e.what());
    }
    const auto gold = log.record_override(1, std::string("gold"), "why", by);
    const auto none = log.record_override(1, std::nullopt, "why", by);
    // assessed 2025-03-01, gold valid 2 years
    BOOST_TEST(validity_granted(log, *log.find(gold)).valid_until.value_or("-") == "2027-03-01");
    BOOST_TEST(!validity_granted(log, *log.find(none)).valid_until.has_value());
    BOOST_TEST(validity_granted(log, *log.find(none)).error.empty());
    const auto o = outcome_of(log, *log.find(gold));
    BOOST_TEST((o.label == std::optional<std::string>("gold") && o.hash_matches));
    BOOST_TEST(show_record(log, gold, "text").find("2027-03-01") != std::string::npos);
}

namespace {

std::string stored_format(const std::string& path)
{
    sqlite3* db = nullptr;
    sqlite3_stmt* q = nullptr;
    std::string out;
    if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK &&
        sqlite3_prepare_v2(db, "SELECT value FROM hallmark_log WHERE key = 'format'", -1, &q, nullptr) == SQLITE_OK &&
        sqlite3_step(q) == SQLITE_ROW)
        out = reinterpret_cast<const char*>(sqlite3_column_text(q, 0));
    sqlite3_finalize(q);
    sqlite3_close(db);
    return out;
}

}  // namespace

// Issue 22, item 14: the validity is part of the override record, so an engine whose
// validity rules change later still shows what was granted.
BOOST_AUTO_TEST_CASE(an_override_states_the_validity_it_grants_from_format_3_on)
{
    scratch s;
    const auto path = make_log(s);
    BOOST_TEST(stored_format(path) == "3");
    // A log of format 2 (whose overrides did not state it) becomes format 3 when next
    // opened for appending, and verifies before and after.
    sql(path, "UPDATE hallmark_log SET value = '2' WHERE key = 'format'");
    BOOST_TEST(verify_log(path).value().intact);
    auto log = decision_log::open(path);
    BOOST_TEST(stored_format(path) == "3");
    const record_options by{std::string("B. Auditor"), std::string("2026-02-01T00:00:00Z")};
    const auto gold = *log.find(log.record_override(1, std::string("gold"), "why", by));
    const auto none = *log.find(log.record_override(1, std::nullopt, "why", by));
    BOOST_TEST(gold.granted_recorded);
    BOOST_TEST(gold.granted_valid_until.value_or("-") == "2027-03-01");  // assessed 2025-03-01, gold 2 years
    BOOST_TEST(gold.body().find(R"("label":"gold","valid_until":"2027-03-01","justification":"why")") !=
                   std::string::npos,
               gold.body());
    BOOST_TEST(none.body().find(R"("label":null,"valid_until":null,"justification")") != std::string::npos,
               none.body());
    // What the record states is what is shown, not a value computed again.
    auto stated = gold;
    stated.granted_valid_until = "2030-12-31";
    BOOST_TEST(validity_granted(log, stated).valid_until.value_or("-") == "2030-12-31");
    // An override of before format 3 has no such key, and keeps its exact form: its hash
    // covers it. Its validity is computed from the decision it overrides.
    auto older = gold;
    older.granted_recorded = false;
    older.granted_valid_until.reset();
    BOOST_TEST(older.body().find("valid_until") == std::string::npos, older.body());
    BOOST_TEST(validity_granted(log, older).valid_until.value_or("-") == "2027-03-01");
    BOOST_TEST(verify_log(path).value().intact);
}

BOOST_AUTO_TEST_CASE(overrides_are_records_of_their_own)
{
    scratch s;
    const auto path = make_log(s);
    auto log = decision_log::open(path);
    const record_options by{std::string("B. Auditor"), std::string("2026-02-01T00:00:00Z")};
    BOOST_CHECK_THROW(log.record_override(1, std::string("gold"), "", by), log_error);
    BOOST_CHECK_THROW(log.record_override(1, std::string("gold"), "why", {}), log_error);
    BOOST_CHECK_THROW(log.record_override(1, std::string("platinum"), "why", by), log_error);
    BOOST_CHECK_THROW(log.record_override(99, std::string("gold"), "why", by), log_error);
    BOOST_TEST(log.record_override(1, std::string("gold"), "Site visit showed 120 members.", by) == 6);
    BOOST_CHECK_THROW(log.record_override(6, std::nullopt, "an override of an override", by), log_error);
    const auto v = verify_log(path).value();
    BOOST_TEST(v.intact, v.problem);
    BOOST_TEST(v.overrides == 1);
    BOOST_TEST(log.overrides_of(1).size() == 1u);
    // Replay checks the original decision; the override is counted, not replayed.
    const auto r = replay_log(log, {});
    BOOST_TEST(r.decisions.size() == 5u);
    BOOST_TEST(r.overrides == 1);
    const auto shown = show_record(log, 1, "text");
    BOOST_TEST(shown.find("Site visit showed 120 members.") != std::string::npos);
    BOOST_TEST(show_record(log, 6, "text").find("Record 1: DEMO 1 decision for A") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(show_points_each_criterion_at_its_rule_line)
{
    scratch s;
    auto log = decision_log::open(make_log(s));
    const auto text = show_record(log, 2, "text");
    // E2 is replaced by version 2 (line 4); E1 comes from version 1 (line 5).
    BOOST_TEST(text.find("decided by " + s.path("v2.rules") + ":4:\n" + std::string(17, ' ') +
                         "replace criterion E2 \"Committed members\" group baseline\n" + std::string(17, ' ') +
                         "  requires participants >= 30\n") != std::string::npos,
               text);
    BOOST_TEST(text.find("decided by " + s.path("v1.rules") + ":5:\n" + std::string(17, ' ') + "criterion E1") !=
                   std::string::npos,
               text);
    // The declaration ends where the next one starts.
    BOOST_TEST(text.find("advice \"Employ at least half a full-time equivalent.\"\n  E2") != std::string::npos, text);
    BOOST_TEST(show_record(log, 2, "md").find("| decided by |") != std::string::npos);
    const auto html = show_record(log, 2, "html");
    BOOST_TEST(html.rfind("<!DOCTYPE html>", 0) == 0);
    BOOST_TEST(html.find("<th>decided by</th>") != std::string::npos);
    BOOST_CHECK_THROW(show_record(log, 42, "text"), log_error);
}

BOOST_AUTO_TEST_CASE(export_and_import_keep_the_chain)
{
    scratch s;
    const auto path = make_log(s);
    std::ostringstream out;
    export_log(decision_log::open_read_only(path), out);
    std::istringstream in(out.str());
    BOOST_TEST(import_log(in, "export.jsonl", s.path("copy.log")) == 5);
    const auto a = verify_log(path).value(), b = verify_log(s.path("copy.log")).value();
    BOOST_TEST(b.intact, b.problem);
    BOOST_TEST(a.head == b.head);
    // An existing file is never overwritten.
    std::istringstream again(out.str());
    BOOST_CHECK_THROW(import_log(again, "export.jsonl", s.path("copy.log")), log_error);
}

// The progress hooks see every record once, in order, of the total known up front, and
// change nothing of the result.
BOOST_AUTO_TEST_CASE(progress_is_told_each_record_of_the_total)
{
    scratch s;
    const auto path = make_log(s);
    using calls = std::vector<std::pair<std::size_t, std::size_t>>;
    const calls each{{1, 5}, {2, 5}, {3, 5}, {4, 5}, {5, 5}};
    calls seen;
    auto note = [&](std::size_t done, std::size_t total) { seen.emplace_back(done, total); };
    const auto told = verify_log(path, std::nullopt, note).value();
    BOOST_TEST((seen == each));
    BOOST_TEST(told.head == verify_log(path).value().head);
    BOOST_TEST(told.intact);

    seen.clear();
    std::size_t replayed = 0;
    replay_each(
        decision_log::open_read_only(path), {}, nullptr, [&](const replayed_decision&) { ++replayed; }, note);
    BOOST_TEST((seen == each));
    BOOST_TEST(replayed == 5u);

    seen.clear();
    std::ostringstream out;
    export_log(decision_log::open_read_only(path), out);
    std::istringstream in(out.str());
    BOOST_TEST(import_log(in, "export.jsonl", s.path("copy.log"), note) == 5);
    BOOST_TEST((seen == each));
    BOOST_TEST(verify_log(s.path("copy.log")).value().head == told.head);
}

BOOST_AUTO_TEST_CASE(a_tampered_export_is_refused_whole)
{
    scratch s;
    std::ostringstream out;
    export_log(decision_log::open_read_only(make_log(s)), out);
    auto text = out.str();
    text.replace(text.find("\\\"D\\\""), 5, "\\\"Q\\\"");
    std::istringstream in(text);
    try {
        import_log(in, "export.jsonl", s.path("copy.log"));
        BOOST_FAIL("a tampered export was imported");
    } catch (const log_error& e) {
        BOOST_TEST(std::string(e.what()) == "export.jsonl:7: error: record 4 does not match its hash");
    }
    BOOST_TEST(!fs::exists(s.path("copy.log")));
    BOOST_TEST(!fs::exists(s.path("copy.log.importing")));
}

BOOST_AUTO_TEST_CASE(bad_files_and_bad_calls_give_clear_errors)
{
    scratch s;
    std::ofstream(s.path("not.log")) << "hello";
    const auto r = verify_log(s.path("not.log")).value();
    BOOST_TEST(!r.intact);
    BOOST_TEST(r.problem.find("not.log") != std::string::npos);
    BOOST_CHECK_THROW(decision_log::open(s.path("not.log")), log_error);
    auto log = decision_log::open(s.path("d.log"));
    const auto v1 = compile(s.path("v1.rules")), v2 = compile(s.path("v2.rules"));
    auto a = read_assessment(input("A", 20), "input").value();
    auto d = v1.evaluate(a).value();
    BOOST_CHECK_THROW(log.record(v2, a, d), log_error);  // not made by these rules
    BOOST_CHECK_THROW(log.record(v1, a, d, {std::nullopt, std::string("yesterday")}), log_error);
    // A record is JSON: text that is not UTF-8 would make it unreadable.
    BOOST_CHECK_THROW(log.record(v1, a, d, {std::string("x\xff")}), log_error);
    BOOST_TEST(log.size() == 0);
}

BOOST_AUTO_TEST_CASE(the_command_records_verifies_and_replays)
{
    scratch s;
    std::ofstream(s.path("a.json")) << input("A", 20);
    std::ofstream(s.path("b.json")) << input("B", 40);
    const std::string cli = HALLMARK_CLI, log = s.path("d.log");
    std::string out;
    for (const char* f : {"a.json", "b.json"}) {
        BOOST_TEST(test_support::run(cli + " eval --rules " + s.path("v1.rules") + " " + s.path(f) + " --record " +
                                         log + " --expert 'A. Expert'",
                                     out) == 0,
                   out);
    }
    BOOST_TEST(out.find("recorded as record 2 in " + log) != std::string::npos, out);
    BOOST_TEST(test_support::run(cli + " verify " + log, out) == 0, out);
    BOOST_TEST(out.find(": intact: 2 records (2 decisions, 0 overrides); head ") != std::string::npos, out);
    BOOST_TEST(test_support::run(cli + " replay " + log, out) == 0, out);
    BOOST_TEST(out == "2 decisions replayed: 2 identical, 0 differ (0 override records not replayed)\n");
    // Under version 2, record 1 (20 participants) loses Bronze because of E2.
    BOOST_TEST(test_support::run(cli + " replay " + log + " --rules " + s.path("v2.rules"), out) == 1, out);
    BOOST_TEST(out.find("record 1 (A, assessed on 2025-03-01, DEMO 1): recorded bronze, under the new rules no "
                        "label\n    E2: met -> not_met\n") != std::string::npos,
               out);
    BOOST_TEST(out.find("Under DEMO 2: 1 of 2 decisions change label") != std::string::npos, out);
    BOOST_TEST(out.find("  bronze -> no label: 1\n") != std::string::npos, out);
    BOOST_TEST(
        test_support::run(cli + " log override " + log + " 1 --expert B --justification why --label gold", out) == 0,
        out);
    BOOST_TEST(test_support::run(cli + " log list " + log, out) == 0, out);
    // The override's line: its label, the validity it grants (assessed 2025-03-01, 2 years), who.
    const auto start = out.rfind('\n', out.find("override of 1")) + 1;
    const auto line = out.substr(start, out.find('\n', start) - start);
    BOOST_TEST((line.find("  gold  ") != std::string::npos && line.find("  2027-03-01  ") != std::string::npos &&
                line.ends_with("  B")),
               line);
    BOOST_TEST(out.find("overridden by 3") != std::string::npos, out);
    BOOST_TEST(test_support::run(cli + " verify " + s.path("missing.log"), out) == 2, out);
    sql(log, "UPDATE records SET body = replace(body, 'A. Expert', 'A. Export') WHERE id = 2");
    BOOST_TEST(test_support::run(cli + " verify " + log, out) == 1, out);
    BOOST_TEST(out == log + ": NOT INTACT: record 2: altered: its content does not match its hash\n");
}

BOOST_AUTO_TEST_SUITE_END()
