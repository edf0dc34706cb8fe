// SPDX-License-Identifier: Apache-2.0
#pragma once
// The flat plan's builder: the rule set's criteria and labels as tests and steps with
// symbolic references (plan_build.cpp), then laid out in one outcome space
// (plan_layout.cpp). Internal to engine/compile.
#include "engine/compile/plan_shapes.hpp"

#include <deque>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace hallmark::engine {

/// A truth value while building: a test (by its shape's number) or a step's position.
struct plan_ref {
    bool test = false;
    std::uint32_t index = 0;
};

/// A step before layout: what it reads, still as references.
struct pending_step {
    plan_step step;                // `out`: its position among steps, or its register
    std::vector<plan_ref> inputs;  // at_least, complete, count
    std::vector<std::pair<std::optional<plan_ref>, std::int64_t>> tiers;  // condition (none: otherwise), points
    std::vector<std::uint32_t> registers;                                 // sum
    std::vector<body_op> body;                                            // quantifiers; group args are group indexes
    std::vector<std::vector<plan_ref>> conditions;  // tiers, when laid out: positions that must all be yes
};

class plan_builder {
public:
    /// `refused`: nodes whose test a previous attempt could not lay out.
    plan_builder(const program& p, const std::set<std::uint32_t>& refused);

    /// The plan, or nothing with `refused` grown when a test's constants do not fit.
    std::optional<plan> build(std::set<std::uint32_t>& refused);

private:
    enum class state : std::uint8_t { pending, computing, done, failed };
    struct criterion_slot {
        state now = state::pending;
        plan_ref met, gold;
        std::optional<std::uint32_t> points;
        bool tiers_open = false;
        std::string why;
    };
    struct label_part {
        std::int64_t need = 1;
        std::vector<plan_ref> refs;
        std::uint32_t conjunct = 0;  // its place in the label's requirement
    };

    // plan_build.cpp: from the tree
    std::optional<plan_ref> truth(std::uint32_t n);
    std::optional<plan_ref> test(std::uint32_t n);
    std::optional<plan_ref> logic(const node& n);
    std::optional<plan_ref> group_truth(const node& n);
    std::optional<plan_ref> register_comparison(const node& n);
    std::optional<plan_ref> quantifier(const node& n);
    std::optional<plan_ref> membership(const node& n);
    std::optional<std::uint32_t> number(const node& n);
    std::optional<std::uint32_t> points(std::uint32_t c);
    std::optional<std::uint32_t> set_of(const node& n);
    bool body_of(const node& n, std::vector<body_op>& out);
    bool criterion(std::uint32_t c);
    bool every_criterion();
    std::optional<label_part> part_of(const conjunct& c);
    std::optional<std::vector<plan_ref>> members_met(std::uint32_t group);
    std::vector<plan_ref> distinct(std::vector<plan_ref> refs);
    plan_ref gate(std::int64_t need, std::vector<plan_ref> inputs, bool negate);
    plan_ref truth_step(pending_step s);
    std::uint32_t register_step(pending_step s, int scale);
    std::nullopt_t refuse(const node& n, const std::string& what);
    void labels_and_coverage();

    // plan_layout.cpp: into the plan's arrays
    std::optional<std::vector<slot_test>> finished_tests(std::set<std::uint32_t>& refused);
    bool lay_out_tests(std::set<std::uint32_t>& refused);
    void lay_out_inputs(const pending_step& pending, plan_step& s);
    std::uint32_t position(plan_ref r) const;
    std::vector<mask_entry> entries_of(const std::vector<plan_ref>& refs) const;
    std::vector<std::vector<std::uint32_t>> step_reads() const;
    std::vector<std::uint32_t> steps_read(const std::vector<plan_ref>& refs) const;
    std::vector<std::uint32_t> order_steps();
    void specialise(plan_step& s) const;
    void inline_tier_conditions();
    plan_step laid_out(const pending_step& pending);
    void lay_out_explanation(std::vector<plan_step> laid);
    void lay_out_steps();
    void lay_out_labels();

    const program& p_;
    const std::set<std::uint32_t>& refused_;
    plan pl_;
    // Deques: grown by doubling, these were the largest blocks of building a large
    // file's plan, and could not use the holes the freed syntax tree left (issue 18).
    std::deque<shape> shapes_;
    std::vector<std::uint32_t> shape_nodes_;  // the node each shape came from
    std::deque<pending_step> steps_;
    std::uint32_t truth_steps_ = 0;
    std::vector<int> register_scale_;
    std::vector<criterion_slot> criteria_;
    std::vector<std::vector<label_part>> labels_;  // per label, its parts; empty: not on the plan
    std::vector<std::uint32_t> test_position_;     // per shape, after sorting
    std::vector<std::uint32_t> step_of_truth_;     // per truth position among steps: its step
    std::vector<std::uint32_t> step_of_register_;  // per register: the step that writes it
    int points_scale_ = 0;
    std::string why_;  // why the last refused expression is not on the plan
};

}  // namespace hallmark::engine
