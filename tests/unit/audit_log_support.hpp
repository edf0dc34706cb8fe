// SPDX-License-Identifier: Apache-2.0
#pragma once
// What the decision log's test suites share: two rule versions, a scratch directory per
// test case, a log of five decisions, and raw SQL to tamper with it.
#include "test_support.hpp"

#include <hallmark/decision_log.hpp>

#include <boost/test/unit_test.hpp>
#include <sqlite3.h>

#include <filesystem>
#include <fstream>

namespace audit_log_support {

namespace fs = std::filesystem;
using namespace hallmark;

inline const char* demo_rules = R"(methodology "DEMO" version "1"
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

inline const char* demo_revision = R"(methodology "DEMO" version "2"
  extends "DEMO" version "1"
  effective 2025-01-01
replace criterion E2 "Committed members" group baseline
  requires participants >= 30
)";

inline std::string input(const std::string& id, int participants)
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

inline rule_set compile(const std::string& path)
{
    auto r = compile_file(path);
    BOOST_TEST_REQUIRE(r.ok(), r.render());
    return *r;
}

inline std::int64_t record(decision_log& log, const rule_set& rules, const std::string& json,
                           const std::string& at = "2026-01-02T03:04:05Z")
{
    auto a = read_assessment(json, "input").value();
    auto d = rules.evaluate(a).value();
    return log.record(rules, a, d, {std::string("A. Expert"), at});
}

// A log of five decisions, two rule versions, made the same way every time.
inline std::string make_log(const scratch& s, const std::string& name = "d.log")
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

inline void sql(const std::string& path, const std::string& statement)
{
    sqlite3* db = nullptr;
    BOOST_TEST_REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
    char* error = nullptr;
    const int rc = sqlite3_exec(db, statement.c_str(), nullptr, nullptr, &error);
    BOOST_TEST(rc == SQLITE_OK, (error ? error : ""));
    sqlite3_free(error);
    sqlite3_close(db);
}

inline std::string problem_after(const scratch& s, const std::string& statement)
{
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(s.path(std::string("t.log") + suffix));
    const auto path = make_log(s, "t.log");
    sql(path, statement);
    const auto r = verify_log(path).value();
    BOOST_TEST(!r.intact);
    return r.problem;
}

}  // namespace audit_log_support
