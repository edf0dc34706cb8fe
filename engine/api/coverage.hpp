// SPDX-License-Identifier: Apache-2.0
#pragma once
// Collecting test coverage: an observer of the tree evaluator that counts, for each
// criterion, tier, label and comparison with a constant, which of its goals the tests
// reached. Only `hallmark test --coverage` sets one; evaluation without it is unchanged.
#include "engine/run/evaluate.hpp"

#include <hallmark/coverage.hpp>
#include <hallmark/decision.hpp>

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace hallmark::engine {

/// One goal of a comparison: a value the compared operand should be seen to take.
struct boundary_goal {
    enum class test : std::uint8_t { at, below, above, differs, exactly } how = test::at;
    value bound;   // the constant, or for `exactly` the value itself
    decimal step;  // numbers: `below` means bound - step <= v < bound
    std::string name;
};

/// A comparison of one operand with constants, and its goals.
struct threshold_spec {
    std::uint32_t node = 0;
    std::uint32_t operand = 0;  // which child is compared with the constants
    std::vector<boundary_goal> goals;
};

class coverage_collector final : public eval_observer {
public:
    explicit coverage_collector(const program& p);
    void compared(std::uint32_t n, const value* operands, std::uint32_t count) override;
    void decided(std::uint32_t criterion, const criterion_eval& result) override;
    /// After a test's decision: how each label came out.
    void labels(const decision& d);
    void test_done() { ++tests_; }
    [[nodiscard]] coverage_report report() const;

private:
    void find_thresholds();
    void walk(std::uint32_t n, const std::string& within, std::vector<bool>& seen);
    void add_threshold(std::uint32_t n, const std::string& within);

    const program& p_;
    std::size_t tests_ = 0;
    std::vector<std::array<std::size_t, 3>> criteria_;      // met, not met, not assessable
    std::vector<std::vector<std::size_t>> tiers_;           // per criterion, per tier
    std::vector<std::array<std::size_t, 2>> labels_;        // met, not met
    std::vector<threshold_spec> thresholds_;                // in node order
    std::vector<std::string> threshold_within_;             // parallel to thresholds_
    std::vector<std::size_t> threshold_evaluated_;          // parallel to thresholds_
    std::vector<std::vector<std::size_t>> threshold_seen_;  // per threshold, per goal
    std::map<std::uint32_t, std::size_t> threshold_of_node_;
};

}  // namespace hallmark::engine
