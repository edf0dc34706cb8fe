// SPDX-License-Identifier: Apache-2.0
// Exact decimal arithmetic: parsing limits, canonical text, exact sums, and the
// documented rounding of products and quotients.
#include "hallmark/decimal.hpp"

#include <boost/test/unit_test.hpp>

#include <compare>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

using hallmark::arithmetic_error;

namespace {

// Literal test values; a typo in a test must fail loudly rather than read as zero.
hallmark::decimal d(const std::string& text)
{
    auto v = hallmark::decimal::parse(text);
    if (!v) throw std::invalid_argument("test literal does not parse: " + text);
    return *v;
}

std::string canonical(const std::string& text) { return d(text).to_string(); }

// Decimal text of a native 128-bit integer (the standard library has no printer for it).
std::string int128_text(__int128 v)
{
    bool negative = v < 0;
    std::string out;
    do {
        int digit = static_cast<int>(v % 10);
        out.insert(out.begin(), static_cast<char>('0' + (digit < 0 ? -digit : digit)));
        v /= 10;
    } while (v != 0);
    return negative ? "-" + out : out;
}

const std::string nines_36(36, '9');
const std::string one_e18 = "1000000000000000000";
const std::string two_e18 = "2000000000000000000";
const std::string tiny = "0.000000000000000001";  // 10^-18, the smallest step

}  // namespace

BOOST_AUTO_TEST_SUITE(decimal)

// The suite is a namespace of the same name; bring the type into it.
using hallmark::decimal;

BOOST_AUTO_TEST_CASE(parse_accepts_the_documented_forms)
{
    BOOST_TEST(canonical("0") == "0");
    BOOST_TEST(canonical("42") == "42");
    BOOST_TEST(canonical("-1.5") == "-1.5");
    BOOST_TEST(canonical("007") == "7");
    BOOST_TEST(canonical("00.250") == "0.25");
    BOOST_TEST(canonical("1.2e2") == "120");
    BOOST_TEST(canonical("15E-1") == "1.5");
    BOOST_TEST(canonical("1e+3") == "1000");
    BOOST_TEST(canonical("-2.50e-2") == "-0.025");
    BOOST_TEST(canonical("120e0") == "120");
    BOOST_TEST(canonical("1.500000000000000000000") == "1.5");
}

BOOST_AUTO_TEST_CASE(parse_rejects_malformed_text)
{
    const char* bad[] = {"",    "-",   "+1",  ".5",    "1.",    "-.5",  "1..2", "1.2.3", " 1",
                         "1 ",  "1e",  "1e+", "1e-",   "e5",    "1x",   "--1",  "1,5",   "0x10",
                         "1_0", "inf", "nan", "1e2.0", "1e--2", "1.e5", "1e 5", "- 1",   "1e+-2"};
    for (const char* text : bad) { BOOST_TEST(!decimal::parse(text).has_value(), "accepted: \"" << text << '"'); }
}

BOOST_AUTO_TEST_CASE(parse_limits_fractional_digits_at_18)
{
    BOOST_TEST(canonical("0.000000000000000001") == "0.000000000000000001");
    BOOST_TEST(canonical("1.000000000000000001") == "1.000000000000000001");
    BOOST_TEST(!decimal::parse("0.0000000000000000001").has_value());
    BOOST_TEST(!decimal::parse("1.0000000000000000001").has_value());
    // Trailing zeros are dropped before the limit applies.
    BOOST_TEST(canonical("0.0000000000000000010") == "0.000000000000000001");
    BOOST_TEST(canonical("1e-18") == "0.000000000000000001");
    BOOST_TEST(canonical("10e-19") == "0.000000000000000001");
    BOOST_TEST(!decimal::parse("1e-19").has_value());
    BOOST_TEST(!decimal::parse("0.1e-18").has_value());
}

BOOST_AUTO_TEST_CASE(parse_limits_total_digits_at_36)
{
    BOOST_TEST(canonical(nines_36) == nines_36);
    BOOST_TEST(canonical("-" + nines_36) == "-" + nines_36);
    BOOST_TEST(!decimal::parse(nines_36 + "9").has_value());
    BOOST_TEST(!decimal::parse("-" + nines_36 + "9").has_value());
    BOOST_TEST(canonical("999999999999999999.999999999999999999") == "999999999999999999.999999999999999999");
    BOOST_TEST(!decimal::parse("9999999999999999999.999999999999999999").has_value());
    BOOST_TEST(canonical("1" + std::string(35, '0')) == "1" + std::string(35, '0'));
    BOOST_TEST(!decimal::parse("1" + std::string(36, '0')).has_value());
    BOOST_TEST(canonical("1e35") == "1" + std::string(35, '0'));
    BOOST_TEST(!decimal::parse("1e36").has_value());
    BOOST_TEST(!decimal::parse("0.1e37").has_value());
    // Leading zeros are not significant.
    BOOST_TEST(canonical("0000000000" + nines_36) == nines_36);
}

BOOST_AUTO_TEST_CASE(parse_survives_huge_exponents)
{
    BOOST_TEST(!decimal::parse("1e999999999999").has_value());
    BOOST_TEST(!decimal::parse("1e-999999999999").has_value());
    BOOST_TEST(!decimal::parse("1e99999999999999999999999999999999999999").has_value());
    BOOST_TEST(!decimal::parse("1e-99999999999999999999999999999999999999").has_value());
    // Zero needs no digits whatever its exponent.
    BOOST_TEST(canonical("0e99999999999999999999") == "0");
    BOOST_TEST(canonical("0.0e-99999999999999999999") == "0");
    // An exponent that cancels a long fraction is still exact.
    BOOST_TEST(canonical("0." + std::string(100, '0') + "5e101") == "5");
}

BOOST_AUTO_TEST_CASE(to_string_is_canonical)
{
    BOOST_TEST(decimal{}.to_string() == "0");
    BOOST_TEST(canonical("0.3") == "0.3");
    BOOST_TEST(canonical("120") == "120");
    BOOST_TEST(canonical("-1.5") == "-1.5");
    BOOST_TEST(canonical("0.05") == "0.05");
    BOOST_TEST(canonical("-0.000000000000000001") == "-0.000000000000000001");
    BOOST_TEST(canonical("-0") == "0");
    BOOST_TEST(canonical("-0.000") == "0");
    BOOST_TEST((-decimal{}).to_string() == "0");
    BOOST_TEST(!d("-0").is_negative());
    BOOST_TEST(d("-0").is_zero());
    BOOST_TEST((d("1.5") - d("1.5")).to_string() == "0");
    BOOST_TEST((d("-1.5") + d("1.5")).to_string() == "0");
}

BOOST_AUTO_TEST_CASE(sums_are_exact)
{
    BOOST_TEST((d("0.1") + d("0.2") == d("0.3")));
    BOOST_TEST((d("0.1") + d("0.2")).to_string() == "0.3");
    BOOST_TEST((d("0.3") - d("0.1") == d("0.2")));
    BOOST_TEST((d("1.5") + d("2.25")).to_string() == "3.75");
    BOOST_TEST((d("-2.5") + d("1.25")).to_string() == "-1.25");
    BOOST_TEST((d("1.25") - d("2.5")).to_string() == "-1.25");
    BOOST_TEST((d("1") - d(tiny)).to_string() == "0.999999999999999999");
    BOOST_TEST((d(tiny) + d("999999999999999999")).to_string() == "999999999999999999.000000000000000001");
    // Aligning scales needs 37 digits here, but the result fits.
    BOOST_TEST((d("1e35") - d("0.5")).to_string() == "99999999999999999999999999999999999.5");
}

BOOST_AUTO_TEST_CASE(thirds_compare_exactly)
{
    BOOST_TEST((d("0.333") == d("0.3330")));
    BOOST_TEST((d("0.333") != d("0.3333")));
    BOOST_TEST((d("0.333") * d("3") == d("0.999")));
    BOOST_TEST((d("1") / d("3") != d("0.333")));
    BOOST_TEST((d("1") / d("3") > d("0.333")));
}

BOOST_AUTO_TEST_CASE(equality_ignores_scale)
{
    BOOST_TEST((d("1.50") == d("1.5")));
    BOOST_TEST((d("2") == d("2.000")));
    BOOST_TEST((d("2") == d("0.2e1")));
    BOOST_TEST(((d("1.50") <=> d("1.5")) == std::strong_ordering::equal));
    BOOST_TEST((d("1.5") != d("1.05")));
    BOOST_TEST((d("-1.5") != d("1.5")));
}

BOOST_AUTO_TEST_CASE(ordering_is_total_and_exact)
{
    const std::vector<std::string> ascending = {"-" + nines_36,
                                                "-1000000",
                                                "-1.5",
                                                "-1.25",
                                                "-1",
                                                "-0.5",
                                                "-0.000000000000000001",
                                                "0",
                                                "0.000000000000000001",
                                                "0.1",
                                                "0.333",
                                                "0.3333",
                                                "0.5",
                                                "1",
                                                "1.000000000000000001",
                                                "1.5",
                                                "2",
                                                "99999999999999999.999999999999999999",
                                                "100000000000000000",
                                                nines_36};
    for (std::size_t i = 0; i < ascending.size(); ++i) {
        for (std::size_t j = 0; j < ascending.size(); ++j) {
            decimal a = d(ascending[i]);
            decimal b = d(ascending[j]);
            BOOST_TEST(((a <=> b) == (i <=> j)), ascending[i] << " vs " << ascending[j]);
            BOOST_TEST(((a == b) == (i == j)), ascending[i] << " == " << ascending[j]);
        }
    }
}

BOOST_AUTO_TEST_CASE(sums_that_need_more_than_36_digits_throw)
{
    BOOST_CHECK_THROW(d(nines_36) + d("1"), arithmetic_error);
    BOOST_CHECK_THROW(d("-" + nines_36) - d("1"), arithmetic_error);
    BOOST_CHECK_THROW(d("1e35") + d("0.1"), arithmetic_error);
    BOOST_CHECK_THROW(d("9999999999999999999") + d(tiny), arithmetic_error);
    BOOST_TEST((d(nines_36) - d("1")).to_string() == std::string(35, '9') + "8");
    try {
        (void)(d(nines_36) + d("1"));
        BOOST_FAIL("no exception");
    } catch (const arithmetic_error& e) {
        BOOST_TEST(std::string(e.what()) == "decimal overflow");
    }
}

BOOST_AUTO_TEST_CASE(products_are_exact_when_they_fit)
{
    BOOST_TEST((d("1.5") * d("2")).to_string() == "3");
    BOOST_TEST((d("-0.5") * d("0.2")).to_string() == "-0.1");
    BOOST_TEST((d("-0.5") * d("-0.2")).to_string() == "0.1");
    BOOST_TEST((d("999999999999999999") * d("999999999999999999")).to_string() ==
               "999999999999999998000000000000000001");
    BOOST_TEST((d("1234567890123456") * d("98765432109876543210")).to_string() ==
               "121932631137021717297820445418533760");
    // 25 * 4e34 is 10^36 at scale 1: fits once the trailing zero goes.
    BOOST_TEST((d("2.5") * d("4e34") == d("1e35")));
}

BOOST_AUTO_TEST_CASE(products_round_half_even_at_18_places)
{
    // 38-digit intermediate: 152.4157875323883675019051998750190521
    BOOST_TEST((d("12.345678901234567890") * d("12.345678901234567890")).to_string() == "152.415787532388367502");
    BOOST_TEST((d("0.999999999999999999") * d("0.999999999999999999")).to_string() == "0.999999999999999998");
    BOOST_TEST((d("123456789012345678.123456789012345678") * d(tiny)).to_string() == "0.123456789012345678");
    // Exact ties go to the even neighbour.
    BOOST_TEST((d(tiny) * d("0.5")).to_string() == "0");
    BOOST_TEST((d("0.000000000000000003") * d("0.5")).to_string() == "0.000000000000000002");
    BOOST_TEST((d("0.000000000000000005") * d("0.5")).to_string() == "0.000000000000000002");
    BOOST_TEST((d("0.000000000000000007") * d("0.5")).to_string() == "0.000000000000000004");
    BOOST_TEST((d("-0.000000000000000003") * d("0.5")).to_string() == "-0.000000000000000002");
    BOOST_TEST((d("-0.000000000000000001") * d("0.5")).to_string() == "0");
    BOOST_TEST(!(d("-0.000000000000000001") * d("0.5")).is_negative());
    // Off-tie values go to the nearer neighbour.
    BOOST_TEST((d(tiny) * d("0.51")).to_string() == "0.000000000000000001");
    BOOST_TEST((d(tiny) * d("0.49")).to_string() == "0");
}

BOOST_AUTO_TEST_CASE(products_that_need_more_than_36_digits_throw)
{
    BOOST_CHECK_THROW(d("1e35") * d("1e35"), arithmetic_error);
    BOOST_CHECK_THROW(d("1e18") * d("1e18"), arithmetic_error);
    BOOST_CHECK_THROW(d(nines_36) * d("1.1"), arithmetic_error);
    BOOST_CHECK_THROW(d(nines_36) * d("-" + nines_36), arithmetic_error);
    BOOST_TEST((d("1e17") * d("1e18")).to_string() == "1" + std::string(35, '0'));
    BOOST_TEST((d(nines_36) * d("-1")).to_string() == "-" + nines_36);
}

BOOST_AUTO_TEST_CASE(quotients_round_half_even_at_18_places)
{
    BOOST_TEST((d("1") / d("3")).to_string() == "0.333333333333333333");
    BOOST_TEST((d("2") / d("3")).to_string() == "0.666666666666666667");
    BOOST_TEST((d("-2") / d("3")).to_string() == "-0.666666666666666667");
    BOOST_TEST((d("2") / d("-3")).to_string() == "-0.666666666666666667");
    BOOST_TEST((d("-2") / d("-3")).to_string() == "0.666666666666666667");
    BOOST_TEST((d("1") / d("7")).to_string() == "0.142857142857142857");
    BOOST_TEST((d("-22.5") / d("7")).to_string() == "-3.214285714285714286");
    BOOST_TEST((d("10") / d("4")).to_string() == "2.5");
    BOOST_TEST((d("1") / d("8")).to_string() == "0.125");
    BOOST_TEST((d("1") / d(tiny)).to_string() == one_e18);
    // 0.5e-18, 1.5e-18, 2.5e-18, 3.5e-18: exact ties.
    BOOST_TEST((d("1") / d(two_e18)).to_string() == "0");
    BOOST_TEST((d("3") / d(two_e18)).to_string() == "0.000000000000000002");
    BOOST_TEST((d("5") / d(two_e18)).to_string() == "0.000000000000000002");
    BOOST_TEST((d("7") / d(two_e18)).to_string() == "0.000000000000000004");
    BOOST_TEST((d("-5") / d(two_e18)).to_string() == "-0.000000000000000002");
    BOOST_TEST((d(tiny) / d("2")).to_string() == "0");
    BOOST_TEST((d("-0.000000000000000003") / d("2")).to_string() == "-0.000000000000000002");
}

BOOST_AUTO_TEST_CASE(quotients_with_wide_intermediates)
{
    BOOST_TEST((d("999999999999999999.999999999999999999") / d("3")).to_string() ==
               "333333333333333333.333333333333333333");
    const decimal big = d("123456789012345678901234567890123456");
    BOOST_TEST((big / big).to_string() == "1");
    // Divisor wider than 64 bits, dividend wider than 128 bits.
    const decimal a = d("1234567890123456");
    const decimal b = d("98765432109876543210");
    BOOST_TEST((a * b / b == a));
    BOOST_TEST((a * b / a == b));
    BOOST_TEST((d("1") / b).to_string() == "0");
    BOOST_TEST((d("100") / b).to_string() == "0.000000000000000001");
}

BOOST_AUTO_TEST_CASE(quotients_match_an_integer_reference)
{
    // Independent model: floor(|p| * 10^18 / |q|) on native 128-bit integers, then
    // half-even, then the sign.
    const __int128 unit = 1'000'000'000'000'000'000;
    for (int p = -40; p <= 40; ++p) {
        for (int q = -16; q <= 16; ++q) {
            if (q == 0) continue;
            __int128 n = static_cast<__int128>(p < 0 ? -p : p) * unit;
            __int128 m = q < 0 ? -q : q;
            __int128 quotient = n / m;
            __int128 twice_rest = 2 * (n % m);
            if (twice_rest > m || (twice_rest == m && quotient % 2 == 1)) ++quotient;
            if ((p < 0) != (q < 0)) quotient = -quotient;
            decimal expected = d(int128_text(quotient) + "e-18");
            BOOST_TEST((decimal::from_int(p) / decimal::from_int(q) == expected), p << " / " << q);
        }
    }
}

BOOST_AUTO_TEST_CASE(quotients_that_overflow_or_divide_by_zero_throw)
{
    BOOST_CHECK_THROW(d(nines_36) / d("0.5"), arithmetic_error);
    BOOST_CHECK_THROW(d("999999999999999999.999999999999999999") / d("0.5"), arithmetic_error);
    BOOST_CHECK_THROW(d("1e35") / d(tiny), arithmetic_error);
    BOOST_CHECK_THROW(d("1") / decimal{}, arithmetic_error);
    BOOST_CHECK_THROW(decimal{} / d("-0"), arithmetic_error);
    try {
        (void)(d("1") / d("0.000"));
        BOOST_FAIL("no exception");
    } catch (const arithmetic_error& e) {
        BOOST_TEST(std::string(e.what()) == "division by zero");
    }
    BOOST_TEST((decimal{} / d("7")).to_string() == "0");
}

BOOST_AUTO_TEST_CASE(round_is_half_away_from_zero)
{
    BOOST_TEST(d("2.5").round(0).to_string() == "3");
    BOOST_TEST(d("3.5").round(0).to_string() == "4");
    BOOST_TEST(d("-2.5").round(0).to_string() == "-3");
    BOOST_TEST(d("2.4").round(0).to_string() == "2");
    BOOST_TEST(d("-2.4").round(0).to_string() == "-2");
    BOOST_TEST(d("0.5").round(0).to_string() == "1");
    BOOST_TEST(d("-0.5").round(0).to_string() == "-1");
    BOOST_TEST(d("-0.4").round(0).to_string() == "0");
    BOOST_TEST(!d("-0.4").round(0).is_negative());
    BOOST_TEST(d("1.005").round(2).to_string() == "1.01");
    BOOST_TEST(d("-1.005").round(2).to_string() == "-1.01");
    BOOST_TEST(d("1.0049").round(2).to_string() == "1");
    BOOST_TEST(d("1.2").round(5).to_string() == "1.2");
    BOOST_TEST(d("0.000000000000000005").round(17).to_string() == "0.00000000000000001");
    BOOST_TEST(d("999999999999999999.5").round(0).to_string() == "1" + std::string(18, '0'));
    BOOST_TEST(d(tiny).round(18).to_string() == tiny);
    BOOST_CHECK_THROW((void)d("1.5").round(-1), std::invalid_argument);
    BOOST_CHECK_THROW((void)d("1.5").round(19), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(sign_helpers)
{
    BOOST_TEST(d("-1.5").abs().to_string() == "1.5");
    BOOST_TEST(d("1.5").abs().to_string() == "1.5");
    BOOST_TEST(decimal{}.abs().to_string() == "0");
    BOOST_TEST((-d("1.5")).to_string() == "-1.5");
    BOOST_TEST((-(-d("1.5")) == d("1.5")));
    BOOST_TEST((-d(nines_36)).to_string() == "-" + nines_36);
    BOOST_TEST(d("-1").is_negative());
    BOOST_TEST(!d("1").is_negative());
    BOOST_TEST(!d("0.1").is_zero());
}

BOOST_AUTO_TEST_CASE(integer_views)
{
    BOOST_TEST(d("3").is_integer());
    BOOST_TEST(d("3.000").is_integer());
    BOOST_TEST(d("1e2").is_integer());
    BOOST_TEST(decimal{}.is_integer());
    BOOST_TEST((d("0.5") + d("0.5")).is_integer());
    BOOST_TEST(!d("3.01").is_integer());
    BOOST_TEST(!d(tiny).is_integer());

    BOOST_TEST((d("42").to_int64() == std::optional<std::int64_t>(42)));
    BOOST_TEST((d("-42").to_int64() == std::optional<std::int64_t>(-42)));
    BOOST_TEST((d("4.00").to_int64() == std::optional<std::int64_t>(4)));
    BOOST_TEST(!d("4.5").to_int64().has_value());
    BOOST_TEST((d("9223372036854775807").to_int64() == std::optional(std::numeric_limits<std::int64_t>::max())));
    BOOST_TEST((d("-9223372036854775808").to_int64() == std::optional(std::numeric_limits<std::int64_t>::min())));
    BOOST_TEST(!d("9223372036854775808").to_int64().has_value());
    BOOST_TEST(!d("-9223372036854775809").to_int64().has_value());
    BOOST_TEST(!d(nines_36).to_int64().has_value());
}

BOOST_AUTO_TEST_CASE(from_int_matches_parse)
{
    BOOST_TEST((decimal::from_int(-5) == d("-5")));
    BOOST_TEST(decimal::from_int(0).to_string() == "0");
    BOOST_TEST(decimal::from_int(std::numeric_limits<std::int64_t>::min()).to_string() == "-9223372036854775808");
    BOOST_TEST(decimal::from_int(std::numeric_limits<std::int64_t>::max()).to_string() == "9223372036854775807");
}

BOOST_AUTO_TEST_CASE(small_integers_behave_like_integers)
{
    for (std::int64_t i = -20; i <= 20; ++i) {
        for (std::int64_t j = -20; j <= 20; ++j) {
            decimal a = decimal::from_int(i);
            decimal b = decimal::from_int(j);
            BOOST_TEST(((a + b).to_int64() == i + j));
            BOOST_TEST(((a - b).to_int64() == i - j));
            BOOST_TEST(((a * b).to_int64() == i * j));
            BOOST_TEST(((a <=> b) == (i <=> j)));
            if (j != 0 && i % j == 0) BOOST_TEST(((a / b).to_int64() == i / j));
        }
    }
}

BOOST_AUTO_TEST_CASE(to_string_round_trips)
{
    const std::vector<decimal> values = {
        d("0"),          d("-1.5"),           d(tiny),
        -d(tiny),        d(nines_36),         d("999999999999999999.999999999999999999"),
        d("1") / d("3"), d("-22.5") / d("7"), d("12.345678901234567890") * d("12.345678901234567890")};
    for (const decimal& v : values) { BOOST_TEST((decimal::parse(v.to_string()) == std::optional(v)), v.to_string()); }
}

BOOST_AUTO_TEST_CASE(floor_scaled_is_exact_floor_with_a_remainder_flag)
{
    struct case_ {
        const char* value;
        int places;
        std::optional<std::int64_t> floor;
        bool inexact;
    };
    const case_ cases[] = {
        {"12.3456", 0, 12, true},
        {"12.3456", 4, 123456, false},
        {"12.3456", 6, 12345600, false},
        {"-12.3456", 0, -13, true},
        {"-12.3456", 2, -1235, true},
        {"-12", 0, -12, false},
        {"0.3", 1, 3, false},
        {"0.29", 1, 2, true},
        {"1e30", 0, std::nullopt, false},
        {"1152921504606846977", 0, std::nullopt, false},  // 2^60 + 1: beyond the bound
        {"1152921504606846976", 0, 1152921504606846976, false},
    };
    for (const auto& c : cases) {
        bool inexact = !c.inexact;
        const auto got = d(c.value).floor_scaled(c.places, inexact);
        BOOST_TEST((got == c.floor), c.value << " at " << c.places);
        if (c.floor) BOOST_TEST(inexact == c.inexact, c.value);
    }
    BOOST_TEST(d("1.5").places() == 1);
    BOOST_TEST(d("1.50").places() == 1);
    BOOST_TEST(d("150").places() == 0);
}

BOOST_AUTO_TEST_CASE(from_scaled_is_the_same_value_as_its_text)
{
    BOOST_TEST((decimal::from_scaled(12345, 2) == d("123.45")));
    BOOST_TEST((decimal::from_scaled(12300, 4) == d("1.23")));
    BOOST_TEST((decimal::from_scaled(12300, 4).to_string() == "1.23"));
    BOOST_TEST((decimal::from_scaled(-5, 1) == d("-0.5")));
    BOOST_TEST((decimal::from_scaled(0, 3).to_string() == "0"));
    BOOST_TEST((decimal::from_scaled(7, 0) == decimal::from_int(7)));
    BOOST_CHECK_THROW((void)decimal::from_scaled(1, 19), std::invalid_argument);
}

BOOST_AUTO_TEST_SUITE_END()
