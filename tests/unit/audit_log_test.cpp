// SPDX-License-Identifier: Apache-2.0
// The decision log: records chained by hash, verification that names the first bad
// record, replay byte for byte, overrides, export and import.
#include "tests/unit/test_support.hpp"

#include "engine/escape_control.hpp"

#include <hallmark/decision_log.hpp>

#include <boost/test/unit_test.hpp>
#include <sqlite3.h>

#include <filesystem>
#include <sstream>

namespace fs = std::filesystem;
using namespace hallmark;

namespace {

const char* demo_rules = R"(methodology "DEMO" version "1"
  effective 2024-01-01
indicator staff : decimal unit FTE
indicator participants : count
criterion E1 "Management team" group baseline
  requires staff >= 0.5 FTE
  advice "Employ at least half a full-time equivalent."
criterion E2 "Committed members" group baseline
  requires participants >= 15
label gold "Gold"
  requires all(baseline) and participants >= 100
  valid 2 years
label bronze "Bronze"
  requires all(baseline)
  valid 2 years
)";

const char* demo_revision = R"(methodology "DEMO" version "2"
  extends "DEMO" version "1"
  effective 2025-01-01
replace criterion E2 "Committed members" group baseline
  requires participants >= 30
)";

std::string input(const std::string& id, int participants)
{
    return R"({"cluster": {"id": ")" + id +
           R"("}, "assessed_on": "2025-03-01", "indicators": {"staff": "1.5", "participants": )" +
           std::to_string(participants) + "}}";
}

// A fresh directory per test, removed afterwards.
struct scratch {
    fs::path dir;
    scratch()
    {
        dir = fs::temp_directory_path() / ("hallmark-log-test-" + std::to_string(::getpid()) + "-" +
                                           boost::unit_test::framework::current_test_case().p_name.get());
        fs::remove_all(dir);
        fs::create_directories(dir);
        std::ofstream(dir / "v1.rules") << demo_rules;
        std::ofstream(dir / "v2.rules") << demo_revision;
    }
    ~scratch() { fs::remove_all(dir); }
    std::string path(const std::string& name) const { return (dir / name).string(); }
};

rule_set compile(const std::string& path)
{
    auto r = compile_file(path);
    BOOST_TEST_REQUIRE(r.rules.has_value(), r.render());
    return *r.rules;
}

std::int64_t record(decision_log& log, const rule_set& rules, const std::string& json,
                    const std::string& at = "2026-01-02T03:04:05Z")
{
    auto a = std::get<assessment>(read_assessment(json, "input"));
    auto d = std::get<decision>(rules.evaluate(a));
    return log.record(rules, a, d, {std::string("A. Expert"), at});
}

// A log of five decisions, two rule versions, made the same way every time.
std::string make_log(const scratch& s, const std::string& name = "d.log")
{
    auto log = decision_log::open(s.path(name));
    const auto v1 = compile(s.path("v1.rules")), v2 = compile(s.path("v2.rules"));
    record(log, v1, input("A", 20));
    record(log, v2, input("B", 20));
    record(log, v1, input("C", 120));
    record(log, v2, input("D", 40));
    record(log, v1, input("E", 3));
    return s.path(name);
}

void sql(const std::string& path, const std::string& statement)
{
    sqlite3* db = nullptr;
    BOOST_TEST_REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
    char* error = nullptr;
    const int rc = sqlite3_exec(db, statement.c_str(), nullptr, nullptr, &error);
    BOOST_TEST(rc == SQLITE_OK, (error ? error : ""));
    sqlite3_free(error);
    sqlite3_close(db);
}

std::string problem_after(const scratch& s, const std::string& statement)
{
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(s.path(std::string("t.log") + suffix));
    const auto path = make_log(s, "t.log");
    sql(path, statement);
    const auto r = verify_log(path);
    BOOST_TEST(!r.intact);
    return r.problem;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(audit_log)

BOOST_AUTO_TEST_CASE(records_chain_and_verify)
{
    scratch s;
    const auto path = make_log(s);
    const auto r = verify_log(path);
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
    const auto a = verify_log(make_log(s, "a.log")), b = verify_log(make_log(s, "b.log"));
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
    const auto before = verify_log(path);
    // Cutting the last record and fixing the head leaves a consistent, shorter chain.
    sql(path,
        "DELETE FROM records WHERE id = 5; UPDATE head SET id = 4, hash = (SELECT hash FROM records WHERE id = 4)");
    BOOST_TEST(verify_log(path).intact);
    const auto anchored = verify_log(path, before.head);
    BOOST_TEST(!anchored.intact);
    BOOST_TEST(anchored.problem.find(before.head) != std::string::npos);
    // An anchor from earlier in the chain still verifies.
    BOOST_TEST(verify_log(path, decision_log::open_read_only(path).find(2)->hash).intact);
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
    const auto v = verify_log(path);
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
    const auto a = verify_log(path), b = verify_log(s.path("copy.log"));
    BOOST_TEST(b.intact, b.problem);
    BOOST_TEST(a.head == b.head);
    // An existing file is never overwritten.
    std::istringstream again(out.str());
    BOOST_CHECK_THROW(import_log(again, "export.jsonl", s.path("copy.log")), log_error);
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
    const auto r = verify_log(s.path("not.log"));
    BOOST_TEST(!r.intact);
    BOOST_TEST(r.problem.find("not.log") != std::string::npos);
    BOOST_CHECK_THROW(decision_log::open(s.path("not.log")), log_error);
    auto log = decision_log::open(s.path("d.log"));
    const auto v1 = compile(s.path("v1.rules")), v2 = compile(s.path("v2.rules"));
    auto a = std::get<assessment>(read_assessment(input("A", 20), "input"));
    auto d = std::get<decision>(v1.evaluate(a));
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
    BOOST_TEST(out.find("record 1 (A, assessed on 2025-03-01, DEMO 1): bronze -> no label\n    E2: met -> not_met\n") !=
                   std::string::npos,
               out);
    BOOST_TEST(out.find("Under DEMO 2: 1 of 2 decisions change label") != std::string::npos, out);
    BOOST_TEST(out.find("  bronze -> no label: 1\n") != std::string::npos, out);
    BOOST_TEST(
        test_support::run(cli + " log override " + log + " 1 --expert B --justification why --label gold", out) == 0,
        out);
    BOOST_TEST(test_support::run(cli + " log list " + log, out) == 0, out);
    BOOST_TEST(out.find("override of 1 -> gold by B") != std::string::npos, out);
    BOOST_TEST(test_support::run(cli + " verify " + s.path("missing.log"), out) == 2, out);
    sql(log, "UPDATE records SET body = replace(body, 'A. Expert', 'A. Export') WHERE id = 2");
    BOOST_TEST(test_support::run(cli + " verify " + log, out) == 1, out);
    BOOST_TEST(out == log + ": NOT INTACT: record 2: altered: its content does not match its hash\n");
}

BOOST_AUTO_TEST_CASE(a_foreign_sqlite_file_is_refused_and_left_untouched)
{
    scratch s;
    const auto path = s.path("other.db");
    sql(path, "CREATE TABLE t(x); INSERT INTO t VALUES (1)");
    const auto before = test_support::slurp(path);
    BOOST_CHECK_THROW(decision_log::open(path), log_error);
    BOOST_TEST((test_support::slurp(path) == before));
    BOOST_TEST(!fs::exists(path + "-wal"));
    std::string out;
    std::ofstream(s.path("a.json")) << input("A", 20);
    BOOST_TEST(test_support::run(std::string(HALLMARK_CLI) + " eval --rules " + s.path("v1.rules") + " " +
                                     s.path("a.json") + " --record " + path,
                                 out) == 2,
               out);
    BOOST_TEST(out.find("is not a hallmark decision log") != std::string::npos, out);
    BOOST_TEST((test_support::slurp(path) == before));
}

BOOST_AUTO_TEST_CASE(a_truncated_log_is_damaged)
{
    scratch s;
    const auto path = make_log(s);
    const auto bytes = test_support::slurp(path);
    BOOST_TEST_REQUIRE(bytes.size() > 8192u);
    std::ofstream(s.path("cut.log"), std::ios::binary) << bytes.substr(0, bytes.size() / 2);
    const auto r = verify_log(s.path("cut.log"));
    BOOST_TEST(!r.intact);
    BOOST_TEST(r.readable);
    BOOST_TEST(r.problem.find("damaged") != std::string::npos, r.problem);
    BOOST_TEST(r.problem.find("not a hallmark decision log") == std::string::npos, r.problem);
}

BOOST_AUTO_TEST_CASE(the_empty_shell_of_a_killed_creator_is_an_empty_log)
{
    scratch s;
    const auto path = s.path("shell.log");
    sql(path, "PRAGMA journal_mode=WAL");  // what a creator killed before its schema commit leaves
    const auto r = verify_log(path);
    BOOST_TEST(r.intact, r.problem);
    BOOST_TEST(r.records == 0);
    auto log = decision_log::open(path);
    record(log, compile(s.path("v1.rules")), input("A", 20));
    BOOST_TEST(verify_log(path).intact);
}

BOOST_AUTO_TEST_CASE(verify_reports_every_problem)
{
    scratch s;
    const auto path = make_log(s);
    sql(path, "DELETE FROM records WHERE id = 2; UPDATE records SET cluster_id = 'Z' WHERE id = 4");
    const auto r = verify_log(path);
    BOOST_TEST(!r.intact);
    BOOST_TEST_REQUIRE(r.problems.size() == 2u);
    BOOST_TEST(r.problems[0].record == 2);
    BOOST_TEST(r.problems[0].what == "missing (the next record in the log is 3)");
    BOOST_TEST(r.problems[1].record == 4);
    BOOST_TEST(r.problem == "record 2: missing (the next record in the log is 3)");
    std::string out;
    BOOST_TEST(test_support::run(std::string(HALLMARK_CLI) + " verify --format json " + path, out) == 1, out);
    BOOST_TEST(out.find("\"intact\": false") != std::string::npos, out);
    BOOST_TEST(out.find("\"problems\": [{\"record\": 2, \"problem\": \"missing (the next record in the log is 3)\"}, "
                        "{\"record\": 4, \"problem\": \"altered: its index columns do not match its content\"}]") !=
                   std::string::npos,
               out);
    BOOST_TEST(test_support::run(std::string(HALLMARK_CLI) + " verify " + path, out) == 1, out);
    BOOST_TEST(out.find(": NOT INTACT: record 4: altered") != std::string::npos, out);
}

BOOST_AUTO_TEST_CASE(nothing_writes_to_or_reads_from_a_broken_chain)
{
    scratch s;
    const auto path = make_log(s);
    sql(path, "DELETE FROM records WHERE id = 2");
    BOOST_CHECK_THROW(decision_log::open(path), log_error);
    std::ofstream(s.path("a.json")) << input("A", 20);
    const std::string cli = HALLMARK_CLI;
    std::string out;
    BOOST_TEST(
        test_support::run(cli + " eval --rules " + s.path("v1.rules") + " " + s.path("a.json") + " --record " + path,
                          out) == 2,
        out);
    BOOST_TEST(out.find("does not verify") != std::string::npos, out);
    BOOST_TEST(test_support::run(cli + " log override " + path + " 1 --expert B --justification why --no-label", out) ==
                   2,
               out);
    BOOST_TEST(test_support::run(cli + " log export " + path + " --out " + s.path("x.jsonl"), out) == 2, out);
    BOOST_TEST(!fs::exists(s.path("x.jsonl")));
    BOOST_TEST(test_support::run(cli + " replay " + path, out) == 1, out);
    BOOST_TEST(out.find("record 2: missing") != std::string::npos, out);
    BOOST_TEST(decision_log::open_read_only(path).size() == 4);
}

namespace {

// An export stream that creates the import's target when it is read to the end: a
// file that appears while the import runs.
struct planting_buf : std::stringbuf {
    std::string target;
    bool planted = false;
    planting_buf(const std::string& text, std::string t) : std::stringbuf(text), target(std::move(t)) {}
    int_type underflow() override
    {
        const auto c = std::stringbuf::underflow();
        if (c == traits_type::eof() && !planted) {
            planted = true;
            std::ofstream(target) << "someone else's file";
        }
        return c;
    }
};

}  // namespace

BOOST_AUTO_TEST_CASE(import_never_replaces_a_file_that_appeared_meanwhile)
{
    scratch s;
    std::ostringstream out;
    export_log(decision_log::open_read_only(make_log(s)), out);
    planting_buf buf(out.str(), s.path("copy.log"));
    std::istream in(&buf);
    BOOST_CHECK_THROW(import_log(in, "export.jsonl", s.path("copy.log")), log_error);
    BOOST_TEST(buf.planted);
    BOOST_TEST(test_support::slurp(s.path("copy.log")) == "someone else's file");
    for (const auto& e : fs::directory_iterator(s.dir))
        BOOST_TEST(e.path().filename().string().find("importing") == std::string::npos, e.path());
}

BOOST_AUTO_TEST_CASE(a_failed_eval_records_nothing)
{
    scratch s;
    std::ofstream(s.path("a.json")) << input("A", 20);
    const std::string eval = std::string(HALLMARK_CLI) + " eval --rules " + s.path("v1.rules") + " " +
                             s.path("a.json") + " --record " + s.path("d.log");
    std::string out;
    BOOST_TEST(test_support::run(eval + " --out " + s.path("no/such/dir/out.txt"), out) == 2, out);
    BOOST_TEST(test_support::run(eval + " --format md --portfolio " + s.path("missing.jsonl"), out) == 2, out);
    std::ofstream(s.path("bad.jsonl")) << "{not json\n";
    BOOST_TEST(test_support::run(eval + " --format md --portfolio " + s.path("bad.jsonl"), out) == 2, out);
    BOOST_TEST((!fs::exists(s.path("d.log")) || decision_log::open_read_only(s.path("d.log")).size() == 0));
    BOOST_TEST(test_support::run(eval + " --out " + s.path("out.txt"), out) == 0, out);
    BOOST_TEST(decision_log::open_read_only(s.path("d.log")).size() == 1);
}

BOOST_AUTO_TEST_CASE(a_head_must_be_a_hash)
{
    scratch s;
    const auto path = make_log(s);
    const std::string verify = std::string(HALLMARK_CLI) + " verify " + path;
    std::string out;
    BOOST_TEST(test_support::run(verify + " --head ''", out) == 2, out);
    BOOST_TEST(test_support::run(verify + " --head abc", out) == 2, out);
    BOOST_TEST(out.find("NOT INTACT") == std::string::npos, out);
    BOOST_TEST(test_support::run(verify + " --head " + std::string(64, 'g'), out) == 2, out);
    BOOST_CHECK_THROW(verify_log(path, std::string()), log_error);
    const auto head = verify_log(path).head;
    std::string upper = head;
    for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    BOOST_TEST(test_support::run(verify + " --head " + upper, out) == 0, out);
    BOOST_TEST(test_support::run(verify + " --head " + std::string(64, '0'), out) == 1, out);
}

BOOST_AUTO_TEST_CASE(a_log_path_is_never_an_sqlite_uri)
{
    scratch s;
    std::ofstream(s.path("a.json")) << input("A", 20);
    std::string out;
    BOOST_TEST(test_support::run("cd " + s.dir.string() + " && " + HALLMARK_CLI + " eval --rules v1.rules a.json " +
                                     "--record 'file:x?mode=memory'",
                                 out) == 0,
               out);
    BOOST_TEST_REQUIRE(fs::exists(s.path("file:x?mode=memory")));
    BOOST_TEST(decision_log::open_read_only(s.path("file:x?mode=memory")).size() == 1);
}

BOOST_AUTO_TEST_CASE(control_characters_are_escaped_in_log_output)
{
    BOOST_TEST(escape_control("a\x1b[2Jb\rc\x07\x7f\td\n") == "a\\x1b[2Jb\\rc\\x07\\x7f\td\\n");
    BOOST_TEST(escape_control("l1\nl2", true) == "l1\nl2");
    BOOST_TEST(escape_control("\xc2\x9b"
                              "31m \xc3\xa9") == "\\u009b31m \xc3\xa9");
    scratch s;
    const auto path = s.path("d.log");
    {
        auto log = decision_log::open(path);
        const auto v1 = compile(s.path("v1.rules"));
        auto a = std::get<assessment>(read_assessment(input("A\\u001b[31m", 20), "input"));
        log.record(v1, a, std::get<decision>(v1.evaluate(a)), {std::string("Eve\x1b]0;pwned\x07\r")});
        log.record_override(1, std::nullopt, "why\x1b[2J", {std::string("B\r"), std::nullopt});
    }
    const std::string cli = HALLMARK_CLI;
    std::string out;
    for (const auto& cmd :
         {" log list ", " log show --format text ", " log show --format md ", " log show --format html "}) {
        const std::string id = std::string(cmd).find("show") != std::string::npos ? " 2" : "";
        BOOST_TEST(test_support::run(cli + cmd + path + id, out) == 0, out);
        BOOST_TEST(out.find_first_of("\x1b\x07\r") == std::string::npos, cmd << out);
        BOOST_TEST(out.find("\\x1b") != std::string::npos, cmd << out);
    }
}

BOOST_AUTO_TEST_CASE(replay_since_must_be_a_real_date)
{
    scratch s;
    const auto path = make_log(s);
    std::string out;
    for (const char* since : {"2026-13-45", "2026-02-31", "2026-01-01T24:00:00Z"})
        BOOST_TEST(test_support::run(std::string(HALLMARK_CLI) + " replay " + path + " --since " + since, out) == 2,
                   since << out);
    BOOST_TEST(test_support::run(std::string(HALLMARK_CLI) + " replay " + path + " --since 2024-02-29", out) == 0, out);
}

BOOST_AUTO_TEST_CASE(a_closing_writer_leaves_one_file)
{
    scratch s;
    const auto path = make_log(s);
    // A reader keeps the file open, so SQLite's own checkpoint at the last close cannot
    // run: the writer's checkpoint must have moved every record into the log file.
    sqlite3* reader = nullptr;
    BOOST_TEST_REQUIRE(sqlite3_open_v2(path.c_str(), &reader, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
    BOOST_TEST(sqlite3_exec(reader, "SELECT count(*) FROM records", nullptr, nullptr, nullptr) == SQLITE_OK);
    {
        auto log = decision_log::open(path);
        record(log, compile(s.path("v1.rules")), input("F", 20));
    }
    BOOST_TEST((!fs::exists(path + "-wal") || fs::file_size(path + "-wal") == 0u));
    sqlite3_close(reader);
    fs::create_directories(s.path("copy"));
    fs::copy_file(path, s.path("copy/d.log"));  // the log file alone holds all six records
    BOOST_TEST(verify_log(s.path("copy/d.log")).records == 6);
}

BOOST_AUTO_TEST_SUITE_END()
