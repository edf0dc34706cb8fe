// SPDX-License-Identifier: Apache-2.0
#pragma once
// UTF-8 validation (RFC 3629): rule text reaches decisions, reports and JSON output,
// which must stay valid UTF-8, so a rule file is checked before it is parsed.
#include <cstddef>
#include <string_view>

namespace hallmark::dsl {

/// Offset of the first byte that does not belong to a well-formed UTF-8 sequence
/// (overlong forms, surrogates and code points past U+10FFFF included), or npos.
std::size_t first_invalid_utf8(std::string_view text);

}  // namespace hallmark::dsl
