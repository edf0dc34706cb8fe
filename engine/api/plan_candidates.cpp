// SPDX-License-Identifier: Apache-2.0
// The recourse plan's candidate values: what a target label reads, and for each
// indicator the values at which some comparison it takes part in can change its mind.
// An indicator compared with constants only changes a comparison's truth at those
// constants, so trying each at the threshold and one step of its precision beyond is
// exhaustive; anything else (ratios, sums, functions) gets boundaries found by bisection
// with the other answers as given, which is a heuristic and said to be one.
#include "engine/api/plan_search.hpp"

#include "engine/run/bind.hpp"

#include <algorithm>
#include <map>

namespace hallmark::engine::planning {
namespace {

bool is_comparison(op code)
{
    return code == op::eq || code == op::ne || code == op::lt || code == op::le || code == op::gt || code == op::ge ||
           code == op::in_range;
}

bool reads_criterion(op code)
{
    return code == op::criterion_met || code == op::criterion_gold || code == op::criterion_points;
}

bool reads_group(op code)
{
    return code == op::group_all || code == op::group_any || code == op::group_count_met || code == op::group_points ||
           code == op::group_complete || code == op::at_least_group;
}

bool reads_quantified(op code) { return code == op::var_met || code == op::var_gold || code == op::var_points; }

// Everything a label's requirement reaches: criteria through their clauses, groups
// through their members, and the comparisons met on the way.
struct walker {
    const program& p;
    std::vector<bool> seen, criteria;
    std::vector<std::uint32_t> comparisons;
    bool every_criterion = false;  // a quantifier over a set the assessment gives

    explicit walker(const program& prog)
        : p(prog), seen(prog.nodes.size(), false), criteria(prog.criteria.size(), false)
    {}

    void criterion(std::uint32_t c)
    {
        if (criteria[c]) return;
        criteria[c] = true;
        const auto& info = p.criteria[c];
        if (info.requirement) node(*info.requirement);
        if (info.gold) node(*info.gold);
        for (const auto& t : info.tiers)
            if (t.when) node(*t.when);
    }

    void node(std::uint32_t n)
    {
        if (seen[n]) return;
        seen[n] = true;
        const auto& nd = p.nodes[n];
        if (reads_criterion(nd.code)) criterion(nd.index);
        if (reads_group(nd.code))
            for (auto m : p.groups[nd.index].members) criterion(m);
        if (reads_quantified(nd.code)) every_criterion = true;
        if (is_comparison(nd.code)) comparisons.push_back(n);
        for (std::uint32_t k = 0; k < nd.child_count; ++k) node(p.child_list[nd.first_child + k]);
    }
};

walker walk(const program& p, std::uint32_t target)
{
    walker w(p);
    for (const auto& c : p.labels[target].conjuncts) w.node(c.node);
    if (w.every_criterion)
        for (std::uint32_t c = 0; c < p.criteria.size(); ++c) w.criterion(c);
    return w;
}

// The indicators a subtree reads, not looking into other criteria (they are leaves).
void indicators_in(const program& p, std::uint32_t n, std::vector<std::uint32_t>& out)
{
    const auto& nd = p.nodes[n];
    if (nd.code == op::indicator) out.push_back(nd.index);
    for (std::uint32_t k = 0; k < nd.child_count; ++k) indicators_in(p, p.child_list[nd.first_child + k], out);
}

bool is_percent(const indicator_info& ind) { return ind.kind == ast::type_kind::percent; }

// Internal values are fractions for percentages; people and documents write percents.
decimal shown_units(const indicator_info& ind, const decimal& d)
{
    return is_percent(ind) ? d * decimal::from_int(100) : d;
}

decimal step_of(const decimal& shown)
{
    return shown.places() == 0 ? decimal::from_int(1) : decimal::from_scaled(1, shown.places());
}

decimal magnitude(const decimal& d) { return d.is_negative() ? -d : d; }

// What the indicator-by-indicator analysis found: thresholds in shown units, and why
// the candidates may not be exhaustive.
struct analysis {
    std::map<std::uint32_t, std::vector<decimal>> thresholds;
    std::vector<std::pair<std::uint32_t, std::uint32_t>> bisect;  // (comparison node, indicator)
    std::string not_minimal_because;
};

void analyse(const program& p, std::uint32_t n, analysis& out)
{
    const auto& nd = p.nodes[n];
    std::vector<std::uint32_t> kids(p.child_list.begin() + nd.first_child,
                                    p.child_list.begin() + nd.first_child + nd.child_count);
    const auto direct =
        std::count_if(kids.begin(), kids.end(), [&](auto k) { return p.nodes[k].code == op::indicator; });
    const auto constants =
        std::count_if(kids.begin(), kids.end(), [&](auto k) { return p.nodes[k].code == op::constant; });
    if (direct == 1 && constants + 1 == static_cast<long>(kids.size())) {
        std::uint32_t ind = 0;
        for (auto k : kids)
            if (p.nodes[k].code == op::indicator) ind = p.nodes[k].index;
        for (auto k : kids) {
            const auto& c = p.constants[p.nodes[k].index];
            if (p.nodes[k].code == op::constant && c.kind == value::tag::number)
                out.thresholds[ind].push_back(shown_units(p.indicators[ind], c.number));
        }
        return;
    }
    std::vector<std::uint32_t> read;
    indicators_in(p, n, read);
    for (auto i : read) {
        if (p.indicators[i].static_type.kind == vtype::number) out.bisect.emplace_back(n, i);
        else if (p.indicators[i].kind == ast::type_kind::date && out.not_minimal_because.empty())
            out.not_minimal_because =
                "answered dates are not changed, and '" + p.indicators[i].id + "' takes part in a requirement";
    }
}

outcome truth_at(const program& p, std::uint32_t n, std::uint32_t i, const decimal& x, bound_input& in)
{
    const value saved = in.values[i];
    in.values[i] = value::of(x);
    evaluator ev(p, &in);
    const outcome o = outcome_of(ev.eval(n));
    in.values[i] = saved;
    return o;
}

// The first value from `from` towards `to` (in steps) at which comparison `n` changes
// its answer, assuming it changes once; it and the value before it are the candidates.
void bisect_towards(const program& p, std::uint32_t n, std::uint32_t i, const decimal& from, const decimal& to,
                    const decimal& step, bound_input& in, std::vector<decimal>& out)
{
    const outcome start = truth_at(p, n, i, from, in);
    if (truth_at(p, n, i, to, in) == start) return;
    const decimal span = magnitude(to - from) / step;
    bool inexact = false;
    std::int64_t lo = 0, hi = std::min(span.floor_scaled(0, inexact).value_or(0), std::int64_t{1} << 40);
    if (hi < 1) return;
    const decimal dir = to < from ? -step : step;
    while (hi - lo > 1) {
        const std::int64_t mid = lo + (hi - lo) / 2;
        (truth_at(p, n, i, from + decimal::from_int(mid) * dir, in) == start ? lo : hi) = mid;
    }
    out.push_back(from + decimal::from_int(hi) * dir);
    out.push_back(from + decimal::from_int(lo) * dir);
}

// Boundaries of a comparison that is not indicator against constants, in internal units.
void bisect(const program& p, std::uint32_t n, std::uint32_t i, bound_input& in, analysis& out)
{
    const auto& ind = p.indicators[i];
    const value& now = in.values[i];
    const decimal cur = now.known() ? now.number : decimal::from_int(0);
    const decimal step = ind.static_type.integral ? decimal::from_int(1)
                         : is_percent(ind)        ? decimal::from_scaled(1, std::max(2, cur.places()))
                                                  : step_of(cur);
    const decimal reach = decimal::from_int(1000) * std::max(magnitude(cur), decimal::from_int(1));
    const decimal low = ind.low ? *ind.low : ind.kind == ast::type_kind::count ? decimal::from_int(0) : cur - reach;
    const decimal high = ind.high ? *ind.high : cur + reach;
    std::vector<decimal> found;
    bisect_towards(p, n, i, cur, high, step, in, found);
    bisect_towards(p, n, i, cur, low, step, in, found);
    for (const auto& d : found) out.thresholds[i].push_back(shown_units(ind, d));
}

}  // namespace

bool holds(const program& p, std::uint32_t target, const bound_input& in)
{
    evaluator ev(p, &in);
    for (const auto& c : p.labels[target].conjuncts)
        if (outcome_of(ev.eval(c.node)) != outcome::met) return false;
    return true;
}

bool conjunct_holds(const program& p, std::uint32_t target, std::size_t c, const bound_input& in)
{
    evaluator ev(p, &in);
    return outcome_of(ev.eval(p.labels[target].conjuncts[c].node)) == outcome::met;
}

std::vector<std::size_t> history_conjuncts(const program& p, std::uint32_t target)
{
    std::vector<std::size_t> out;
    const auto& conjuncts = p.labels[target].conjuncts;
    for (std::size_t c = 0; c < conjuncts.size(); ++c) {
        std::vector<std::uint32_t> stack{conjuncts[c].node};
        bool history = false;
        while (!stack.empty() && !history) {
            const auto& nd = p.nodes[stack.back()];
            stack.pop_back();
            history = nd.code == op::history_assessed_on || nd.code == op::history_valid_until;
            for (std::uint32_t k = 0; k < nd.child_count; ++k) stack.push_back(p.child_list[nd.first_child + k]);
        }
        if (history) out.push_back(c);
    }
    return out;
}

namespace {

raw_value number_raw(const decimal& shown)
{
    raw_value r;
    r.type = raw_value::kind::number;
    r.text = shown.to_string();
    return r;
}

// Threshold, and one step of its own precision either side, in shown units.
std::vector<decimal> around(const std::vector<decimal>& thresholds)
{
    std::vector<decimal> out;
    for (const auto& t : thresholds) {
        const decimal step = step_of(t);
        out.insert(out.end(), {t - step, t, t + step});
    }
    return out;
}

// Any answer at all, for an unanswered indicator that nothing compares with a constant
// (say, one that only a `complete(area)` reads): the lowest its range allows.
decimal any_number(const indicator_info& ind) { return ind.low ? shown_units(ind, *ind.low) : decimal::from_int(0); }

// A whole-number indicator compared with a fraction (`count >= 2.5`) changes its
// answer at the whole numbers either side, which no step of the fraction reaches.
void whole_neighbours(const std::vector<decimal>& thresholds, std::vector<decimal>& values)
{
    for (const auto& t : thresholds) {
        bool inexact = false;
        const auto below = t.floor_scaled(0, inexact);
        if (!below || !inexact) continue;
        values.push_back(decimal::from_int(*below));
        values.push_back(decimal::from_int(*below + 1));
    }
}

void numbers(const program& p, std::uint32_t i, const value& now, std::vector<decimal> thresholds,
             std::vector<candidate>& out)
{
    const auto& ind = p.indicators[i];
    auto values = around(thresholds);
    if (ind.static_type.integral) whole_neighbours(thresholds, values);
    if (!now.known()) values.push_back(any_number(ind));
    std::sort(values.begin(), values.end());
    values.erase(std::unique(values.begin(), values.end()), values.end());
    for (const auto& v : values) {
        candidate c;
        c.raw = number_raw(v);
        if (now.known()) {
            const decimal from = shown_units(ind, now.number);
            if (v == from) continue;
            c.cost = magnitude(v - from) / std::max(magnitude(from), decimal::from_int(1));
        } else {
            c.cost = decimal::from_int(1);
        }
        out.push_back(c);
    }
}

raw_value items_raw(std::vector<std::string> items)
{
    raw_value r;
    r.type = raw_value::kind::array;
    r.items = std::move(items);
    return r;
}

// Sets grow one element at a time: each candidate adds one to what is answered.
// Sets of at most this many choices are tried whole (every subset is one change), so
// the search over them is exhaustive; larger ones grow one element at a time.
constexpr std::size_t whole_set_choices = 6;

bool searched_whole(const indicator_info& ind)
{
    return ind.kind == ast::type_kind::choice_set && ind.choices.size() <= whole_set_choices;
}

void every_subset(const indicator_info& ind, const value& now, std::vector<raw_value>& out)
{
    for (std::uint64_t mask = 0; mask < (std::uint64_t{1} << ind.choices.size()); ++mask) {
        if (now.known() && now.bits == mask) continue;
        std::vector<std::string> items;
        for (std::size_t c = 0; c < ind.choices.size(); ++c)
            if ((mask >> c) & 1U) items.push_back(ind.choices[c]);
        out.push_back(items_raw(std::move(items)));
    }
}

void sets(const program& p, std::uint32_t i, const value& now, const std::vector<bool>& criteria,
          std::vector<raw_value>& out)
{
    const auto& ind = p.indicators[i];
    if (searched_whole(ind)) return every_subset(ind, now, out);
    const reported_value shown = report(p, i, now);
    if (!now.known()) out.push_back(items_raw({}));
    const bool of_criteria = ind.kind == ast::type_kind::criterion_set;
    const std::size_t n = of_criteria ? p.criteria.size() : ind.choices.size();
    for (std::size_t k = 0; k < n; ++k) {
        if (of_criteria && !criteria[k]) continue;
        const std::string& name = of_criteria ? p.criteria[k].id : ind.choices[k];
        if (std::find(shown.items.begin(), shown.items.end(), name) != shown.items.end()) continue;
        auto items = shown.items;
        items.push_back(name);
        out.push_back(items_raw(std::move(items)));
    }
}

// Booleans, choices, sets and dates: every value that differs, each costing one change.
void others(const program& p, std::uint32_t i, const value& now, const bound_input& in,
            const std::vector<bool>& criteria, std::vector<candidate>& out)
{
    const auto& ind = p.indicators[i];
    std::vector<raw_value> raws;
    using k = ast::type_kind;
    if (ind.kind == k::boolean) {
        for (bool b : {true, false}) {
            raw_value r;
            r.type = raw_value::kind::boolean;
            r.boolean = b;
            if (!now.known() || now.flag != b) raws.push_back(r);
        }
    } else if (ind.kind == k::choice) {
        for (std::size_t c = 0; c < ind.choices.size(); ++c) {
            raw_value r;
            r.type = raw_value::kind::string;
            r.text = ind.choices[c];
            if (!now.known() || now.bits != c) raws.push_back(r);
        }
    } else if (ind.kind == k::choice_set || ind.kind == k::criterion_set) {
        sets(p, i, now, criteria, raws);
    } else if (ind.kind == k::date && !now.known()) {
        raw_value r;
        r.type = raw_value::kind::string;
        r.text = in.assessed_on.to_string();  // a date as recent as the assessment
        raws.push_back(r);
    }
    for (auto& r : raws) out.push_back({std::move(r), value{}, decimal::from_int(1)});
}

// Binds each candidate as a document's value would be; those that do not fit the
// indicator (outside its range, not whole) are dropped.
void bind_all(const program& p, std::uint32_t i, std::vector<candidate>& cands, bound_input& scratch)
{
    std::vector<candidate> kept;
    for (auto& c : cands) {
        if (!bind_value(p, i, c.raw, scratch).empty()) continue;
        c.bound = scratch.values[i];
        kept.push_back(std::move(c));
    }
    std::stable_sort(kept.begin(), kept.end(), [](const auto& a, const auto& b) { return a.cost < b.cost; });
    cands = std::move(kept);
}

// A large set changes by one element per change here, so a requirement needing several
// elements (or fewer) may have a plan the search cannot see.
std::string sets_searched(const program& p, const space& s)
{
    for (auto i : s.indicators) {
        const auto k = p.indicators[i].kind;
        if ((k == ast::type_kind::choice_set && !searched_whole(p.indicators[i])) || k == ast::type_kind::criterion_set)
            return "sets are searched one added element at a time, and '" + p.indicators[i].id + "' is one";
    }
    return {};
}

}  // namespace

space make_space(const program& p, std::uint32_t target, const bound_input& in, const std::vector<bool>& keep,
                 bound_input& scratch)
{
    const walker w = walk(p, target);
    analysis a;
    for (auto n : w.comparisons) analyse(p, n, a);
    bound_input probe = in;
    for (const auto& [n, i] : a.bisect) bisect(p, n, i, probe, a);
    std::vector<bool> read(p.indicators.size(), false);
    for (auto i : p.labels[target].inputs) read[i] = true;
    for (std::uint32_t c = 0; c < p.criteria.size(); ++c)
        if (w.criteria[c])
            for (auto i : p.criteria[c].inputs) read[i] = true;
    space s;
    s.criteria = w.criteria;
    scratch.values.assign(p.indicators.size(), value::unknown());
    for (std::uint32_t i = 0; i < p.indicators.size(); ++i) {
        if (!read[i] || keep[i]) continue;
        std::vector<candidate> cands;
        if (p.indicators[i].static_type.kind == vtype::number) numbers(p, i, in.values[i], a.thresholds[i], cands);
        else others(p, i, in.values[i], in, w.criteria, cands);
        bind_all(p, i, cands, scratch);
        if (cands.empty()) continue;
        s.indicators.push_back(i);
        s.candidates.push_back(std::move(cands));
    }
    s.not_minimal_because = !a.bisect.empty() ? "searched candidate values derived from thresholds; ratios of "
                                                "indicators make the minimum uncertain"
                                              : a.not_minimal_because;
    if (s.not_minimal_because.empty()) s.not_minimal_because = sets_searched(p, s);
    return s;
}

}  // namespace hallmark::engine::planning
