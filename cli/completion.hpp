// SPDX-License-Identifier: Apache-2.0
#pragma once
// `hallmark completion SHELL`: shell completion generated from the command's own
// definition, so every subcommand and option added later completes without a second
// list to keep in step.
#include <optional>
#include <string>

namespace CLI {
class App;
}

namespace hallmark::cli {

/// The shells a script is written for.
inline constexpr const char* completion_shells[] = {"bash", "zsh", "fish"};

/// The completion script of `app` for `shell` (bash, zsh or fish); nothing for another shell.
std::optional<std::string> completion_script(const CLI::App& app, const std::string& shell);

}  // namespace hallmark::cli
