// SPDX-License-Identifier: Apache-2.0
// The grammar itself: PEGTL's analysis finds no rule that can loop without progress.
#include "dsl/grammar.hpp"

#include <tao/pegtl/contrib/analyze.hpp>

#include <boost/test/unit_test.hpp>

BOOST_AUTO_TEST_SUITE(grammar)

BOOST_AUTO_TEST_CASE(analyze_finds_no_problems)
{
    BOOST_TEST(tao::pegtl::analyze<hallmark::dsl::grammar::file>(1) == 0u);
}

BOOST_AUTO_TEST_SUITE_END()
