// SPDX-License-Identifier: Apache-2.0
#pragma once
// Running the `test` cases of rule files: the assessment a test describes (its own
// values over those of the fixture or file it starts from), and the checks of its
// expectations.
#include "engine/program/program.hpp"

#include <hallmark/assessment.hpp>

#include <string>
#include <vector>

namespace hallmark::engine {

/// The assessment test `t` describes: the values of the fixture or assessment file it
/// starts `from` (recursively), then its own date, history and values over them (a
/// value of its own replaces the one it started from; `missing` removes it). Problems go
/// to `failures`, each naming the value or file.
assessment test_assessment(const program& p, const ast::test_decl& t, std::vector<std::string>& failures);

}  // namespace hallmark::engine
