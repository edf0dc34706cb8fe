// SPDX-License-Identifier: Apache-2.0
// Reusable tests: fixtures, tests that start from a fixture or an assessment file and
// override values, and a revision running its bases' tests against itself.
#include "test_support.hpp"

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include <unistd.h>

using namespace test_support;
namespace fs = std::filesystem;

namespace {

const std::string base = R"(methodology "FX" version "1"
area core
indicator n     : count in core
indicator staff : decimal unit FTE in core
criterion C1 requires n >= 30
criterion C2 requires staff >= 1 FTE
label gold requires C1 and C2 and n >= 100 valid 2 years
label bronze requires C1 and C2 valid 2 years

fixture interview {
  assessed_on 2024-01-10
  given n = 120, staff = 2 FTE
}

fixture small from interview {
  given n = 40
}
)";

const hallmark::test_result& named(const std::vector<hallmark::test_result>& all, const std::string& name)
{
    const auto it = std::find_if(all.begin(), all.end(), [&](const auto& t) { return t.name == name; });
    if (it == all.end()) throw std::runtime_error("no test " + name);
    return *it;
}

void write(const fs::path& p, const std::string& text) { std::ofstream(p, std::ios::binary) << text; }

}  // namespace

BOOST_AUTO_TEST_SUITE(fixtures)

BOOST_AUTO_TEST_CASE(tests_start_from_fixtures_and_override)
{
    const auto results = rules(base + R"(
test "the interview earns gold" from interview { expect label gold valid until 2026-01-10 }
test "a fixture from a fixture" from small { expect label bronze }
test "an override" from interview { given staff = 0.5 FTE expect label none }
test "missing removes a value" from interview { given staff = missing expect criterion C2 not_assessable }
test "another date" from small { assessed_on 2025-02-01 expect label bronze valid until 2027-02-01 }
test "a wrong expectation fails" from interview { expect label bronze }
)")
                             .run_tests();
    for (const auto& t : results)
        if (t.name != "a wrong expectation fails") BOOST_TEST(t.passed, t.name << ": " << t.failures.size());
    BOOST_TEST(!named(results, "a wrong expectation fails").passed);
}

BOOST_AUTO_TEST_CASE(fixture_mistakes_are_errors)
{
    BOOST_TEST(errors(base + "test \"t\" from intervew { expect label gold }\n")
                   .find("there is no fixture 'intervew' (did you mean 'interview'?)") != std::string::npos);
    BOOST_TEST(errors(base + "fixture interview { given n = 1 }\n").find("fixture 'interview' is already defined") !=
               std::string::npos);
    BOOST_TEST(errors(base + "fixture f { given n = 1 expect label gold }\n").find("holds values only") !=
               std::string::npos);
    BOOST_TEST(errors(base + "fixture a from b { given n = 1 }\nfixture b from a { given n = 2 }\n")
                   .find("fixture 'a' starts from itself") != std::string::npos);
    BOOST_TEST(errors(base + "test \"t\" { given n = 1 expect label gold }\n").find("has no 'assessed_on DATE'") !=
               std::string::npos);
    BOOST_TEST(errors(base + "fixture f { given nn = 1 }\n").find("nn") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(tests_start_from_assessment_files)
{
    const auto dir = fs::temp_directory_path() / fs::path("hallmark_fixtures_" + std::to_string(::getpid()));
    fs::create_directories(dir);
    write(dir / "fx.rules", base + R"(
test "from a file" from "cluster.json" { expect label gold valid until 2026-03-01 }
test "from a file, overridden" from "cluster.json" { given n = 50 expect label bronze }
test "from a file that is not there" from "nowhere.json" { expect label gold }
)");
    write(dir / "cluster.json", R"({"assessed_on": "2024-03-01", "indicators": {"n": 150, "staff": 1.5}})");
    const auto compiled = hallmark::compile_file((dir / "fx.rules").string());
    BOOST_REQUIRE_MESSAGE(compiled.ok(), compiled.render());
    const auto results = compiled->run_tests();
    BOOST_TEST(named(results, "from a file").passed);
    BOOST_TEST(named(results, "from a file, overridden").passed);
    const auto& gone = named(results, "from a file that is not there");
    BOOST_TEST(!gone.passed);
    BOOST_TEST(!gone.failures.empty());
    BOOST_TEST(gone.failures.front().find("from \"nowhere.json\"") != std::string::npos);
    fs::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(a_revision_runs_its_bases_tests)
{
    const auto dir = fs::temp_directory_path() / fs::path("hallmark_base_tests_" + std::to_string(::getpid()));
    fs::create_directories(dir);
    write(dir / "1.rules", base + R"(
test "120 participants earn gold" from interview { expect label gold }
test "40 participants earn bronze" from small { expect label bronze }
)");
    // The revision raises gold to 130 and reuses the base's fixture.
    const std::string revision = R"(methodology "FX" version "2"
  extends "FX" version "1"
replace label gold requires C1 and C2 and n >= 130 valid 2 years
test "130 earn gold" from interview { given n = 130 expect label gold }
)";
    write(dir / "2.rules", revision);
    write(dir / "2w.rules", "methodology \"FX\" version \"2w\"\n  extends \"FX\" version \"1\" with tests\n" +
                                revision.substr(revision.find("replace")));
    const auto plain = hallmark::compile_file((dir / "2.rules").string());
    BOOST_REQUIRE_MESSAGE(plain.ok(), plain.render());
    BOOST_TEST(plain->run_tests().size() == 1u);  // not asked for: its own test only
    const auto run = plain->run_tests({.base_tests = true}).results;
    BOOST_TEST(run.size() == 3u);
    BOOST_TEST(named(run, "130 earn gold").passed);
    BOOST_TEST(named(run, "40 participants earn bronze").passed);
    const auto& changed = named(run, "120 participants earn gold");
    BOOST_TEST(!changed.passed);
    BOOST_TEST(changed.origin == "FX 1");
    BOOST_REQUIRE(changed.changes.size() == 1u);
    BOOST_TEST(changed.changes[0].find("expects label gold; this revision decides bronze") == 0u, changed.changes[0]);
    // Opting in in the file does the same without the option.
    const auto opted = hallmark::compile_file((dir / "2w.rules").string());
    BOOST_REQUIRE_MESSAGE(opted.ok(), opted.render());
    BOOST_TEST(opted->run_tests().size() == 3u);
    fs::remove_all(dir);
}

BOOST_AUTO_TEST_SUITE_END()
