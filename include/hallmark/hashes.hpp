// SPDX-License-Identifier: Apache-2.0
#pragma once
// The hashes that identify inputs and rule sets in decisions and in the decision log.
// An auditor can recompute both from the bytes alone.
#include <hallmark/export.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace hallmark {

/// Lowercase hex SHA-256 of the bytes.
[[nodiscard]] HALLMARK_API std::string sha256_hex(std::string_view bytes);

/// The SHA-256 of a rule set made of files with these SHA-256s, top file first: the
/// file's own hash for one file, else the hash of each hash followed by a newline.
/// Decision logs check recorded rule sets against it, so it must never change.
[[nodiscard]] HALLMARK_API std::string rules_sha256(const std::vector<std::string>& file_hashes);

}  // namespace hallmark
