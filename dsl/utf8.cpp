// SPDX-License-Identifier: Apache-2.0
#include <hallmark/text.hpp>

#include <cstdint>
#include <cstring>

namespace hallmark::dsl {
namespace {

// Length of the well-formed sequence starting at `i`, or 0. The ranges of the second
// byte are those of RFC 3629's table; they exclude overlongs and surrogates.
std::size_t sequence_length(std::string_view s, std::size_t i)
{
    const auto byte = [&](std::size_t k) { return i + k < s.size() ? static_cast<unsigned char>(s[i + k]) : 0u; };
    const unsigned b0 = byte(0);
    const auto tail = [&](std::size_t k) { return (byte(k) & 0xC0u) == 0x80u; };
    if (b0 < 0x80) return 1;
    if (b0 >= 0xC2 && b0 <= 0xDF) return tail(1) ? 2 : 0;
    if (b0 >= 0xE0 && b0 <= 0xEF) {
        const unsigned lo = b0 == 0xE0 ? 0xA0 : 0x80, hi = b0 == 0xED ? 0x9F : 0xBF;
        return byte(1) >= lo && byte(1) <= hi && tail(2) ? 3 : 0;
    }
    if (b0 >= 0xF0 && b0 <= 0xF4) {
        const unsigned lo = b0 == 0xF0 ? 0x90 : 0x80, hi = b0 == 0xF4 ? 0x8F : 0xBF;
        return byte(1) >= lo && byte(1) <= hi && tail(2) && tail(3) ? 4 : 0;
    }
    return 0;
}

}  // namespace
}  // namespace hallmark::dsl

namespace hallmark {

std::size_t first_invalid_utf8(std::string_view text)
{
    for (std::size_t i = 0; i < text.size();) {
        // Rule files are mostly ASCII: eight bytes without a high bit are skipped at once
        // (checking byte by byte was a thirtieth of compiling ECEI 2020).
        std::uint64_t eight = 0;
        if (i + 8 <= text.size() && (std::memcpy(&eight, text.data() + i, 8), (eight & 0x8080808080808080ULL) == 0)) {
            i += 8;
            continue;
        }
        const std::size_t n = dsl::sequence_length(text, i);
        if (n == 0) return i;
        i += n;
    }
    return std::string_view::npos;
}

}  // namespace hallmark
