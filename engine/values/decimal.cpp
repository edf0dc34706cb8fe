// SPDX-License-Identifier: Apache-2.0
// Exact decimal arithmetic.
//
// Every value is kept normalized: no trailing zeros in the fractional part, so a
// value has exactly one representation. That makes equality a member comparison
// and lets to_string print the coefficient as is.
//
// Intermediate results (aligned sums, full products, scaled dividends) can need up
// to 72 decimal digits, more than __int128 holds, so they are computed on a small
// unsigned 256-bit magnitude with a separate sign and only narrowed at the end.
#include "hallmark/decimal.hpp"

#include <algorithm>
#include <array>
#include <cstddef>
#include <limits>
#include <stdexcept>
#include <utility>

namespace hallmark {

namespace {

using u64 = std::uint64_t;
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

// Unsigned 256-bit magnitude, little-endian 64-bit limbs. Only the operations the
// decimal algorithms need; every caller keeps values below 10^72 < 2^240, so none
// of them can overflow.
struct u256 {
    std::array<u64, 4> limb{};

    static u256 from(u128 v) { return u256{{static_cast<u64>(v), static_cast<u64>(v >> 64), 0, 0}}; }

    bool fits_u128() const { return limb[2] == 0 && limb[3] == 0; }
    u128 low() const { return (static_cast<u128>(limb[1]) << 64) | limb[0]; }
    bool is_odd() const { return (limb[0] & 1) != 0; }
};

int compare(const u256& a, const u256& b)
{
    for (int i = 3; i >= 0; --i) {
        if (a.limb[i] != b.limb[i]) return a.limb[i] < b.limb[i] ? -1 : 1;
    }
    return 0;
}

u256 add(const u256& a, const u256& b)
{
    u256 r;
    u128 carry = 0;
    for (std::size_t i = 0; i < 4; ++i) {
        u128 s = static_cast<u128>(a.limb[i]) + b.limb[i] + carry;
        r.limb[i] = static_cast<u64>(s);
        carry = s >> 64;
    }
    return r;
}

// Requires a >= b.
u256 subtract(const u256& a, const u256& b)
{
    u256 r;
    u64 borrow = 0;
    for (std::size_t i = 0; i < 4; ++i) {
        u128 need = static_cast<u128>(b.limb[i]) + borrow;
        r.limb[i] = static_cast<u64>(a.limb[i] - need);  // wraps modulo 2^64 as intended
        borrow = a.limb[i] < need ? 1 : 0;
    }
    return r;
}

u256 multiply(const u256& a, u64 m)
{
    u256 r;
    u128 carry = 0;
    for (std::size_t i = 0; i < 4; ++i) {
        u128 p = static_cast<u128>(a.limb[i]) * m + carry;
        r.limb[i] = static_cast<u64>(p);
        carry = p >> 64;
    }
    return r;
}

u256 multiply(u128 a, u128 b)
{
    u256 low_part = multiply(u256::from(a), static_cast<u64>(b));
    u256 high_part = multiply(u256::from(a), static_cast<u64>(b >> 64));
    // Shifting by one limb multiplies by 2^64; the top limb is zero by the bound.
    u256 shifted{{0, high_part.limb[0], high_part.limb[1], high_part.limb[2]}};
    return add(low_part, shifted);
}

u256 multiply_pow10(u256 a, int n)
{
    // 10^19 is the largest power of ten that fits one limb; step by 10^18.
    for (; n > 0; n -= 18) a = multiply(a, static_cast<u64>(pow10(std::min(n, 18))));
    return a;
}

struct division {
    u256 quotient;
    u128 remainder;
};

// Schoolbook division one limb at a time; exact because each partial dividend
// (remainder < 2^64 times 2^64 plus a limb) fits 128 bits.
division divide_small(const u256& a, u64 d)
{
    division r{};
    u128 rem = 0;
    for (int i = 3; i >= 0; --i) {
        u128 part = (rem << 64) | a.limb[i];
        r.quotient.limb[i] = static_cast<u64>(part / d);
        rem = part % d;
    }
    r.remainder = rem;
    return r;
}

// Shift-and-subtract division for divisors above one limb. Requires d < 2^127 so
// that the doubled remainder cannot overflow; decimal coefficients are < 2^120.
division divide_wide(const u256& a, u128 d)
{
    if (a.fits_u128()) return {u256::from(a.low() / d), a.low() % d};
    division r{};
    u128 rem = 0;
    for (int bit = 255; bit >= 0; --bit) {
        rem = (rem << 1) | ((a.limb[bit / 64] >> (bit % 64)) & 1);
        if (rem >= d) {
            rem -= d;
            r.quotient.limb[bit / 64] |= u64{1} << (bit % 64);
        }
    }
    r.remainder = rem;
    return r;
}

division divide(const u256& a, u128 d)
{
    return (d >> 64) == 0 ? divide_small(a, static_cast<u64>(d)) : divide_wide(a, d);
}

// The quotient a / d rounded half-to-even.
u256 divide_half_even(const u256& a, u128 d)
{
    division q = divide(a, d);
    u128 twice = q.remainder * 2;  // remainder < d < 2^127
    if (twice > d || (twice == d && q.quotient.is_odd())) return add(q.quotient, u256::from(1));
    return q.quotient;
}

// A signed intermediate value: magnitude * 10^-scale, negated when `negative`.
struct wide_value {
    u256 magnitude;
    bool negative = false;
    int scale = 0;
};

u128 magnitude_of(__int128 c) { return c < 0 ? static_cast<u128>(-c) : static_cast<u128>(c); }

wide_value widen(__int128 coefficient, int scale)
{
    return {u256::from(magnitude_of(coefficient)), coefficient < 0, scale};
}

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

// A finished value's representation. Helpers here cannot touch decimal's private
// members (the header declares no friends for them), so they return parts and the
// member or friend functions store them.
struct parts {
    __int128 coefficient = 0;
    int scale = 0;
};

// Normalizes and narrows an intermediate; the only place overflow is detected.
parts finish(wide_value v)
{
    while (v.scale > 0) {
        division q = divide_small(v.magnitude, 10);
        if (q.remainder != 0) break;
        v.magnitude = q.quotient;
        --v.scale;
    }
    if (!v.magnitude.fits_u128() || v.magnitude.low() >= pow10(max_digits)) {
        throw arithmetic_error("decimal overflow");
    }
    auto c = static_cast<__int128>(v.magnitude.low());
    return {v.negative ? -c : c, v.scale};
}

// Brings a value to a larger scale without changing it.
wide_value rescale(wide_value v, int scale)
{
    v.magnitude = multiply_pow10(v.magnitude, scale - v.scale);
    v.scale = scale;
    return v;
}

parts add_signed(wide_value a, wide_value b)
{
    int scale = std::max(a.scale, b.scale);
    a = rescale(a, scale);
    b = rescale(b, scale);
    if (a.negative == b.negative) return finish({add(a.magnitude, b.magnitude), a.negative, scale});
    // Opposite signs: the larger magnitude decides the sign of the difference.
    if (compare(a.magnitude, b.magnitude) < 0) std::swap(a, b);
    return finish({subtract(a.magnitude, b.magnitude), a.negative, scale});
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
    parts sum = add_signed(widen(a.coefficient_, a.scale_), widen(b.coefficient_, b.scale_));
    decimal d;
    d.coefficient_ = sum.coefficient;
    d.scale_ = sum.scale;
    return d;
}

decimal operator-(const decimal& a, const decimal& b) { return a + -b; }

decimal operator*(const decimal& a, const decimal& b)
{
    wide_value p{multiply(magnitude_of(a.coefficient_), magnitude_of(b.coefficient_)),
                 (a.coefficient_ < 0) != (b.coefficient_ < 0), a.scale_ + b.scale_};
    if (p.scale > max_scale) {
        p.magnitude = divide_half_even(p.magnitude, pow10(p.scale - max_scale));
        p.scale = max_scale;
    }
    parts product = finish(p);
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
    int exponent = max_scale - a.scale_ + b.scale_;
    u256 dividend = multiply_pow10(u256::from(magnitude_of(a.coefficient_)), exponent);
    u256 q = divide_half_even(dividend, magnitude_of(b.coefficient_));
    parts quotient = finish({q, (a.coefficient_ < 0) != (b.coefficient_ < 0), max_scale});
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
    parts rounded = finish({u256::from(q), coefficient_ < 0, places});
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
