// SPDX-License-Identifier: Apache-2.0
#pragma once
// Exact decimal numbers: every number that can reach a decision is one of these.
#include <compare>
#include <cstdint>
#include <hallmark/export.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace hallmark {

/// Thrown when exact arithmetic cannot give an exact-enough answer: overflow,
/// division by zero, a date outside the supported calendar range.
class HALLMARK_API arithmetic_error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// A decimal number `coefficient * 10^-scale`, exact within its limits.
///
/// Limits (see hallmark/limits.hpp): at most `max_scale` (18) digits after the point
/// and a coefficient of at most `max_digits` (36) digits. Results of multiplication
/// and division that need more than 18 fractional digits are rounded half-to-even;
/// a result whose integer part does not fit throws `arithmetic_error`.
class HALLMARK_API decimal {
public:
    static constexpr int max_scale = 18;
    static constexpr int max_digits = 36;

    /// Zero.
    constexpr decimal() = default;

    /// The integer `v`.
    [[nodiscard]] static decimal from_int(std::int64_t v);

    /// coefficient * 10^-places, exactly (places 0..max_scale): 12345, 2 is 123.45.
    /// For hosts holding decimals as scaled integers; no text in between.
    [[nodiscard]] static decimal from_scaled(std::int64_t coefficient, int places);

    /// Parses `[-]digits[.digits][(e|E)[+-]digits]`. Returns nothing when the text is
    /// malformed or the value needs more than `max_scale` fractional digits or more
    /// than `max_digits` digits in all (after removing trailing fractional zeros).
    [[nodiscard]] static std::optional<decimal> parse(std::string_view text);

    /// Canonical text: no exponent, no trailing fractional zeros, no `-0`.
    [[nodiscard]] std::string to_string() const;

    /// True when the value has no fractional part.
    [[nodiscard]] bool is_integer() const;

    /// The value as an integer when it is one and fits.
    [[nodiscard]] std::optional<std::int64_t> to_int64() const;

    /// Digits after the point, once trailing zeros are dropped (0 for integers).
    [[nodiscard]] int places() const { return scale_; }

    /// floor(value * 10^places) for `places` in 0..max_scale, with `inexact` set when
    /// the floor dropped a fraction; nothing when the result is beyond +-2^60. Lets
    /// comparisons with constants of at most `places` digits run on plain integers.
    [[nodiscard]] std::optional<std::int64_t> floor_scaled(int places, bool& inexact) const;

    [[nodiscard]] bool is_zero() const { return coefficient_ == 0; }
    [[nodiscard]] bool is_negative() const { return coefficient_ < 0; }

    decimal operator-() const;
    friend HALLMARK_API decimal operator+(const decimal& a, const decimal& b);
    friend HALLMARK_API decimal operator-(const decimal& a, const decimal& b);
    friend HALLMARK_API decimal operator*(const decimal& a, const decimal& b);
    /// Rounded half-to-even to `max_scale` fractional digits; throws on division by zero.
    friend HALLMARK_API decimal operator/(const decimal& a, const decimal& b);

    /// Rounds to `places` fractional digits (0..max_scale), half away from zero.
    [[nodiscard]] decimal round(int places) const;
    [[nodiscard]] decimal abs() const;

    friend HALLMARK_API bool operator==(const decimal& a, const decimal& b);
    friend HALLMARK_API std::strong_ordering operator<=>(const decimal& a, const decimal& b);

private:
    __int128 coefficient_ = 0;
    int scale_ = 0;
};

}  // namespace hallmark
