// SPDX-License-Identifier: Apache-2.0
#pragma once
// What a revision changes: declarations compared property by property, with `extends`
// resolved on both sides, and the decisions of a corpus of assessments compared.
#include <hallmark/assessment.hpp>
#include <hallmark/decision.hpp>
#include <hallmark/export.hpp>
#include <hallmark/rule_set.hpp>

#include <cstdint>
#include <functional>
#include <iosfwd>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace hallmark {

/// One difference between two rule sets.
struct HALLMARK_API rule_change {
    std::string kind;           ///< "methodology", "area", "indicator", "let", "criterion", "group", "label", "order"
    std::string id;             ///< the declaration's name (empty for the methodology and the label order)
    std::string change;         ///< "added", "removed" or "changed"
    std::string field;          ///< for "changed": "type", "range", "requires", "points", "valid", "members" ...
    std::string before, after;  ///< canonical text of the property (or declaration summary)
    std::string detail;         ///< e.g. "1 FTE -> 2 FTE" when only numbers differ
};

/// Every difference from `before` to `after`, declarations in the order `after` has them
/// (removed ones in `before`'s order at the end of their kind).
[[nodiscard]] HALLMARK_API std::vector<rule_change> diff_rules(const rule_set& before, const rule_set& after);

/// How one assessment's decision differs between two rule sets.
struct HALLMARK_API decision_change {
    std::size_t line = 0;  ///< of the assessment in the corpus
    std::string cluster_id;
    std::optional<std::string> label_before, label_after;
    std::vector<std::pair<std::string, std::pair<std::string, std::string>>> criteria;  ///< id, (before, after)
};

/// Comparing the decisions of a corpus under two rule sets.
struct HALLMARK_API corpus_diff {
    std::size_t assessments = 0;
    std::map<std::pair<std::string, std::string>, std::size_t> transitions;  ///< (before, after) labels -> count
    std::vector<decision_change> changed;  ///< assessments whose label or some criterion outcome changed
    std::vector<diagnostic> problems;      ///< rows that could not be read or evaluated
    /// Indicators that neither version declares (a typo, or another methodology's), with
    /// the number of assessments reporting them. They are left out of both evaluations.
    std::map<std::string, std::size_t> undeclared;
};

/// Evaluates every assessment of `corpus` (JSON Lines, or CSV when `csv`) under both
/// rule sets. Indicators one version does not declare are ignored for that version, so a
/// corpus written for either can be compared. `csv_delimiter` 0: detected (corpus.hpp).
[[nodiscard]] HALLMARK_API corpus_diff diff_corpus(const rule_set& before, const rule_set& after, std::istream& corpus,
                                                   const std::string& source, bool csv, char csv_delimiter = 0);

}  // namespace hallmark
