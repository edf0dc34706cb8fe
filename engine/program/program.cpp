// SPDX-License-Identifier: Apache-2.0
// Lookups by name in a compiled program, for callers outside the evaluation loop.
#include "engine/program/program.hpp"

#include <algorithm>

namespace hallmark::engine {
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
