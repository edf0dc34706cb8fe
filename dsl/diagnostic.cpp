// The one renderer for diagnostics of every stage.
#include <hallmark/diagnostic.hpp>

#include <fmt/format.h>

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

}  // namespace

std::string render(const diagnostic& d, std::string_view source_text)
{
    std::string out;
    if (d.line == 0) return fmt::format("{}: {}: {}\n", d.source, to_string(d.level), d.message);
    out = fmt::format("{}:{}:{}: {}: {}\n", d.source, d.line, d.column, to_string(d.level), d.message);
    if (source_text.empty()) return out;
    const auto line = line_of(source_text, d.line);
    out += fmt::format("{}\n{}\n", line, caret_line(line, d.column));
    return out;
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
