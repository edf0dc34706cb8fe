// SPDX-License-Identifier: Apache-2.0
#pragma once
// The canonical layout of rule text. Declared apart from rule_set.hpp because it needs
// only the parser: dsl/ implements it without seeing evaluation.
#include <hallmark/diagnostic.hpp>
#include <hallmark/export.hpp>
#include <hallmark/result.hpp>

#include <string>
#include <string_view>

namespace hallmark {

/// The canonical layout of rule text (what `hallmark fmt` prints), or the syntax
/// errors that prevent formatting. Comments are kept.
[[nodiscard]] HALLMARK_API result<std::string> format_rules(std::string_view text, std::string_view name);

}  // namespace hallmark
