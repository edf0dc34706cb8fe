// SPDX-License-Identifier: Apache-2.0
#pragma once
// SHA-256 on the processor's SHA extensions, where it has them (hashes.cpp falls back
// to libsodium). Hashing the canonical input of every decision was a tenth of `batch`
// with libsodium's portable code; the SHA instructions do it several times faster.
#include <string_view>

namespace hallmark::detail {

/// Writes SHA-256(`bytes`) into `digest` and returns true when this processor has the
/// SHA extensions; returns false, writing nothing, when it has not.
bool sha256_by_cpu(std::string_view bytes, unsigned char (&digest)[32]);

}  // namespace hallmark::detail
