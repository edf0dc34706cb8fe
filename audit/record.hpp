// SPDX-License-Identifier: Apache-2.0
#pragma once
// A record's canonical text and its way back: what the hash chain covers.
#include <hallmark/decision_log.hpp>

#include <string>
#include <string_view>

namespace hallmark::audit {

/// The hash that comes before the first record.
inline const std::string genesis_hash(64, '0');

/// Reads a record body; throws `std::runtime_error` saying what is wrong when the text
/// is not a body this format writes. `body()` of the result gives the same bytes for
/// every body `log_record::body()` wrote.
log_record parse_body(std::string_view body);

/// The methodology hash of a rule set made of these sources (as `rule_set::sha256`).
std::string chain_sha256(const std::vector<log_source>& sources);

/// Now, UTC, "YYYY-MM-DDTHH:MM:SSZ". Record metadata only: no decision reads it.
std::string utc_now();

}  // namespace hallmark::audit
