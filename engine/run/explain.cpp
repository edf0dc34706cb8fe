// SPDX-License-Identifier: Apache-2.0
// Why each label came out as it did, as indexes into the program (explain.hpp): the
// criteria's outcomes and the label parts' outcomes, from the flat plan where it explains
// the record and from the tree otherwise, then the reasons read from those alone.
#include "engine/run/explain.hpp"

#include "engine/run/decide.hpp"
#include "engine/run/plan_steps.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

namespace hallmark::engine {
namespace {

// A criterion named once: ids are unique among declarations, so a criterion's bit tells
// whether it is named already, and only texts (a part's description may spell anything)
// are compared by value.
void add_criterion_reason(const program& p, explanation& e, std::uint32_t k, std::vector<const std::string*>& to)
{
    auto& word = e.named[k / 64];
    const std::uint64_t bit = std::uint64_t{1} << (k % 64);
    if (word & bit) return;
    word |= bit;
    const std::string& id = p.criteria[k].id;
    for (const auto* t : e.named_texts)
        if (*t == id) return;
    to.push_back(&id);
}

void add_text_reason(explanation& e, const std::string& s, std::vector<const std::string*>& to)
{
    for (const auto* t : to)
        if (t == &s || *t == s) return;
    to.push_back(&s);
    e.named_texts.push_back(&s);
}

// A label's reasons start afresh.
void start_naming(const program& p, explanation& e)
{
    e.named.assign((p.criteria.size() + 63) / 64, 0);
    e.named_texts.clear();
}

// The unreported inputs of `inputs`, each once, in order. `mask`, when the plan explains,
// holds the same inputs as bits (plan::inputs, the words that hold one), tested against
// the record's unreported indicators (slots::unreported): most of the time none is, and
// the values are not read.
struct input_mask {
    bool on_plan = false;
    const mask_entry* first = nullptr;
    const mask_entry* last = nullptr;
};

void add_missing(const bound_input& in, const std::vector<std::uint32_t>& inputs, input_mask mask,
                 std::vector<std::uint32_t>& to)
{
    if (!mask.on_plan) {
        for (auto i : inputs)
            if (!reported(in, i) && std::find(to.begin(), to.end(), i) == to.end()) to.push_back(i);
        return;
    }
    const auto& unreported = in.fast.unreported;
    std::uint64_t any = 0;
    for (auto e = mask.first; e != mask.last; ++e) any |= e->bits & unreported[e->word];
    if (any == 0) return;
    for (auto i : inputs)
        if (((unreported[i / 64] >> (i % 64)) & 1U) && std::find(to.begin(), to.end(), i) == to.end()) to.push_back(i);
}

// Criterion i's inputs as bits, or (after the criteria) label i - criteria's own.
input_mask inputs_mask(const program& p, const explanation& e, std::size_t i)
{
    if (!e.on_plan) return {};
    const auto& pl = p.fast;
    const auto* base = pl.inputs.data();
    return {true, base + (i == 0 ? 0 : pl.input_ends[i - 1]), base + pl.input_ends[i]};
}

void add_criterion_inputs(const program& p, const bound_input& in, const explanation& e, std::uint32_t k,
                          std::vector<std::uint32_t>& to)
{
    add_missing(in, p.criteria[k].inputs, inputs_mask(p, e, k), to);
}

// A criterion's missing indicators, as its decision lists them: only when it is not met.
void add_criterion_missing(const program& p, const bound_input& in, const explanation& e, std::uint32_t k,
                           std::vector<std::uint32_t>& to)
{
    if (e.criteria[k].result != outcome::met) add_criterion_inputs(p, in, e, k, to);
}

// Names what made one part of a label's requirement come out as `wanted`.
void explain_part(const program& p, const bound_input& in, explanation& e, const conjunct& c, outcome wanted,
                  label_explained& out)
{
    if (c.group >= 0) {
        for (auto k : p.groups[c.group].members)
            if (e.criteria[k].result == wanted) {
                add_criterion_reason(p, e, k, out.because);
                if (wanted != outcome::met) add_criterion_missing(p, in, e, k, out.missing);
            }
        return;
    }
    if (c.criterion >= 0) {
        const auto k = static_cast<std::uint32_t>(c.criterion);
        add_criterion_reason(p, e, k, out.because);
        if (wanted != outcome::met) add_criterion_missing(p, in, e, k, out.missing);
        return;
    }
    add_text_reason(e, c.text, out.because);
}

// Label i from its parts' outcomes (`parts`, one per conjunct).
void explain_label(const program& p, const bound_input& in, std::uint32_t i, const outcome* parts, explanation& e)
{
    const auto& info = p.labels[i];
    auto& out = e.labels[i];
    const std::size_t n = info.conjuncts.size();
    start_naming(p, e);
    const bool any_false = std::count(parts, parts + n, outcome::not_met) > 0;
    const bool any_unknown = std::count(parts, parts + n, outcome::not_assessable) > 0;
    out.result = any_false ? outcome::not_met : any_unknown ? outcome::not_assessable : outcome::met;
    for (std::size_t k = 0; k < n; ++k)
        if (parts[k] == out.result) explain_part(p, in, e, info.conjuncts[k], out.result, out);
    if (out.result == outcome::met) return;
    add_missing(in, info.inputs, inputs_mask(p, e, p.criteria.size() + i), out.missing);  // e.g. complete(area)
    if (out.result == outcome::not_assessable)
        for (auto c : info.criteria)
            if (e.criteria[c].result == outcome::not_assessable) add_criterion_inputs(p, in, e, c, out.missing);
}

// Everything a label still lacks: the parts that failed and the parts left undecided.
void lacking(const program& p, const bound_input& in, std::uint32_t i, const outcome* parts, explanation& e)
{
    thread_local label_explained scratch;
    scratch.because.clear();
    scratch.missing.clear();
    start_naming(p, e);
    const auto& conjuncts = p.labels[i].conjuncts;
    for (std::size_t k = 0; k < conjuncts.size(); ++k)
        if (parts[k] != outcome::met) explain_part(p, in, e, conjuncts[k], parts[k], scratch);
    e.next_missing.swap(scratch.because);
}

void clear_labels(const program& p, explanation& e)
{
    e.labels.resize(p.labels.size());
    for (auto& l : e.labels) {
        l.error.clear();
        l.because.clear();
        l.missing.clear();
    }
}

// Every label from the criteria's and the parts' outcomes; the award; what the next lacks.
void explain_labels(const program& p, const bound_input& in, explanation& e)
{
    std::size_t at = 0, next_at = 0;  // where each label's parts start; the next label's
    e.awarded = e.labels.size();
    for (std::uint32_t i = 0; i < p.labels.size(); ++i) {
        explain_label(p, in, i, e.parts.data() + at, e);
        if (e.awarded == e.labels.size() && e.labels[i].result == outcome::met) e.awarded = i;
        if (e.awarded == e.labels.size()) next_at = at;  // ends at the awarded one's predecessor
        at += p.labels[i].conjuncts.size();
    }
    e.next_missing.clear();
    if (e.awarded > 0 && !e.labels.empty())
        lacking(p, in, static_cast<std::uint32_t>(e.awarded - 1), e.parts.data() + next_at, e);
}

// The label path's label must be the one the explanation found: a disagreement is a bug
// in the plan, never settled by picking one.
void check_agreement(const program& p, int by_plan, std::size_t explained, const char* explainer)
{
    const auto name = [&](std::size_t l) { return l < p.labels.size() ? p.labels[l].id : std::string("no label"); };
    if (by_plan < 0 ? explained == p.labels.size() : static_cast<std::size_t>(by_plan) == explained) return;
    throw std::logic_error(fmt::format("internal error: the flat plan decided {} and {} {} for the "
                                       "same assessment under {} {}; please report it with the assessment",
                                       name(static_cast<std::size_t>(by_plan < 0 ? p.labels.size() : by_plan)),
                                       explainer, name(explained), p.name, p.version));
}

// Label part `part`'s value, as part_outcome (plan_steps.hpp) counts it, without
// counting for the usual parts: all of a mask (a part is met when every position holds,
// not met when one fails) and any of it (met when one holds, not met when all fail).
outcome part_value(const plan& pl, const plan_outcomes& o, std::size_t part)
{
    const std::int64_t need = pl.needs[part];
    const bool all = need == pl.widths[part];
    if (!all && need != 1) return part_outcome(pl, o, part);
    const std::uint64_t* mask = pl.masks.data() + part * pl.words;
    std::uint64_t yes = 0, no = 0, not_yes = 0, not_no = 0;
    for (std::size_t w = 0; w < pl.words; ++w) {
        yes |= mask[w] & o.yes[w];
        no |= mask[w] & o.no[w];
        not_yes |= mask[w] & ~o.yes[w];
        not_no |= mask[w] & ~o.no[w];
    }
    if (all) return not_yes == 0 ? outcome::met : no != 0 ? outcome::not_met : outcome::not_assessable;
    return yes != 0 ? outcome::met : not_no == 0 ? outcome::not_met : outcome::not_assessable;
}

bool explained_on_plan(const program& p, const bound_input& in, const evaluator& ev)
{
    return decided_on_plan(p, in) && p.fast.explains && !in.fast.tree_error && !ev.observed();
}

// outcome_at without branches: a criterion's outcome is met or not as the input goes,
// which a branch predicts badly. met 0, not_met 1, not_assessable 2; yes wins over no.
static_assert(static_cast<int>(outcome::met) == 0 && static_cast<int>(outcome::not_met) == 1 &&
              static_cast<int>(outcome::not_assessable) == 2);
outcome outcome_of_bits(const plan_outcomes& o, std::uint32_t p)
{
    const std::uint64_t yes = (o.yes[p / 64] >> (p % 64)) & 1U;
    const std::uint64_t no = (o.no[p / 64] >> (p % 64)) & 1U;
    return static_cast<outcome>((2 - no) & (yes - 1));
}

// Every position of the plan, none skipped; the criteria and the label parts read from them.
void explain_on_plan(const program& p, const bound_input& in, evaluator& ev, explanation& e)
{
    const plan& pl = p.fast;
    thread_local plan_outcomes o;
    run_all_steps(pl, in.fast, o);
    e.on_plan = true;
    e.criteria.resize(p.criteria.size());
    for (std::uint32_t c = 0; c < p.criteria.size(); ++c) {
        const auto t = pl.tiers_of[c];
        e.criteria[c] = {outcome_of_bits(o, pl.met_at[c]), outcome_of_bits(o, pl.gold_at[c]),
                         t == plan::no_tiers ? -1 : o.mem.tier[pl.all_steps[t].out]};
    }
    ev.adopt(e.criteria.data());
    std::size_t conjuncts = 0;
    for (const auto& l : p.labels) conjuncts += l.conjuncts.size();
    e.parts.resize(conjuncts);
    std::size_t part = 0, at = 0;
    for (std::size_t l = 0; l < p.labels.size(); ++l) {
        for (; part < pl.label_ends[l]; ++part) e.parts[at + pl.part_conjunct[part]] = part_value(pl, o, part);
        at += p.labels[l].conjuncts.size();
    }
    clear_labels(p, e);
    explain_labels(p, in, e);
}

}  // namespace

void explain_by_tree(const program& p, const bound_input& in, evaluator& ev, explanation& e)
{
    e.on_plan = false;
    // Criteria first and in order, as the decision lists them: a criterion's arithmetic
    // error is then its own, never reported again by the label that reads it.
    e.criteria.resize(p.criteria.size());
    for (std::uint32_t i = 0; i < p.criteria.size(); ++i) {
        const auto& r = ev.criterion(i);
        e.criteria[i] = {r.result, outcome_of(r.gold), r.tier};
    }
    clear_labels(p, e);
    e.parts.clear();
    for (std::uint32_t i = 0; i < p.labels.size(); ++i) {
        ev.capture_errors(&e.labels[i].error);
        for (const auto& c : p.labels[i].conjuncts) e.parts.push_back(outcome_of(ev.eval(c.node)));
        ev.capture_errors(nullptr);
    }
    explain_labels(p, in, e);
}

void explain(const program& p, const bound_input& in, evaluator& ev, explanation& e)
{
    if (explained_on_plan(p, in, ev)) {
        explain_on_plan(p, in, ev, e);
        check_agreement(p, plan_label(p.fast, in.fast), e.awarded, "its full run of every step");
        return;
    }
    const bool on_plan = decided_on_plan(p, in);
    const int by_plan = on_plan ? plan_label(p.fast, in.fast) : -1;
    explain_by_tree(p, in, ev, e);
    if (on_plan) check_agreement(p, by_plan, e.awarded, "the evaluation tree");
}

// A criterion's points are its tier's: known exactly when a tier was decided.
group_total total_of(const program& p, const explanation& e, const group_info& g)
{
    group_total t;
    for (auto c : g.members) {
        const auto& tiers = p.criteria[c].tiers;
        if (tiers.empty()) continue;
        const int tier = e.criteria[c].tier;
        if (tier >= 0) t.earned = t.earned + tiers[static_cast<std::size_t>(tier)].points;
        else t.complete = false;
    }
    return t;
}

}  // namespace hallmark::engine
