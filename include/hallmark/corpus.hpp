#pragma once
// Many assessments in one file: JSON Lines (one document per line) or CSV (one row per
// assessment), read one at a time so memory stays flat however long the file.
#include <hallmark/assessment.hpp>
#include <hallmark/rule_set.hpp>

#include <cstddef>
#include <functional>
#include <iosfwd>
#include <string>
#include <variant>
#include <vector>

namespace hallmark {

/// One assessment of a corpus: the line it starts on, and what was read there.
struct corpus_item {
    std::size_t line = 0;
    std::variant<assessment, std::vector<diagnostic>> read;
};

/// How CSV cells become indicator values.
struct csv_typing {
    /// True for indicators that hold sets: their cell is `[]` (empty) or items separated by `;`.
    std::function<bool(const std::string& indicator)> is_set;
};

/// The assessment without the indicators `rules` does not declare: how a corpus written
/// for another version (or several) is evaluated under this one.
assessment declared_only(assessment a, const rule_set& rules);

/// Reads every assessment of `in` and calls `f` with each, in order.
///
/// JSON Lines: each non-blank line is an assessment document (docs/semantics.md).
///
/// CSV (RFC 4180): a header row, then one row per assessment. The columns `cluster_id`,
/// `name`, `country` and `portfolio` make the cluster object, `assessed_on` the date;
/// every other column is an indicator. An empty cell is *not reported*; `true` and
/// `false` are booleans; a cell spelt as a JSON number is a number; a set is `[]` or its
/// items separated by `;`; anything else is a string. Problems name the row's line and
/// the indicator.
void read_corpus(std::istream& in, const std::string& source, bool csv, const csv_typing& typing,
                 const std::function<void(corpus_item)>& f);

}  // namespace hallmark
