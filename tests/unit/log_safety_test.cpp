// SPDX-License-Identifier: Apache-2.0
// The decision log under faults and misuse: foreign and damaged files, broken chains,
// every problem reported, imports that never replace a file, control characters shown
// escaped, and a log that stays one file.
#include "audit_log_support.hpp"

#include <hallmark/text.hpp>

#include <boost/test/unit_test.hpp>
#include <sqlite3.h>

#include <filesystem>
#include <sstream>

using namespace audit_log_support;

BOOST_AUTO_TEST_SUITE(log_safety)

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
    const auto r = verify_log(s.path("cut.log")).value();
    BOOST_TEST(!r.intact);
    BOOST_TEST(r.problem.find("damaged") != std::string::npos, r.problem);
    BOOST_TEST(r.problem.find("not a hallmark decision log") == std::string::npos, r.problem);
}

BOOST_AUTO_TEST_CASE(the_empty_shell_of_a_killed_creator_is_an_empty_log)
{
    scratch s;
    const auto path = s.path("shell.log");
    sql(path, "PRAGMA journal_mode=WAL");  // what a creator killed before its schema commit leaves
    const auto r = verify_log(path).value();
    BOOST_TEST(r.intact, r.problem);
    BOOST_TEST(r.records == 0);
    auto log = decision_log::open(path);
    record(log, compile(s.path("v1.rules")), input("A", 20));
    BOOST_TEST(verify_log(path).value().intact);
}

BOOST_AUTO_TEST_CASE(verify_reports_every_problem)
{
    scratch s;
    const auto path = make_log(s);
    sql(path, "DELETE FROM records WHERE id = 2; UPDATE records SET cluster_id = 'Z' WHERE id = 4");
    const auto r = verify_log(path).value();
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
    BOOST_TEST(!verify_log(path, std::string()).ok());
    const auto head = verify_log(path).value().head;
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
        auto a = read_assessment(input("A\\u001b[31m", 20), "input").value();
        log.record(v1, a, v1.evaluate(a).value(), {std::string("Eve\x1b]0;pwned\x07\r")});
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
    for (const char* since : {"2026-13-45", "2026-02-31", "2026-01-01T24:00:00Z", "2026-01-01T12:00:00"})
        BOOST_TEST(
            test_support::run(std::string(HALLMARK_CLI) + " replay " + path + " --recorded-since " + since, out) == 2,
            since << out);
    BOOST_TEST(test_support::run(
                   std::string(HALLMARK_CLI) + " replay " + path + " --recorded-since 2024-02-29T23:59:59Z", out) == 0,
               out);
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
    BOOST_TEST(verify_log(s.path("copy/d.log")).value().records == 6);
}

BOOST_AUTO_TEST_SUITE_END()
