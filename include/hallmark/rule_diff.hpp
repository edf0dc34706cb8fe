// SPDX-License-Identifier: Apache-2.0
#pragma once
// What a revision changes: declarations compared property by property, with `extends`
// resolved on both sides, and the decisions of a corpus of assessments compared.
#include <hallmark/assessment.hpp>
#include <hallmark/decision.hpp>
#include <hallmark/export.hpp>
#include <hallmark/progress.hpp>
#include <hallmark/rule_set.hpp>

#include <cstdint>
#include <functional>
#include <iosfwd>
#include <map>
#include <optional>
#include <string>
#include <string_view>
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
    /// Criteria both versions have whose outcome differs: id, (before, after). Criteria
    /// only one version has are counted once in `corpus_diff::criteria_added`/`removed`.
    std::vector<std::pair<std::string, std::pair<std::string, std::string>>> criteria;
    /// Indicators new in `after` that the assessment does not report and that leave a
    /// label above `label_after` undecided: its label under `after` cannot be told, and
    /// its transition is to `corpus_diff::not_assessable`. Empty otherwise.
    std::vector<std::string> absent;
    /// Criteria only one version has that did not come out met under it, which explain a
    /// change the shared criteria do not: id, ("added" or "removed", outcome).
    std::vector<std::pair<std::string, std::pair<std::string, std::string>>> unmet_only_in_one;
};

/// A criterion only one of the versions has, with how it came out under that version.
struct HALLMARK_API criterion_tally {
    std::string id;
    std::size_t met = 0, not_met = 0, not_assessable = 0;
};

/// An indicator value taken for every assessment of a corpus that does not report it
/// (`hallmark diff --corpus --assume ID=VALUE`), under both versions.
struct HALLMARK_API corpus_assumption {
    std::string indicator;
    raw_value value;
};

/// Reads "ID=VALUE". ID must be an indicator `before` or `after` declares; VALUE is read
/// as a CSV cell is (corpus.hpp: `true`, `false`, a number, a set's items separated by
/// `;`, else text) and must fit the indicator's declaration (type, unit, range, choices)
/// in each version that declares it. A diagnostic naming the indicator otherwise.
[[nodiscard]] HALLMARK_API result<corpus_assumption> parse_assumption(std::string_view text, const rule_set& before,
                                                                      const rule_set& after);

/// How a corpus is read and compared.
struct HALLMARK_API corpus_diff_options {
    bool csv = false;        ///< CSV, else JSON Lines
    char csv_delimiter = 0;  ///< 0: detected (corpus.hpp)
    std::vector<corpus_assumption> assume;
    /// Told the rows read so far (total unknown: 0); for a progress display only.
    progress_callback progress{};
};

/// Comparing the decisions of a corpus under two rule sets.
struct HALLMARK_API corpus_diff {
    /// The label that stands for "the label under `after` cannot be told" in `transitions`.
    static constexpr const char* not_assessable = "not assessable";

    std::size_t assessments = 0;
    /// (before, after) labels -> count; "no label" for none, and `not_assessable` (after
    /// only) for assessments with `absent` indicators.
    std::map<std::pair<std::string, std::string>, std::size_t> transitions;
    /// Rows and columns of the transition matrix: each version's labels best first, then
    /// "no label"; the columns end with `not_assessable` when some transition goes there.
    std::vector<std::string> labels_before, labels_after;
    std::vector<decision_change> changed;  ///< assessments whose label or some shared criterion's outcome changed
    std::vector<diagnostic> problems;      ///< rows that could not be read or evaluated
    /// Indicators that neither version declares (a typo, or another methodology's), with
    /// the number of assessments reporting them. They are left out of both evaluations.
    std::map<std::string, std::size_t> undeclared;
    /// Criteria only `after` has (outcomes under `after`) and only `before` has (under `before`).
    std::vector<criterion_tally> criteria_added, criteria_removed;
    /// Indicators new in `after`, each with the number of assessments whose label under
    /// `after` could not be told because they do not report it (`decision_change::absent`).
    std::map<std::string, std::size_t> absent;
};

/// Evaluates every assessment of `corpus` (JSON Lines, or CSV when `csv`) under both
/// rule sets. Indicators one version does not declare are ignored for that version, so a
/// corpus written for either can be compared. `csv_delimiter` 0: detected (corpus.hpp).
[[nodiscard]] HALLMARK_API corpus_diff diff_corpus(const rule_set& before, const rule_set& after, std::istream& corpus,
                                                   const std::string& source, bool csv, char csv_delimiter = 0);

/// The same, with values assumed for indicators the corpus does not report.
[[nodiscard]] HALLMARK_API corpus_diff diff_corpus(const rule_set& before, const rule_set& after, std::istream& corpus,
                                                   const std::string& source, const corpus_diff_options& options);

}  // namespace hallmark
