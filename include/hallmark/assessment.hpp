// SPDX-License-Identifier: Apache-2.0
#pragma once
// An assessment as read from its JSON document, before it is typed against a rule set.
#include <hallmark/date.hpp>
#include <hallmark/diagnostic.hpp>
#include <hallmark/export.hpp>
#include <hallmark/hashes.hpp>
#include <hallmark/result.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hallmark {

/// An indicator value exactly as the document spelt it. Typing against the
/// indicator's declaration happens when the assessment is evaluated.
struct HALLMARK_API raw_value {
    enum class kind { null, boolean, number, string, array };
    kind type = kind::null;
    bool boolean = false;
    /// number: the exact decimal text as written (e.g. "1.50", "1e3");
    /// string: the string itself.
    std::string text;
    /// array: its elements, which must all be strings.
    std::vector<std::string> items;
    /// Where the value starts in the document (1-based; 0 when it was not read from text),
    /// so that an error found when typing it can point there.
    std::size_t line = 0, column = 0;
};

/// One earlier label of the cluster.
struct HALLMARK_API history_entry {
    std::string label;
    date assessed_on;
    std::optional<date> valid_until;
    std::size_t line = 0, column = 0;  ///< where the entry starts in the document
};

/// A parsed assessment document. Its JSON format (the input contract of the project
/// brief) is documented in docs/semantics.md, section 9 "Input JSON".
struct HALLMARK_API assessment {
    std::string source;        ///< file name, for messages
    std::string cluster_json;  ///< the "cluster" object, canonical JSON ("{}" if absent)
    std::string cluster_id;    ///< cluster.id, or empty
    date assessed_on;
    std::vector<history_entry> history;
    /// Indicators sorted by name; absent or null values are `kind::null`.
    std::vector<std::pair<std::string, raw_value>> indicators;
    /// The canonical JSON of the whole document: object keys sorted, no insignificant
    /// whitespace, numbers in canonical decimal form. Hashing it identifies the input.
    std::string canonical;
};

/// Reads an assessment document. Every problem becomes a diagnostic that names the
/// source and the JSON path (`indicators.staff`, `history[0].assessed_on`); malformed
/// JSON gives the line and column.
///
/// All problems are reported in one pass, in document order, each with the line and
/// (byte) column where the offending value or key starts: wrong types, impossible
/// dates, unknown or duplicate keys (typos are not ignored), numbers that are not exact
/// decimals within `decimal`'s limits. Malformed JSON, nesting deeper than
/// `limits::max_json_depth` and documents over `limits::max_file_bytes` stop reading
/// with a single diagnostic.
[[nodiscard]] HALLMARK_API result<assessment> read_assessment(std::string_view json_text, std::string_view source);

/// Reads the file at `path`; a missing or unreadable file is a diagnostic.
[[nodiscard]] HALLMARK_API result<assessment> read_assessment_file(const std::string& path);

}  // namespace hallmark
