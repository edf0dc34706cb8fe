// SPDX-License-Identifier: Apache-2.0
#pragma once
// JSON text inside the engine: the public writer, and how numbers are recognised.
#include <hallmark/json_writer.hpp>

#include <hallmark/decimal.hpp>

#include <string>
#include <string_view>

namespace hallmark {

/// True when `text` is spelt as a number, `-?digits(.digits)?([eE][+-]?digits)?`,
/// whatever its size. With `json`, only as JSON spells one: no leading zeros ("007").
bool number_shaped(std::string_view text, bool json = false);

/// Appends `d.to_string()` to `out` without making a string first.
void append_decimal(std::string& out, const decimal& d);

/// Room enough for decimal_chars.
inline constexpr std::size_t decimal_chars_max = 24;

/// Writes `d.to_string()` at `out` and returns its length, when its coefficient fits
/// 60 bits (nearly always); returns 0, writing nothing, when it does not.
std::size_t decimal_chars(const decimal& d, char* out);

/// Writes `coefficient * 10^-places` as decimal::to_string spells it, for a coefficient
/// with no trailing zero when `places` > 0 (as decimals keep theirs); returns its length.
std::size_t scaled_chars(std::int64_t coefficient, int places, char* out);

/// Bytes a JSON string needs to escape: control characters, `"` and `\`.
inline constexpr bool json_escape_free(unsigned char c) { return c >= 0x20 && c != '"' && c != '\\'; }

/// Writes the escape of `c` (one that needs one) at `out`, at most six bytes, as
/// append_json_string writes it; returns its length.
std::size_t json_escape(unsigned char c, char* out);

/// Writes the SHA-256 of `bytes` as 64 lowercase hex digits at `out`: the text of
/// `sha256_hex(bytes)` (hashes.cpp), without making a string.
void write_sha256_hex(std::string_view bytes, char* out);

}  // namespace hallmark
