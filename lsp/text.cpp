// SPDX-License-Identifier: Apache-2.0
#include "lsp/text.hpp"

#include <algorithm>
#include <cctype>

namespace hallmark::lsp {
namespace {

constexpr std::string_view bom = "\xEF\xBB\xBF";

// UTF-16 code units of the UTF-8 sequence whose lead byte is `b`: two for the four-byte
// sequences (outside the Basic Multilingual Plane, e.g. an emoji), else one.
// Continuation bytes count nothing.
std::size_t utf16_units(unsigned char b)
{
    if ((b & 0xC0) == 0x80) return 0;
    return b >= 0xF0 ? 2 : 1;
}

bool word_first(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool word_other(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

}  // namespace

line_index::line_index(std::string_view text) : text_(text), bom_(text.starts_with(bom))
{
    starts_.push_back(0);
    for (std::size_t i = 0; i < text.size(); ++i)
        if (text[i] == '\n') starts_.push_back(i + 1);
}

std::string_view line_index::line(std::size_t n) const
{
    if (n >= starts_.size()) return {};
    const std::size_t from = starts_[n];
    std::size_t to = n + 1 < starts_.size() ? starts_[n + 1] - 1 : text_.size();
    if (to > from && text_[to - 1] == '\r') --to;
    return text_.substr(from, to - from);
}

std::size_t line_index::offset(position p) const
{
    if (p.line >= starts_.size()) return text_.size();
    const auto l = line(p.line);
    std::size_t units = 0, i = 0;
    for (; i < l.size() && units < p.character; ++i) units += utf16_units(static_cast<unsigned char>(l[i]));
    while (i < l.size() && (static_cast<unsigned char>(l[i]) & 0xC0) == 0x80) ++i;  // never split a character
    return starts_[p.line] + i;
}

position line_index::at(std::size_t offset) const
{
    offset = std::min(offset, text_.size());
    const auto it = std::upper_bound(starts_.begin(), starts_.end(), offset);
    const std::size_t n = static_cast<std::size_t>(it - starts_.begin()) - 1;
    std::size_t units = 0;
    for (std::size_t i = starts_[n]; i < offset; ++i) units += utf16_units(static_cast<unsigned char>(text_[i]));
    return {n, units};
}

std::size_t line_index::offset_of_hallmark(std::size_t line, std::size_t column) const
{
    if (line == 0 || line > starts_.size()) return line == 0 ? 0 : text_.size();
    const std::size_t skip = line == 1 && bom_ ? bom.size() : 0;
    const std::size_t start = starts_[line - 1];
    return std::min(start + skip + (column == 0 ? 0 : column - 1), start + this->line(line - 1).size());
}

position line_index::from_hallmark(std::size_t line, std::size_t column) const
{
    return at(offset_of_hallmark(line, column));
}

std::vector<token> tokenize(std::string_view text)
{
    std::vector<token> out;
    std::size_t i = text.starts_with(bom) ? bom.size() : 0;
    auto add = [&](token_kind k, std::size_t from) { out.push_back({k, from, i - from, text.substr(from, i - from)}); };
    while (i < text.size()) {
        const char c = text[i];
        const std::size_t from = i;
        if (std::isspace(static_cast<unsigned char>(c))) {
            ++i;
        } else if (c == '#') {
            while (i < text.size() && text[i] != '\n') ++i;
        } else if (c == '"') {
            for (++i; i < text.size() && text[i] != '"' && text[i] != '\n'; ++i)
                if (text[i] == '\\' && i + 1 < text.size() && text[i + 1] != '\n') ++i;
            if (i < text.size() && text[i] == '"') ++i;
            add(token_kind::string, from);
        } else if (word_first(c)) {
            while (i < text.size() && word_other(text[i])) ++i;
            add(token_kind::word, from);
        } else if (std::isdigit(static_cast<unsigned char>(c))) {
            // Numbers and dates (`2020-07-01`); `1..5` stays three tokens.
            while (i < text.size() && (std::isdigit(static_cast<unsigned char>(text[i])) ||
                                       ((text[i] == '.' || text[i] == '-') && i + 1 < text.size() &&
                                        std::isdigit(static_cast<unsigned char>(text[i + 1])))))
                ++i;
            add(token_kind::number, from);
        } else {
            ++i;
            add(token_kind::punct, from);
        }
    }
    return out;
}

long word_at(const std::vector<token>& tokens, std::size_t offset)
{
    for (std::size_t k = 0; k < tokens.size(); ++k) {
        const auto& t = tokens[k];
        if (t.offset > offset) break;
        if (t.kind == token_kind::word && offset <= t.offset + t.length) {
            // A word that starts at `offset` beats one that ends there.
            if (k + 1 < tokens.size() && tokens[k + 1].offset == offset && tokens[k + 1].kind == token_kind::word)
                return static_cast<long>(k + 1);
            return static_cast<long>(k);
        }
    }
    return -1;
}

std::string unquote(std::string_view s)
{
    if (s.starts_with('"')) s.remove_prefix(1);
    if (s.ends_with('"')) s.remove_suffix(1);
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '\\' || i + 1 == s.size()) {
            out += s[i];
            continue;
        }
        const char e = s[++i];
        out += e == 'n' ? '\n' : e == 't' ? '\t' : e;
    }
    return out;
}

}  // namespace hallmark::lsp
