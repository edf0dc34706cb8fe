// SPDX-License-Identifier: Apache-2.0
#pragma once
// PEGTL control: turns a failed `must<>` into an "expected ..." message, remembers
// where brackets were opened so a missing closer can name its opener, and bounds
// nesting so deep input is an error rather than a stack overflow.
#include "dsl/messages.hpp"

#include <hallmark/limits.hpp>
#include <hallmark/text.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hallmark::dsl {

struct opener {
    char symbol;
    std::size_t line, column;
};

/// State carried through a parse besides the tree itself.
struct parse_state {
    std::vector<opener> openers;  // innermost last
    std::size_t depth = 0;
    /// Byte offset where the last declaration was tried: after a syntax error, the parser
    /// skips from there to the next declaration and reads on (see parser.cpp).
    std::optional<std::size_t> declaration_start;
    std::size_t declaration_depth = 0;
};

/// The word at the input (letters, digits, `_`), or empty when a word does not start there.
template <typename ParseInput>
std::string_view found_word(const ParseInput& in)
{
    const char* p = in.current();
    const char* q = p;
    while (q != in.end() && (std::isalnum(static_cast<unsigned char>(*q)) || *q == '_')) ++q;
    if (q == p || std::isdigit(static_cast<unsigned char>(*p))) return {};
    return {p, static_cast<std::size_t>(q - p)};
}

/// " (did you mean 'X'?)" for the closest of the space-separated `all`, if close.
inline std::string did_you_mean_keyword(std::string_view word, std::string_view all);

/// " (did you mean 'requires'?)" when the word found is close to a keyword that fits here.
template <typename Rule>
std::string keyword_hint(std::string_view word)
{
    if constexpr (keywords_meant<Rule> == nullptr) {
        return {};
    } else {
        return did_you_mean_keyword(word, keywords_meant<Rule>);
    }
}

inline std::string did_you_mean_keyword(std::string_view word, std::string_view all)
{
    if (word.empty()) return {};
    std::vector<std::string> words;
    for (std::size_t from = 0; from < all.size();) {
        const auto space = std::min(all.find(' ', from), all.size());
        words.emplace_back(all.substr(from, space - from));
        from = space + 1;
    }
    // The keyword itself, found where it cannot stand, is not a typo of itself.
    if (std::find(words.begin(), words.end(), word) != words.end()) return {};
    return did_you_mean(word, words);
}

/// Why a word that cannot be a unit was refused, when the reason is not obvious.
inline std::string unit_refusal(std::string_view word)
{
    static constexpr std::string_view durations[] = {"year", "years", "month", "months", "day", "days"};
    if (std::find(std::begin(durations), std::end(durations), word) == std::end(durations)) return {};
    return fmt::format("'{}' cannot be a unit: the duration words (year, month, day and their plurals) are reserved, "
                       "because a number followed by one is always read as a duration ('30 days'), which counts "
                       "calendar days and months rather than a quantity; give a number of days as a plain 'decimal' "
                       "or a 'count'",
                       word);
}

/// What the input holds at the error, in words: "end of file" or the next token.
template <typename ParseInput>
std::string found_text(const ParseInput& in)
{
    if (in.empty()) return "the end of the file";
    const char* p = in.current();
    const char* end = in.end();
    // A number runs on through its point and any letters stuck to it (`0.5FTE`, `1e3`).
    const bool numeric = std::isdigit(static_cast<unsigned char>(*p));
    auto is_word = [numeric](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || (numeric && c == '.');
    };
    const char* q = p;
    if (is_word(*q)) {
        while (q != end && is_word(*q) && q - p < 32) ++q;
    } else {
        ++q;
    }
    if (*p == '\n' || *p == '\r') return "the end of the line";
    const auto byte = static_cast<unsigned char>(*p);
    if (byte < 0x20 || byte == 0x7F) return fmt::format("the byte 0x{:02X}", byte);
    if (byte >= 0x80) {  // a whole UTF-8 character, never half of one
        q = p + 1;
        while (q != end && (static_cast<unsigned char>(*q) & 0xC0) == 0x80 && q - p < 4) ++q;
    }
    return fmt::format("'{}'", std::string(p, q));
}

/// The closer rules name the bracket they close; every other rule uses its table text.
template <typename Rule>
std::string expected_message(const parse_state& st)
{
    static_assert(expected<Rule> != nullptr, "every must<> target needs an entry in messages.hpp");
    std::string text = expected<Rule>;
    if constexpr (std::is_same_v<Rule, grammar::close_paren> || std::is_same_v<Rule, grammar::close_brace>) {
        if (!st.openers.empty()) {
            const auto& o = st.openers.back();
            text += fmt::format(" to close '{}' at {}:{}", o.symbol, o.line, o.column);
        }
    }
    return text;
}

template <typename Rule>
inline constexpr char opener_symbol = 0;
template <>
inline constexpr char opener_symbol<grammar::paren_expr> = '(';
template <>
inline constexpr char opener_symbol<grammar::call_body> = '(';
template <>
inline constexpr char opener_symbol<grammar::choice_list> = '(';
template <>
inline constexpr char opener_symbol<grammar::set_lit> = '{';
template <>
inline constexpr char opener_symbol<grammar::test_body> = '{';

template <typename Rule>
inline constexpr bool nests = opener_symbol<Rule> != 0 || std::is_same_v<Rule, grammar::negate> ||
                              std::is_same_v<Rule, grammar::logical_not> || std::is_same_v<Rule, grammar::if_expr>;

template <typename Rule>
inline constexpr bool starts_declaration =
    std::is_same_v<Rule, grammar::area_decl> || std::is_same_v<Rule, grammar::indicator_decl> ||
    std::is_same_v<Rule, grammar::let_decl> || std::is_same_v<Rule, grammar::criterion_decl> ||
    std::is_same_v<Rule, grammar::label_decl> || std::is_same_v<Rule, grammar::test_decl> ||
    std::is_same_v<Rule, grammar::remove_decl> || std::is_same_v<Rule, grammar::replace_decl> ||
    std::is_same_v<Rule, grammar::order_decl> || std::is_same_v<Rule, grammar::retire_decl> ||
    std::is_same_v<Rule, grammar::allow_decl> || std::is_same_v<Rule, grammar::fixture_decl>;

template <typename Rule>
struct control : tao::pegtl::normal<Rule> {
    template <typename ParseInput>
    [[noreturn]] static void raise(const ParseInput& in, parse_state& st)
    {
        const auto word = in.empty() ? std::string_view() : found_word(in);
        if constexpr (std::is_same_v<Rule, grammar::unit_decl>) {
            if (auto why = unit_refusal(word); !why.empty()) throw tao::pegtl::parse_error(why, in);
        }
        std::string msg = expected_message<Rule>(st);
        throw tao::pegtl::parse_error(fmt::format("{}, found {}{}", msg, found_text(in), keyword_hint<Rule>(word)), in);
    }

    template <typename ParseInput>
    static void start(const ParseInput& in, parse_state& st)
    {
        // `declaration` itself gets no node in the tree, and PEGTL calls the control of
        // such rules for nothing but the tree; its alternatives do get nodes. `replace`
        // holds one of them: the outermost counts.
        if constexpr (starts_declaration<Rule>)
            if (st.declaration_depth++ == 0) st.declaration_start = static_cast<std::size_t>(in.current() - in.begin());
        if constexpr (nests<Rule>) {
            // Only a level that really opens counts against the limit, not an attempt.
            if (++st.depth > limits::max_nesting_depth && opens_here(in))
                throw tao::pegtl::parse_error(
                    fmt::format("expression nested too deeply (the limit is {} levels)", limits::max_nesting_depth),
                    in);
        }
        if constexpr (opener_symbol<Rule> != 0) st.openers.push_back(opener_at(in));
    }

    template <typename ParseInput>
    static void success(const ParseInput&, parse_state& st)
    {
        leave(st);
    }

    template <typename ParseInput>
    static void failure(const ParseInput&, parse_state& st)
    {
        leave(st);
    }

private:
    template <typename ParseInput>
    static bool opens_here(const ParseInput& in)
    {
        if (in.empty()) return false;
        const char c = *in.current();
        if constexpr (opener_symbol<Rule> != 0) return c == opener_symbol<Rule>;
        if constexpr (std::is_same_v<Rule, grammar::negate>) return c == '-';
        if constexpr (std::is_same_v<Rule, grammar::logical_not>) return c == 'n';
        return c == 'i';  // if_expr
    }

    template <typename ParseInput>
    static opener opener_at(const ParseInput& in)
    {
        const auto pos = in.position();
        return {opener_symbol<Rule>, pos.line, pos.column};
    }

    static void leave(parse_state& st)
    {
        if constexpr (starts_declaration<Rule>) --st.declaration_depth;
        if constexpr (nests<Rule>) --st.depth;
        if constexpr (opener_symbol<Rule> != 0) st.openers.pop_back();
    }
};

}  // namespace hallmark::dsl
