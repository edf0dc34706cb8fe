// SPDX-License-Identifier: Apache-2.0
#pragma once
// Which words of rule text are names, what they name, and where each is declared and
// used, across a revision and the versions it extends.
//
// Found from the words of the text (lsp/text.hpp) resolved against the compiled rule
// set's catalogue, which knows every declaration's kind and place: the parser's tree is
// not public, and this works on text that does not parse too.
#include "lsp/text.hpp"

#include <hallmark/rule_set.hpp>

#include <optional>
#include <string>
#include <vector>

namespace hallmark::lsp {

enum class name_kind { none, area, indicator, let, criterion, group, label };

[[nodiscard]] const char* to_string(name_kind k);

/// A word of one file.
struct name_place {
    std::string file;
    std::size_t offset = 0, length = 0;
    bool declaration = false;
    friend bool operator==(const name_place&, const name_place&) = default;
};

/// True when the word `t[k]` is used as a name where it stands: not a keyword of the
/// language (`points` in `points 5 when ...` is one, `gold` in `expect label gold` is not),
/// not a function called.
[[nodiscard]] bool is_name_use(const std::vector<token>& t, std::size_t k);

/// True when the word `t[k]` is the name a declaration declares (`criterion E1 ...`,
/// `replace criterion E1`, `let x = ...`); `remove criterion E1` and `expect criterion E1`
/// refer to one.
[[nodiscard]] bool is_declaration(const std::vector<token>& t, std::size_t k);

/// The kind of `name` in a rule set (lets: declared with `let` in one of `files`).
[[nodiscard]] name_kind kind_of(const rule_catalogue& c, const std::vector<rule_source>& files, std::string_view name);

/// Every place of `name` in `files`, in file order then text order.
[[nodiscard]] std::vector<name_place> places_of(const std::vector<rule_source>& files, std::string_view name);

/// Where `name` (of `kind`) is declared: the catalogue's location for areas,
/// indicators, criteria and labels, the `group` clauses for a group, `let NAME` for a
/// let; declarations found in the text when the catalogue has none (a removed criterion).
[[nodiscard]] std::vector<name_place> declarations_of(const rule_catalogue& c, const std::vector<rule_source>& files,
                                                      name_kind kind, std::string_view name);

}  // namespace hallmark::lsp
