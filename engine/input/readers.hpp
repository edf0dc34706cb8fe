// SPDX-License-Identifier: Apache-2.0
#pragma once
// The two readers behind `read_assessment`.
//
// The fast path (fast_reader.cpp) reads a document in one pass over its bytes and
// gives the assessment only when there is nothing to report. Anything else — text that
// is not JSON, a wrong type, an unknown or duplicate key, an inexact number — goes to
// the reference reader (assessment_reader.cpp, nlohmann and an exact tree), which
// finds every problem and says where, as it always has. Tests compare the two.
#include <hallmark/assessment.hpp>

#include <cstdint>
#include <string_view>

namespace hallmark::detail {

/// Fills `out` (all but `source`) from `text` and returns true when the document reads
/// without a single problem, exactly as the reference reader would read it; false
/// otherwise, leaving `out` unspecified.
bool read_clean_assessment(std::string_view text, assessment& out);

class json_scanner;

/// As `read_clean_assessment`, but leaves the indicators to the caller: `out.indicators`
/// stays empty and `indicators` is the node of the "indicators" object in `scan.nodes()`,
/// each of whose values the caller must still check (an object, or an array holding
/// anything but strings, is for the reference reader to report). For a reader reused
/// from record to record: `out` and `scan` keep their memory.
bool read_clean_document(json_scanner& scan, std::string_view text, assessment& out, std::uint32_t& indicators);

/// The reference reader: every problem in document order, with line and column. Same
/// contract as `read_assessment`, which calls it when the fast path declines.
result<assessment> read_assessment_reference(std::string_view text, std::string_view source);

}  // namespace hallmark::detail
