// SPDX-License-Identifier: Apache-2.0
// Why each label came out as it did, as indexes into the program (explain.hpp).
#include "engine/run/explain.hpp"

#include "engine/run/decide.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

namespace hallmark::engine {
namespace {

void add_reason(std::vector<const std::string*>& to, const std::string& s)
{
    for (const auto* t : to)
        if (*t == s) return;
    to.push_back(&s);
}

void add_missing(const bound_input& in, const std::vector<std::uint32_t>& inputs, std::vector<std::uint32_t>& to)
{
    for (auto i : inputs)
        if (!reported(in, i) && std::find(to.begin(), to.end(), i) == to.end()) to.push_back(i);
}

// A criterion's missing indicators, as its decision lists them: only when it is not met.
void add_criterion_missing(const program& p, const bound_input& in, evaluator& ev, std::uint32_t k,
                           std::vector<std::uint32_t>& to)
{
    if (ev.criterion(k).result != outcome::met) add_missing(in, p.criteria[k].inputs, to);
}

// Names what made one part of a label's requirement come out as `wanted`.
void explain_part(const program& p, const bound_input& in, evaluator& ev, const conjunct& c, outcome wanted,
                  label_explained& out)
{
    if (c.group >= 0) {
        for (auto k : p.groups[c.group].members)
            if (ev.criterion(k).result == wanted) {
                add_reason(out.because, p.criteria[k].id);
                if (wanted != outcome::met) add_criterion_missing(p, in, ev, k, out.missing);
            }
        return;
    }
    if (c.criterion >= 0) {
        const auto k = static_cast<std::uint32_t>(c.criterion);
        add_reason(out.because, p.criteria[k].id);
        if (wanted != outcome::met) add_criterion_missing(p, in, ev, k, out.missing);
        return;
    }
    add_reason(out.because, c.text);
}

void explain_label(const program& p, const bound_input& in, evaluator& ev, std::uint32_t i, explanation& e)
{
    const auto& info = p.labels[i];
    auto& out = e.labels[i];
    auto& parts = e.parts;
    parts.clear();
    ev.capture_errors(&out.error);
    for (const auto& c : info.conjuncts) parts.push_back(outcome_of(ev.eval(c.node)));
    ev.capture_errors(nullptr);
    const bool any_false = std::count(parts.begin(), parts.end(), outcome::not_met) > 0;
    const bool any_unknown = std::count(parts.begin(), parts.end(), outcome::not_assessable) > 0;
    out.result = any_false ? outcome::not_met : any_unknown ? outcome::not_assessable : outcome::met;
    for (std::size_t k = 0; k < parts.size(); ++k)
        if (parts[k] == out.result) explain_part(p, in, ev, info.conjuncts[k], out.result, out);
    if (out.result == outcome::met) return;
    add_missing(in, info.inputs, out.missing);  // e.g. complete(area) failing
    if (out.result == outcome::not_assessable)
        for (auto c : info.criteria)
            if (ev.criterion(c).result == outcome::not_assessable) add_missing(in, p.criteria[c].inputs, out.missing);
}

// Everything a label still lacks: the parts that failed and the parts left undecided.
void lacking(const program& p, const bound_input& in, evaluator& ev, std::uint32_t i, explanation& e)
{
    label_explained scratch;
    for (const auto& c : p.labels[i].conjuncts) {
        const outcome o = outcome_of(ev.eval(c.node));
        if (o != outcome::met) explain_part(p, in, ev, c, o, scratch);
    }
    e.next_missing.swap(scratch.because);
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

void explain(const program& p, const bound_input& in, evaluator& ev, explanation& e)
{
    const bool on_plan = decided_on_plan(p, in);
    const int by_plan = on_plan ? plan_label(p.fast, in.fast) : -1;
    // Criteria first and in order, as the decision lists them: a criterion's arithmetic
    // error is then its own, never reported again by the label that reads it.
    for (std::uint32_t i = 0; i < p.criteria.size(); ++i) ev.criterion(i);
    e.labels.resize(p.labels.size());
    for (auto& l : e.labels) {
        l.error.clear();
        l.because.clear();
        l.missing.clear();
    }
    for (std::uint32_t i = 0; i < p.labels.size(); ++i) explain_label(p, in, ev, i, e);
    e.awarded = e.labels.size();
    for (std::size_t i = 0; i < e.labels.size(); ++i)
        if (e.labels[i].result == outcome::met) {
            e.awarded = i;
            break;
        }
    if (on_plan) check_agreement(p, by_plan, e.awarded);
    e.next_missing.clear();
    if (e.awarded > 0 && !e.labels.empty()) lacking(p, in, ev, static_cast<std::uint32_t>(e.awarded - 1), e);
}

group_total total_of(const program& p, evaluator& ev, const group_info& g)
{
    group_total t;
    for (auto c : g.members) {
        if (p.criteria[c].tiers.empty()) continue;
        const auto& points = ev.criterion(c).points;
        if (points.known()) t.earned = t.earned + points.number;
        else t.complete = false;
    }
    return t;
}

}  // namespace hallmark::engine
