// SPDX-License-Identifier: Apache-2.0
#pragma once
// Many assessments in one file: JSON Lines (one document per line) or CSV (one row per
// assessment), read one at a time so memory stays flat however long the file.
#include <hallmark/assessment.hpp>
#include <hallmark/export.hpp>
#include <hallmark/rule_set.hpp>

#include <cstddef>
#include <functional>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hallmark {

/// One assessment of a corpus: the line it starts on, and what was read there.
struct HALLMARK_API corpus_item {
    std::size_t line = 0;
    result<assessment> read;
    /// The cluster's id when the record gives one, also when it could not be read
    /// (the CSV column `cluster_id`, or `cluster.id` of a JSON document that parses).
    std::string cluster_id;
};

/// How CSV is split and how its cells become indicator values.
struct HALLMARK_API csv_typing {
    /// True for indicators that hold sets: their cell is `[]` (empty) or items separated by `;`.
    std::function<bool(const std::string& indicator)> is_set;
    /// The field delimiter; 0: detected from the header line (see corpus_reader).
    char delimiter = 0;
    /// When given, the indicators a CSV header may name (besides the cluster columns and
    /// `assessed_on`): a header naming another, or a column twice, is a problem of the
    /// header, reported once with its column and the closest name, and nothing after it
    /// is read. When not given, every other column is an indicator.
    std::optional<std::vector<std::string>> indicators;
};

/// The assessment without the indicators `rules` does not declare: how a corpus written
/// for another version (or several) is evaluated under this one.
[[nodiscard]] HALLMARK_API assessment declared_only(assessment a, const rule_set& rules);

/// Reads a corpus in two steps, so that the costly one can run on many threads:
/// `next` splits the input into records in order (cheap: lines, CSV fields), and `read`
/// turns one record into an assessment. `read` may run on any number of threads at once.
///
/// JSON Lines: each non-blank line is an assessment document (docs/semantics.md).
///
/// CSV (RFC 4180): a header row, then one row per assessment. The delimiter is given, or
/// detected from the header line (`;` or tab when it holds more of them than of `,`).
/// Quoted fields may hold the delimiter, doubled quotes and line ends; a quote that does
/// not close, or one inside an unquoted field, is a problem naming its line and column,
/// and reading goes on with the next line. A UTF-8 byte-order mark and CRLF line ends
/// are accepted. Every record is at most limits::max_record_bytes long. The columns `cluster_id`,
/// `name`, `country` and `portfolio` make the cluster object, `assessed_on` the date;
/// every other column is an indicator. An empty cell is *not reported*; `true` and
/// `false` are booleans; a cell spelt as a JSON number is a number; a set is `[]` or its
/// items separated by `;`; anything else is a string. Problems name the row's line, the
/// column where the field starts, and the indicator.
class HALLMARK_API corpus_reader {
public:
    /// One record as split from the input, not yet read.
    struct HALLMARK_API record {
        std::size_t line = 0;            ///< where it starts
        std::string text;                ///< JSON Lines: the document
        std::vector<std::string> cells;  ///< CSV: the row's fields
        /// CSV: where each field starts (line, 1-based byte column), then where the row ends.
        std::vector<std::pair<std::size_t, std::size_t>> starts;
        std::string problem;                               ///< a problem found while splitting (e.g. a bad header)
        std::size_t problem_line = 0, problem_column = 0;  ///< where (line 0: the record's line)
    };

    corpus_reader(std::istream& in, std::string source, bool csv, csv_typing typing);
    ~corpus_reader();

    /// The next record; false at the end of the input.
    [[nodiscard]] bool next(record& r);

    /// The record as an assessment, or its problems, each naming the record's line.
    [[nodiscard]] corpus_item read(const record& r) const;

private:
    bool start_csv(record& r);
    bool next_csv(record& r);
    std::string cluster_id(const record& r, const result<assessment>& read) const;

    struct scanner;
    std::unique_ptr<scanner> scanner_;
    std::string source_;
    bool csv_;
    csv_typing typing_;
    std::vector<std::string> header_;
    std::vector<std::pair<std::size_t, std::size_t>> header_starts_;
    bool started_ = false, stopped_ = false;
};

/// Decides JSON Lines documents one after another on one thread, keeping its memory from
/// one to the next (`hallmark batch`): for a document with nothing to report, what
/// `corpus_reader::read` and `append_json_line` do, to the byte, without building its
/// `assessment`. Use one per thread.
class HALLMARK_API line_decider {
public:
    /// The rules for a document, given what was read of it (all but its indicators and
    /// `source`); nullptr when none applies.
    using chooser = std::function<const rule_set*(const assessment&)>;

    line_decider();
    ~line_decider();
    line_decider(line_decider&&) noexcept;
    line_decider& operator=(line_decider&&) noexcept;

    /// Appends the decision line of JSON document `text` to `out`, the label awarded to
    /// `label` (empty: none), and returns true; or returns false, `out` as it was, when
    /// the document has anything to report, reading it or typing its values, `choose`
    /// gives no rules, or its decision cannot be computed. Then `corpus_reader::read` and
    /// `append_json_line` find the problems and say where, as they would have anyway.
    [[nodiscard]] bool decide(std::string_view text, const chooser& choose, std::string& out,
                              std::optional<std::string>& label);

private:
    struct state;
    std::unique_ptr<state> state_;
};

/// Reads every assessment of `in` and calls `f` with each, in order.
HALLMARK_API void read_corpus(std::istream& in, const std::string& source, bool csv, const csv_typing& typing,
                              const std::function<void(corpus_item)>& f);

}  // namespace hallmark
