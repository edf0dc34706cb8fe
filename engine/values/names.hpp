// SPDX-License-Identifier: Apache-2.0
#pragma once
// "Did you mean" suggestions for unknown names.
#include <string>
#include <string_view>
#include <vector>

namespace hallmark::engine {

/// Edit distance between two names (insertions, deletions, substitutions).
std::size_t edit_distance(std::string_view a, std::string_view b);

/// The closest candidate when it is close enough to be a likely typo, else empty.
std::string closest(std::string_view name, const std::vector<std::string>& candidates);

/// " (did you mean 'x'?)" or empty.
std::string did_you_mean(std::string_view name, const std::vector<std::string>& candidates);

/// Input text quoted in a message: whole when short, else its start and its length, so
/// that a 10 MB value gives a one-line message.
std::string excerpt(std::string_view text);

}  // namespace hallmark::engine
