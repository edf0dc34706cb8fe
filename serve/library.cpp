// SPDX-License-Identifier: Apache-2.0
#include "serve/library.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace hallmark::serve {

result<std::shared_ptr<const rule_library>> rule_library::load(const std::string& dir, std::uint64_t generation)
{
    auto found = find_versions(dir);
    if (!found.ok()) return found.diagnostics();
    auto lib = std::make_shared<rule_library>();
    lib->generation_ = generation;
    lib->entries_ = found.value();
    compile_options only_deciding;  // the service decides; tests are `hallmark test`'s business
    only_deciding.read_tests = false;
    for (const auto& entry : lib->entries_) {
        auto compiled = compile_file(entry.path, only_deciding);
        if (!compiled.ok()) return compiled.diagnostics();
        lib->versions_.push_back({entry, std::move(compiled.value())});
    }
    return std::shared_ptr<const rule_library>(std::move(lib));
}

const loaded_version* rule_library::find(const std::string& name, const std::string& version) const
{
    for (const auto& v : versions_)
        if (v.entry.name == name && v.entry.version == version) return &v;
    return nullptr;
}

const loaded_version* rule_library::select(const std::string& name, const std::optional<std::string>& version,
                                           date on) const
{
    const auto chosen = select_version(entries_, name, version, on);
    return chosen ? find(chosen->name, chosen->version) : nullptr;
}

std::vector<std::string> rule_library::names() const
{
    std::vector<std::string> out;
    for (const auto& v : versions_)
        if (std::find(out.begin(), out.end(), v.entry.name) == out.end()) out.push_back(v.entry.name);
    std::sort(out.begin(), out.end());
    return out;
}

std::string rule_library::version_list(const std::string& name) const
{
    std::vector<std::string> out;
    for (const auto& v : versions_)
        if (v.entry.name == name) out.push_back(v.entry.version);
    return out.empty() ? "none" : fmt::format("{}", fmt::join(out, ", "));
}

}  // namespace hallmark::serve
