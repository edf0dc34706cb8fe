// SPDX-License-Identifier: Apache-2.0
#pragma once
// Text to syntax tree. The only entry point into PEGTL for the rest of the project.
#include "dsl/ast.hpp"

#include <hallmark/diagnostic.hpp>

#include <optional>
#include <string_view>
#include <vector>

namespace hallmark::dsl {

struct parse_result {
    std::optional<ast::file> file;        ///< present when parsing succeeded
    std::vector<diagnostic> diagnostics;  ///< syntax errors and limit violations
};

/// `text` without a leading UTF-8 byte-order mark. Editors and spreadsheets on Windows
/// write one; it is no part of the rules, and columns on the first line count from
/// after it.
std::string_view without_bom(std::string_view text);

/// How much of a file parse() turns into the AST. Every way checks the syntax of the
/// whole file, with the same errors at the same places; what is only matched gets no
/// parse tree and no conversion, so it costs a fraction of the time and no memory.
enum class reading {
    everything,
    decisions,  ///< `test` and `fixture` declarations matched only: what deciding needs
    header      ///< every declaration matched only: the header, for choosing a version
};

/// Parses one rule file (a leading byte-order mark is skipped). Positions in the tree carry `file_index`; diagnostics
/// carry `source_name`. Syntax errors give no tree: after each, the broken declaration is skipped up to the next line
/// that starts a declaration, so every broken declaration is reported once (at most `limits::max_syntax_errors`); an
/// error in the header stops at once. Limits on names, numbers and strings are checked after a successful parse and
/// all reported, with the tree kept so that later phases can add their errors.
parse_result parse(std::string_view text, std::string_view source_name, std::uint32_t file_index,
                   reading what = reading::everything);

struct header_result {
    std::optional<ast::header> head;      ///< present when the header parsed
    std::vector<diagnostic> diagnostics;  ///< the first syntax error, or a limit
};

/// Parses only the header (`methodology ... version ... effective ... extends ...`):
/// finding a base among many files then costs one header each, not one whole parse.
header_result parse_header(std::string_view text, std::string_view source_name);

}  // namespace hallmark::dsl
