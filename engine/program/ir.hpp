// SPDX-License-Identifier: Apache-2.0
#pragma once
// The evaluation IR: every op the compiler emits and the evaluator runs, written down
// in one place (in the manner of Lua's lopcodes.h), so that the compiler
// (engine/compile), the evaluator (engine/run/evaluate.cpp) and the flat plan
// (engine/compile/plan_build.cpp) agree on what a node means.
//
// A program is a flat array of nodes. A node is an op, an `index` into one of the
// program's tables, an `aux` flag and its children: `child_count` consecutive entries
// of `program::child_list` from `first_child`, written child0, child1, ... below.
//
// Every op yields a value that may be unknown, the third truth value, standing for
// anything that could not be known: an indicator not reported, a criterion that could
// not be assessed, a failed computation. Unless an op says otherwise, an unknown child
// makes its result unknown, and a computation that fails (division by zero, overflow)
// is unknown too, the first such failure being kept as the criterion's error message.
// Boolean connectives are Kleene's: an answer escapes unknown only if it holds
// whatever the unknown value is (`false and unknown` is false).
//
// `aux` has one meaning, only on the ops that say "aux: negated": 1 flips the result
// of a known answer (`not in`); on every other op it is 0. What an op is about is in
// its name, never in bits of aux.
//
// Types are checked by the compiler before a node is emitted, so the evaluator trusts
// them: where an op below says "numbers", its children are numbers or unknown.
#include "engine/program/value.hpp"

#include <cstdint>

namespace hallmark::engine {

enum class op : std::uint8_t {
    // --- leaves: values read from the program or the assessment --------------------
    constant,             // program::constants[index]; folded expressions end here
    indicator,            // the assessment's value of indicator `index`; unknown if not reported
    assessed_on,          // the assessment's date; always known
    history_assessed_on,  // when label program::history_labels[index] was last awarded; unknown if never
    history_valid_until,  // until when that earlier award is valid; unknown if never awarded

    // --- criteria: index is program::criteria[index] ---------------------------------
    criterion_met,     // the criterion's outcome as a truth value: met, not met, unknown if not assessable
    criterion_gold,    // its gold-level truth value (its outcome when it has no gold clause)
    criterion_points,  // the points its tiers award; unknown if no tier was decided. Read from
                       // its own gold clause, the points computed first (they come before it)

    // --- the criterion bound to the innermost quantifier variable (quantify_all/any) --
    var_met,     // as criterion_met, for that criterion
    var_gold,    // as criterion_gold
    var_points,  // as criterion_points

    // --- groups: index is program::groups[index]; areas: program::areas[index] -------
    group_all,        // every member met: false if one is not met, else unknown if one is unknown
    group_any,        // some member met: true if one is met, else unknown if one is unknown
    group_count_met,  // how many members are met, a whole number; always known
    group_points,     // the sum of the points of the members with tiers; unknown if one's are
    group_complete,   // no member is unknown (not assessable); always known
    area_complete,    // every indicator of area `index` is reported; always known
    at_least_group,   // child0: a whole number n; at least n members met: true once n are met,
                      // false once fewer than n can be, else unknown

    // --- logic over children, all truth values -----------------------------------------
    all_n,        // Kleene and of every child; the first false decides
    any_n,        // Kleene or of every child; the first true decides
    at_least_n,   // child0: a whole number n; at least n of child1.. are true, decided as
                  // at_least_group
    logical_not,  // not child0
    conditional,  // child0 ? child1 : child2; unknown condition: unknown (the branches unread)

    // --- arithmetic, on exact decimals -------------------------------------------------
    negate,      // -child0, a number or a duration
    add,         // child0 + child1: two numbers, or a date child0 moved forward by a duration
    sub,         // child0 - child1: two numbers, or a date child0 moved back by a duration
    mul,         // child0 * child1
    div,         // child0 / child1; division by zero fails (unknown, with an error)
    percent_of,  // `child0 of child1`: child0 is a percentage held as a fraction (30% = 0.3)

    // --- comparisons: two values of one kind, ordered as numbers, dates, durations
    //     (one kind of duration only), booleans or choice indexes -----------------------
    eq,        // child0 = child1
    ne,        // child0 != child1
    lt,        // child0 < child1
    le,        // child0 <= child1
    gt,        // child0 > child1
    ge,        // child0 >= child1
    in_range,  // child1 <= child0 <= child2; aux: negated

    // --- membership ------------------------------------------------------------------
    choice_in_set,     // child1 (a choice) is in child0 (a choice set: a bit per choice); aux: negated
    criterion_in_set,  // criterion `index` is in child0 (a set of criteria); aux: negated
    var_in_set,        // the quantifier's criterion is in child0 (a set of criteria); aux: negated
    var_in_group,      // the quantifier's criterion is a member of group `index`; aux: negated; known
                       // (a named criterion's membership is decided at compile time: a constant)
    set_count,         // the number of elements of child0, a choice set or a set of criteria

    // --- built-in functions of values ----------------------------------------------------
    call,  // program::functions[index] applied to child0..: a built-in function of values
           // (min, round, is_known, ...). What each computes, and how it treats unknown, is
           // its evaluation function beside the table in engine/compile/compile_builtins.cpp

    // --- quantifiers ---------------------------------------------------------------------
    quantify_all,  // child0: a set of criteria; child1 (over var_*) holds for every member,
                   // decided as all_n over the members; unknown set: unknown
    quantify_any,  // child0: a set of criteria; child1 holds for some member, as any_n
};

/// One evaluation step; see `op` for what each op reads from `index`, `aux` and its
/// children.
struct node {
    op code = op::constant;
    std::uint8_t aux = 0;  // 1: negated, on the ops that say so; 0 elsewhere
    std::uint32_t index = 0;
    std::uint32_t first_child = 0;
    std::uint32_t child_count = 0;
    std::uint32_t source = 0;  // index into program::texts, for error messages
};

class evaluator;

/// The arguments of an op::call, each evaluated when asked for, so that a built-in
/// function reads them in order and can stop at the first unknown, as the ops do.
class call_args {
public:
    call_args(evaluator& ev, const node& n) : ev_(ev), n_(n) {}
    std::uint32_t size() const { return n_.child_count; }
    value operator[](std::uint32_t i) const;  // evaluates child i (engine/run/evaluate.cpp)

private:
    evaluator& ev_;
    const node& n_;
};

/// A built-in function of values: its result from its arguments. The table of them is
/// in engine/compile/compile_builtins.cpp; a program keeps the ones it calls.
using builtin_fn = value (*)(const call_args&);

}  // namespace hallmark::engine
