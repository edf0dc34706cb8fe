// SPDX-License-Identifier: Apache-2.0
// Proleptic Gregorian calendar arithmetic on a day serial (days since 1970-01-01).
//
// Conversions use the days-from-civil method: counting years from March makes the
// leap day the last day of the year, so month lengths before it follow a fixed
// pattern and the 400-year cycle (146097 days) can be handled with plain division.
#include "hallmark/date.hpp"

#include "hallmark/decimal.hpp"  // arithmetic_error

#include <algorithm>
#include <string>

namespace hallmark {

namespace {

constexpr int min_year = 1;
constexpr int max_year = 9999;
constexpr std::int64_t days_per_era = 146097;  // 400 Gregorian years
// Serial of 0000-03-01, the start of the era the computation counts from.
constexpr std::int64_t era_origin = -719468;

struct civil {
    int year;
    int month;
    int day;
};

bool is_leap(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int days_in_month(int year, int month)
{
    static constexpr int lengths[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month == 2 && is_leap(year) ? 29 : lengths[month - 1];
}

// Division rounding toward negative infinity, for a positive divisor; C++'s `/`
// truncates, which would put negative values in the wrong era or year.
std::int64_t floor_div(std::int64_t a, std::int64_t b)
{
    std::int64_t q = a / b;
    return (a % b != 0 && a < 0) ? q - 1 : q;
}

// Day of a March-based year (0 = March 1st). The month lengths from March repeat
// 31,30,31,30,31 so the day count before month index m is (153 m + 2) / 5.
int march_day_of_year(int month, int day)
{
    int march_month = month > 2 ? month - 3 : month + 9;
    return (153 * march_month + 2) / 5 + day - 1;
}

std::int64_t serial_from_civil(civil c)
{
    std::int64_t year = c.year - (c.month <= 2 ? 1 : 0);  // Jan/Feb belong to the previous March-year
    std::int64_t era = floor_div(year, 400);
    std::int64_t year_of_era = year - era * 400;
    std::int64_t day_of_era =
        year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + march_day_of_year(c.month, c.day);
    return era_origin + era * days_per_era + day_of_era;
}

civil civil_from_serial(std::int64_t serial)
{
    std::int64_t days = serial - era_origin;
    std::int64_t era = floor_div(days, days_per_era);
    std::int64_t day_of_era = days - era * days_per_era;
    // Removing the leap days seen so far turns the era day into 365-day years; the
    // last day of each 4/100/400-year block is the one that would otherwise spill over.
    std::int64_t year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / (days_per_era - 1)) / 365;
    auto day_of_year = static_cast<int>(day_of_era - (year_of_era * 365 + year_of_era / 4 - year_of_era / 100));
    int march_month = (5 * day_of_year + 2) / 153;
    int day = day_of_year - (153 * march_month + 2) / 5 + 1;
    int month = march_month < 10 ? march_month + 3 : march_month - 9;
    auto year = static_cast<int>(era * 400 + year_of_era + (month <= 2 ? 1 : 0));
    return {year, month, day};
}

const std::int64_t min_serial = serial_from_civil({min_year, 1, 1});
const std::int64_t max_serial = serial_from_civil({max_year, 12, 31});

bool is_valid(civil c)
{
    return c.year >= min_year && c.year <= max_year && c.month >= 1 && c.month <= 12 && c.day >= 1 &&
           c.day <= days_in_month(c.year, c.month);
}

// Reads exactly `count` ASCII digits; -1 when any is not a digit.
int read_digits(std::string_view text, std::size_t from, std::size_t count)
{
    int value = 0;
    for (std::size_t i = from; i < from + count; ++i) {
        if (text[i] < '0' || text[i] > '9') return -1;
        value = value * 10 + (text[i] - '0');
    }
    return value;
}

void append_padded(std::string& out, int value, int width)
{
    std::string digits = std::to_string(value);
    out.append(static_cast<std::size_t>(width) - std::min(digits.size(), static_cast<std::size_t>(width)), '0');
    out += digits;
}

[[noreturn]] void out_of_range() { throw arithmetic_error("date outside 0001-01-01..9999-12-31"); }

}  // namespace

std::optional<date> date::from_ymd(int year, int month, int day)
{
    if (!is_valid({year, month, day})) return std::nullopt;
    date d;
    d.days_ = static_cast<std::int32_t>(serial_from_civil({year, month, day}));
    return d;
}

std::optional<date> date::parse(std::string_view text)
{
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
    int year = read_digits(text, 0, 4);
    int month = read_digits(text, 5, 2);
    int day = read_digits(text, 8, 2);
    if (year < 0 || month < 0 || day < 0) return std::nullopt;
    return from_ymd(year, month, day);
}

std::string date::to_string() const
{
    civil c = civil_from_serial(days_);
    std::string out;
    append_padded(out, c.year, 4);
    out += '-';
    append_padded(out, c.month, 2);
    out += '-';
    append_padded(out, c.day, 2);
    return out;
}

int date::year() const { return civil_from_serial(days_).year; }
int date::month() const { return civil_from_serial(days_).month; }
int date::day() const { return civil_from_serial(days_).day; }

date date::add_days(std::int64_t n) const
{
    // Compared as differences so that no sum can overflow, whatever n is.
    if (n < min_serial - days_ || n > max_serial - days_) out_of_range();
    date d;
    d.days_ = static_cast<std::int32_t>(days_ + n);
    return d;
}

date date::add_months(std::int64_t n) const
{
    // Any shift beyond the whole calendar's span is out of range; checking first
    // keeps the month arithmetic below far from overflow.
    constexpr std::int64_t span_in_months = (max_year - min_year + 1) * 12;
    if (n < -span_in_months || n > span_in_months) out_of_range();
    civil c = civil_from_serial(days_);
    std::int64_t month_index = std::int64_t{c.year} * 12 + (c.month - 1) + n;
    auto year = static_cast<int>(floor_div(month_index, 12));
    int month = static_cast<int>(month_index - std::int64_t{year} * 12) + 1;
    if (year < min_year || year > max_year) out_of_range();
    int day = std::min(c.day, days_in_month(year, month));
    date d;
    d.days_ = static_cast<std::int32_t>(serial_from_civil({year, month, day}));
    return d;
}

date date::add_years(std::int64_t n) const
{
    // Checked before `* 12`, which could overflow for a huge n.
    if (n < -(max_year - min_year + 1) || n > max_year - min_year + 1) out_of_range();
    return add_months(n * 12);
}

std::int64_t days_between(date from, date to) { return std::int64_t{to.days_} - from.days_; }

std::int64_t months_between(date from, date to)
{
    if (to < from) return -months_between(to, from);
    civil f = civil_from_serial(from.days_);
    civil t = civil_from_serial(to.days_);
    // Landing in to's month is the most possible; if clamping still leaves the day
    // after `to`, the previous month is the answer (it ends before to's month starts).
    std::int64_t n = (std::int64_t{t.year} - f.year) * 12 + (t.month - f.month);
    return from.add_months(n) <= to ? n : n - 1;
}

std::int64_t years_between(date from, date to) { return months_between(from, to) / 12; }

}  // namespace hallmark
