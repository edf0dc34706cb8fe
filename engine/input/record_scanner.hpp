// SPDX-License-Identifier: Apache-2.0
#pragma once
// Splitting a stream into records, lines (JSON Lines) or CSV records (RFC 4180), in one
// pass and in bounded memory: a record longer than the limit is refused while it is
// read. After a bad record, reading starts again on the line after the one the record
// started on, so that one stray quote costs one row, never the rest of the file.
#include <cstddef>
#include <iosfwd>
#include <string>
#include <utility>
#include <vector>

namespace hallmark::engine {

/// Where and why a record could not be split.
struct record_problem {
    std::size_t line = 0, column = 0;  ///< line 0: no problem
    std::string message;
};

class record_scanner {
public:
    /// Records of `in` of at most `limit` bytes each (line ends not counted). A UTF-8
    /// byte-order mark at the start of the input is skipped.
    record_scanner(std::istream& in, std::size_t limit);

    /// The next line, without its line end (LF or CRLF); false at the end of the input.
    /// `line` is its number. A line over the limit is skipped and set in `problem`.
    bool next_line(std::size_t& line, std::string& text, record_problem& problem);

    /// The next CSV record split at `delimiter`; false at the end of the input. Fields may
    /// be quoted, and a quoted field may hold the delimiter, doubled quotes (one quote)
    /// and line ends. A quote that does not close, a quote inside an unquoted field, or a
    /// closing quote followed by anything but the delimiter or the line end is a problem
    /// naming its line and column.
    /// `starts` (when given) gets where each field starts, line and 1-based byte column,
    /// then where the record ends (its line end), so errors about a cell can name it.
    bool next_csv(char delimiter, std::size_t& line, std::vector<std::string>& cells, record_problem& problem,
                  std::vector<std::pair<std::size_t, std::size_t>>* starts = nullptr);

    /// The delimiter of the next line (a CSV header): whichever of `,`, `;` and tab it
    /// holds most often outside quotes; `,` when none is there or on a tie with `,`.
    char detect_delimiter();

private:
    static constexpr int end_of_input = -1, too_long = -2;

    bool begin();
    bool fill();
    int get();
    int peek();
    void skip_line();
    void finish_record();
    void fail(record_problem& problem, std::size_t at, const std::string& message);
    std::pair<std::size_t, std::size_t> position_of(std::size_t at) const;
    void positions_of(const std::vector<std::size_t>& offsets,
                      std::vector<std::pair<std::size_t, std::size_t>>& out) const;
    std::string too_long_message() const;
    std::string after_closing_quote(int c, std::size_t opened, char delimiter) const;
    bool csv_quoted(std::size_t opened, std::string& field, record_problem& problem);

    std::istream& in_;
    std::size_t limit_;
    std::string buf_;        // bytes read and not yet dropped
    std::size_t pos_ = 0;    // next byte to scan
    std::size_t start_ = 0;  // where the record being scanned starts
    std::size_t line_ = 0;   // lines wholly consumed
    bool eof_ = false, started_ = false;
};

}  // namespace hallmark::engine
