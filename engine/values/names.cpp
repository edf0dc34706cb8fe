// SPDX-License-Identifier: Apache-2.0
// "Did you mean" suggestions for unknown names.
#include "engine/values/names.hpp"

#include <algorithm>
#include <cctype>

namespace hallmark::engine {

std::size_t edit_distance(std::string_view a, std::string_view b)
{
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t above = row[j];
            const bool same = std::tolower(static_cast<unsigned char>(a[i - 1])) ==
                              std::tolower(static_cast<unsigned char>(b[j - 1]));
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (same ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[b.size()];
}

std::string closest(std::string_view name, const std::vector<std::string>& candidates)
{
    // A third of the name's length, at least one edit: close enough to be a typo.
    // A one-letter name is too short for a typo to be told from another name.
    const std::size_t allowed = name.size() < 2 ? 0 : std::max<std::size_t>(1, name.size() / 3);
    std::string best;
    std::size_t best_distance = allowed + 1;
    for (const auto& c : candidates) {
        const auto d = edit_distance(name, c);
        if (d < best_distance) {
            best = c;
            best_distance = d;
        }
    }
    return best;
}

}  // namespace hallmark::engine

// The public helpers of text.hpp.
namespace hallmark {

std::string did_you_mean(std::string_view name, const std::vector<std::string>& candidates)
{
    auto c = engine::closest(name, candidates);
    return c.empty() ? std::string() : " (did you mean '" + c + "'?)";
}

std::string excerpt(std::string_view text)
{
    constexpr std::size_t shown = 40;
    if (text.size() <= shown + 20) return std::string(text);
    std::size_t cut = shown;
    // Never cut a UTF-8 sequence in two.
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0U) == 0x80U) --cut;
    return std::string(text.substr(0, cut)) + "... (" + std::to_string(text.size()) + " characters)";
}

}  // namespace hallmark
