// SPDX-License-Identifier: Apache-2.0
// One pass over the input, holding at most one record (plus one read-ahead chunk): each
// byte is looked at a bounded number of times, whatever quotes the input holds.
#include "engine/input/record_scanner.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <istream>

namespace hallmark::engine {
namespace {

constexpr std::size_t chunk_bytes = 64 * 1024;

std::string shown(int c)
{
    if (c == '\r') return "a carriage return";
    if (c == '\t') return "a tab";
    if (c >= 0x20 && c < 0x7f) return fmt::format("'{}'", static_cast<char>(c));
    return fmt::format("the byte 0x{:02X}", c);
}

std::string delimiter_name(char d) { return d == '\t' ? "tab" : fmt::format("'{}'", d); }

}  // namespace

record_scanner::record_scanner(std::istream& in, std::size_t limit) : in_(in), limit_(limit) {}

bool record_scanner::fill()
{
    if (eof_) return false;
    const auto old = buf_.size();
    buf_.resize(old + chunk_bytes);
    in_.read(buf_.data() + old, static_cast<std::streamsize>(chunk_bytes));
    buf_.resize(old + static_cast<std::size_t>(in_.gcount()));
    eof_ = buf_.size() == old;
    return !eof_;
}

// Starts a record; false at the end of the input. Bytes before it are dropped here, and
// only here, so offsets within a record stay valid while it is scanned.
bool record_scanner::begin()
{
    if (pos_ >= chunk_bytes) {
        buf_.erase(0, pos_);
        pos_ = 0;
    }
    if (!started_) {
        started_ = true;
        while (buf_.size() < 3 && fill()) {}
        if (buf_.compare(0, 3, "\xEF\xBB\xBF") == 0) pos_ = 3;  // what spreadsheets write first
    }
    start_ = pos_;
    return pos_ < buf_.size() || fill();
}

int record_scanner::peek()
{
    if (pos_ == buf_.size() && !fill()) return end_of_input;
    return static_cast<unsigned char>(buf_[pos_]);
}

// The next byte of the record. Past the limit only a line end may still come.
int record_scanner::get()
{
    const int c = peek();
    if (c == end_of_input) return c;
    if (pos_ - start_ >= limit_ && c != '\n' && c != '\r') return too_long;
    ++pos_;
    return c;
}

void record_scanner::skip_line()
{
    for (;;) {
        if (pos_ == buf_.size()) {
            buf_.clear();
            pos_ = start_ = 0;
            if (!fill()) return;
        }
        const auto* nl = static_cast<const char*>(std::memchr(buf_.data() + pos_, '\n', buf_.size() - pos_));
        if (nl) {
            pos_ = static_cast<std::size_t>(nl - buf_.data()) + 1;
            return;
        }
        pos_ = buf_.size();
    }
}

void record_scanner::finish_record()
{
    line_ += static_cast<std::size_t>(std::count(buf_.begin() + static_cast<std::ptrdiff_t>(start_),
                                                 buf_.begin() + static_cast<std::ptrdiff_t>(pos_), '\n'));
}

// The line and column of offset `at` of the record being scanned.
std::pair<std::size_t, std::size_t> record_scanner::position_of(std::size_t at) const
{
    const auto first = buf_.begin() + static_cast<std::ptrdiff_t>(start_);
    const auto lines =
        static_cast<std::size_t>(std::count(first, buf_.begin() + static_cast<std::ptrdiff_t>(at), '\n'));
    const auto line_start = lines == 0 ? start_ : buf_.rfind('\n', at - 1) + 1;
    return {line_ + 1 + lines, at - line_start + 1};
}

// Names the problem at offset `at`, then goes on after the record's first line: the
// record is that line alone, so the rows after it are each read (and counted) again.
void record_scanner::fail(record_problem& problem, std::size_t at, const std::string& message)
{
    const auto [line, column] = position_of(at);
    problem = {line, column, fmt::format("line {}, column {}: {}", line, column, message)};
    const auto nl = buf_.find('\n', start_);
    if (nl != std::string::npos) pos_ = nl + 1;
    else {
        pos_ = buf_.size();
        skip_line();
    }
    ++line_;
}

bool record_scanner::next_line(std::size_t& line, std::string& text, record_problem& problem)
{
    if (!begin()) return false;
    line = ++line_;
    problem = {};
    std::size_t end = std::string::npos;
    for (std::size_t from = pos_; end == std::string::npos;) {
        const auto* nl = static_cast<const char*>(std::memchr(buf_.data() + from, '\n', buf_.size() - from));
        if (nl) end = static_cast<std::size_t>(nl - buf_.data());
        else if ((from = buf_.size()) - start_ > limit_ + 1 || !fill()) end = buf_.size();
    }
    pos_ = std::min(end + 1, buf_.size());
    if (end > start_ && buf_[end - 1] == '\r') --end;
    if (end - start_ > limit_) {
        problem = {line, 0, fmt::format("the line is longer than the limit of {} bytes", limit_)};
        if (buf_[pos_ - 1] != '\n') skip_line();
        text.clear();
        return true;
    }
    text.assign(buf_, start_, end - start_);
    return true;
}

// The rest of a quoted field, after its opening quote at `opened`; false (with the
// problem set) when it does not close.
bool record_scanner::csv_quoted(std::size_t opened, std::string& field, record_problem& problem)
{
    for (;;) {
        const std::size_t at = pos_;
        const int c = get();
        if (c == too_long) {
            fail(problem, at, too_long_message());
            return false;
        }
        if (c == end_of_input) {
            fail(problem, opened,
                 "this quote opens a field that is never closed (a quoted field ends with a quote; "
                 "a quote inside it is written twice)");
            return false;
        }
        if (c != '"') field += static_cast<char>(c);
        else if (peek() != '"') return true;
        else field += static_cast<char>(get());  // a doubled quote is one quote
    }
}

std::string record_scanner::too_long_message() const
{
    return fmt::format("the record is longer than the limit of {} bytes", limit_);
}

std::string record_scanner::after_closing_quote(int c, std::size_t opened, char delimiter) const
{
    const auto [line, column] = position_of(opened);
    return fmt::format("{} follows the closing quote of the field opened at line {}, column {}; a closing quote must "
                       "be followed by the delimiter {} or the end of the line (a quote inside a quoted field is "
                       "written twice)",
                       shown(c), line, column, delimiter_name(delimiter));
}

// Line and column of each offset of the record being scanned (ascending), in one pass.
void record_scanner::positions_of(const std::vector<std::size_t>& offsets,
                                  std::vector<std::pair<std::size_t, std::size_t>>& out) const
{
    out.clear();
    std::size_t line = line_ + 1, line_start = start_, i = start_;
    for (const auto at : offsets) {
        for (; i < at; ++i)
            if (buf_[i] == '\n') ++line, line_start = i + 1;
        out.emplace_back(line, at - line_start + 1);
    }
}

bool record_scanner::next_csv(char delimiter, std::size_t& line, std::vector<std::string>& cells,
                              record_problem& problem, std::vector<std::pair<std::size_t, std::size_t>>* starts)
{
    if (!begin()) return false;
    line = line_ + 1;
    cells.clear();
    problem = {};
    std::string field;
    std::vector<std::size_t> offsets{pos_};  // where each field starts, then the line end
    enum { fresh, unquoted, closed } state = fresh;
    for (std::size_t opened = 0;;) {
        const std::size_t at = pos_;
        const int c = get();
        if (c == too_long) return fail(problem, at, too_long_message()), true;
        if (c == end_of_input || c == '\n' || (c == '\r' && peek() == '\n')) {
            if (c == '\r') get();
            cells.push_back(std::move(field));
            offsets.push_back(at);
            if (starts) positions_of(offsets, *starts);
            finish_record();
            return true;
        }
        if (c == delimiter) {
            cells.push_back(std::move(field));
            field.clear();
            state = fresh;
            offsets.push_back(pos_);
        } else if (state == closed) {
            return fail(problem, at, after_closing_quote(c, opened, delimiter)), true;
        } else if (c == '"' && state == unquoted) {
            return fail(problem, at,
                        "a quote inside an unquoted field: quote the whole field and write the quote twice"),
                   true;
        } else if (c == '"') {
            opened = at;
            if (!csv_quoted(at, field, problem)) return true;
            state = closed;
        } else {
            field += static_cast<char>(c);
            state = unquoted;
        }
    }
}

char record_scanner::detect_delimiter()
{
    if (!begin()) return ',';
    while (buf_.find('\n', start_) == std::string::npos && buf_.size() - start_ <= limit_ && fill()) {}
    std::size_t comma = 0, semicolon = 0, tab = 0;
    bool quoted = false;
    for (std::size_t i = start_; i < buf_.size() && buf_[i] != '\n'; ++i) {
        const char c = buf_[i];
        if (c == '"') quoted = !quoted;
        else if (!quoted) comma += c == ',', semicolon += c == ';', tab += c == '\t';
    }
    if (semicolon > comma && semicolon >= tab) return ';';
    if (tab > comma && tab > semicolon) return '\t';
    return ',';
}

}  // namespace hallmark::engine
