// SPDX-License-Identifier: Apache-2.0
// The expert's report for LITEK among the example portfolio, HTML and Markdown, byte for
// byte as committed in tests/golden/. After an intended change of the report, write the
// new files with
//   HALLMARK_UPDATE_GOLDEN=1 build/hallmark_tests --run_test=report_golden
// and read the diff before committing it.
#include "test_support.hpp"

#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <fstream>

using test_support::source_path;

namespace {

std::string report(const std::string& format)
{
    std::string out;
    const auto status =
        test_support::run(std::string(HALLMARK_CLI) + " eval --methodology ECEI --rules-dir " + source_path("rules") +
                              " " + source_path("examples/assessments/litek.json") + " --portfolio " +
                              source_path("examples/portfolio/peers.jsonl") + " --format " + format,
                          out);
    BOOST_TEST_REQUIRE(status == 0, out);
    return out;
}

void compare(const std::string& format, const std::string& golden)
{
    const auto got = report(format);
    const auto path = source_path("tests/golden/" + golden);
    if (std::getenv("HALLMARK_UPDATE_GOLDEN") != nullptr) {
        std::ofstream(path, std::ios::binary) << got;
        BOOST_TEST_MESSAGE("wrote " << path);
    }
    BOOST_TEST(got == test_support::slurp(path),
               "the " << format << " report differs from " << path << " (see the header of report_golden_test.cpp)");
}

}  // namespace

BOOST_AUTO_TEST_SUITE(report_golden)

BOOST_AUTO_TEST_CASE(litek_among_its_portfolio_as_html) { compare("html", "report_litek.html"); }

BOOST_AUTO_TEST_CASE(litek_among_its_portfolio_as_markdown) { compare("md", "report_litek.md"); }

BOOST_AUTO_TEST_SUITE_END()
