// SPDX-License-Identifier: Apache-2.0
// The fast path's JSON scanner: one pass over the bytes, stopping at anything the
// reference parser would not accept as it is (see json_scan.hpp).
#include "engine/input/json_scan.hpp"

#include <hallmark/decimal.hpp>
#include <hallmark/limits.hpp>

#include <algorithm>
#include <bit>
#include <cstring>

namespace hallmark::detail {

namespace {

int hex_digit(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// The bytes among the 8 at `p` that end or escape a string or need a closer look (a
// quote, a backslash, a control character, a byte of a multi-byte sequence), each as its
// high bit; bit tricks on a 64-bit word. Borrows can flag a byte above a flagged one,
// never below, so the lowest flag is always a byte to look at.
std::uint64_t special_bytes(const char* p)
{
    constexpr std::uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
    std::uint64_t v = 0;
    std::memcpy(&v, p, sizeof v);
    const auto has_zero = [](std::uint64_t x) { return (x - ones) & ~x & highs; };
    return has_zero(v ^ (ones * '"')) | has_zero(v ^ (ones * '\\')) | ((v - ones * 0x20) & ~v & highs) | (v & highs);
}

// a < b in byte order, as std::string compares; inline, for the short keys of a document.
bool bytes_less(std::string_view a, std::string_view b)
{
    const std::size_t n = std::min(a.size(), b.size());
    for (std::size_t i = 0; i < n; ++i) {
        if (a[i] != b[i]) return static_cast<unsigned char>(a[i]) < static_cast<unsigned char>(b[i]);
    }
    return a.size() < b.size();
}

void append_utf8(std::string& out, std::uint32_t cp)
{
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

}  // namespace

bool json_scanner::scan(std::string_view text)
{
    source_ = text;
    p_ = text.data();
    end_ = p_ + text.size();
    line_ = 1;
    line_start_ = 0;
    irregular_ = 0;
    count_ = 0;
    order_.clear();
    decoded_.clear();
    // Offsets are 32-bit; documents are far smaller (limits::max_file_bytes).
    if (text.size() >= 0xFFFFFFFFu) return false;
    if (text.starts_with("\xEF\xBB\xBF")) p_ += 3;  // the reference parser skips it too
    if (!value(0)) return false;
    skip_space();
    return p_ == end_;
}

void json_scanner::trim()
{
    constexpr std::size_t kept_nodes = 1 << 14;  // 640 KiB; real assessments hold a few hundred values
    if (nodes_.size() > kept_nodes) nodes_ = {}, count_ = 0;
    if (order_.capacity() > kept_nodes) order_ = {};
    if (decoded_.capacity() > 16 * kept_nodes) decoded_ = {};
}

void json_scanner::skip_some_space()
{
    const char* from = p_;
    while (p_ != end_) {
        const char c = *p_;
        if (c == ' ' || c == '\t' || c == '\r') {
            ++p_;
        } else if (c == '\n') {
            ++p_;
            ++line_;
            line_start_ = static_cast<std::uint32_t>(p_ - source_.data());
        } else {
            break;
        }
    }
    if (p_ != from) ++irregular_;
}

bool json_scanner::take(char c)
{
    skip_space();
    if (p_ == end_ || *p_ != c) return false;
    ++p_;
    return true;
}

// Forced inline, like `string`: called for every value, and worth 15 % of a scan inlined.
[[gnu::always_inline]] std::uint32_t json_scanner::add(scan_node::kind type)
{
    const std::uint32_t at = count_++;
    if (at == nodes_.size()) nodes_.resize(std::max<std::size_t>(64, 2 * nodes_.size()));
    scan_node& n = nodes_[at];
    n = scan_node{};
    n.type = type;
    n.offset = static_cast<std::uint32_t>(p_ - source_.data());
    n.line = line_;
    n.column = n.offset - line_start_ + 1;
    n.next = at + 1;
    return at;
}

bool json_scanner::value(unsigned depth)
{
    skip_space();
    if (p_ == end_) return false;
    switch (*p_) {
    case '{': return object(add(scan_node::kind::object), depth);
    case '[': return array(add(scan_node::kind::array), depth);
    case '"': return string(add(scan_node::kind::string));
    case 't': nodes_[add(scan_node::kind::boolean)].boolean = true; return literal("true");
    case 'f': add(scan_node::kind::boolean); return literal("false");
    case 'n': add(scan_node::kind::null); return literal("null");
    default: return number(add(scan_node::kind::number));
    }
}

bool json_scanner::literal(std::string_view word)
{
    if (static_cast<std::size_t>(end_ - p_) < word.size() || std::memcmp(p_, word.data(), word.size()) != 0) {
        return false;
    }
    p_ += word.size();
    return true;
}

// The reference parser refuses a container with `max_json_depth` containers around it.
bool json_scanner::object(std::uint32_t at, unsigned depth)
{
    if (depth >= limits::max_json_depth) return false;
    const std::uint32_t irregular = irregular_;
    ++p_;
    skip_space();
    std::uint32_t count = 0;
    std::uint32_t key = 0;  // the last member's key, to see whether keys come in order
    bool ordered = true;
    if (p_ != end_ && *p_ == '}') {
        ++p_;
    } else {
        do {
            const std::uint32_t next = count_;
            if (!member(depth)) return false;
            if (count > 0 && ordered && !bytes_less(text(nodes_[key]), text(nodes_[next]))) {
                ordered = false;
                ++irregular_;
            }
            key = next;
            ++count;
            skip_space();
        } while (p_ != end_ && *p_ == ',' && ++p_);
        if (!take('}')) return false;
    }
    close(at, count, irregular, ordered);
    return true;
}

void json_scanner::close(std::uint32_t at, std::uint32_t count, std::uint32_t irregular_before, bool ordered)
{
    scan_node& n = nodes_[at];
    n.ordered = ordered;
    n.count = count;
    n.next = count_;
    n.begin = n.offset;
    n.length = static_cast<std::uint32_t>(p_ - source_.data()) - n.offset;
    n.canonical = irregular_ == irregular_before;
}

// Its key notes where the member ends and whether `"key":value` is canonical as written.
bool json_scanner::member(unsigned depth)
{
    skip_space();
    if (p_ == end_ || *p_ != '"') return false;
    const std::uint32_t irregular = irregular_;
    const std::uint32_t key = add(scan_node::kind::string);
    if (!string(key) || !take(':') || !value(depth + 1)) return false;
    nodes_[key].canonical = irregular_ == irregular;
    nodes_[key].count = static_cast<std::uint32_t>(p_ - source_.data());
    return true;
}

bool json_scanner::array(std::uint32_t at, unsigned depth)
{
    if (depth >= limits::max_json_depth) return false;
    const std::uint32_t irregular = irregular_;
    ++p_;
    skip_space();
    std::uint32_t count = 0;
    if (p_ != end_ && *p_ == ']') {
        ++p_;
    } else {
        do {
            if (!value(depth + 1)) return false;
            ++count;
            skip_space();
        } while (p_ != end_ && *p_ == ',' && ++p_);
        if (!take(']')) return false;
    }
    close(at, count, irregular, false);
    return true;
}

// A string without escapes stays a slice of the source; raw control characters and
// ill-formed UTF-8 are refused, as the reference parser refuses them.
[[gnu::always_inline]] bool json_scanner::string(std::uint32_t at)
{
    const char* start = ++p_;
    for (;;) {
        if (end_ - p_ >= 8) {
            const std::uint64_t special = special_bytes(p_);
            if (special == 0) {
                p_ += 8;
                continue;
            }
            // On a little-endian machine the lowest flag is the first byte in memory.
            if constexpr (std::endian::native == std::endian::little) p_ += std::countr_zero(special) / 8;
        } else if (p_ == end_) {
            return false;
        }
        const auto c = static_cast<unsigned char>(*p_);
        if (c == '"') {
            nodes_[at].begin = static_cast<std::uint32_t>(start - source_.data());
            nodes_[at].length = static_cast<std::uint32_t>(p_ - start);
            ++p_;
            return true;
        }
        if (c == '\\') return escaped_string(at, start);
        if (c < 0x20) return false;
        if (c < 0x80) {
            ++p_;
        } else if (!utf8_sequence()) {
            return false;
        }
    }
}

// The rest of a string from its first escape, decoded into `decoded_`.
bool json_scanner::escaped_string(std::uint32_t at, const char* start)
{
    ++irregular_;  // its canonical text may escape other characters than the source did
    const auto begin = static_cast<std::uint32_t>(decoded_.size());
    decoded_.append(start, static_cast<std::size_t>(p_ - start));
    while (p_ != end_) {
        const char* run = p_;
        while (p_ != end_ && static_cast<unsigned char>(*p_) >= 0x20 && static_cast<unsigned char>(*p_) < 0x80 &&
               *p_ != '"' && *p_ != '\\') {
            ++p_;
        }
        decoded_.append(run, static_cast<std::size_t>(p_ - run));
        if (p_ == end_) return false;
        const auto c = static_cast<unsigned char>(*p_);
        if (c == '"') {
            ++p_;
            nodes_[at].decoded = true;
            nodes_[at].begin = begin;
            nodes_[at].length = static_cast<std::uint32_t>(decoded_.size() - begin);
            return true;
        }
        if (c < 0x20) return false;
        if (c == '\\') {
            if (!escape()) return false;
        } else {
            const char* sequence = p_;
            if (!utf8_sequence()) return false;
            decoded_.append(sequence, static_cast<std::size_t>(p_ - sequence));
        }
    }
    return false;
}

bool json_scanner::escape()
{
    if (end_ - p_ < 2) return false;
    const char c = p_[1];
    p_ += 2;
    switch (c) {
    case '"': decoded_ += '"'; return true;
    case '\\': decoded_ += '\\'; return true;
    case '/': decoded_ += '/'; return true;
    case 'b': decoded_ += '\b'; return true;
    case 'f': decoded_ += '\f'; return true;
    case 'n': decoded_ += '\n'; return true;
    case 'r': decoded_ += '\r'; return true;
    case 't': decoded_ += '\t'; return true;
    case 'u': return unicode_escape();
    default: return false;
    }
}

// After `\u`: four hex digits; a high surrogate must be followed by `\u` and a low one,
// and a low one may not stand alone.
bool json_scanner::unicode_escape()
{
    const auto four_hex = [this](std::uint32_t& cp) {
        if (end_ - p_ < 4) return false;
        cp = 0;
        for (int i = 0; i < 4; ++i) {
            const int d = hex_digit(p_[i]);
            if (d < 0) return false;
            cp = cp * 16 + static_cast<std::uint32_t>(d);
        }
        p_ += 4;
        return true;
    };
    std::uint32_t cp = 0;
    if (!four_hex(cp)) return false;
    if (cp >= 0xDC00 && cp <= 0xDFFF) return false;
    if (cp >= 0xD800 && cp <= 0xDBFF) {
        std::uint32_t low = 0;
        if (end_ - p_ < 2 || p_[0] != '\\' || p_[1] != 'u') return false;
        p_ += 2;
        if (!four_hex(low) || low < 0xDC00 || low > 0xDFFF) return false;
        cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
    }
    append_utf8(decoded_, cp);
    return true;
}

// One well-formed UTF-8 sequence of two to four bytes (RFC 3629: no overlong forms,
// no surrogates, nothing past U+10FFFF), as the reference parser checks.
bool json_scanner::utf8_sequence()
{
    const auto byte = [this](std::ptrdiff_t i) { return static_cast<unsigned char>(p_[i]); };
    const auto in = [](unsigned char c, unsigned lo, unsigned hi) { return c >= lo && c <= hi; };
    const unsigned char lead = byte(0);
    const std::ptrdiff_t left = end_ - p_;
    std::ptrdiff_t size = 0;
    unsigned lo = 0x80, hi = 0xBF;  // range of the second byte
    if (in(lead, 0xC2, 0xDF)) size = 2;
    else if (lead == 0xE0) size = 3, lo = 0xA0;
    else if (in(lead, 0xE1, 0xEC) || in(lead, 0xEE, 0xEF)) size = 3;
    else if (lead == 0xED) size = 3, hi = 0x9F;
    else if (lead == 0xF0) size = 4, lo = 0x90;
    else if (in(lead, 0xF1, 0xF3)) size = 4;
    else if (lead == 0xF4) size = 4, hi = 0x8F;
    if (size == 0 || left < size || !in(byte(1), lo, hi)) return false;
    for (std::ptrdiff_t i = 2; i < size; ++i) {
        if (!in(byte(i), 0x80, 0xBF)) return false;
    }
    p_ += size;
    return true;
}

// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`, kept as written, and noted as
// canonical when it is: no exponent, no trailing fractional zero, not `-0`, and within
// the limits of an exact decimal (canonical_number in json_canonical.cpp).
bool json_scanner::number(std::uint32_t at)
{
    const char* start = p_;
    const char* point = nullptr;
    const auto digit = [this] { return p_ != end_ && *p_ >= '0' && *p_ <= '9'; };
    const auto digits = [&] {
        if (!digit()) return false;
        while (digit()) ++p_;
        return true;
    };
    if (p_ != end_ && *p_ == '-') ++p_;
    if (p_ != end_ && *p_ == '0') {
        ++p_;
    } else if (!digits()) {
        return false;
    }
    if (p_ != end_ && *p_ == '.' && (point = p_++, !digits())) return false;
    bool canonical = true;
    if (p_ != end_ && (*p_ == 'e' || *p_ == 'E')) {
        ++p_;
        if (p_ != end_ && (*p_ == '+' || *p_ == '-')) ++p_;
        if (!digits()) return false;
        canonical = false;
    }
    scan_node& n = nodes_[at];
    n.begin = static_cast<std::uint32_t>(start - source_.data());
    n.length = static_cast<std::uint32_t>(p_ - start);
    const std::string_view text(start, n.length);
    const std::size_t fraction = point == nullptr ? 0 : static_cast<std::size_t>(p_ - point - 1);
    const std::size_t digits_in_all = text.size() - (*start == '-') - (point != nullptr);
    n.canonical = canonical && text != "-0" && (point == nullptr || p_[-1] != '0') &&
                  fraction <= static_cast<std::size_t>(decimal::max_scale) &&
                  digits_in_all <= static_cast<std::size_t>(decimal::max_digits);
    if (!n.canonical) ++irregular_;
    return true;
}

}  // namespace hallmark::detail
