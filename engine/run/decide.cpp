// SPDX-License-Identifier: Apache-2.0
// From evaluated criteria and labels to a decision that explains itself.
#include "engine/run/decide.hpp"

#include "engine/run/bind.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <stdexcept>

namespace hallmark::engine {
namespace {

std::vector<std::string> missing_inputs(const program& p, const bound_input& in,
                                        const std::vector<std::uint32_t>& inputs)
{
    std::vector<std::string> out;
    for (auto i : inputs)
        if (!in.values[i].known()) out.push_back(p.indicators[i].id);
    return out;
}

criterion_result criterion_of(const program& p, const bound_input& in, evaluator& ev, std::uint32_t i)
{
    const auto& info = p.criteria[i];
    const auto& r = ev.criterion(i);
    criterion_result out;
    out.id = info.id;
    out.title = info.title;
    out.advice = info.advice;
    out.result = r.result;
    if (!info.tiers.empty() && r.points.known()) out.points = r.points.number;
    if (info.gold && r.gold.known()) out.gold = r.gold.flag;
    out.values.reserve(info.inputs.size());
    for (auto k : info.inputs) out.values.push_back(report(p, k, in.values[k]));
    // Unreported inputs matter whenever the criterion is not met: they may be why.
    if (r.result != outcome::met) out.missing = missing_inputs(p, in, info.inputs);
    out.error = r.error;
    return out;
}

void add_unique(std::vector<std::string>& to, const std::vector<std::string>& items)
{
    for (const auto& s : items)
        if (std::find(to.begin(), to.end(), s) == to.end()) to.push_back(s);
}

// Names what made one part of a label's requirement come out as `wanted`.
void explain(const program& p, const decision& d, const conjunct& c, outcome wanted, label_result& out)
{
    auto criterion_missing = [&](std::uint32_t k) {
        if (wanted != outcome::met) add_unique(out.missing, d.criteria[k].missing);
    };
    if (c.group >= 0) {
        for (auto k : p.groups[c.group].members)
            if (d.criteria[k].result == wanted) {
                add_unique(out.because, {d.criteria[k].id});
                criterion_missing(k);
            }
        return;
    }
    if (c.criterion >= 0) {
        add_unique(out.because, {d.criteria[c.criterion].id});
        criterion_missing(static_cast<std::uint32_t>(c.criterion));
        return;
    }
    add_unique(out.because, {c.text});
}

label_result label_of(const program& p, const bound_input& in, evaluator& ev, const decision& d, std::uint32_t i)
{
    const auto& info = p.labels[i];
    label_result out;
    out.id = info.id;
    out.title = info.title;
    std::vector<outcome> parts;
    ev.capture_errors(&out.error);
    for (const auto& c : info.conjuncts) parts.push_back(outcome_of(ev.eval(c.node)));
    ev.capture_errors(nullptr);
    const bool any_false = std::count(parts.begin(), parts.end(), outcome::not_met) > 0;
    const bool any_unknown = std::count(parts.begin(), parts.end(), outcome::not_assessable) > 0;
    out.result = any_false ? outcome::not_met : any_unknown ? outcome::not_assessable : outcome::met;
    for (std::size_t k = 0; k < parts.size(); ++k)
        if (parts[k] == out.result) explain(p, d, info.conjuncts[k], out.result, out);
    if (out.result == outcome::not_assessable) {
        add_unique(out.missing, missing_inputs(p, in, info.inputs));
        for (auto c : info.criteria)
            if (d.criteria[c].result == outcome::not_assessable) add_unique(out.missing, d.criteria[c].missing);
    } else if (out.result == outcome::not_met) {
        add_unique(out.missing, missing_inputs(p, in, info.inputs));  // e.g. complete(area) failing
    }
    return out;
}

// Everything a label still lacks: the parts that failed and the parts left undecided.
std::vector<std::string> lacking(const program& p, evaluator& ev, const decision& d, std::uint32_t i)
{
    label_result scratch;
    for (const auto& c : p.labels[i].conjuncts) {
        const outcome o = outcome_of(ev.eval(c.node));
        if (o != outcome::met) explain(p, d, c, o, scratch);
    }
    return scratch.because;
}

// The previous award the renewal rule looks at: the latest `valid_until` of the same
// label assessed before this assessment (docs/semantics.md, section 7, step 1).
const history_entry* previous_award(const label_info& info, const assessment& a)
{
    const history_entry* previous = nullptr;
    for (const auto& h : a.history)
        if (h.label == info.id && h.valid_until && h.assessed_on < a.assessed_on &&
            (!previous || *previous->valid_until < *h.valid_until))
            previous = &h;
    return previous;
}

// Step 2's test `assessed_on <= expiry + W`. A window reaching past the end of the
// calendar contains every date, so it is no error.
bool within_window(date expiry, const ast::duration& w, date assessed_on)
{
    try {
        return assessed_on <= expiry.add_months(w.months).add_days(w.days);
    } catch (const arithmetic_error&) {
        return true;  // durations are never negative, so the window ends after 9999-12-31
    }
}

}  // namespace

// Validity: from the assessment, or for a renewal from the end of the previous period.
// Only the date the documented steps pick is computed, so a validity from the assessment
// that would end after the calendar never blocks a renewal that fits.
std::optional<date> label_valid_until(const program& p, const assessment& a, std::uint32_t label, bool* renewed)
{
    const auto& info = p.labels[label];
    if (!info.valid) return std::nullopt;
    const history_entry* previous = info.renewal ? previous_award(info, a) : nullptr;
    if (previous && within_window(*previous->valid_until, info.renewal->within, a.assessed_on)) {
        const auto& e = info.renewal->extends;
        if (renewed) *renewed = true;
        return previous->valid_until->add_months(e.months).add_days(e.days);
    }
    return a.assessed_on.add_months(info.valid->months).add_days(info.valid->days);
}

namespace {

void validity(const program& p, const assessment& a, std::uint32_t label, decision& d)
{
    d.valid_until = label_valid_until(p, a, label, &d.renewed);
}

void group_totals(const program& p, decision& d)
{
    for (std::size_t g = 0; g < p.groups.size(); ++g) {
        const auto& info = p.groups[g];
        if (!info.has_points) continue;
        group_points gp{info.id, {}, info.max_points, true};
        for (auto c : info.members) {
            if (p.criteria[c].tiers.empty()) continue;
            if (d.criteria[c].points) gp.earned = gp.earned + *d.criteria[c].points;
            else gp.complete = false;
        }
        d.points.push_back(std::move(gp));
    }
}

// The label the plan decided must be the one the explanation's tree found: the tree
// is the reference, and a disagreement is a bug in the plan, never settled by picking one.
void check_agreement(const program& p, int by_plan, std::size_t by_tree)
{
    const auto name = [&](std::size_t l) { return l < p.labels.size() ? p.labels[l].id : std::string("no label"); };
    if (by_plan < 0 ? by_tree == p.labels.size() : static_cast<std::size_t>(by_plan) == by_tree) return;
    throw std::logic_error(fmt::format("internal error: the flat plan decided {} and the evaluation tree {} for the "
                                       "same assessment under {} {}; please report it with the assessment",
                                       name(static_cast<std::size_t>(by_plan < 0 ? p.labels.size() : by_plan)),
                                       name(by_tree), p.name, p.version));
}

}  // namespace

bool decided_on_plan(const program& p, const bound_input& in) { return p.fast.complete && in.fast.usable; }

int decide_label(const program& p, const bound_input& in)
{
    if (decided_on_plan(p, in)) return plan_label(p.fast, in.fast);
    return decide_label_by_tree(p, in);
}

int decide_label_by_tree(const program& p, const bound_input& in)
{
    evaluator ev(p, &in);
    for (std::size_t i = 0; i < p.labels.size(); ++i) {
        bool met = true;
        for (const auto& c : p.labels[i].conjuncts) {
            const value v = ev.eval(c.node);
            if (!v.known() || !v.flag) {
                met = false;
                break;
            }
        }
        if (met) return static_cast<int>(i);
    }
    return -1;
}

decision decide(const program& p, const bound_input& in, const assessment& a, eval_observer* observer)
{
    decision d;
    d.engine = engine_version();
    d.methodology = p.name;
    d.version = p.version;
    d.rules_sha256 = p.sha256;
    d.input_sha256 = a.canonical.empty() ? std::string() : sha256_hex(a.canonical);
    d.cluster_json = a.cluster_json.empty() ? "{}" : a.cluster_json;
    d.assessed_on = a.assessed_on;
    const bool on_plan = decided_on_plan(p, in);
    const int by_plan = on_plan ? plan_label(p.fast, in.fast) : -1;
    evaluator ev(p, &in);
    ev.observe(observer);
    d.criteria.reserve(p.criteria.size());
    d.labels.reserve(p.labels.size());
    for (std::uint32_t i = 0; i < p.criteria.size(); ++i) d.criteria.push_back(criterion_of(p, in, ev, i));
    for (std::uint32_t i = 0; i < p.labels.size(); ++i) d.labels.push_back(label_of(p, in, ev, d, i));
    std::size_t awarded = d.labels.size();
    for (std::size_t i = 0; i < d.labels.size(); ++i)
        if (d.labels[i].result == outcome::met) {
            awarded = i;
            break;
        }
    if (on_plan) check_agreement(p, by_plan, awarded);
    if (awarded < d.labels.size()) {
        d.label = d.labels[awarded].id;
        validity(p, a, static_cast<std::uint32_t>(awarded), d);
    }
    if (awarded > 0 && !d.labels.empty()) {
        d.next_label = d.labels[awarded - 1].id;
        d.next_missing = lacking(p, ev, d, static_cast<std::uint32_t>(awarded - 1));
    }
    group_totals(p, d);
    return d;
}

}  // namespace hallmark::engine
