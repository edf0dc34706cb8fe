// SPDX-License-Identifier: Apache-2.0
// Runs the PEGTL grammar and hands the tree to the converter.
#include "dsl/parser.hpp"

#include "dsl/parse_control.hpp"
#include "dsl/parse_tree.hpp"

#include <hallmark/limits.hpp>
#include <hallmark/text.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <functional>
#include <optional>

namespace hallmark::dsl {
namespace {

diagnostic from_parse_error(const tao::pegtl::parse_error& e, std::string_view source_name)
{
    const auto& p = e.positions().front();
    std::string msg(e.message());
    return {severity::error, std::string(source_name), p.line, p.column, msg};
}

// The first byte that is not UTF-8, located by line and (byte) column.
std::optional<diagnostic> utf8_error(std::string_view text, const std::string& name)
{
    const std::size_t at = first_invalid_utf8(text);
    if (at == std::string_view::npos) return std::nullopt;
    const std::string_view before = text.substr(0, at);
    const std::size_t line_start = before.rfind('\n') + 1;  // npos + 1 == 0: the first line
    const std::size_t column = at - line_start + 1;
    const auto line = static_cast<std::size_t>(std::count(before.begin(), before.end(), '\n')) + 1;
    return diagnostic{severity::error, name, line, column,
                      fmt::format("the byte 0x{:02X} is not valid UTF-8; rule files must be UTF-8 text",
                                  static_cast<unsigned char>(text[at]))};
}

}  // namespace

std::string_view without_bom(std::string_view text) { return text.starts_with("\xEF\xBB\xBF") ? text.substr(3) : text; }

namespace {

// The first line at or after `error` (and after `start`) whose first word begins a
// declaration: where reading resumes after a syntax error. A line is the unit because
// every declaration keyword starts one in practice, and nothing inside a declaration does.
std::size_t next_declaration(std::string_view text, std::size_t start, std::size_t error)
{
    static constexpr std::string_view starters[] = {"area",    "indicator", "let",     "criterion", "label", "test",
                                                    "fixture", "remove",    "replace", "retire",    "allow", "order"};
    std::size_t line = text.rfind('\n', error == 0 ? 0 : error - 1);
    line = line == std::string_view::npos || error == 0 ? 0 : line + 1;
    for (; line < text.size(); line = text.find('\n', line) + 1) {
        const auto first = text.find_first_not_of(" \t\r", line);
        if (first == std::string_view::npos) break;
        if (first >= error && first > start && text[first] != '\n')
            for (auto word : starters)
                if (text.substr(first).starts_with(word) &&
                    (first + word.size() == text.size() ||
                     !(std::isalnum(static_cast<unsigned char>(text[first + word.size()])) ||
                       text[first + word.size()] == '_')))
                    return first;
        if (text.find('\n', line) == std::string_view::npos) break;
    }
    return text.size();
}

// Spaces over [from, to), line breaks kept, so every later position stays where it was.
void blank(std::string& text, std::size_t from, std::size_t to)
{
    for (std::size_t i = from; i < to; ++i)
        if (text[i] != '\n') text[i] = ' ';
}

// Runs `attempt` over `text`, which parses (and converts what it parsed when told to
// keep it), or adds the diagnostics that stop the parse (a limit, a byte that is not
// UTF-8, syntax errors). After a syntax error inside a declaration (not the header), the
// declaration is blanked out up to the next line that starts one and the file is read
// again, so one run names every broken declaration (as Wren does). A file with a syntax
// error gives no tree: the checks that follow would report what the skipped text left
// undeclared, errors that are not there. Parse trees point into the input, so they are
// converted inside `attempt`, while the input is alive.
template <typename Attempt>
void parse_with(std::string_view text, const std::string& name, std::vector<diagnostic>& diags, Attempt&& attempt)
{
    if (text.size() > limits::max_file_bytes) {
        diags.push_back({severity::error, name, 0, 0,
                         fmt::format("file is {} bytes; the limit is {}", text.size(), limits::max_file_bytes)});
        return;
    }
    if (auto bad = utf8_error(text, name)) {
        diags.push_back(*bad);
        return;
    }
    std::string skipped;  // the text with the broken declarations blanked, once there is one
    for (std::size_t errors = 0;; ++errors) {
        const std::string_view current = errors == 0 ? text : std::string_view(skipped);
        // The input's source stays empty: PEGTL copies it into every position it makes
        // (node::begin(), asked for each AST position), a heap string each time for a
        // path longer than a short string. Diagnostics take `name` from here instead.
        tao::pegtl::memory_input in(current.data(), current.size(), std::string());
        parse_state state;
        bool parsed = false;
        try {
            parsed = attempt(in, state, errors == 0);
        } catch (const tao::pegtl::parse_error& e) {
            diags.push_back(from_parse_error(e, name));
            if (!state.declaration_start) return;  // in the header: nothing to read on from
            if (errors + 1 == limits::max_syntax_errors) {
                diags.push_back({severity::error, name, 0, 0,
                                 fmt::format("too many syntax errors; stopped after {}", limits::max_syntax_errors)});
                return;
            }
            const std::size_t start = *state.declaration_start;
            const std::size_t at = std::max(start, e.positions().front().byte);
            if (errors == 0) skipped.assign(text);
            blank(skipped, start, next_declaration(skipped, start, at));
            continue;
        }
        if (errors > 0) return;
        if (!parsed) diags.push_back({severity::error, name, 1, 1, "expected a rule file"});
        return;
    }
}

// An attempt that parses `Rule` whole and hands its tree to `visit`.
template <typename Rule, typename Visit>
auto whole(Visit&& visit)
{
    return [visit](auto& in, parse_state& state, bool keep) {
        auto root = pt::parse<Rule, node, selector, tao::pegtl::nothing, control>(in, state);
        if (root && keep) visit(*root);
        return root != nullptr;
    };
}

// `file` read as its grammar says (grammar::file), but one declaration at a time: each
// small tree is converted and freed before the next is parsed.
struct declaration_or_nothing : tao::pegtl::sor<grammar::declaration, tao::pegtl::failure> {};
struct end_of_declarations : tao::pegtl::must<grammar::end_of_file> {};

// Whether the declaration at `in` is only matched: its first word says what it is.
template <typename Input>
bool only_matched(const Input& in, reading what)
{
    if (what == reading::everything) return false;
    if (what == reading::header) return true;
    const auto word = found_word(in);
    return word == "test" || word == "fixture";
}

template <typename Input>
bool parse_file(Input& in, parse_state& state, bool keep, reading what, tree_converter& conv, ast::file& f)
{
    namespace p = tao::pegtl;
    const auto head = pt::parse<grammar::file_header, node, selector, p::nothing, control>(in, state);
    if (!head) return false;
    if (keep) conv.add_to_file(f, *head);
    for (;;) {
        if (only_matched(in, what)) {
            if (!p::parse<declaration_or_nothing, p::nothing, control>(in, state)) break;
            if (keep) conv.skipped_to(in.current());
            continue;
        }
        const auto d = pt::parse<declaration_or_nothing, node, selector, p::nothing, control>(in, state);
        if (!d) break;
        if (keep) conv.add_to_file(f, *d);
    }
    (void)pt::parse<end_of_declarations, node, selector, p::nothing, control>(in, state);  // throws unless at the end
    return true;
}

}  // namespace

parse_result parse(std::string_view text, std::string_view source_name, std::uint32_t file_index, reading what)
{
    parse_result result;
    const std::string name(source_name);
    tree_converter conv(name, file_index);
    ast::file f;
    bool parsed = false;
    parse_with(without_bom(text), name, result.diagnostics, [&](auto& in, parse_state& state, bool keep) {
        return parsed = parse_file(in, state, keep, what, conv, f);
    });
    if (parsed && result.diagnostics.empty()) {
        // Limit errors (long names, long numbers) leave a usable tree, so later phases
        // can still report their own errors in the same run.
        result.file = std::move(f);
        result.diagnostics = conv.take_diagnostics();
    }
    return result;
}

std::vector<diagnostic> with_parse_tree(std::string_view text, std::string_view source_name,
                                        const std::function<void(node&)>& visit)
{
    std::vector<diagnostic> diags;
    parse_with(without_bom(text), std::string(source_name), diags, whole<grammar::file>(visit));
    return diags;
}

header_result parse_header(std::string_view text, std::string_view source_name)
{
    header_result result;
    const std::string name(source_name);
    parse_with(without_bom(text), name, result.diagnostics, whole<grammar::file_header>([&](const node& root) {
                   tree_converter conv(name, 0);
                   result.head = conv.convert_header(root);
                   result.diagnostics = conv.take_diagnostics();
               }));
    return result;
}

}  // namespace hallmark::dsl
