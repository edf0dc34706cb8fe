// SPDX-License-Identifier: Apache-2.0
// Evaluation steps. Logic is three-valued (Kleene): unknown stands for a value that
// is missing or could not be computed, and only an answer that holds whatever the
// unknown value is escapes it (`false and unknown` is false).
#include "engine/run/evaluate.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <bit>

namespace hallmark {

const char* to_string(outcome o)
{
    switch (o) {
    case outcome::met: return "met";
    case outcome::not_met: return "not_met";
    case outcome::not_assessable: return "not_assessable";
    }
    return "not_assessable";
}

}  // namespace hallmark

namespace hallmark::engine {

outcome outcome_of(const value& truth)
{
    if (!truth.known()) return outcome::not_assessable;
    return truth.flag ? outcome::met : outcome::not_met;
}

namespace {

// Storage that evaluators on this thread lend each other: a batch decides record after
// record, and allocating a cache per criterion for each of them was a tenth of the work.
struct eval_storage {
    std::vector<criterion_state> state;
    std::vector<criterion_eval> crit;
    std::vector<std::uint32_t> vars;
};

std::vector<eval_storage>& storage_pool()
{
    thread_local std::vector<eval_storage> pool;
    return pool;
}

}  // namespace

evaluator::evaluator(const program& p, const bound_input* in) : p_(p), in_(in)
{
    auto& pool = storage_pool();
    if (!pool.empty()) {
        state_ = std::move(pool.back().state);
        crit_ = std::move(pool.back().crit);
        vars_ = std::move(pool.back().vars);
        pool.pop_back();
    }
    const auto n = p.criteria.size();
    state_.assign(n, criterion_state::pending);
    crit_.resize(n);  // each is reset when computed: most decisions read few criteria
    vars_.clear();
}

evaluator::~evaluator()
{
    // A few are kept: evaluators nest (a compile-time evaluation inside another) but not deeply.
    auto& pool = storage_pool();
    if (pool.size() < 4) pool.push_back({std::move(state_), std::move(crit_), std::move(vars_)});
}

value evaluator::eval(std::uint32_t n)
{
    const node& nd = p_.nodes[n];
    try {
        return eval_op(nd);
    } catch (const arithmetic_error& e) {
        if (errors_ && errors_->empty()) *errors_ = fmt::format("{} in '{}'", e.what(), p_.texts[nd.source]);
        return value::unknown();
    }
}

namespace {

value known_date(const std::optional<date>& d) { return d ? value::of(*d) : value::unknown(); }

value met_of(const criterion_eval& c)
{
    return c.result == outcome::not_assessable ? value::unknown() : value::of(c.result == outcome::met);
}

}  // namespace

// Every op has its case and there is no `default:`, so -Wswitch names an op added to
// ir.hpp and forgotten here, instead of it silently evaluating to unknown.
value evaluator::eval_op(const node& n)
{
    switch (n.code) {
    case op::constant: return p_.constants[n.index];
    case op::indicator: return in_->values[n.index];
    case op::assessed_on: return value::of(in_->assessed_on);
    case op::history_assessed_on: return known_date(in_->history_assessed[n.index]);
    case op::history_valid_until: return known_date(in_->history_valid[n.index]);
    case op::criterion_met: return met_of(criterion(n.index));
    case op::criterion_gold: return criterion(n.index).gold;
    case op::criterion_points: return points_of(n.index);
    case op::var_met: return met_of(criterion(vars_.back()));
    case op::var_gold: return criterion(vars_.back()).gold;
    case op::var_points: return points_of(vars_.back());
    case op::group_all:
    case op::group_any:
    case op::group_count_met:
    case op::group_points:
    case op::group_complete:
    case op::at_least_group: return group(n);
    case op::area_complete: return area_complete(n);
    case op::all_n:
    case op::any_n:
    case op::at_least_n:
    case op::logical_not:
    case op::conditional: return logic(n);
    case op::negate:
    case op::add:
    case op::sub:
    case op::mul:
    case op::div:
    case op::percent_of: return arithmetic(n);
    case op::eq:
    case op::ne:
    case op::lt:
    case op::le:
    case op::gt:
    case op::ge:
    case op::in_range: return comparison(n);
    case op::choice_in_set:
    case op::criterion_in_set:
    case op::var_in_set:
    case op::var_in_group:
    case op::set_count: return membership(n);
    case op::call: return p_.functions[n.index](call_args(*this, n));
    case op::quantify_all:
    case op::quantify_any: return quantify(n);
    }
    return value::unknown();  // not reached: every op returns above
}

value evaluator::logic(const node& n)
{
    if (n.code == op::logical_not) {
        const value v = kid(n, 0);
        return v.known() ? value::of(!v.flag) : v;
    }
    if (n.code == op::conditional) {
        const value c = kid(n, 0);
        if (!c.known()) return c;
        return kid(n, c.flag ? 1 : 2);
    }
    if (n.code == op::at_least_n) {
        const value need = kid(n, 0);
        if (!need.known()) return need;
        std::int64_t yes = 0, maybe = 0;
        for (std::uint32_t i = 1; i < n.child_count; ++i) {
            const value v = kid(n, i);
            if (!v.known()) ++maybe;
            else if (v.flag) ++yes;
        }
        const auto wanted = need.number.to_int64().value_or(0);
        if (yes >= wanted) return value::of(true);
        if (yes + maybe < wanted) return value::of(false);
        return value::unknown();
    }
    // all_n / any_n: the deciding value short-circuits; unknown only if nothing decides.
    const bool decisive = n.code == op::any_n;
    bool unknown = false;
    for (std::uint32_t i = 0; i < n.child_count; ++i) {
        const value v = kid(n, i);
        if (!v.known()) unknown = true;
        else if (v.flag == decisive) return value::of(decisive);
    }
    return unknown ? value::unknown() : value::of(!decisive);
}

namespace {

value date_shift(const value& d, const value& span, bool subtract)
{
    const std::int64_t sign = subtract ? -1 : 1;
    return value::of(d.day.add_months(sign * span.months).add_days(sign * span.days));
}

}  // namespace

value evaluator::arithmetic(const node& n)
{
    const value a = kid(n, 0);
    if (!a.known()) return a;
    if (n.code == op::negate)
        return a.kind == value::tag::duration ? [&] { value v = a; v.months = -a.months; v.days = -a.days; return v; }()
                                              : value::of(-a.number);
    const value b = kid(n, 1);
    if (!b.known()) return b;
    switch (n.code) {
    case op::add: return a.kind == value::tag::date ? date_shift(a, b, false) : value::of(a.number + b.number);
    case op::sub: return a.kind == value::tag::date ? date_shift(a, b, true) : value::of(a.number - b.number);
    case op::mul:
    case op::percent_of: return value::of(a.number * b.number);
    case op::div: return value::of(a.number / b.number);
    default: return value::unknown();
    }
}

std::strong_ordering compare_values(const value& a, const value& b)
{
    if (a.kind == value::tag::date) return a.day <=> b.day;
    if (a.kind == value::tag::number) return a.number <=> b.number;
    // The checker only lets durations of one kind meet (days with days, months with
    // months), so one of the two parts is zero on both sides and this order is exact.
    if (a.kind == value::tag::duration) return a.months != b.months ? a.months <=> b.months : a.days <=> b.days;
    if (a.kind == value::tag::boolean) return a.flag <=> b.flag;
    return a.bits <=> b.bits;
}

value evaluator::comparison(const node& n)
{
    const value a = kid(n, 0);
    const value b = kid(n, 1);
    if (!a.known()) return a;
    if (!b.known()) return b;
    if (n.code == op::in_range) {
        const value c = kid(n, 2);
        if (!c.known()) return c;
        if (observer_) [[unlikely]] {
            const value operands[] = {a, b, c};
            observer_->compared(static_cast<std::uint32_t>(&n - p_.nodes.data()), operands, 3);
        }
        const bool inside = compare_values(a, b) >= 0 && compare_values(a, c) <= 0;
        return value::of(inside != (n.aux != 0));
    }
    if (observer_) [[unlikely]] {
        const value operands[] = {a, b};
        observer_->compared(static_cast<std::uint32_t>(&n - p_.nodes.data()), operands, 2);
    }
    const auto o = compare_values(a, b);
    switch (n.code) {
    case op::eq: return value::of(o == 0);
    case op::ne: return value::of(o != 0);
    case op::lt: return value::of(o < 0);
    case op::le: return value::of(o <= 0);
    case op::gt: return value::of(o > 0);
    default: return value::of(o >= 0);  // op::ge, the last of the ops eval_op sends here
    }
}

// The membership ops; see ir.hpp. `aux` 1 negates a known answer.
value evaluator::membership(const node& n)
{
    const bool negated = n.aux != 0;
    if (n.code == op::var_in_group) {
        const auto& members = p_.groups[n.index].members;
        const bool found = std::find(members.begin(), members.end(), vars_.back()) != members.end();
        return value::of(found != negated);
    }
    const value set = kid(n, 0);
    if (!set.known()) return set;
    if (n.code == op::set_count) {
        const auto count = set.kind == value::tag::criterion_set ? set.count : std::popcount(set.bits);
        return value::of(decimal::from_int(count));
    }
    bool found = false;
    if (n.code == op::choice_in_set) {
        const value element = kid(n, 1);
        if (!element.known()) return element;
        found = (set.bits >> element.bits) & 1U;
    } else {
        const std::uint32_t wanted = n.code == op::var_in_set ? vars_.back() : n.index;
        for (std::uint32_t i = 0; i < set.count; ++i) found = found || set.items[i] == wanted;
    }
    return value::of(found != negated);
}

value evaluator::area_complete(const node& n)
{
    for (auto i : p_.areas[n.index].indicators)
        if (!in_->values[i].known()) return value::of(false);
    return value::of(true);
}

value evaluator::group(const node& n)
{
    const auto& members = p_.groups[n.index].members;
    std::int64_t met = 0, unknown = 0, not_met = 0;
    decimal points;
    bool points_known = true;
    for (auto c : members) {
        const auto& r = criterion(c);
        met += r.result == outcome::met;
        unknown += r.result == outcome::not_assessable;
        not_met += r.result == outcome::not_met;
        if (!p_.criteria[c].tiers.empty()) {
            if (r.points.known()) points = points + r.points.number;
            else points_known = false;
        }
    }
    switch (n.code) {
    case op::group_all: return not_met ? value::of(false) : unknown ? value::unknown() : value::of(true);
    case op::group_any: return met ? value::of(true) : unknown ? value::unknown() : value::of(false);
    case op::group_count_met: return value::of(decimal::from_int(met));
    case op::group_complete: return value::of(unknown == 0);
    case op::group_points: return points_known ? value::of(points) : value::unknown();
    default: {  // at_least_group
        const value need = kid(n, 0);
        if (!need.known()) return need;
        const auto wanted = need.number.to_int64().value_or(0);
        if (met >= wanted) return value::of(true);
        if (met + unknown < wanted) return value::of(false);
        return value::unknown();
    }
    }
}

value evaluator::quantify(const node& n)
{
    const value set = kid(n, 0);
    if (!set.known()) return set;
    const bool decisive = n.code == op::quantify_any;
    bool unknown = false;
    for (std::uint32_t i = 0; i < set.count; ++i) {
        vars_.push_back(set.items[i]);
        const value v = kid(n, 1);
        vars_.pop_back();
        if (!v.known()) unknown = true;
        else if (v.flag == decisive) return value::of(decisive);
    }
    return unknown ? value::unknown() : value::of(!decisive);
}

value call_args::operator[](std::uint32_t i) const { return ev_.kid(n_, i); }

value evaluator::points_of(std::uint32_t i)
{
    // Its own clauses read the points, decided from its tiers before them.
    if (state_[i] == criterion_state::computing) return crit_[i].points;
    return criterion(i).points;
}

const criterion_eval& evaluator::criterion(std::uint32_t i)
{
    if (state_[i] == criterion_state::pending) {
        if (given_) take_criterion(i);
        else compute_criterion(i);
    }
    return crit_[i];
}

namespace {

// Only what compute_criterion reads before writing; the error keeps its capacity.
void reset(criterion_eval& r)
{
    r.result = outcome::not_assessable;
    r.tier = -1;
    r.points = value::unknown();
    r.error.clear();
}

}  // namespace

void evaluator::take_criterion(std::uint32_t i)
{
    const auto& g = given_[i];
    auto& r = crit_[i];
    reset(r);
    r.result = g.result;
    r.tier = g.tier;
    if (g.tier >= 0) r.points = value::of(p_.criteria[i].tiers[static_cast<std::size_t>(g.tier)].points);
    r.gold = g.gold == outcome::not_assessable ? value::unknown() : value::of(g.gold == outcome::met);
    state_[i] = criterion_state::done;
}

void evaluator::compute_criterion(std::uint32_t i)
{
    state_[i] = criterion_state::computing;
    const auto& info = p_.criteria[i];
    auto& r = crit_[i];
    reset(r);
    std::string* outer = errors_;
    errors_ = &r.error;
    for (const auto& t : info.tiers) {
        const value when = t.when ? eval(*t.when) : value::of(true);
        if (!when.known()) break;
        if (when.flag) {
            r.points = value::of(t.points);
            r.tier = static_cast<int>(&t - info.tiers.data());
            break;
        }
    }
    const value requirement = info.requirement ? eval(*info.requirement) : value::unknown();
    const value gold = info.gold ? eval(*info.gold) : value::unknown();
    if (info.requirement) r.result = outcome_of(requirement);
    else if (info.gold) r.result = outcome_of(gold);
    else
        r.result = !r.points.known()                                            ? outcome::not_assessable
                   : r.points.number.is_zero() || r.points.number.is_negative() ? outcome::not_met
                                                                                : outcome::met;
    r.gold = info.gold                             ? gold
             : r.result == outcome::not_assessable ? value::unknown()
                                                   : value::of(r.result == outcome::met);
    errors_ = outer;
    state_[i] = criterion_state::done;
    if (observer_) [[unlikely]]
        observer_->decided(i, r);
}

}  // namespace hallmark::engine
