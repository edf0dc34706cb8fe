// SPDX-License-Identifier: Apache-2.0
#pragma once
// The rule versions a service decides with: every `.rules` file of a directory,
// compiled once. A library is immutable; reloading builds a new one and swaps it in
// whole (serve/service.hpp), so a request sees one consistent set from start to end.
#include <hallmark/rule_set.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace hallmark::serve {

struct loaded_version {
    version_entry entry;
    rule_set rules;
};

class rule_library {
public:
    /// Finds and compiles every version under `dir`: all of them, or the diagnostics
    /// of the first that does not compile (then nothing is loaded).
    static result<std::shared_ptr<const rule_library>> load(const std::string& dir, std::uint64_t generation);

    /// The version called `version` of `name`, or nothing.
    [[nodiscard]] const loaded_version* find(const std::string& name, const std::string& version) const;
    /// `version` when given, else the version of `name` in force on `on`.
    [[nodiscard]] const loaded_version* select(const std::string& name, const std::optional<std::string>& version,
                                               date on) const;
    /// Methodology names, sorted, each once.
    [[nodiscard]] std::vector<std::string> names() const;
    /// "2013, 2019, 2020": the versions of `name`, for messages.
    [[nodiscard]] std::string version_list(const std::string& name) const;

    [[nodiscard]] const std::vector<loaded_version>& versions() const { return versions_; }
    [[nodiscard]] std::uint64_t generation() const { return generation_; }

private:
    std::vector<version_entry> entries_;  // for select_version
    std::vector<loaded_version> versions_;
    std::uint64_t generation_ = 0;
};

}  // namespace hallmark::serve
