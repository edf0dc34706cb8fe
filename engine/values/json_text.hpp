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

/// Appends the SHA-256 of `bytes` as a JSON string of 64 lowercase hex digits: the
/// quoted `sha256_hex(bytes)` (hashes.cpp), without making a string first.
void append_sha256_hex(std::string& out, std::string_view bytes);

}  // namespace hallmark
