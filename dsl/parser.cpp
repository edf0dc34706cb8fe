// SPDX-License-Identifier: Apache-2.0
// Runs the PEGTL grammar and hands the tree to the converter.
#include "dsl/parser.hpp"

#include "dsl/parse_control.hpp"
#include "dsl/parse_tree.hpp"

#include <hallmark/limits.hpp>
#include <hallmark/text.hpp>

#include <fmt/format.h>

#include <algorithm>
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

// Runs `Rule` over `text` and hands the parse tree to `convert`, or adds the one
// diagnostic that stops the parse (a limit, a byte that is not UTF-8, a syntax error).
// The whole file and its header alone are read the same way. The tree's nodes point
// into the input (its source name, for positions), so it is converted here, while the
// input is alive, and never returned.
template <typename Rule, typename Convert>
void parse_with(std::string_view text, const std::string& name, std::vector<diagnostic>& diags, Convert&& convert)
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
    tao::pegtl::memory_input in(text.data(), text.size(), name);
    parse_state state;
    std::unique_ptr<node> root;
    try {
        root = pt::parse<Rule, selector, tao::pegtl::nothing, control>(in, state);
    } catch (const tao::pegtl::parse_error& e) {
        diags.push_back(from_parse_error(e, name));
        return;
    }
    if (!root) diags.push_back({severity::error, name, 1, 1, "expected a rule file"});
    else convert(*root);
}

}  // namespace

parse_result parse(std::string_view text, std::string_view source_name, std::uint32_t file_index)
{
    parse_result result;
    const std::string name(source_name);
    parse_with<grammar::file>(without_bom(text), name, result.diagnostics, [&](const node& root) {
        tree_converter conv(name, file_index);
        result.file = conv.convert_file(root);
        // Limit errors (long names, long numbers) leave a usable tree, so later phases
        // can still report their own errors in the same run.
        result.diagnostics = conv.take_diagnostics();
    });
    return result;
}

std::vector<diagnostic> with_parse_tree(std::string_view text, std::string_view source_name,
                                        const std::function<void(node&)>& visit)
{
    std::vector<diagnostic> diags;
    parse_with<grammar::file>(without_bom(text), std::string(source_name), diags, visit);
    return diags;
}

header_result parse_header(std::string_view text, std::string_view source_name)
{
    header_result result;
    const std::string name(source_name);
    parse_with<grammar::file_header>(without_bom(text), name, result.diagnostics, [&](const node& root) {
        tree_converter conv(name, 0);
        result.head = conv.convert_header(root);
        result.diagnostics = conv.take_diagnostics();
    });
    return result;
}

}  // namespace hallmark::dsl
