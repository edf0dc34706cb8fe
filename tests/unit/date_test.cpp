// SPDX-License-Identifier: Apache-2.0
// Calendar dates: parsing real days only, serial numbers, month arithmetic with
// end-of-month clamping, and whole-month/year differences.
#include "hallmark/date.hpp"
#include "hallmark/decimal.hpp"  // arithmetic_error

#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <cstdio>
#include <limits>
#include <stdexcept>
#include <string>

using hallmark::arithmetic_error;

namespace {

hallmark::date day(const std::string& text)
{
    auto v = hallmark::date::parse(text);
    if (!v) throw std::invalid_argument("test date does not parse: " + text);
    return *v;
}

std::string plus_months(const std::string& text, std::int64_t n) { return day(text).add_months(n).to_string(); }

std::int64_t months(const std::string& from, const std::string& to) { return months_between(day(from), day(to)); }

std::int64_t years(const std::string& from, const std::string& to) { return years_between(day(from), day(to)); }

// Test-side calendar rules, kept deliberately naive so they are easy to trust.
bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int month_length(int y, int m)
{
    if (m == 2) return leap(y) ? 29 : 28;
    return (m == 4 || m == 6 || m == 9 || m == 11) ? 30 : 31;
}

std::string format(int y, int m, int d)
{
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", y, m, d);
    return buffer;
}

// The definition of months_between, computed by walking month by month.
std::int64_t months_by_walking(hallmark::date from, hallmark::date to)
{
    if (to < from) return -months_by_walking(to, from);
    std::int64_t n = 0;
    while (from.add_months(n + 1) <= to) ++n;
    return n;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(date)

// The suite is a namespace of the same name; bring the type into it.
using hallmark::date;

BOOST_AUTO_TEST_CASE(serials_are_days_since_1970)
{
    BOOST_TEST(date{}.serial() == 0);
    BOOST_TEST(date{}.to_string() == "1970-01-01");
    BOOST_TEST(day("1970-01-01").serial() == 0);
    BOOST_TEST(day("1970-01-02").serial() == 1);
    BOOST_TEST(day("1969-12-31").serial() == -1);
    BOOST_TEST(day("2000-01-01").serial() == 10957);
    BOOST_TEST(day("2020-02-29").serial() == 18321);
    BOOST_TEST(day("0001-01-01").serial() == -719162);
    BOOST_TEST(day("9999-12-31").serial() == 2932896);
}

BOOST_AUTO_TEST_CASE(parse_accepts_real_days_only)
{
    BOOST_TEST(date::parse("2020-02-29").has_value());
    BOOST_TEST(date::parse("2000-02-29").has_value());
    BOOST_TEST(!date::parse("2021-02-29").has_value());
    BOOST_TEST(!date::parse("1900-02-29").has_value());
    BOOST_TEST(!date::parse("2100-02-29").has_value());
    BOOST_TEST(date::parse("0001-01-01").has_value());
    BOOST_TEST(date::parse("9999-12-31").has_value());
    BOOST_TEST(!date::parse("0000-01-01").has_value());
    BOOST_TEST(!date::parse("0000-12-31").has_value());
    BOOST_TEST(!date::parse("2021-04-31").has_value());
    BOOST_TEST(date::parse("2021-04-30").has_value());
    BOOST_TEST(!date::parse("2021-13-01").has_value());
    BOOST_TEST(!date::parse("2021-00-10").has_value());
    BOOST_TEST(!date::parse("2021-01-00").has_value());
    BOOST_TEST(!date::parse("2021-01-32").has_value());
}

BOOST_AUTO_TEST_CASE(parse_requires_the_exact_shape)
{
    const char* bad[] = {"",           "2021-4-01",   "2021-04-1",   "2021/04/01",
                         "20210401",   " 2021-04-01", "2021-04-01 ", "2021-04-01T",
                         "+202-04-01", "-001-01-01",  "2021-04-0a",  "10000-01-01",
                         "2021-04--1", "2021-+4-01",  "2021 04 01",  "21-04-01"};
    for (const char* text : bad) { BOOST_TEST(!date::parse(text).has_value(), "accepted: \"" << text << '"'); }
}

BOOST_AUTO_TEST_CASE(from_ymd_validates)
{
    BOOST_TEST(date::from_ymd(2020, 2, 29).has_value());
    BOOST_TEST(!date::from_ymd(2021, 2, 29).has_value());
    BOOST_TEST(!date::from_ymd(0, 1, 1).has_value());
    BOOST_TEST(!date::from_ymd(10000, 1, 1).has_value());
    BOOST_TEST(!date::from_ymd(-5, 1, 1).has_value());
    BOOST_TEST(!date::from_ymd(2020, 0, 1).has_value());
    BOOST_TEST(!date::from_ymd(2020, 13, 1).has_value());
    BOOST_TEST(!date::from_ymd(2020, 1, 0).has_value());
    BOOST_TEST(!date::from_ymd(2020, 1, -1).has_value());
    BOOST_TEST((date::from_ymd(2021, 7, 25) == date::parse("2021-07-25")));
}

BOOST_AUTO_TEST_CASE(to_string_pads_with_zeros)
{
    BOOST_TEST(day("0001-01-01").to_string() == "0001-01-01");
    BOOST_TEST(date::from_ymd(99, 9, 9)->to_string() == "0099-09-09");
    BOOST_TEST(date::from_ymd(999, 12, 31)->to_string() == "0999-12-31");
    BOOST_TEST(day("9999-12-31").to_string() == "9999-12-31");
}

BOOST_AUTO_TEST_CASE(accessors_split_the_date)
{
    date d = day("2020-02-29");
    BOOST_TEST(d.year() == 2020);
    BOOST_TEST(d.month() == 2);
    BOOST_TEST(d.day() == 29);
    BOOST_TEST(day("0001-01-01").year() == 1);
    BOOST_TEST(day("9999-12-31").month() == 12);
    BOOST_TEST(day("9999-12-31").day() == 31);
}

BOOST_AUTO_TEST_CASE(every_day_of_2019_to_2021_round_trips)
{
    std::int32_t expected = day("2019-01-01").serial();
    int seen = 0;
    for (int y = 2019; y <= 2021; ++y) {
        for (int m = 1; m <= 12; ++m) {
            for (int dd = 1; dd <= month_length(y, m); ++dd, ++expected, ++seen) {
                std::string text = format(y, m, dd);
                auto parsed = date::parse(text);
                BOOST_TEST_REQUIRE(parsed.has_value(), text);
                BOOST_TEST(parsed->serial() == expected, text);
                BOOST_TEST(parsed->to_string() == text);
                BOOST_TEST(date::from_ymd(y, m, dd)->serial() == expected);
            }
            BOOST_TEST(!date::parse(format(y, m, month_length(y, m) + 1)).has_value());
        }
    }
    BOOST_TEST(seen == 365 + 366 + 365);
}

BOOST_AUTO_TEST_CASE(whole_range_is_consistent_day_by_day)
{
    // One step per day across 0001..9999: each next day must follow the calendar.
    date d = day("0001-01-01");
    int y = 1, m = 1, dd = 1;
    const date last = day("9999-12-31");
    bool consistent = true;
    while (d < last && consistent) {
        d = d.add_days(1);
        if (++dd > month_length(y, m)) {
            dd = 1;
            if (++m > 12) {
                m = 1;
                ++y;
            }
        }
        consistent = d.year() == y && d.month() == m && d.day() == dd;
    }
    BOOST_TEST(consistent, "diverged at " << d.to_string() << " expected " << format(y, m, dd));
    BOOST_TEST(y == 9999);
}

BOOST_AUTO_TEST_CASE(add_days_and_its_range)
{
    BOOST_TEST(day("2020-02-28").add_days(1).to_string() == "2020-02-29");
    BOOST_TEST(day("2020-02-28").add_days(2).to_string() == "2020-03-01");
    BOOST_TEST(day("2021-02-28").add_days(1).to_string() == "2021-03-01");
    BOOST_TEST(day("2021-01-01").add_days(-1).to_string() == "2020-12-31");
    BOOST_TEST(day("9999-12-30").add_days(1).to_string() == "9999-12-31");
    BOOST_CHECK_THROW((void)day("9999-12-31").add_days(1), arithmetic_error);
    BOOST_CHECK_THROW((void)day("0001-01-01").add_days(-1), arithmetic_error);
    BOOST_CHECK_THROW((void)date{}.add_days(std::numeric_limits<std::int64_t>::max()), arithmetic_error);
    BOOST_CHECK_THROW((void)date{}.add_days(std::numeric_limits<std::int64_t>::min()), arithmetic_error);
}

BOOST_AUTO_TEST_CASE(add_months_clamps_to_month_end)
{
    BOOST_TEST(plus_months("2020-01-31", 1) == "2020-02-29");
    BOOST_TEST(plus_months("2021-01-31", 1) == "2021-02-28");
    BOOST_TEST(plus_months("2020-02-29", 12) == "2021-02-28");
    BOOST_TEST(plus_months("2020-02-29", 48) == "2024-02-29");
    BOOST_TEST(plus_months("2020-03-31", -1) == "2020-02-29");
    BOOST_TEST(plus_months("2020-05-31", 1) == "2020-06-30");
    BOOST_TEST(plus_months("2020-12-15", 1) == "2021-01-15");
    BOOST_TEST(plus_months("2021-01-15", -1) == "2020-12-15");
    BOOST_TEST(plus_months("2021-01-15", -13) == "2019-12-15");
    BOOST_TEST(plus_months("2021-01-15", 0) == "2021-01-15");
    BOOST_TEST(plus_months("2021-05-31", -3) == "2021-02-28");
    BOOST_TEST(day("2020-02-29").add_years(1).to_string() == "2021-02-28");
    BOOST_TEST(day("2020-02-29").add_years(4).to_string() == "2024-02-29");
    BOOST_TEST(day("2020-02-29").add_years(-1).to_string() == "2019-02-28");
    // A count of years whose `* 12` overflows is out of range, not wrapped (issue 14).
    BOOST_CHECK_THROW((void)day("2024-01-01").add_years(4611686018427387906), hallmark::arithmetic_error);
    BOOST_CHECK_THROW((void)day("2024-01-01").add_years(INT64_MIN), hallmark::arithmetic_error);
    BOOST_CHECK_THROW((void)day("2024-01-01").add_months(INT64_MIN), hallmark::arithmetic_error);
    BOOST_CHECK_THROW((void)day("2024-01-01").add_days(INT64_MIN), hallmark::arithmetic_error);
    BOOST_TEST(day("0001-01-01").add_years(9998).to_string() == "9999-01-01");
}

BOOST_AUTO_TEST_CASE(add_months_range)
{
    BOOST_TEST(plus_months("0001-01-15", 9999 * 12 - 1) == "9999-12-15");
    BOOST_TEST(plus_months("9999-12-15", -(9999 * 12 - 1)) == "0001-01-15");
    BOOST_CHECK_THROW((void)day("9999-12-01").add_months(1), arithmetic_error);
    BOOST_CHECK_THROW((void)day("0001-01-31").add_months(-1), arithmetic_error);
    BOOST_CHECK_THROW((void)day("9999-06-01").add_years(1), arithmetic_error);
    BOOST_CHECK_THROW((void)date{}.add_months(std::numeric_limits<std::int64_t>::max()), arithmetic_error);
    BOOST_CHECK_THROW((void)date{}.add_months(std::numeric_limits<std::int64_t>::min()), arithmetic_error);
}

BOOST_AUTO_TEST_CASE(months_between_documented_examples)
{
    BOOST_TEST(months("2019-07-25", "2021-07-24") == 23);
    BOOST_TEST(months("2019-07-25", "2021-07-25") == 24);
    BOOST_TEST(months("2020-01-31", "2020-02-29") == 1);
    BOOST_TEST(months("2020-01-31", "2020-02-28") == 0);
    BOOST_TEST(months("2020-02-29", "2021-02-28") == 12);
    BOOST_TEST(months("2021-07-25", "2021-07-25") == 0);
}

BOOST_AUTO_TEST_CASE(months_between_around_a_month_end)
{
    BOOST_TEST(months("2019-12-31", "2021-05-31") == 17);
    BOOST_TEST(months("2019-12-31", "2021-05-30") == 16);
    BOOST_TEST(months("2019-11-30", "2021-05-31") == 18);
    BOOST_TEST(months("2019-11-30", "2021-05-30") == 18);
    BOOST_TEST(months("2019-11-30", "2021-05-29") == 17);
    BOOST_TEST(months("2019-05-31", "2021-05-31") == 24);
    BOOST_TEST(months("2019-05-31", "2021-05-30") == 23);
    BOOST_TEST(months("2019-04-30", "2021-05-31") == 25);
    BOOST_TEST(months("2019-04-30", "2021-05-29") == 24);
}

BOOST_AUTO_TEST_CASE(months_between_is_mirrored_backwards)
{
    BOOST_TEST(months("2021-07-25", "2019-07-25") == -24);
    BOOST_TEST(months("2021-07-24", "2019-07-25") == -23);
    BOOST_TEST(months("2021-05-31", "2019-12-31") == -17);
    BOOST_TEST(months("2020-02-29", "2020-01-31") == -1);
}

BOOST_AUTO_TEST_CASE(months_between_matches_walking_the_definition)
{
    const date start = day("2019-01-01");
    int mismatches = 0;
    for (int i = 0; i < 2 * 366; i += 7) {
        date from = start.add_days(i);
        for (int j = 0; j < 4 * 366; j += 5) {
            date to = start.add_days(j);
            if (months_between(from, to) != months_by_walking(from, to)) {
                ++mismatches;
                BOOST_TEST_MESSAGE("mismatch " << from.to_string() << " -> " << to.to_string());
            }
        }
    }
    BOOST_TEST(mismatches == 0);
}

BOOST_AUTO_TEST_CASE(years_between_truncates_toward_zero)
{
    BOOST_TEST(years("2019-07-25", "2021-07-24") == 1);
    BOOST_TEST(years("2019-07-25", "2021-07-25") == 2);
    BOOST_TEST(years("2021-07-24", "2019-07-25") == -1);
    BOOST_TEST(years("2021-07-25", "2019-07-25") == -2);
    BOOST_TEST(years("2020-02-29", "2021-02-28") == 1);
    BOOST_TEST(years("2020-02-29", "2024-02-28") == 3);
    BOOST_TEST(years("2020-02-29", "2024-02-29") == 4);
    BOOST_TEST(years("2020-06-01", "2020-12-31") == 0);
    BOOST_TEST(years("2020-12-31", "2020-06-01") == 0);
}

BOOST_AUTO_TEST_CASE(days_between_counts_days)
{
    BOOST_TEST(days_between(day("2020-01-01"), day("2021-01-01")) == 366);
    BOOST_TEST(days_between(day("2021-01-01"), day("2022-01-01")) == 365);
    BOOST_TEST(days_between(day("2022-01-01"), day("2021-01-01")) == -365);
    BOOST_TEST(days_between(day("2021-03-01"), day("2021-03-01")) == 0);
    BOOST_TEST(days_between(day("0001-01-01"), day("9999-12-31")) == 3652058);
}

BOOST_AUTO_TEST_CASE(dates_are_ordered)
{
    BOOST_TEST((day("2020-02-29") < day("2020-03-01")));
    BOOST_TEST((day("1999-12-31") < day("2000-01-01")));
    BOOST_TEST((day("0001-01-01") < date{}));
    BOOST_TEST((day("2021-07-25") == day("2021-07-25")));
    BOOST_TEST((day("2021-07-26") > day("2021-07-25")));
}

BOOST_AUTO_TEST_SUITE_END()
