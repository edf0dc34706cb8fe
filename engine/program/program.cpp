// SPDX-License-Identifier: Apache-2.0
// Lookups by name in a compiled program, for callers outside the evaluation loop.
#include "engine/program/program.hpp"

#include <algorithm>
#include <cstring>

namespace hallmark::engine {

std::string pack_fields(const std::vector<std::pair<std::string, std::string>>& fields)
{
    std::string out;
    std::size_t size = 0;
    for (const auto& [name, text] : fields) size += 8 + name.size() + text.size();
    out.reserve(size);
    const auto part = [&out](const std::string& s) {
        const auto n = static_cast<std::uint32_t>(s.size());
        out.append(reinterpret_cast<const char*>(&n), sizeof n);
        out.append(s);
    };
    for (const auto& [name, text] : fields) part(name), part(text);
    return out;
}

std::vector<std::pair<std::string, std::string>> unpack_fields(std::string_view packed)
{
    std::vector<std::pair<std::string, std::string>> out;
    const auto part = [&packed] {
        std::uint32_t n = 0;
        std::memcpy(&n, packed.data(), sizeof n);
        std::string s(packed.substr(sizeof n, n));
        packed.remove_prefix(sizeof n + n);
        return s;
    };
    while (!packed.empty()) {
        auto name = part();
        out.emplace_back(std::move(name), part());
    }
    return out;
}

namespace {

template <typename T>
int find_by_id(const std::vector<T>& items, std::string_view id)
{
    for (std::size_t i = 0; i < items.size(); ++i)
        if (items[i].id == id) return static_cast<int>(i);
    return -1;
}

}  // namespace

// Binding looks up every reported indicator: a binary search once the index is built.
int program::find_indicator(std::string_view id) const
{
    if (indicators_by_id.size() != indicators.size()) return find_by_id(indicators, id);
    const auto at = std::lower_bound(indicators_by_id.begin(), indicators_by_id.end(), id,
                                     [&](std::uint32_t i, std::string_view key) { return indicators[i].id < key; });
    return at != indicators_by_id.end() && indicators[*at].id == id ? static_cast<int>(*at) : -1;
}
int program::find_criterion(std::string_view id) const { return find_by_id(criteria, id); }
int program::find_label(std::string_view id) const { return find_by_id(labels, id); }
int program::find_group(std::string_view id) const { return find_by_id(groups, id); }
int program::find_let(std::string_view id) const { return find_by_id(lets, id); }

}  // namespace hallmark::engine
