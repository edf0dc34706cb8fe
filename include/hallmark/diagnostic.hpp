// SPDX-License-Identifier: Apache-2.0
#pragma once
// One diagnostic type for every stage: parser, checker, compiler, input reader.
#include <cstddef>
#include <hallmark/export.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace hallmark {

/// How serious a diagnostic is. Only errors stop a rule file from compiling.
enum class severity { error, warning, note };

/// A message tied to a place in a source. Line and column are 1-based; a line of 0
/// means the message concerns the whole source (for example a missing file).
struct HALLMARK_API diagnostic {
    severity level = severity::error;
    std::string source;
    std::size_t line = 0;
    std::size_t column = 0;
    std::string message;
    /// A warning's name (`unused_indicator`, ...), which `allow NAME SUBJECT because
    /// "REASON"` in a rule file silences; empty for errors.
    std::string code;
};

/// Renders `FILE:LINE:COLUMN: error: MESSAGE` (a warning ends in ` [CODE]`), then the source line and a caret under
/// the column when `source_text` is the text the position refers to.
[[nodiscard]] HALLMARK_API std::string render(const diagnostic& d, std::string_view source_text = {});

/// Renders every diagnostic in order, each followed by its source line and caret.
[[nodiscard]] HALLMARK_API std::string render_all(const std::vector<diagnostic>& ds, std::string_view source_text = {});

/// True when any diagnostic in the list is an error.
[[nodiscard]] HALLMARK_API bool has_errors(const std::vector<diagnostic>& ds);

}  // namespace hallmark
