// SPDX-License-Identifier: Apache-2.0
// From evaluated criteria and labels to a decision that explains itself.
#include "engine/run/decide.hpp"

#include "engine/run/bind.hpp"
#include "engine/run/explain.hpp"

namespace hallmark::engine {
namespace {

std::vector<std::string> names(const program& p, const std::vector<std::uint32_t>& indicators)
{
    std::vector<std::string> out;
    out.reserve(indicators.size());
    for (auto i : indicators) out.push_back(p.indicators[i].id);
    return out;
}

std::vector<std::string> texts(const std::vector<const std::string*>& items)
{
    std::vector<std::string> out;
    out.reserve(items.size());
    for (const auto* s : items) out.push_back(*s);
    return out;
}

// Criterion i as the explanation has it, as append_decision (decision_json.cpp) writes it:
// its points are its tier's; its error is the evaluator's, which on the plan has none
// unless it computed the criterion itself.
criterion_result criterion_of(const program& p, const bound_input& in, evaluator& ev, const explanation& e,
                              std::uint32_t i)
{
    const auto& info = p.criteria[i];
    const auto& r = e.criteria[i];
    criterion_result out;
    out.id = info.id;
    out.title = info.title;
    out.advice = info.advice;
    out.result = r.result;
    if (!info.tiers.empty() && r.tier >= 0) out.points = info.tiers[static_cast<std::size_t>(r.tier)].points;
    if (info.gold && r.gold != outcome::not_assessable) out.gold = r.gold == outcome::met;
    out.values.reserve(info.inputs.size());
    for (auto k : info.inputs) out.values.push_back(report(p, k, in.values[k]));
    for_each_missing(p, in, r.result, i, [&](std::uint32_t k) { out.missing.push_back(p.indicators[k].id); });
    if (!e.on_plan || ev.computed(i)) out.error = ev.criterion(i).error;
    return out;
}

label_result label_of(const program& p, const explanation& e, std::uint32_t i)
{
    const auto& l = e.labels[i];
    label_result out;
    out.id = p.labels[i].id;
    out.title = p.labels[i].title;
    out.result = l.result;
    out.because = texts(l.because);
    out.missing = names(p, l.missing);
    out.error = l.error;
    return out;
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

void group_totals(const program& p, const explanation& e, decision& d)
{
    for (const auto& g : p.groups)
        if (g.has_points) {
            const auto t = total_of(p, e, g);
            d.points.push_back({g.id, t.earned, g.max_points, t.complete});
        }
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
    evaluator ev(p, &in);
    ev.observe(observer);
    thread_local explanation e;
    explain(p, in, ev, e);
    d.criteria.reserve(p.criteria.size());
    d.labels.reserve(p.labels.size());
    for (std::uint32_t i = 0; i < p.criteria.size(); ++i) d.criteria.push_back(criterion_of(p, in, ev, e, i));
    for (std::uint32_t i = 0; i < p.labels.size(); ++i) d.labels.push_back(label_of(p, e, i));
    if (e.awarded < d.labels.size()) {
        d.label = d.labels[e.awarded].id;
        validity(p, a, static_cast<std::uint32_t>(e.awarded), d);
    }
    if (e.awarded > 0 && !d.labels.empty()) {
        d.next_label = d.labels[e.awarded - 1].id;
        d.next_missing = texts(e.next_missing);
    }
    group_totals(p, e, d);
    return d;
}

}  // namespace hallmark::engine
