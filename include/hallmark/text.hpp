// SPDX-License-Identifier: Apache-2.0
#pragma once
// Text from rules and input shown to a person or put in a message: the helpers every
// command, report and host uses, so that all of them say things the same way.
#include <cstddef>
#include <hallmark/export.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace hallmark {

// Control characters must not reach a terminal raw, where ESC starts escape sequences,
// CR overwrites a line and BEL rings.
/// `text` with every C0 control character (except tab, and newline when
/// `keep_newlines`), DEL, and the C1 controls U+0080..U+009F written visibly as
/// `\xHH` (`\r`, `\n` for those two, `\u0085` for C1). Everything else is kept.
inline std::string escape_control(std::string_view text, bool keep_newlines = false)
{
    static constexpr char hex[] = "0123456789abcdef";
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        const bool c1 = c == 0xc2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
                        static_cast<unsigned char>(text[i + 1]) <= 0x9f;
        if (c1) {
            const auto n = static_cast<unsigned char>(text[++i]);
            out += "\\u00";
            out += hex[n >> 4];
            out += hex[n & 15];
        } else if ((c >= 0x20 && c != 0x7f) || c == '\t' || (c == '\n' && keep_newlines)) {
            out += static_cast<char>(c);
        } else if (c == '\r' || c == '\n') {
            out += c == '\r' ? "\\r" : "\\n";
        } else {
            out += "\\x";
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

/// Offset of the first byte that does not belong to a well-formed UTF-8 sequence
/// (RFC 3629: overlong forms, surrogates and code points past U+10FFFF included), or npos.
HALLMARK_API std::size_t first_invalid_utf8(std::string_view text);

/// Input text quoted in a message: whole when short, else its start and its length, so
/// that a 10 MB value gives a one-line message.
HALLMARK_API std::string excerpt(std::string_view text);

/// " (did you mean 'x'?)" when one of `candidates` is close enough to `name` to be a
/// likely typo, else empty.
HALLMARK_API std::string did_you_mean(std::string_view name, const std::vector<std::string>& candidates);

}  // namespace hallmark
