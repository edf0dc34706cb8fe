// SPDX-License-Identifier: Apache-2.0
#pragma once
// What the log commands (cli/log_commands.cpp, cli/log_read_commands.cpp) share.
#include <optional>
#include <string>

namespace hallmark::cli {

/// True when `path` can be opened for reading; otherwise says why on stderr.
bool log_exists(const std::string& path);

/// A label as a person reads it: the label, or "no label".
inline std::string label_text(const std::optional<std::string>& label) { return label.value_or("no label"); }

}  // namespace hallmark::cli
