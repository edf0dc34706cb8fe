// SPDX-License-Identifier: Apache-2.0
// The one renderer for diagnostics of every stage.
#include <hallmark/diagnostic.hpp>
#include <hallmark/text.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace hallmark {
namespace {

const char* to_string(severity s)
{
    switch (s) {
    case severity::error: return "error";
    case severity::warning: return "warning";
    case severity::note: return "note";
    }
    return "error";
}

std::string_view line_of(std::string_view text, std::size_t line)
{
    // Columns count from after a byte-order mark (the parser skips it), and it is invisible.
    if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
    std::size_t start = 0;
    for (std::size_t i = 1; i < line; ++i) {
        start = text.find('\n', start);
        if (start == std::string_view::npos) return {};
        ++start;
    }
    auto end = text.find('\n', start);
    auto l = text.substr(start, end == std::string_view::npos ? text.size() - start : end - start);
    if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
    return l;
}

// The caret lines up with the column in characters, not bytes, and keeps tabs so
// that it sits under the right character in a terminal.
std::string caret_line(std::string_view line, std::size_t column)
{
    std::string out;
    for (std::size_t i = 0; i + 1 < column && i < line.size(); ++i) {
        const auto c = static_cast<unsigned char>(line[i]);
        if ((c & 0xC0) == 0x80) continue;
        out += c == '\t' ? '\t' : ' ';
    }
    return out + '^';
}

// At most this many characters of the source line are shown: a 5 MB line echoed in
// full (twice, with the caret line) buried the message.
constexpr std::size_t window_chars = 120;

bool continues(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// The byte offset `n` characters before / after offset `i` (a character boundary),
// stopping at the ends of `s`.
std::size_t chars_back(std::string_view s, std::size_t i, std::size_t n)
{
    for (; n > 0 && i > 0; --n) do
            --i;
        while (i > 0 && continues(s[i]));
    return i;
}

std::size_t chars_forward(std::string_view s, std::size_t i, std::size_t n)
{
    for (; n > 0 && i < s.size(); --n) do
            ++i;
        while (i < s.size() && continues(s[i]));
    return i;
}

// The source line, or a window of it around the column with "…" where it is cut, and
// the caret under the column's character.
std::string excerpt(std::string_view line, std::size_t column)
{
    const std::size_t at = std::min(column == 0 ? 0 : column - 1, line.size());
    std::size_t from = chars_back(line, at, window_chars / 2);
    const std::size_t to = chars_forward(line, from, window_chars);
    if (to == line.size()) from = chars_back(line, to, window_chars);  // fill the window from the end
    const bool cut_front = from > 0, cut_back = to < line.size();
    const auto shown = line.substr(from, to - from);
    return fmt::format("{}{}{}\n{}{}\n", cut_front ? "…" : "", shown, cut_back ? "…" : "", cut_front ? " " : "",
                       caret_line(shown, column - from));
}

}  // namespace

std::string render(const diagnostic& d, std::string_view source_text)
{
    // Names from input reach messages as they were typed: a stray CR from a CRLF edit
    // would be invisible ("unknown indicator 'smes' (did you mean 'smes'?)"), an ESC
    // would drive the terminal. Every control character is shown escaped.
    const auto message = escape_control(d.message, true);
    const auto source = escape_control(d.source);
    std::string out;
    const std::string code = d.code.empty() ? "" : " [" + d.code + "]";
    if (d.line == 0) return fmt::format("{}: {}: {}{}\n", source, to_string(d.level), message, code);
    out = fmt::format("{}:{}:{}: {}: {}{}\n", source, d.line, d.column, to_string(d.level), message, code);
    if (source_text.empty()) return out;
    return out + excerpt(line_of(source_text, d.line), d.column);
}

std::string render_all(const std::vector<diagnostic>& ds, std::string_view source_text)
{
    std::string out;
    for (const auto& d : ds) out += render(d, source_text);
    return out;
}

bool has_errors(const std::vector<diagnostic>& ds)
{
    for (const auto& d : ds)
        if (d.level == severity::error) return true;
    return false;
}

}  // namespace hallmark
