// SPDX-License-Identifier: Apache-2.0
#pragma once
// What the server answers about one document: hover, completion, outline, code lenses.
// Positions in and out are the protocol's (lsp/text.hpp).
#include "lsp/names.hpp"
#include "lsp/text.hpp"
#include "lsp/workspace.hpp"

#include <nlohmann/json.hpp>

namespace hallmark::lsp {

using json = nlohmann::json;

/// A protocol Range of bytes [from, to) of `lines`' text.
[[nodiscard]] json range_of(const line_index& lines, std::size_t from, std::size_t to);

/// A Markdown description of `name` (of `kind`) from the catalogue.
[[nodiscard]] std::string describe(const rule_catalogue& c, name_kind kind, std::string_view name);

/// Hover at a position: the name's description, or null.
[[nodiscard]] json hover(const document& d, position at);

/// Completion items: the rule set's names, the language's keywords, choice values
/// (those of an indicator named on the same line first).
[[nodiscard]] json completion(const document& d, position at);

/// The document's declarations, each a DocumentSymbol.
[[nodiscard]] json outline(const document& d);

/// One code lens per `test` case: "Run test", the command `hallmark.runTest`.
[[nodiscard]] json test_lenses(const document& d);

}  // namespace hallmark::lsp
