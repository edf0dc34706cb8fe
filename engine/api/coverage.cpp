// SPDX-License-Identifier: Apache-2.0
// Test coverage: which goals of each rule the tests reached. A comparison with a
// constant has two sides, and a test should stand on each, as near the boundary as the
// values allow: `x >= 30` at 30 and at 29; `x > 30` at 30 and at 31; `x = 30` at 30, 29
// and 31. The step is one of the operand's precision: 1 for whole numbers, a day for
// dates, the tier points nearest the boundary for a criterion's points, and for other
// numbers one unit of the constant's last written digit (`0.5 FTE`: from 0.4 up to 0.5;
// a percentage counts in percentage points: `60%`: from 59% up to 60%). All of it is
// computed with exact decimals.
#include "engine/api/coverage.hpp"

#include "engine/run/bind.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace hallmark::engine {
namespace {

// The fewest decimal places that hold `d` exactly (a division may have padded it).
int significant_places(const decimal& d)
{
    for (int k = 0; k < decimal::max_scale; ++k)
        if (d.round(k) == d) return k;
    return decimal::max_scale;
}

decimal power_of_ten_step(int places) { return decimal::from_scaled(1, places); }

bool is_constant(const program& p, std::uint32_t n) { return p.nodes[n].code == op::constant; }
std::uint32_t child(const program& p, std::uint32_t n, std::uint32_t i)
{
    return p.child_list[p.nodes[n].first_child + i];
}

// What is known statically of an operand: its type where a declaration gives one, and
// for a criterion's points the points its tiers can give.
struct operand_info {
    type t = type::number();
    std::optional<std::vector<decimal>> discrete;  // the only values it can take
};

operand_info info_of(const program& p, std::uint32_t n)
{
    const node& nd = p.nodes[n];
    for (const auto& l : p.lets)
        if (l.node == n) return {l.static_type, {}};
    switch (nd.code) {
    case op::indicator: return {p.indicators[nd.index].static_type, {}};
    case op::criterion_points: {
        std::vector<decimal> points;
        for (const auto& t : p.criteria[nd.index].tiers) points.push_back(t.points);
        return {type::number(), points};
    }
    case op::group_count_met:
    case op::set_count: return {type::number({}, true), {}};
    case op::add:
    case op::sub:
    case op::negate:
        for (std::uint32_t i = 0; i < nd.child_count; ++i)
            if (!is_constant(p, child(p, n, i))) return {info_of(p, child(p, n, i)).t, {}};
        return {};
    default: return {};
    }
}

decimal step_of(const operand_info& o, const decimal& bound)
{
    if (o.t.integral) return decimal::from_int(1);
    const int places = significant_places(bound);
    return power_of_ten_step(o.t.percent ? std::max(places, 2) : places);
}

std::string shown(const program& p, const value& v, const type& t) { return show(p, v, t); }

// The nearest value a discrete operand can take strictly below (or above) the bound.
std::optional<decimal> nearest(const std::vector<decimal>& values, const decimal& bound, bool below)
{
    std::optional<decimal> best;
    for (const auto& v : values)
        if (below ? v < bound : v > bound)
            if (!best || (below ? v > *best : v < *best)) best = v;
    return best;
}

void add_side(const program& p, const operand_info& o, const value& bound, bool below,
              std::vector<boundary_goal>& goals)
{
    const char* word = below ? "just below" : "just above";
    if (bound.kind == value::tag::number && o.discrete) {
        const auto next = nearest(*o.discrete, bound.number, below);
        if (!next) return;  // no tier gives a value on that side: nothing to test
        goals.push_back({boundary_goal::test::exactly,
                         value::of(*next),
                         {},
                         fmt::format("{}: {} (the nearest tier)", word, shown(p, value::of(*next), o.t))});
        return;
    }
    if (bound.kind == value::tag::date) {
        const value next = value::of(bound.day.add_days(below ? -1 : 1));
        goals.push_back({boundary_goal::test::exactly, next, {}, fmt::format("{}: {}", word, next.day.to_string())});
        return;
    }
    if (bound.kind != value::tag::number) {
        goals.push_back({below ? boundary_goal::test::below : boundary_goal::test::above, bound, {}, word});
        return;
    }
    const decimal step = step_of(o, bound.number);
    const value edge = value::of(below ? bound.number - step : bound.number + step);
    const std::string e = shown(p, edge, o.t), b = shown(p, bound, o.t);
    goals.push_back({below ? boundary_goal::test::below : boundary_goal::test::above, bound, step,
                     o.t.integral ? fmt::format("{}: {}", word, e)
                     : below      ? fmt::format("{}: {} <= x < {}", word, e, b)
                                  : fmt::format("{}: {} < x <= {}", word, b, e)});
}

void add_at(const program& p, const operand_info& o, const value& bound, std::vector<boundary_goal>& goals)
{
    if (o.discrete && bound.kind == value::tag::number &&
        std::find(o.discrete->begin(), o.discrete->end(), bound.number) == o.discrete->end())
        return;  // no tier gives exactly the bound
    goals.push_back({boundary_goal::test::at, bound, {}, fmt::format("at {}", shown(p, bound, o.t))});
}

op mirrored(op code)
{
    switch (code) {
    case op::lt: return op::gt;
    case op::le: return op::ge;
    case op::gt: return op::lt;
    case op::ge: return op::le;
    default: return code;
    }
}

bool ordered_kind(const value& v)
{
    return v.kind == value::tag::number || v.kind == value::tag::date || v.kind == value::tag::duration;
}

// The goals of `operand CODE bound`: the boundary and the nearest value past it.
std::vector<boundary_goal> goals_of(const program& p, const operand_info& o, op code, const value& bound)
{
    std::vector<boundary_goal> goals;
    if ((code == op::eq || code == op::ne) && !ordered_kind(bound)) {
        const std::string b = shown(p, bound, o.t);
        goals.push_back({boundary_goal::test::at, bound, {}, fmt::format("= {}", b)});
        goals.push_back({boundary_goal::test::differs, bound, {}, fmt::format("!= {}", b)});
        return goals;
    }
    add_at(p, o, bound, goals);
    if (code == op::ge || code == op::lt || code == op::eq || code == op::ne) add_side(p, o, bound, true, goals);
    if (code == op::gt || code == op::le || code == op::eq || code == op::ne) add_side(p, o, bound, false, goals);
    return goals;
}

bool reaches(const boundary_goal& g, const value& v)
{
    if (v.kind != g.bound.kind) return false;
    const auto o = compare_values(v, g.bound);
    switch (g.how) {
    case boundary_goal::test::at:
    case boundary_goal::test::exactly: return o == 0;
    case boundary_goal::test::differs: return o != 0;
    case boundary_goal::test::below:
        return o < 0 && (v.kind != value::tag::number || v.number >= g.bound.number - g.step);
    case boundary_goal::test::above:
        return o > 0 && (v.kind != value::tag::number || v.number <= g.bound.number + g.step);
    }
    return false;
}

}  // namespace

coverage_collector::coverage_collector(const program& p)
    : p_(p), criteria_(p.criteria.size(), {0, 0, 0}), tiers_(p.criteria.size()), labels_(p.labels.size(), {0, 0})
{
    for (std::size_t i = 0; i < p.criteria.size(); ++i) tiers_[i].assign(p.criteria[i].tiers.size(), 0);
    find_thresholds();
}

// The comparisons the rules can reach, from each criterion, label and let.
void coverage_collector::find_thresholds()
{
    std::vector<bool> seen(p_.nodes.size(), false);
    for (const auto& c : p_.criteria) {
        for (const auto& t : c.tiers)
            if (t.when) walk(*t.when, c.id, seen);
        if (c.requirement) walk(*c.requirement, c.id, seen);
        if (c.gold) walk(*c.gold, c.id, seen);
    }
    for (const auto& l : p_.labels)
        for (const auto& c : l.conjuncts) walk(c.node, l.id, seen);
    for (const auto& l : p_.lets) walk(l.node, l.id, seen);
    threshold_evaluated_.assign(thresholds_.size(), 0);
    threshold_seen_.resize(thresholds_.size());
    for (std::size_t i = 0; i < thresholds_.size(); ++i) {
        threshold_seen_[i].assign(thresholds_[i].goals.size(), 0);
        threshold_of_node_[thresholds_[i].node] = i;
    }
}

void coverage_collector::walk(std::uint32_t n, const std::string& within, std::vector<bool>& seen)
{
    if (seen[n]) return;
    seen[n] = true;
    const node& nd = p_.nodes[n];
    for (std::uint32_t i = 0; i < nd.child_count; ++i) walk(child(p_, n, i), within, seen);
    add_threshold(n, within);
}

void coverage_collector::add_threshold(std::uint32_t n, const std::string& within)
{
    const node& nd = p_.nodes[n];
    threshold_spec spec{n, 0, {}};
    if (nd.code == op::in_range) {
        const auto x = child(p_, n, 0);
        if (is_constant(p_, x)) return;
        const auto info = info_of(p_, x);
        const bool negated = nd.aux != 0;
        for (std::uint32_t side = 1; side <= 2; ++side) {
            const auto k = child(p_, n, side);
            if (!is_constant(p_, k)) continue;
            auto more = goals_of(p_, info, side == 1 ? (negated ? op::lt : op::ge) : (negated ? op::gt : op::le),
                                 p_.constants[p_.nodes[k].index]);
            spec.goals.insert(spec.goals.end(), more.begin(), more.end());
        }
    } else if (nd.code == op::eq || nd.code == op::ne || nd.code == op::lt || nd.code == op::le || nd.code == op::gt ||
               nd.code == op::ge) {
        const auto a = child(p_, n, 0), b = child(p_, n, 1);
        if (is_constant(p_, a) == is_constant(p_, b)) return;  // two values, or folded
        spec.operand = is_constant(p_, a) ? 1 : 0;
        const auto k = spec.operand == 0 ? b : a;
        const op code = spec.operand == 0 ? nd.code : mirrored(nd.code);
        spec.goals = goals_of(p_, info_of(p_, spec.operand == 0 ? a : b), code, p_.constants[p_.nodes[k].index]);
    }
    if (spec.goals.empty()) return;
    thresholds_.push_back(std::move(spec));
    threshold_within_.push_back(within);
}

void coverage_collector::compared(std::uint32_t n, const value* operands, std::uint32_t)
{
    const auto it = threshold_of_node_.find(n);
    if (it == threshold_of_node_.end()) return;
    const auto& spec = thresholds_[it->second];
    ++threshold_evaluated_[it->second];
    const value& v = operands[spec.operand];
    for (std::size_t g = 0; g < spec.goals.size(); ++g)
        if (reaches(spec.goals[g], v)) ++threshold_seen_[it->second][g];
}

void coverage_collector::decided(std::uint32_t criterion, const criterion_eval& r)
{
    ++criteria_[criterion][r.result == outcome::met ? 0 : r.result == outcome::not_met ? 1 : 2];
    if (r.tier >= 0) ++tiers_[criterion][static_cast<std::size_t>(r.tier)];
}

void coverage_collector::labels(const decision& d)
{
    for (std::size_t i = 0; i < d.labels.size() && i < labels_.size(); ++i)
        ++labels_[i][d.labels[i].result == outcome::met ? 0 : 1];
}

}  // namespace hallmark::engine
