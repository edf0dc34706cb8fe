// SPDX-License-Identifier: Apache-2.0
// Building the flat plan: every criterion and label part the plan can take becomes
// tests of one operand (plan_shapes.cpp) and steps in three-valued logic over them,
// each with the tree's meaning of its op (engine/program/ir.hpp). What cannot be taken
// is named in the plan's coverage, and the labels then stay on the tree.
#include "engine/compile/plan_builder.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace hallmark::engine {
namespace {

using tk = slot_test::kind;
using sk = plan_step::kind;

// Points beyond this (scaled) could overflow a sum of them: such tiers stay on the tree.
constexpr std::int64_t points_limit = std::int64_t{1} << 50;

int points_scale_of(const program& p)
{
    int scale = 0;
    for (const auto& c : p.criteria)
        for (const auto& t : c.tiers) scale = std::max(scale, t.points.places());
    return scale;
}

}  // namespace

plan_builder::plan_builder(const program& p, const std::set<std::uint32_t>& refused)
    : p_(p), refused_(refused), criteria_(p.criteria.size()), points_scale_(points_scale_of(p))
{}

std::nullopt_t plan_builder::refuse(const node& n, const std::string& what)
{
    why_ = fmt::format("'{}': {}", p_.texts[n.source], what);
    return std::nullopt;
}

plan_ref plan_builder::truth_step(pending_step s)
{
    s.step.out = truth_steps_++;
    steps_.push_back(std::move(s));
    return {false, steps_.back().step.out};
}

std::uint32_t plan_builder::register_step(pending_step s, int scale)
{
    s.step.out = static_cast<std::uint32_t>(register_scale_.size());
    register_scale_.push_back(scale);
    steps_.push_back(std::move(s));
    return steps_.back().step.out;
}

// A position read twice by one count would be counted once in a mask: the repeats
// become copies (a step of their own), so counts stay the tree's.
std::vector<plan_ref> plan_builder::distinct(std::vector<plan_ref> refs)
{
    for (std::size_t i = 0; i < refs.size(); ++i)
        for (std::size_t j = 0; j < i; ++j)
            if (refs[j].test == refs[i].test && refs[j].index == refs[i].index) {
                refs[i] = gate(1, {refs[i]}, false);
                break;
            }
    return refs;
}

plan_ref plan_builder::gate(std::int64_t need, std::vector<plan_ref> inputs, bool negate)
{
    inputs = distinct(std::move(inputs));
    pending_step s;
    s.step.how = sk::at_least;
    s.step.need = need;
    s.step.negate = negate;
    s.inputs = std::move(inputs);
    return truth_step(std::move(s));
}

std::optional<plan_ref> plan_builder::test(std::uint32_t n)
{
    if (refused_.count(n)) return refuse(p_.nodes[n], "a constant does not fit the plan's integers");
    auto s = shape_of(p_, p_.nodes[n], why_);
    if (!s) return std::nullopt;
    shapes_.push_back(std::move(*s));
    shape_nodes_.push_back(n);
    return plan_ref{true, static_cast<std::uint32_t>(shapes_.size() - 1)};
}

std::optional<plan_ref> plan_builder::truth(std::uint32_t index)
{
    const node& n = p_.nodes[index];
    switch (n.code) {
    case op::constant:
        if (const value* v = constant_of(p_, &n, value::tag::boolean)) return gate(0, {}, !v->flag);
        return refuse(n, "a constant that is not a truth value");
    case op::criterion_met:
    case op::criterion_gold:
        if (!criterion(n.index)) return std::nullopt;
        return n.code == op::criterion_met ? criteria_[n.index].met : criteria_[n.index].gold;
    case op::group_all:
    case op::group_any:
    case op::group_complete:
    case op::at_least_group: return group_truth(n);
    case op::all_n:
    case op::any_n:
    case op::at_least_n: return logic(n);
    case op::logical_not:
        if (auto t = test(index)) return t;
        if (auto inner = truth(p_.child_list[n.first_child])) return gate(1, {*inner}, true);
        return std::nullopt;
    case op::eq:
    case op::ne:
    case op::lt:
    case op::le:
    case op::gt:
    case op::ge:
    case op::in_range:
        if (auto t = test(index)) return t;
        return register_comparison(n);
    case op::quantify_all:
    case op::quantify_any: return quantifier(n);
    case op::criterion_in_set: return membership(n);
    default: return test(index);
    }
}

std::optional<plan_ref> plan_builder::logic(const node& n)
{
    std::int64_t need = n.code == op::any_n ? 1 : n.child_count;
    std::uint32_t first = 0;
    if (n.code == op::at_least_n) {
        const value* c = constant_of(p_, child(p_, n, 0), value::tag::number);
        if (!c) return refuse(n, "at_least of a number that is not a constant");
        need = c->number.to_int64().value_or(0);
        first = 1;
    }
    std::vector<plan_ref> inputs;
    for (std::uint32_t i = first; i < n.child_count; ++i) {
        auto t = truth(p_.child_list[n.first_child + i]);
        if (!t) return std::nullopt;
        inputs.push_back(*t);
    }
    return gate(need, std::move(inputs), false);
}

std::optional<std::vector<plan_ref>> plan_builder::members_met(std::uint32_t group)
{
    std::vector<plan_ref> out;
    for (auto c : p_.groups[group].members) {
        if (!criterion(c)) return std::nullopt;
        out.push_back(criteria_[c].met);
    }
    return out;
}

std::optional<plan_ref> plan_builder::group_truth(const node& n)
{
    auto members = members_met(n.index);
    if (!members) return std::nullopt;
    const auto size = static_cast<std::int64_t>(members->size());
    switch (n.code) {
    case op::group_all: return gate(size, std::move(*members), false);
    case op::group_any: return gate(1, std::move(*members), false);
    case op::group_complete: {
        pending_step s;
        s.step.how = sk::complete;
        s.inputs = distinct(std::move(*members));
        return truth_step(std::move(s));
    }
    default: {  // at_least_group: a constant count, read as the tree reads it
        const value* c = constant_of(p_, child(p_, n, 0), value::tag::number);
        if (!c) return refuse(n, "at_least of a number that is not a constant");
        return gate(c->number.to_int64().value_or(0), std::move(*members), false);
    }
    }
}

// A number the steps compute: points, sums of points, counts of criteria met.
std::optional<std::uint32_t> plan_builder::number(const node& n)
{
    if (n.code == op::criterion_points) return points(n.index);
    if (n.code == op::group_count_met) {
        auto members = members_met(n.index);
        if (!members) return std::nullopt;
        pending_step s;
        s.step.how = sk::count;
        s.inputs = distinct(std::move(*members));
        return register_step(std::move(s), 0);
    }
    if (n.code != op::group_points) return std::nullopt;  // the test's reason stands
    pending_step s;
    s.step.how = sk::sum;
    for (auto c : p_.groups[n.index].members) {
        if (p_.criteria[c].tiers.empty()) continue;
        auto r = points(c);
        if (!r) return std::nullopt;
        s.registers.push_back(*r);
    }
    return register_step(std::move(s), points_scale_);
}

// The first tier whose condition holds; its points as an integer at the points scale.
std::optional<std::uint32_t> plan_builder::points(std::uint32_t c)
{
    auto& slot = criteria_[c];
    if (slot.points) return slot.points;
    const auto& info = p_.criteria[c];
    if (info.tiers.empty() || slot.tiers_open) {
        why_ = fmt::format("the points of {} {}", info.id, info.tiers.empty() ? "(it has no tiers)" : "in its tiers");
        return std::nullopt;
    }
    pending_step s;
    s.step.how = sk::tiers;
    slot.tiers_open = true;
    for (const auto& t : info.tiers) {
        bool inexact = false;
        const auto scaled = t.points.floor_scaled(points_scale_, inexact);
        std::optional<plan_ref> when;
        if (t.when && !(when = truth(*t.when))) break;
        if (!scaled || *scaled > points_limit || *scaled < -points_limit) {
            why_ = fmt::format("the points of {}: too large for the plan", info.id);
            break;
        }
        s.tiers.emplace_back(when, *scaled);
    }
    slot.tiers_open = false;
    if (s.tiers.size() != info.tiers.size()) return std::nullopt;
    slot.points = register_step(std::move(s), points_scale_);
    return slot.points;
}

// `register OP constant` (either side), or `register in lo..hi`.
std::optional<plan_ref> plan_builder::register_comparison(const node& n)
{
    const node* x = child(p_, n, 0);
    const node* y = child(p_, n, 1);
    const bool flipped = n.code != op::in_range && x->code == op::constant;
    if (flipped) std::swap(x, y);
    const auto reg = number(*x);
    if (!reg) return std::nullopt;
    std::vector<const value*> constants{constant_of(p_, y, value::tag::number)};
    if (n.code == op::in_range) constants.push_back(constant_of(p_, child(p_, n, 2), value::tag::number));
    pending_step s;
    s.step.how = sk::compare;
    s.step.reg = *reg;
    std::int64_t* ends[] = {&s.step.a, &s.step.b};
    for (std::size_t i = 0; i < constants.size(); ++i) {
        bool inexact = false;
        const auto k = constants[i] ? constants[i]->number.floor_scaled(register_scale_[*reg], inexact) : std::nullopt;
        if (!k) return refuse(n, "a number compared with something other than a constant that fits");
        *ends[i] = 2 * *k + inexact;  // the slot form: exact against the register's even 2 * value
    }
    static constexpr tk kinds[] = {tk::eq, tk::ne, tk::lt, tk::le, tk::gt, tk::ge};
    const auto code = static_cast<int>(n.code) - static_cast<int>(op::eq);
    s.step.test = n.code == op::in_range ? (n.aux ? tk::out_of_range : tk::in_range) : kinds[code];
    if (flipped) s.step.test = mirrored(s.step.test);
    return truth_step(std::move(s));
}

// A set of criteria read from the assessment: its place among the plan's sets.
std::optional<std::uint32_t> plan_builder::set_of(const node& n)
{
    if (n.code != op::indicator || p_.indicators[n.index].static_type.kind != vtype::criterion_set)
        return refuse(n, "a set of criteria that is not an indicator");
    auto& sets = pl_.set_indicators;
    const auto at = std::find(sets.begin(), sets.end(), n.index);
    if (at != sets.end()) return static_cast<std::uint32_t>(at - sets.begin());
    sets.push_back(n.index);
    return static_cast<std::uint32_t>(sets.size() - 1);
}

bool plan_builder::body_of(const node& n, std::vector<body_op>& out)
{
    using bk = body_op::kind;
    switch (n.code) {
    case op::var_met: out.push_back({bk::met, 0}); return true;
    case op::var_gold: out.push_back({bk::gold, 0}); return true;
    case op::var_in_group:
        out.push_back({bk::group, n.index});
        if (n.aux) out.push_back({bk::negate, 0});
        return true;
    case op::logical_not:
        if (!body_of(*child(p_, n, 0), out)) return false;
        out.push_back({bk::negate, 0});
        return true;
    case op::all_n:
    case op::any_n:
        for (std::uint32_t i = 0; i < n.child_count; ++i)
            if (!body_of(*child(p_, n, i), out)) return false;
        out.push_back({n.code == op::all_n ? bk::all : bk::any, n.child_count});
        return true;
    default: refuse(n, "a quantifier's condition the plan does not take"); return false;
    }
}

bool plan_builder::every_criterion()
{
    for (std::uint32_t c = 0; c < p_.criteria.size(); ++c)
        if (!criterion(c)) return false;
    return true;
}

std::optional<plan_ref> plan_builder::quantifier(const node& n)
{
    const auto set = set_of(*child(p_, n, 0));
    if (!set) return std::nullopt;
    pending_step s;
    s.step.how = n.code == op::quantify_all ? sk::quantify_all : sk::quantify_any;
    s.step.reg = *set;
    if (!body_of(*child(p_, n, 1), s.body)) return std::nullopt;
    if (!every_criterion()) return std::nullopt;  // any of them may be in the set
    return truth_step(std::move(s));
}

std::optional<plan_ref> plan_builder::membership(const node& n)
{
    const auto set = set_of(*child(p_, n, 0));
    if (!set) return std::nullopt;
    pending_step s;
    s.step.how = sk::in_set;
    s.step.reg = *set;
    s.step.need = n.index;
    const auto in = truth_step(std::move(s));
    return n.aux ? gate(1, {in}, true) : in;
}

// A criterion's outcome and gold value, as the tree computes them (compute_criterion).
bool plan_builder::criterion(std::uint32_t c)
{
    auto& slot = criteria_[c];
    if (slot.now == state::done) return true;
    if (slot.now != state::pending) {
        why_ = slot.now == state::failed ? slot.why : "criteria that depend on each other";
        return false;
    }
    slot.now = state::computing;
    const auto& info = p_.criteria[c];
    std::optional<plan_ref> requirement, gold;
    bool ok =
        (!info.requirement || (requirement = truth(*info.requirement))) && (!info.gold || (gold = truth(*info.gold)));
    if (ok && !requirement && !gold) {
        pending_step s;  // met when its points are above zero
        s.step.how = sk::compare;
        s.step.test = tk::gt;
        const auto reg = points(c);
        ok = reg.has_value();
        s.step.reg = reg.value_or(0);
        if (ok) requirement = truth_step(std::move(s));
    }
    if (!ok) {
        slot.now = state::failed;
        slot.why = why_;
        return false;
    }
    slot.met = requirement ? *requirement : *gold;
    slot.gold = gold ? *gold : slot.met;
    slot.now = state::done;
    return true;
}

std::optional<plan_builder::label_part> plan_builder::part_of(const conjunct& c)
{
    // Counts over a group are parts of their own, with no step: the label's count is theirs.
    const node& n = p_.nodes[c.node];
    const value* wanted = n.code == op::at_least_group ? constant_of(p_, child(p_, n, 0), value::tag::number) : nullptr;
    if (n.code == op::group_all || n.code == op::group_any || wanted) {
        auto members = members_met(n.index);
        if (!members) return std::nullopt;
        const std::int64_t need = wanted                    ? wanted->number.to_int64().value_or(0)
                                  : n.code == op::group_any ? 1
                                                            : static_cast<std::int64_t>(members->size());
        return label_part{need, distinct(std::move(*members))};
    }
    auto t = truth(c.node);
    if (!t) return std::nullopt;
    return label_part{1, {*t}};
}

void plan_builder::labels_and_coverage()
{
    auto& cov = pl_.coverage;
    pl_.complete = !p_.labels.empty();
    for (const auto& label : p_.labels) {
        labels_.emplace_back();
        for (std::size_t k = 0; k < label.conjuncts.size(); ++k) {
            ++cov.label_parts;
            auto part = part_of(label.conjuncts[k]);
            if (part) part->conjunct = static_cast<std::uint32_t>(k);
            if (part) ++cov.label_parts_on_plan, labels_.back().push_back(std::move(*part));
            else cov.gaps.push_back({fmt::format("label {}, part {}", label.id, k + 1), why_});
        }
        if (labels_.back().size() != label.conjuncts.size()) pl_.complete = false;
    }
    // An explanation reads every criterion: only when the labels built them all (else
    // the ones built below for the report are dropped with their steps).
    // A criterion's tier is explained even when nothing reads its points: only when they were built.
    pl_.explains = pl_.complete;
    for (std::uint32_t c = 0; c < p_.criteria.size(); ++c)
        pl_.explains = pl_.explains && criteria_[c].now == state::done &&
                       (p_.criteria[c].tiers.empty() || criteria_[c].points.has_value());
    // Criteria no label reads are tried for the report only: their steps are dropped.
    const auto shapes = shapes_.size(), steps = steps_.size(), registers = register_scale_.size();
    const auto truths = truth_steps_;
    for (std::uint32_t c = 0; c < p_.criteria.size(); ++c) {
        ++cov.criteria;
        if (criterion(c)) ++cov.criteria_on_plan;
        else cov.gaps.push_back({"criterion " + p_.criteria[c].id, criteria_[c].why});
    }
    shapes_.resize(shapes), shape_nodes_.resize(shapes), steps_.resize(steps);
    register_scale_.resize(registers);
    truth_steps_ = truths;
}

std::optional<plan> plan_builder::build(std::set<std::uint32_t>& refused)
{
    labels_and_coverage();
    if (!lay_out_tests(refused)) return std::nullopt;
    // The tests are laid out: their shapes go before the steps are (issue 18, compile memory).
    shapes_ = {};
    shape_nodes_ = {};
    lay_out_steps();
    lay_out_labels();
    return std::move(pl_);
}

plan build_plan(const program& p)
{
    // A test whose constants do not fit at its operand's scale is refused, and the plan
    // built again without it: at most once per test, and scales only shrink.
    std::set<std::uint32_t> refused;
    for (;;) {
        const auto before = refused.size();
        if (auto pl = plan_builder(p, refused).build(refused)) return std::move(*pl);
        if (refused.size() == before) return plan{};
    }
}

}  // namespace hallmark::engine
