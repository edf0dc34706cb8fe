// SPDX-License-Identifier: Apache-2.0
#pragma once
// "Did you mean" suggestions for unknown names.
#include <hallmark/text.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace hallmark::engine {

/// Edit distance between two names (insertions, deletions, substitutions).
std::size_t edit_distance(std::string_view a, std::string_view b);

/// The closest candidate when it is close enough to be a likely typo, else empty.
std::string closest(std::string_view name, const std::vector<std::string>& candidates);

}  // namespace hallmark::engine
