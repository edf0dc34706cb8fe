// SPDX-License-Identifier: Apache-2.0
#pragma once
// The canonical layout of a rule file, as `hallmark fmt` prints it. Formatting parses
// back to the same rules; comments stay beside the line they were written on.
#include "dsl/ast.hpp"

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hallmark::dsl {

/// The canonical text of a parsed file; `source` is the text it was parsed from,
/// whose comments are carried over.
std::string format(const ast::file& f, std::string_view source);

/// An expression with the fewest parentheses that keep its meaning; parenthesised
/// when it binds more loosely than `min_prec` requires.
std::string format_expr(const ast::expr& e, int min_prec = 0);

std::string format_duration(const ast::duration& d);

/// A declaration's properties as canonical text, in a fixed order ("type", "range",
/// "requires", "points" ...; empty ones left out): what `hallmark diff` compares.
std::vector<std::pair<std::string, std::string>> declaration_fields(const ast::declaration& d);

/// A string literal with its escapes.
std::string quote(std::string_view text);

}  // namespace hallmark::dsl
