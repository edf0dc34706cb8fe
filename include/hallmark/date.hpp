// SPDX-License-Identifier: Apache-2.0
#pragma once
// Calendar dates for assessments and validity; never read from the clock.
#include <compare>
#include <cstdint>
#include <hallmark/export.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace hallmark {

/// A day of the proleptic Gregorian calendar, years 0001 to 9999.
///
/// Adding months keeps the day of month and clamps it to the last day of the target
/// month: 2020-01-31 + 1 month = 2020-02-29, 2020-02-29 + 1 year = 2021-02-28.
/// Results outside years 0001..9999 throw `arithmetic_error`.
class HALLMARK_API date {
public:
    /// 1970-01-01.
    constexpr date() = default;

    /// Parses exactly `YYYY-MM-DD`; nothing when malformed or not a real day.
    [[nodiscard]] static std::optional<date> parse(std::string_view text);

    /// Builds a date from its parts; nothing when not a real day.
    [[nodiscard]] static std::optional<date> from_ymd(int year, int month, int day);

    /// `YYYY-MM-DD`.
    [[nodiscard]] std::string to_string() const;

    [[nodiscard]] int year() const;
    [[nodiscard]] int month() const;
    [[nodiscard]] int day() const;

    /// Days since 1970-01-01 (negative before).
    [[nodiscard]] std::int32_t serial() const { return days_; }

    [[nodiscard]] date add_days(std::int64_t n) const;
    /// Adds calendar months, clamping to the end of the target month.
    [[nodiscard]] date add_months(std::int64_t n) const;
    /// Adds calendar years (12 months each); any `n` is safe, out of range throws.
    [[nodiscard]] date add_years(std::int64_t n) const;

    /// `to - from` in days.
    friend HALLMARK_API std::int64_t days_between(date from, date to);
    /// Whole calendar months from `from` to `to`: the largest n with
    /// `from.add_months(n) <= to`; negative (mirrored) when `to < from`.
    friend HALLMARK_API std::int64_t months_between(date from, date to);
    /// Whole years: `months_between / 12`, truncated toward zero.
    friend HALLMARK_API std::int64_t years_between(date from, date to);

    friend bool operator==(date a, date b) = default;
    friend std::strong_ordering operator<=>(date a, date b) = default;

private:
    std::int32_t days_ = 0;
};

}  // namespace hallmark
