// SPDX-License-Identifier: Apache-2.0
// hallmark::result, the public API's one error convention: a value or the diagnostics
// that explain why there is none, and an exception only for reading what is not there.
#include "test_support.hpp"

#include <boost/test/unit_test.hpp>

namespace {

hallmark::diagnostic error(std::string message) { return {hallmark::severity::error, "t", 1, 2, std::move(message)}; }

}  // namespace

BOOST_AUTO_TEST_SUITE(result)

BOOST_AUTO_TEST_CASE(a_value_with_or_without_warnings)
{
    const hallmark::result<int> plain = 7;
    BOOST_TEST(plain.ok());
    BOOST_TEST(static_cast<bool>(plain));
    BOOST_TEST(plain.value() == 7);
    BOOST_TEST(*plain == 7);
    BOOST_TEST(plain.diagnostics().empty());
    const hallmark::result<std::string> warned("text", {{hallmark::severity::warning, "t", 0, 0, "careful"}});
    BOOST_TEST(warned.ok());
    BOOST_TEST(warned->size() == 4U);
    BOOST_TEST(warned.diagnostics().size() == 1U);
}

BOOST_AUTO_TEST_CASE(a_failure_says_why_and_has_no_value)
{
    hallmark::result<int> failed = std::vector<hallmark::diagnostic>{error("no")};
    BOOST_TEST(!failed.ok());
    BOOST_TEST(failed.diagnostics().front().message == "no");
    BOOST_CHECK_THROW((void)failed.value(), hallmark::bad_result_access);
    BOOST_CHECK_THROW((void)*failed, std::logic_error);
    failed.diagnostics().front().line = 9;  // a caller may point them at its own source
    BOOST_TEST(std::move(failed).diagnostics().front().line == 9U);
}

BOOST_AUTO_TEST_CASE(void_results)
{
    const hallmark::result<void> done;
    BOOST_TEST(done.ok());
    BOOST_CHECK_NO_THROW(done.value());
    const hallmark::result<void> refused = std::vector<hallmark::diagnostic>{error("no")};
    BOOST_TEST(!refused.ok());
    BOOST_CHECK_THROW(refused.value(), hallmark::bad_result_access);
}

BOOST_AUTO_TEST_CASE(the_library_reports_through_results)
{
    const auto read = hallmark::read_assessment("{", "broken.json");
    BOOST_TEST_REQUIRE(!read.ok());
    BOOST_TEST(read.diagnostics().front().source == "broken.json");
    const auto formatted = hallmark::format_rules("methodology", "broken.rules");
    BOOST_TEST(!formatted.ok());
    BOOST_TEST(hallmark::has_errors(formatted.diagnostics()));
}

BOOST_AUTO_TEST_SUITE_END()
