// SPDX-License-Identifier: Apache-2.0
#pragma once
// Test coverage of rule files (`hallmark test --coverage`): what the `test` cases made
// the rules do, and what they never tried.
#include <hallmark/export.hpp>

#include <cstddef>
#include <string>
#include <vector>

namespace hallmark {

class json_writer;

/// One thing a rule could do that a test should have seen: "met", "tier chosen",
/// "at 30", "just below 30 (29)", ...
struct HALLMARK_API coverage_goal {
    std::string name;
    std::size_t seen = 0;  ///< how many evaluations reached it
    /// Reported, but not needed for the item to be covered: a criterion not assessable
    /// (some, like `complete(area)`, never are).
    bool optional = false;
};

/// A criterion, a tier, a label or a comparison with a constant, and its goals. It is
/// covered when every goal that is not optional was seen at least once.
struct HALLMARK_API coverage_item {
    enum class kind { criterion, tier, label, threshold };
    kind what = kind::criterion;
    std::string file;  ///< the rule file it is written in (a base file for an inherited rule)
    std::size_t line = 0, column = 0;
    std::string name;    ///< "Q1_3", "Q1_3 tier 1: 5 when participants >= 80", "participants >= 80"
    std::string within;  ///< the criterion, label or let it belongs to ("" when none)
    std::size_t evaluated = 0;
    std::vector<coverage_goal> goals;

    [[nodiscard]] bool covered() const;
    [[nodiscard]] std::vector<std::string> missing() const;  ///< the goals never seen, optional ones left out
};

HALLMARK_API const char* to_string(coverage_item::kind k);

/// The coverage of one rule set's test run: its items in file order.
struct HALLMARK_API coverage_report {
    std::string methodology, version;
    std::size_t tests = 0;  ///< test cases that were evaluated
    std::vector<coverage_item> items;

    /// Per rule file and kind: how many items are covered, then each item that is not
    /// and what it lacks.
    [[nodiscard]] std::string text() const;
    /// The same as a JSON document (docs/methodology.md describes it).
    [[nodiscard]] std::string json() const;
    /// The JSON document as the next value of `w` (to embed it in a larger document).
    void write_json(json_writer& w) const;
    /// An lcov tracefile (`genhtml` renders it): a line per rule-file line with items,
    /// a branch per goal.
    [[nodiscard]] std::string lcov() const;
    /// Items of `what` that are covered / all items of `what`.
    [[nodiscard]] std::size_t covered(coverage_item::kind what) const;
    [[nodiscard]] std::size_t total(coverage_item::kind what) const;
};

}  // namespace hallmark
