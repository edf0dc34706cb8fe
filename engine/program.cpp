// Lookups by name in a compiled program, for callers outside the evaluation loop.
#include "engine/program.hpp"

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

int program::find_indicator(std::string_view id) const { return find_by_id(indicators, id); }
int program::find_criterion(std::string_view id) const { return find_by_id(criteria, id); }
int program::find_label(std::string_view id) const { return find_by_id(labels, id); }
int program::find_group(std::string_view id) const { return find_by_id(groups, id); }
int program::find_let(std::string_view id) const { return find_by_id(lets, id); }

}  // namespace hallmark::engine
