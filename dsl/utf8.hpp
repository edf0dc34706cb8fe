// SPDX-License-Identifier: Apache-2.0
#pragma once
// UTF-8 validation (RFC 3629): rule text reaches decisions, reports and JSON output,
// which must stay valid UTF-8, so a rule file is checked before it is parsed.
#include <hallmark/text.hpp>

namespace hallmark::dsl {

using hallmark::first_invalid_utf8;  // declared in the public text.hpp

}  // namespace hallmark::dsl
