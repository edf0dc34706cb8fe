// SPDX-License-Identifier: Apache-2.0
// Exact decimal arithmetic.
//
// Every value is kept normalized: no trailing zeros in the fractional part, so a
// value has exactly one representation. That makes equality a member comparison
// and lets to_string print the coefficient as is.
//
// Intermediate results (aligned sums, full products, scaled dividends) can need up
// to 72 decimal digits, more than __int128 holds. Each operation runs on __int128
// while the compiler's overflow builtins say the intermediate fits (almost always)
// and otherwise again on Boost.Multiprecision's checked 256-bit integer; rounding
// is one template for both, and both end in the same narrowing, the only place a
// decimal overflow is reported. Boost stays out of the public header: decimal.hpp
// holds an __int128 and nothing else.
#include "hallmark/decimal.hpp"

#include <boost/multiprecision/cpp_int.hpp>

#include <algorithm>
#include <array>
#include <cstddef>
#include <limits>
#include <stdexcept>
#include <utility>

namespace hallmark {

namespace {

using u128 = unsigned __int128;

constexpr int max_scale = decimal::max_scale;
constexpr int max_digits = decimal::max_digits;

// 10^0 .. 10^38; 10^38 is the largest power of ten below 2^128.
constexpr std::array<u128, 39> powers_of_ten = [] {
    std::array<u128, 39> table{};
    u128 p = 1;
    for (auto& entry : table) {
        entry = p;
        p *= 10;
    }
    return table;
}();

constexpr u128 pow10(int n) { return powers_of_ten[static_cast<std::size_t>(n)]; }

// Checked: were the bounds below ever wrong, an operation would throw
// std::overflow_error rather than wrap. Values stay below 10^72 < 2^240.
using int256 = boost::multiprecision::checked_int256_t;

u128 magnitude_of(__int128 c) { return c < 0 ? static_cast<u128>(-c) : static_cast<u128>(c); }

std::string digits_of(u128 v)
{
    std::string out;
    do {
        out.push_back(static_cast<char>('0' + static_cast<int>(v % 10)));
        v /= 10;
    } while (v != 0);
    std::reverse(out.begin(), out.end());
    return out;
}

// 10^n in either integer type (n <= 36, below 2^127).
template <class Int>
Int power_of_ten(int n)
{
    return Int(static_cast<__int128>(pow10(n)));
}

// Quotient truncated toward zero, and remainder, in one division.
void divide(__int128 a, __int128 d, __int128& q, __int128& r)
{
    q = a / d;
    r = a - q * d;  // |q * d| <= |a|: cannot overflow
}

void divide(const int256& a, const int256& d, int256& q, int256& r) { boost::multiprecision::divide_qr(a, d, q, r); }

// a / d rounded half-to-even (d nonzero). Division truncates toward zero, so the
// remainder's magnitude decides and a step away from zero rounds the magnitude up.
template <class Int>
Int divide_half_even(const Int& a, const Int& d)
{
    Int q;
    Int r;
    divide(a, d, q, r);
    Int twice = r * 2;  // |r| < |d| < 10^36: no overflow
    if (twice < 0) twice = -twice;
    const Int unit = d < 0 ? Int(-d) : d;
    if (twice > unit || (twice == unit && q % 2 != 0)) q += (a < 0) == (d < 0) ? 1 : -1;
    return q;
}

// A finished value's representation. Helpers here cannot touch decimal's private
// members (the header declares no friends for them), so they return parts and the
// member or friend functions store them.
struct parts {
    __int128 coefficient = 0;
    int scale = 0;
};

// Normalizes and narrows coefficient * 10^-scale; the only place overflow is detected.
parts finish(__int128 c, int scale)
{
    while (scale > 0 && c % 10 == 0) {
        c /= 10;
        --scale;
    }
    const auto limit = static_cast<__int128>(pow10(max_digits));
    if (c >= limit || c <= -limit) throw arithmetic_error("decimal overflow");
    return {c, scale};
}

// Drops trailing fractional zeros on int256 only until the value fits __int128 (the
// usual case, since a result that does not overflow is below 10^36 < 2^127).
parts finish(int256 c, int scale)
{
    const int256 high = std::numeric_limits<__int128>::max();
    const int256 low = std::numeric_limits<__int128>::min();
    while ((c > high || c < low) && scale > 0 && c % 10 == 0) {
        c /= 10;
        --scale;
    }
    if (c > high || c < low) throw arithmetic_error("decimal overflow");  // beyond 2^127 > 10^36
    return finish(c.convert_to<__int128>(), scale);
}

// The full product (below 10^72), rounded to max_scale places when it has more.
template <class Int>
parts product_of(Int p, int scale)
{
    if (scale > max_scale) {
        p = divide_half_even(p, power_of_ten<Int>(scale - max_scale));
        scale = max_scale;
    }
    return finish(p, scale);
}

// a * 10^n on __int128; false when it does not fit.
bool scaled_fits(__int128 a, int n, __int128& out) { return !__builtin_mul_overflow(a, pow10(n), &out); }

// Aligns a and b to the larger scale and adds them: on __int128 when every step
// fits, else on int256 (the aligned sum is below 2 * 10^54).
parts sum_of(__int128 a, int a_scale, __int128 b, int b_scale)
{
    const int scale = std::max(a_scale, b_scale);
    __int128 x = 0;
    __int128 y = 0;
    __int128 sum = 0;
    if (scaled_fits(a, scale - a_scale, x) && scaled_fits(b, scale - b_scale, y) && !__builtin_add_overflow(x, y, &sum))
        return finish(sum, scale);
    return finish(
        int256(int256(a) * power_of_ten<int256>(scale - a_scale) + int256(b) * power_of_ten<int256>(scale - b_scale)),
        scale);
}

struct parsed_text {
    bool negative = false;
    std::string_view whole;
    std::string_view fraction;
    std::int64_t exponent = 0;
};

std::string_view take_digits(std::string_view& rest)
{
    std::size_t n = 0;
    while (n < rest.size() && rest[n] >= '0' && rest[n] <= '9') ++n;
    std::string_view run = rest.substr(0, n);
    rest.remove_prefix(n);
    return run;
}

// Saturates at `cap` so that absurd exponents cannot overflow. The cap exceeds the
// text's length by more than max_digits + max_scale, so a saturated exponent is
// out of range for any nonzero digits and its exact size no longer matters.
std::int64_t saturating_value(std::string_view digits, std::int64_t cap)
{
    std::int64_t v = 0;
    for (char ch : digits) { v = std::min(cap, v * 10 + (ch - '0')); }
    return v;
}

std::optional<std::int64_t> take_exponent(std::string_view& rest, std::int64_t cap)
{
    bool negative = false;
    if (!rest.empty() && (rest.front() == '+' || rest.front() == '-')) {
        negative = rest.front() == '-';
        rest.remove_prefix(1);
    }
    std::string_view run = take_digits(rest);
    if (run.empty()) return std::nullopt;
    std::int64_t v = saturating_value(run, cap);
    return negative ? -v : v;
}

std::optional<parsed_text> split(std::string_view text)
{
    parsed_text p;
    const auto cap = static_cast<std::int64_t>(text.size()) + 2 * max_digits;
    if (!text.empty() && text.front() == '-') {
        p.negative = true;
        text.remove_prefix(1);
    }
    p.whole = take_digits(text);
    if (p.whole.empty()) return std::nullopt;
    if (!text.empty() && text.front() == '.') {
        text.remove_prefix(1);
        p.fraction = take_digits(text);
        if (p.fraction.empty()) return std::nullopt;
    }
    if (!text.empty() && (text.front() == 'e' || text.front() == 'E')) {
        text.remove_prefix(1);
        auto e = take_exponent(text, cap);
        if (!e) return std::nullopt;
        p.exponent = *e;
    }
    if (!text.empty()) return std::nullopt;
    return p;
}

// Turns validated syntax into a value: significant digits and the power of ten.
std::optional<parts> build(const parsed_text& p)
{
    std::string digits{p.whole};
    digits += p.fraction;
    digits.erase(0, std::min(digits.find_first_not_of('0'), digits.size()));
    if (digits.empty()) return parts{};
    std::size_t kept = digits.find_last_not_of('0') + 1;
    auto trailing = static_cast<std::int64_t>(digits.size() - kept);
    digits.resize(kept);
    std::int64_t scale = static_cast<std::int64_t>(p.fraction.size()) - p.exponent - trailing;
    // A negative scale means zeros appended to the integer coefficient.
    std::int64_t padding = std::max<std::int64_t>(0, -scale);
    if (scale > max_scale || static_cast<std::int64_t>(digits.size()) + padding > max_digits) { return std::nullopt; }
    __int128 c = 0;
    for (char ch : digits) c = c * 10 + (ch - '0');
    c *= static_cast<__int128>(pow10(static_cast<int>(padding)));
    return parts{p.negative ? -c : c, static_cast<int>(std::max<std::int64_t>(scale, 0))};
}

}  // namespace

decimal decimal::from_int(std::int64_t v)
{
    decimal d;
    d.coefficient_ = v;
    return d;
}

decimal decimal::from_scaled(std::int64_t coefficient, int places)
{
    if (places < 0 || places > max_scale) throw std::invalid_argument("decimal::from_scaled: places out of range");
    // Normalized like every other value: no trailing fractional zeros.
    while (places > 0 && coefficient % 10 == 0) {
        coefficient /= 10;
        --places;
    }
    decimal d;
    d.coefficient_ = coefficient;
    d.scale_ = places;
    return d;
}

std::optional<decimal> decimal::parse(std::string_view text)
{
    auto syntax = split(text);
    if (!syntax) return std::nullopt;
    auto value = build(*syntax);
    if (!value) return std::nullopt;
    decimal d;
    d.coefficient_ = value->coefficient;
    d.scale_ = value->scale;
    return d;
}

std::string decimal::to_string() const
{
    std::string digits = digits_of(magnitude_of(coefficient_));
    auto scale = static_cast<std::size_t>(scale_);
    if (scale > 0) {
        // Pad so that at least one digit precedes the point: "0.05", not ".05".
        if (digits.size() <= scale) digits.insert(0, scale + 1 - digits.size(), '0');
        digits.insert(digits.size() - scale, 1, '.');
    }
    return coefficient_ < 0 ? "-" + digits : digits;
}

// Normalization guarantees a nonzero last fractional digit whenever scale_ > 0.
bool decimal::is_integer() const { return scale_ == 0; }

std::optional<std::int64_t> decimal::to_int64() const
{
    constexpr auto lowest = static_cast<__int128>(std::numeric_limits<std::int64_t>::min());
    constexpr auto highest = static_cast<__int128>(std::numeric_limits<std::int64_t>::max());
    if (scale_ != 0 || coefficient_ < lowest || coefficient_ > highest) return std::nullopt;
    return static_cast<std::int64_t>(coefficient_);
}

namespace {

// c / 10^E and c % 10^E with E known at compile time: a multiply, not a division.
template <int E>
std::pair<std::int64_t, std::int64_t> divide_by_power(std::int64_t c)
{
    constexpr std::int64_t unit = static_cast<std::int64_t>(powers_of_ten[E]);
    return {c / unit, c % unit};
}

template <int... E>
std::pair<std::int64_t, std::int64_t> divide_by_power_of_ten(std::int64_t c, int exponent,
                                                             std::integer_sequence<int, E...>)
{
    std::pair<std::int64_t, std::int64_t> out{c, 0};
    ((exponent == E ? (out = divide_by_power<E>(c), true) : false) || ...);
    return out;
}

}  // namespace

std::optional<std::int64_t> decimal::floor_scaled(int places, bool& inexact) const
{
    if (places < 0 || places > max_scale) throw std::invalid_argument("decimal::floor_scaled: places out of range");
    constexpr __int128 limit = __int128{1} << 60;
    inexact = false;
    // The usual case, in 64 bits: 128-bit division is a slow library call.
    if (places < scale_ && coefficient_ >= -limit && coefficient_ <= limit) {
        const auto [q, r] = divide_by_power_of_ten(static_cast<std::int64_t>(coefficient_), scale_ - places,
                                                   std::make_integer_sequence<int, max_scale + 1>{});
        inexact = r != 0;
        return q - (inexact && r < 0);
    }
    // Scaling up a 64-bit coefficient: a 64-bit multiply, instead of dividing the limit
    // by the power in 128 bits. Overflowing 64 bits is beyond the limit too.
    if (places >= scale_ && coefficient_ >= -limit && coefficient_ <= limit) {
        std::int64_t up = 0;
        if (__builtin_mul_overflow(static_cast<std::int64_t>(coefficient_),
                                   static_cast<std::int64_t>(pow10(places - scale_)), &up) ||
            up > limit || up < -limit)
            return std::nullopt;
        return up;
    }
    __int128 q = coefficient_;
    if (places >= scale_) {
        const auto up = static_cast<__int128>(pow10(places - scale_));
        if (q > limit / up || q < -limit / up) return std::nullopt;
        q *= up;
    } else {
        const auto down = static_cast<__int128>(pow10(scale_ - places));
        inexact = q % down != 0;
        q = q / down - (inexact && q < 0);  // division truncates; floor goes down
    }
    if (q > limit || q < -limit) return std::nullopt;
    return static_cast<std::int64_t>(q);
}

// Cannot overflow: |coefficient_| < 10^36 is symmetric around zero.
decimal decimal::operator-() const
{
    decimal d = *this;
    d.coefficient_ = -coefficient_;
    return d;
}

decimal operator+(const decimal& a, const decimal& b)
{
    parts sum = sum_of(a.coefficient_, a.scale_, b.coefficient_, b.scale_);
    decimal d;
    d.coefficient_ = sum.coefficient;
    d.scale_ = sum.scale;
    return d;
}

decimal operator-(const decimal& a, const decimal& b) { return a + -b; }

decimal operator*(const decimal& a, const decimal& b)
{
    const int scale = a.scale_ + b.scale_;
    __int128 p = 0;
    parts product = __builtin_mul_overflow(a.coefficient_, b.coefficient_, &p)
                        ? product_of(int256(int256(a.coefficient_) * int256(b.coefficient_)), scale)
                        : product_of(p, scale);
    decimal d;
    d.coefficient_ = product.coefficient;
    d.scale_ = product.scale;
    return d;
}

decimal operator/(const decimal& a, const decimal& b)
{
    if (b.coefficient_ == 0) throw arithmetic_error("division by zero");
    // Scale the dividend so that the integer quotient carries exactly max_scale
    // fractional digits; the exponent lies between 0 and 36.
    const int exponent = max_scale - a.scale_ + b.scale_;
    __int128 dividend = 0;
    parts quotient = scaled_fits(a.coefficient_, exponent, dividend)
                         ? finish(divide_half_even(dividend, b.coefficient_), max_scale)
                         : finish(divide_half_even(int256(int256(a.coefficient_) * power_of_ten<int256>(exponent)),
                                                   int256(b.coefficient_)),
                                  max_scale);
    decimal d;
    d.coefficient_ = quotient.coefficient;
    d.scale_ = quotient.scale;
    return d;
}

// Places outside 0..max_scale are a caller bug, not an arithmetic outcome, hence
// std::invalid_argument rather than arithmetic_error.
decimal decimal::round(int places) const
{
    if (places < 0 || places > max_scale) throw std::invalid_argument("decimal::round: places out of range");
    if (scale_ <= places) return *this;
    u128 unit = pow10(scale_ - places);
    u128 m = magnitude_of(coefficient_);
    u128 q = m / unit;
    if ((m % unit) * 2 >= unit) ++q;  // on the magnitude, so ties move away from zero
    // q <= m < 10^36, so the signed value fits.
    parts rounded = finish(coefficient_ < 0 ? -static_cast<__int128>(q) : static_cast<__int128>(q), places);
    decimal d;
    d.coefficient_ = rounded.coefficient;
    d.scale_ = rounded.scale;
    return d;
}

decimal decimal::abs() const { return coefficient_ < 0 ? -*this : *this; }

bool operator==(const decimal& a, const decimal& b)
{
    // Both sides are normalized, so equal values have identical representations.
    return a.coefficient_ == b.coefficient_ && a.scale_ == b.scale_;
}

namespace {

// Truncated integer part and the fraction expressed at max_scale. Truncation gives
// both the sign of the value, so comparing these pairs lexicographically orders the
// values exactly without aligning scales (which could need 54 digits).
struct split_value {
    __int128 whole;
    __int128 fraction;
    auto operator<=>(const split_value&) const = default;
};

split_value split_at_point(__int128 coefficient, int scale)
{
    auto unit = static_cast<__int128>(pow10(scale));
    auto widen_fraction = static_cast<__int128>(pow10(max_scale - scale));
    return {coefficient / unit, (coefficient % unit) * widen_fraction};
}

}  // namespace

std::strong_ordering operator<=>(const decimal& a, const decimal& b)
{
    // Fast paths, exact and free of 128-bit division: equal scales compare directly;
    // coefficients under 10^18 can be aligned (at most 10^36, well inside 128 bits).
    if (a.scale_ == b.scale_) return a.coefficient_ <=> b.coefficient_;
    constexpr __int128 small = 1'000'000'000'000'000'000;
    const bool a_small = a.coefficient_ < small && a.coefficient_ > -small;
    const bool b_small = b.coefficient_ < small && b.coefficient_ > -small;
    if (a_small && b_small) {
        if (a.scale_ < b.scale_)
            return a.coefficient_ * static_cast<__int128>(pow10(b.scale_ - a.scale_)) <=> b.coefficient_;
        return a.coefficient_ <=> b.coefficient_ * static_cast<__int128>(pow10(a.scale_ - b.scale_));
    }
    return split_at_point(a.coefficient_, a.scale_) <=> split_at_point(b.coefficient_, b.scale_);
}

}  // namespace hallmark
