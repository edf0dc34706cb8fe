// SPDX-License-Identifier: Apache-2.0
#pragma once
// Evaluation of the compiled tree against one bound assessment.
#include "engine/program/program.hpp"

#include <hallmark/decision.hpp>

#include <compare>
#include <optional>
#include <string>
#include <vector>

namespace hallmark::engine {

/// An assessment's values in the program's slots, ready for evaluation.
struct bound_input {
    std::vector<value> values;                               // per indicator; unknown when not reported
    std::vector<std::vector<std::uint32_t>> criterion_sets;  // storage behind criterion-set values
    date assessed_on;
    std::vector<std::optional<date>> history_assessed, history_valid;  // per program::history_labels
    slots fast;                                                        // for program::fast, when complete
};

using ::hallmark::outcome;
outcome outcome_of(const value& truth);

/// How two known values of one type compare: numbers, dates, durations of one kind,
/// booleans, choices. What the comparison ops run, and what coverage measures against.
std::strong_ordering compare_values(const value& a, const value& b);

struct criterion_eval {
    outcome result = outcome::not_assessable;
    int tier = -1;      // the tier that gave the points; -1 when none was decided
    value points;       // unknown when the criterion has no tiers or they could not be decided
    value gold;         // the gold-level truth value (the outcome's when there is no gold clause)
    std::string error;  // first arithmetic problem met while evaluating it
};

/// A criterion's evaluation as indexes, without values or strings: what an explanation
/// keeps, whether the tree or the flat plan worked it out.
struct criterion_brief {
    outcome result = outcome::not_assessable;
    outcome gold = outcome::not_assessable;  // the gold-level truth value
    int tier = -1;                           // as criterion_eval::tier
};

/// Where a criterion's evaluation stands. A criterion is computed at most once per
/// evaluator, on first use; while it is `computing`, its own clauses may read its
/// points (its tiers are decided first) without starting over. Cycles between criteria
/// are refused by the compiler, so nothing else meets a criterion while `computing`.
enum class criterion_state : std::uint8_t { pending, computing, done };

/// What `hallmark test --coverage` watches during an evaluation: each comparison with
/// the values it compared, each criterion once decided. The evaluator calls it only when
/// one is set, so evaluation without coverage pays one untaken branch per comparison.
class eval_observer {
public:
    virtual ~eval_observer() = default;
    /// Comparison node `n` compared these known operands (two, or three for a range).
    virtual void compared(std::uint32_t n, const value* operands, std::uint32_t count) = 0;
    virtual void decided(std::uint32_t criterion, const criterion_eval& result) = 0;
};

/// Evaluates nodes for one assessment. Cheap to create; not shared between threads,
/// while the program it reads is. Its per-criterion storage is borrowed from a
/// per-thread pool and given back on destruction, so deciding record after record
/// allocates nothing here.
class evaluator {
public:
    evaluator(const program& p, const bound_input* in);
    ~evaluator();
    evaluator(const evaluator&) = delete;
    evaluator& operator=(const evaluator&) = delete;

    value eval(std::uint32_t n);
    const criterion_eval& criterion(std::uint32_t i);
    /// Whether criterion `i` has been computed (decisions read only those).
    bool computed(std::uint32_t i) const { return state_[i] == criterion_state::done; }
    /// Collects the first arithmetic error of the evaluations that follow.
    void capture_errors(std::string* sink) { errors_ = sink; }
    /// Reports comparisons and criteria to `o` (nullptr: to no one, the default).
    void observe(eval_observer* o) { observer_ = o; }
    bool observed() const { return observer_ != nullptr; }
    /// From now on, a criterion not computed yet is taken from `given` (one per
    /// criterion, as the flat plan worked them out for this same input; they must stay
    /// alive) instead of computed by the tree: the points are its tier's, no error.
    void adopt(const criterion_brief* given) { given_ = given; }

private:
    friend class call_args;  // evaluates the arguments of built-in functions
    value eval_op(const node& n);
    value logic(const node& n);
    value arithmetic(const node& n);
    value comparison(const node& n);
    value group(const node& n);
    value area_complete(const node& n);
    value membership(const node& n);
    value quantify(const node& n);
    value kid(const node& n, std::uint32_t i) { return eval(p_.child_list[n.first_child + i]); }
    void compute_criterion(std::uint32_t i);
    void take_criterion(std::uint32_t i);
    value points_of(std::uint32_t i);

    const program& p_;
    const bound_input* in_;
    std::vector<criterion_state> state_;
    std::vector<criterion_eval> crit_;
    std::vector<std::uint32_t> vars_;
    std::string* errors_ = nullptr;
    eval_observer* observer_ = nullptr;
    const criterion_brief* given_ = nullptr;
};

}  // namespace hallmark::engine
