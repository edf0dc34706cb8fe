// SPDX-License-Identifier: Apache-2.0
#pragma once
// The tests the flat plan can run: recognizing one node of the tree as a comparison of
// one operand with constants. Used by plan_build.cpp; nothing here decides a label.
#include "engine/program/plan.hpp"
#include "engine/program/program.hpp"

#include <optional>
#include <string>
#include <vector>

namespace hallmark::engine {

/// A recognized test before its scale is known: constants still decimals.
struct shape {
    slot_test::kind how = slot_test::kind::ge;
    std::uint32_t slot = 0;        // the indicator, when `source` is empty
    std::vector<decimal> numbers;  // numeric tests; empty for choices and booleans
    std::int64_t a = 0;            // choice index or mask
    std::optional<operand_source> source;
    std::vector<linear_term> terms;  // linear sources: their terms, scaled
};

/// The test node `n` is, or nothing with `why` saying what the plan cannot take.
std::optional<shape> shape_of(const program& p, const node& n, std::string& why);

/// `x OP c` seen from the other side, `c OP' x`.
slot_test::kind mirrored(slot_test::kind how);

/// The same test negated (`not t`), exactly: unknown stays unknown.
shape negated(shape s);

/// The i-th child of `n`.
inline const node* child(const program& p, const node& n, std::uint32_t i)
{
    return &p.nodes[p.child_list[n.first_child + i]];
}

/// `n` as a constant of kind `kind`, or null.
const value* constant_of(const program& p, const node* n, value::tag kind);

}  // namespace hallmark::engine
