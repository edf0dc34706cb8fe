// SPDX-License-Identifier: Apache-2.0
// Proleptic Gregorian calendar arithmetic on a day serial (days since 1970-01-01).
//
// The calendar itself (leap years, month lengths, serial <-> year, month and day)
// is C++20's <chrono>: a serial is a sys_days, a civil date a year_month_day. What
// stays here are hallmark's own rules: years 0001..9999 only, months added with
// the day clamped to the end of the month, and the text form.
#include "hallmark/date.hpp"

#include "hallmark/decimal.hpp"  // arithmetic_error

#include <algorithm>
#include <chrono>
#include <string>

namespace hallmark {

namespace {

namespace chr = std::chrono;

constexpr int min_year = 1;
constexpr int max_year = 9999;

// Every serial converted here lies in min_serial..max_serial.
constexpr chr::year_month_day civil_from_serial(std::int64_t serial) { return chr::sys_days{chr::days{serial}}; }

constexpr std::int32_t serial_from_civil(chr::year_month_day c)
{
    return static_cast<std::int32_t>(chr::sys_days{c}.time_since_epoch().count());
}

constexpr std::int64_t min_serial = serial_from_civil(chr::year{min_year} / chr::January / 1);
constexpr std::int64_t max_serial = serial_from_civil(chr::year{max_year} / chr::December / 31);

// chrono's calendar fields as plain ints.
int number(chr::year y) { return static_cast<int>(y); }
int number(chr::month m) { return static_cast<int>(static_cast<unsigned>(m)); }
int number(chr::day d) { return static_cast<int>(static_cast<unsigned>(d)); }

// The day as chrono's type when it is a real day of years 0001..9999. chrono keeps
// a year in a short and a month or day in a byte, so the ints are range-checked
// before they are converted, not after.
std::optional<chr::year_month_day> civil_of(int year, int month, int day)
{
    if (year < min_year || year > max_year || month < 1 || month > 12 || day < 1 || day > 31) return std::nullopt;
    const chr::year_month_day c{chr::year{year}, chr::month{static_cast<unsigned>(month)},
                                chr::day{static_cast<unsigned>(day)}};
    if (!c.ok()) return std::nullopt;  // the 31st of a 30-day month, February 29th of a common year
    return c;
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
    auto c = civil_of(year, month, day);
    if (!c) return std::nullopt;
    date d;
    d.days_ = serial_from_civil(*c);
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
    const chr::year_month_day c = civil_from_serial(days_);
    std::string out;
    append_padded(out, number(c.year()), 4);
    out += '-';
    append_padded(out, number(c.month()), 2);
    out += '-';
    append_padded(out, number(c.day()), 2);
    return out;
}

int date::year() const { return number(civil_from_serial(days_).year()); }
int date::month() const { return number(civil_from_serial(days_).month()); }
int date::day() const { return number(civil_from_serial(days_).day()); }

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
    // keeps the target year within chrono's (years -32767..32767).
    constexpr std::int64_t span_in_months = (max_year - min_year + 1) * 12;
    if (n < -span_in_months || n > span_in_months) out_of_range();
    const chr::year_month_day c = civil_from_serial(days_);
    const chr::year_month target = chr::year_month{c.year(), c.month()} + chr::months{n};
    if (target.year() < chr::year{min_year} || target.year() > chr::year{max_year}) out_of_range();
    const chr::day last = (target / chr::last).day();
    date d;
    d.days_ = serial_from_civil(target / std::min(c.day(), last));
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
    const chr::year_month_day f = civil_from_serial(from.days_);
    const chr::year_month_day t = civil_from_serial(to.days_);
    // Landing in to's month is the most possible; if clamping still leaves the day
    // after `to`, the previous month is the answer (it ends before to's month starts).
    const std::int64_t n = (chr::year_month{t.year(), t.month()} - chr::year_month{f.year(), f.month()}).count();
    return from.add_months(n) <= to ? n : n - 1;
}

std::int64_t years_between(date from, date to) { return months_between(from, to) / 12; }

}  // namespace hallmark
