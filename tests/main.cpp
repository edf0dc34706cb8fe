// SPDX-License-Identifier: Apache-2.0
// The single translation unit that owns Boost.Test's main().
#define BOOST_TEST_MODULE hallmark
#include <boost/test/unit_test.hpp>
