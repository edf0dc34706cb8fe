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
//
// Richer rules (points tiers, gold thresholds, `or`, quantifiers over sets of criteria,
// dates and history) add a second stage: straight-line steps over the tests' outcomes
// in Kleene's three-valued logic (a `yes` and a `no` bit per position, unknown when
// neither is set) and integer registers for points, each written once, in an order
// where every input comes first. docs/performance.md describes both stages.
#include <hallmark/date.hpp>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace hallmark::engine {

struct program;
struct bound_input;

/// One test of one operand against constants. Numbers are held as
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
        is_false,
        has_bit,   // a choice set holds choice `a`
        lacks_bit  // it does not
    };
    static constexpr std::uint32_t no_source = 0xFFFFFFFF;
    kind how = kind::ge;
    std::uint32_t slot = 0;            // the indicator, when `source` is no_source
    std::uint32_t source = no_source;  // else its operand is computed: plan::sources[source]
    std::uint32_t origin = 0;          // its number in the builder, before tests are sorted by kind
    std::int64_t a = 0, b = 0;         // constants; in_mask: the bit mask of choices
};

/// A date an operand is computed from.
struct date_ref {
    enum class kind : std::uint8_t { indicator, assessed_on, history_assessed, history_valid, constant };
    kind from = kind::constant;
    std::uint32_t index = 0;            // indicator or history label
    date day;                           // constant
    std::int64_t months = 0, days = 0;  // moved by a constant duration (`assessed_on - 6 months`)
};

/// `factor * value * 10^scale`, value an indicator's exact value (else the record falls back).
struct linear_term {
    std::uint32_t indicator = 0;
    int scale = 0;
    std::int64_t factor = 0;
};

/// An operand computed from several values when the record is laid out: a linear form
/// of numbers (`committed - 75% of participants`), a date function, a set's size, whether
/// values are known. Integers v are held as 2 * v * 10^scale, so they meet constants of
/// `scale` places as indicator operands do.
struct operand_source {
    enum class kind : std::uint8_t {
        linear,
        date_value,
        days_between,
        months_between,
        years_between,
        set_count,
        is_known,
        area_complete,
        ratio  // x / y against a constant c: x·10^places(c) - C·y, from terms x and y
    };
    kind how = kind::linear;
    std::uint32_t first = 0, count = 0;  // linear: its terms in plan::terms
    std::int64_t offset = 0;             // linear: the constant term, at `scale`; ratio: C
    int scale = 0;                       // places of the constants the operand meets
    date_ref from, to;                   // date functions (date_value, is_known: `from`)
    std::uint32_t index = 0;             // set_count: the indicator; area_complete: the area
};

/// A position's bits in one word of the outcome space.
struct mask_entry {
    std::uint32_t word = 0;
    std::uint64_t bits = 0;
};

/// A tier: its condition, positions of one word that must all be yes (an `and` of
/// positions is read directly, without a step of its own), and its points, scaled.
struct tier_entry {
    std::int64_t word = -1;  // -1 for `otherwise`
    std::uint64_t bits = 0;
    std::int64_t points = 0;
};

/// The body of a quantifier over a set of criteria, as postfix operations on vectors
/// with one truth value per criterion.
struct body_op {
    enum class kind : std::uint8_t { met, gold, group, negate, all, any };
    kind how = kind::met;
    std::uint32_t arg = 0;  // group: where its mask starts in plan::body_masks; all, any: how many vectors
};

/// One step of the second stage. Positions are bits of the outcome space: tests first,
/// then one per step that yields a truth value.
struct plan_step {
    enum class kind : std::uint8_t {
        at_least,      // yes when `need` of the positions are yes, no when they cannot be
        complete,      // yes when none of the positions is unknown, else no
        tiers,         // register `out`: the first tier whose condition is yes; unknown at an unknown one
        sum,           // register `out`: the sum of registers; unknown if one is
        count,         // register `out`: how many positions are yes
        compare,       // position `out`: register `reg` against `a` (and `b`), as a test of kind `test`
        quantify_all,  // position `out`: the body holds for every criterion of set `reg`
        quantify_any,  // ... for some criterion of it
        in_set,        // position `out`: criterion `need` is in set `reg`
        // at_least and complete specialised when the plan is laid out, for positions in one
        // word (entry `first`): no counting, one mask test each.
        all_in_word,       // at_least with need = all of them: yes when every one is yes, no when one is no
        any_in_word,       // at_least with need = 1: yes when one is yes, no when every one is no
        complete_in_word,  // complete: yes when none is unknown
    };
    kind how = kind::at_least;
    bool negate = false;  // at_least, complete: the answer flipped
    slot_test::kind test = slot_test::kind::ge;
    std::uint32_t out = 0;               // a position, or a register for tiers, sum and count
    std::uint32_t first = 0, count = 0;  // entries of plan::entries, plan::tier_list, plan::reg_list or plan::body
    std::uint32_t reg = 0;               // compare: the register; quantify, in_set: the set
    std::int64_t need = 0, a = 0, b = 0;
    std::int64_t width = 0;  // at_least, complete, count: how many positions it reads
};

/// What of a rule set runs on the plan, and why not the rest: for reports and benchmarks.
struct plan_coverage {
    struct gap {
        std::string what;  // "criterion Q1_1", "label silver, part 4"
        std::string why;
    };
    std::size_t criteria = 0, criteria_on_plan = 0;
    std::size_t label_parts = 0, label_parts_on_plan = 0;
    std::vector<gap> gaps;
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
    std::vector<std::int8_t> sign;       // per test: how its operand is stored
    std::vector<std::int32_t> narrow_a;  // `a` clamped to 32 bits, for records whose operands are (slots::narrow);
                                         // 8 more than the tests, for vector loads past the last
    std::vector<test_run> runs;          // the other tests, from `greater` on
    std::vector<std::vector<std::uint32_t>> tests_of;  // per indicator: the tests that read it
    std::size_t words = 0;                             // 64-bit words of outcome bits (bit i: test i)

    // Every top-level part of a label's requirement is "at least `need` of the tests
    // in its mask hold": all(G) needs all of G, any(G) one, a single criterion its bit.
    std::vector<std::int64_t> needs;        // per label part, best label first
    std::vector<std::int64_t> widths;       // per label part: the positions in its mask
    std::vector<std::uint64_t> masks;       // per label part, `words` words each
    std::vector<std::uint32_t> label_ends;  // where each label's parts end in `needs`
                                            // (within a label, the cheapest parts first)

    // Steps run only as the labels need them, best label first, a label given up at its
    // first part that fails. Steps come in groups (at most 64): group k holds what part k
    // needs beyond the parts before it; steps no part needs are dropped. Part k runs the
    // groups of `part_groups[k]` not yet run, in order: every group its steps depend on
    // is in that mask too, so nothing is ever read before it is written.
    std::vector<std::uint32_t> group_ends;   // where each group's steps end in `steps`
    std::vector<std::uint64_t> part_groups;  // per label part: the groups it needs

    // Computed operands, and the second stage (empty for rules of single tests).
    std::vector<operand_source> sources;
    std::vector<linear_term> terms;
    bool refill_all = false;      // some operand reads more than one value, or the date
    std::uint32_t positions = 0;  // bits of the outcome space, tests included
    std::vector<plan_step> steps;
    std::vector<mask_entry> entries;
    std::vector<tier_entry> tier_list;
    std::vector<std::uint32_t> reg_list;
    std::vector<body_op> body;
    std::vector<std::uint64_t> body_masks;  // groups of criteria the bodies name, criterion_words each
    std::uint32_t registers = 0;
    std::vector<std::uint32_t> met_at, gold_at;  // per criterion: its positions (quantifiers, explanations)
    std::vector<std::uint32_t> set_indicators;   // sets of criteria the steps read
    std::size_t criterion_words = 0;             // words of a set of criteria

    // For an explanation (engine/run/explain.cpp): every criterion's outcome, tier and
    // gold value, and every label part's outcome, from one run of every step, none
    // skipped. Only when every criterion is on the plan; else explanations use the tree.
    bool explains = false;
    std::vector<plan_step> all_steps;          // every step, each after what it reads
    std::vector<std::uint32_t> tiers_of;       // per criterion: its tiers step in all_steps, or no_tiers
    std::vector<std::uint32_t> part_conjunct;  // per label part: its conjunct in the label's requirement
    static constexpr std::uint32_t no_tiers = 0xFFFFFFFF;
    // Per criterion and per label (its own inputs): its inputs as bits, only the words
    // that hold one, from input_ends[i - 1] (0 for the first) to input_ends[i]; criteria
    // first, then labels. Dense masks of every indicator made this part of the plan grow
    // with the square of the rule file (issue 18, compile memory).
    std::vector<mask_entry> inputs;
    std::vector<std::uint32_t> input_ends;

    plan_coverage coverage;
};

/// Up to N values kept inside the object, on the heap beyond. A record's operands then
/// sit inside its bound input: deciding many records streams through memory in order,
/// instead of missing the cache on one allocation per record.
template <class T, std::size_t N>
class inline_values {
public:
    void assign(std::size_t n, T v)
    {
        size_ = n;
        if (n > N) return heap_.assign(n, v);
        heap_.clear();
        std::fill_n(local_.data(), n, v);
    }
    std::size_t size() const { return size_; }
    T* data() { return size_ > N ? heap_.data() : local_.data(); }
    const T* data() const { return size_ > N ? heap_.data() : local_.data(); }
    T& operator[](std::size_t i) { return data()[i]; }
    const T& operator[](std::size_t i) const { return data()[i]; }

private:
    std::size_t size_ = 0;
    std::array<T, N> local_{};
    std::vector<T> heap_;
};

/// An assessment laid out for the plan: the engine's own format for the fast path.
/// What the label path reads sits in one block that starts in the object's first cache
/// line (on the heap beyond `local_bytes`): the tests' unknown bits, which sets of
/// criteria are known, the sets, then operand i for test i. Deciding many records then
/// reads a few consecutive cache lines of each, in order. Operands are 32-bit when every
/// one of the record's fits (counts, percentages, dates: almost always), else 64-bit;
/// the label path reads half the memory for the first (docs/performance.md).
struct alignas(64) slots {
    bool usable = false;  // false when a number does not fit 62 bits at its scale
    // An operand unknown where the tree reports an arithmetic error (a division by
    // zero): the label is the same, but an explanation names the error, so the tree
    // explains such a record.
    bool tree_error = false;
    bool narrow = true;  // operands as std::int32_t, else std::int64_t

    /// Lays out `tests` operands (32-bit when `narrow_operands`) and `sets` sets of
    /// criteria of `set_words` words each, every bit and operand zero.
    void lay_out(std::size_t tests, std::size_t sets, std::size_t set_words, bool narrow_operands);
    std::size_t tests() const { return tests_; }
    std::uint64_t* unknown() { return reinterpret_cast<std::uint64_t*>(block()); }  // bit per test: not reported
    const std::uint64_t* unknown() const { return reinterpret_cast<const std::uint64_t*>(block()); }
    std::uint8_t* set_known() { return reinterpret_cast<std::uint8_t*>(block() + known_at_); }  // per set
    const std::uint8_t* set_known() const { return reinterpret_cast<const std::uint8_t*>(block() + known_at_); }
    std::uint64_t* sets() { return reinterpret_cast<std::uint64_t*>(block() + sets_at_); }  // per plan::set_indicators
    const std::uint64_t* sets() const { return reinterpret_cast<const std::uint64_t*>(block() + sets_at_); }
    /// Per test; `T` is std::int32_t when `narrow`, else std::int64_t. Readable up to 32
    /// bytes past the last (vector loads whose extra lanes are masked off).
    template <class T>
    T* operands()
    {
        return reinterpret_cast<T*>(block() + operands_at_);
    }
    template <class T>
    const T* operands() const
    {
        return reinterpret_cast<const T*>(block() + operands_at_);
    }

private:
    static constexpr std::size_t local_bytes = 512 - 16;  // with the fields above: 8 cache lines
    std::byte* block() { return size_ > local_bytes ? heap_.data() : local_.data(); }
    const std::byte* block() const { return size_ > local_bytes ? heap_.data() : local_.data(); }
    std::uint32_t tests_ = 0, size_ = 0, operands_at_ = 0;  // with the flags, the first 16 bytes
    // Holds 64-bit words: aligned for them (a member declared before it once moved it to
    // offset 68, which UBSan reports as misaligned stores).
    alignas(16) std::array<std::byte, local_bytes> local_{};
    std::vector<std::byte> heap_;
    std::uint32_t known_at_ = 0, sets_at_ = 0;  // byte offsets in the block

public:
    // After the block, so that the block starts 16 bytes into the object's first line.
    inline_values<std::uint64_t, 2> unreported;  // bit per indicator: not reported (for explanations)
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
