// SPDX-License-Identifier: Apache-2.0
#pragma once
// The flat plan: the label decision compiled down to integer tests, for rule sets (or
// the parts of them) whose criteria each compare one indicator with constants.
//
// The tree evaluator is general but pays for it: a ~100-byte value per node, exact
// decimals aligned at every comparison, a criterion cache per evaluation. Most label
// rules are simpler: "indicator >= constant", "boolean indicator", "choice in {...}",
// and labels that count or require such criteria. For those, compilation fixes one
// decimal scale per indicator, so that every comparison becomes a comparison of two
// integers, and a label becomes bit counting over criterion masks. Decisions are the
// same by construction, and tests/unit/plan_test.cpp checks it against the tree.
#include <cstdint>
#include <vector>

namespace hallmark::engine {

struct program;
struct bound_input;

/// One criterion's requirement as a test of one indicator. Numbers are held as
/// 2*floor(x * 10^scale) + (1 if the floor dropped a fraction): comparing that with
/// 2*c*10^scale orders x against c exactly for any x, whatever digits it has.
struct slot_test {
    enum class kind : std::uint8_t {
        ge,
        gt,
        le,
        lt,
        eq,
        ne,
        in_range,
        out_of_range,
        in_mask,
        not_in_mask,
        is_true,
        is_false
    };
    kind how = kind::ge;
    std::uint32_t slot = 0;  // the indicator
    std::uint32_t criterion = 0;
    std::int64_t a = 0, b = 0;  // constants; in_mask: the bit mask of choices
};

/// Consecutive tests of one kind inside one 64-bit word of outcomes.
struct test_run {
    slot_test::kind how = slot_test::kind::ge;
    std::uint32_t begin = 0, end = 0;
};

struct plan {
    bool complete = false;           // every label decidable from the tests alone
    std::vector<int> scale;          // per indicator; -1 when no test reads it
    std::vector<slot_test> tests;    // sorted by kind: test i sets outcome bit i
    std::vector<std::int64_t> a, b;  // the tests' constants, contiguous for the loops
    // Order tests and booleans come first, all as `operand > a[i]`: their operand is
    // stored negated (sign -1) where the test looks down (<, <=, not b). One compare
    // for all of them, four at a time where the processor can.
    std::uint32_t greater = 0;
    std::vector<std::int8_t> sign;                     // per test: how its operand is stored
    std::vector<test_run> runs;                        // the other tests, from `greater` on
    std::vector<std::vector<std::uint32_t>> tests_of;  // per indicator: the tests that read it
    std::size_t words = 0;                             // 64-bit words of outcome bits (bit i: test i)

    // Every top-level part of a label's requirement is "at least `need` of the tests
    // in its mask hold": all(G) needs all of G, any(G) one, a single criterion its bit.
    std::vector<std::int64_t> needs;        // per label part, best label first
    std::vector<std::uint64_t> masks;       // per label part, `words` words each
    std::vector<std::uint32_t> label_ends;  // where each label's parts end in `needs`
};

/// An assessment laid out for the plan: the engine's own format for the fast path.
/// Operand i is what test i reads, so evaluation scans memory in order.
struct slots {
    std::vector<std::int64_t> operand;   // per test
    std::vector<std::uint64_t> unknown;  // bit per test: its indicator was not reported
    bool usable = false;                 // false when a number does not fit 62 bits at its scale
};

/// Compiles the plan of a finished program; `complete` is false when any label needs
/// the tree evaluator.
plan build_plan(const program& p);

/// Fills `out` from bound values. Reuses its storage.
void fill_slots(const program& p, const bound_input& in, slots& out);

/// Refreshes the operands of the tests that read `indicator`, after its value changed.
void refill_slots(const program& p, const bound_input& in, std::uint32_t indicator, slots& out);

/// The awarded label's index (best first) or -1, from the slots alone. Only for a
/// complete plan and usable slots.
/// `simd` false keeps to plain instructions (for tests: both must agree).
int plan_label(const plan& pl, const slots& s, bool simd = true);

}  // namespace hallmark::engine
