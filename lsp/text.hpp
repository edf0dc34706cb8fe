// SPDX-License-Identifier: Apache-2.0
#pragma once
// Rule text as an editor sees it: lines, UTF-16 positions, and the words of the text.
//
// The protocol counts columns in UTF-16 code units; hallmark's diagnostics and
// catalogue count 1-based lines and columns in bytes (from after a byte-order mark on
// the first line). Every conversion between the two goes through this header.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace hallmark::lsp {

/// A position as the protocol has it: 0-based line, 0-based UTF-16 column.
struct position {
    std::size_t line = 0, character = 0;
};

/// Byte offsets of the starts of lines of one text.
class line_index {
public:
    explicit line_index(std::string_view text);
    [[nodiscard]] std::size_t lines() const { return starts_.size(); }
    /// The line without its line end ("" past the last line).
    [[nodiscard]] std::string_view line(std::size_t n) const;
    /// The byte offset of a protocol position (clamped to the line's end).
    [[nodiscard]] std::size_t offset(position p) const;
    /// The protocol position of a byte offset.
    [[nodiscard]] position at(std::size_t offset) const;
    /// The protocol position of a hallmark location (1-based line, 1-based byte column;
    /// line 0, "the whole file", is the start).
    [[nodiscard]] position from_hallmark(std::size_t line, std::size_t column) const;
    /// The byte offset of a hallmark location.
    [[nodiscard]] std::size_t offset_of_hallmark(std::size_t line, std::size_t column) const;
    /// The protocol position just past the last character.
    [[nodiscard]] position end() const { return at(text_.size()); }

private:
    std::string_view text_;
    std::vector<std::size_t> starts_;
    bool bom_ = false;
};

enum class token_kind { word, string, number, punct };

/// A token of rule text. Comments and white space are not tokens; a string is one
/// token, so words inside strings and comments are never taken for names.
struct token {
    token_kind kind = token_kind::punct;
    std::size_t offset = 0, length = 0;
    std::string_view text;
};

/// The tokens of `text` in order. Never fails: an unclosed string ends at its line end
/// and any other byte is a one-byte punctuation token.
[[nodiscard]] std::vector<token> tokenize(std::string_view text);

/// The index of the word token that holds `offset` or ends at it, or -1.
[[nodiscard]] long word_at(const std::vector<token>& tokens, std::size_t offset);

/// The text of a string token without its quotes and escapes.
[[nodiscard]] std::string unquote(std::string_view s);

}  // namespace hallmark::lsp
