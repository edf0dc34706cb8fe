// SPDX-License-Identifier: Apache-2.0
// Laying the flat plan out: each indicator's scale, the tests' integer constants, tests
// sorted by kind for the tight loops of plan_run.cpp, then the steps and labels with
// their references turned into positions of one outcome space (tests first).
#include "engine/compile/plan_builder.hpp"

#include <algorithm>
#include <bit>
#include <climits>
#include <map>

namespace hallmark::engine {
namespace {

using tk = slot_test::kind;

// 2 * c * 10^scale, the slot form of a constant; nothing when it does not fit.
std::optional<std::int64_t> slot_constant(const decimal& c, int scale)
{
    bool inexact = false;
    const auto q = c.floor_scaled(scale, inexact);
    if (!q || inexact) return std::nullopt;
    return 2 * *q;
}

std::optional<slot_test> finish(const shape& s, int scale)
{
    slot_test t{s.how, s.slot, slot_test::no_source, 0, s.a, 0};
    if (s.numbers.empty()) return t;
    const auto a = slot_constant(s.numbers[0], scale);
    if (!a) return std::nullopt;
    t.a = *a;
    if (s.numbers.size() > 1) {
        const auto b = slot_constant(s.numbers[1], scale);
        if (!b) return std::nullopt;
        t.b = *b;
    }
    return t;
}

// Runs of one kind, cut at word boundaries so each loop fills one word of outcomes.
std::vector<test_run> runs_of(const std::vector<slot_test>& tests, std::uint32_t from)
{
    std::vector<test_run> out;
    for (std::uint32_t i = from; i < tests.size(); ++i)
        if (out.empty() || out.back().how != tests[i].how || i % 64 == 0) out.push_back({tests[i].how, i, i + 1});
        else out.back().end = i + 1;
    return out;
}

// Tests that become `operand > constant`, with the operand negated where they look down.
bool is_greater_form(tk how)
{
    return how == tk::ge || how == tk::gt || how == tk::le || how == tk::lt || how == tk::is_true ||
           how == tk::is_false;
}

// The constant k and the operand's sign with which the test is `sign * x > k`. Values
// are integers (slot form), so x >= c is x > c - 1 and x <= c is -x > -(c + 1).
std::pair<std::int64_t, std::int8_t> greater_form(const slot_test& t)
{
    switch (t.how) {
    case tk::ge: return {t.a - 1, 1};
    case tk::gt: return {t.a, 1};
    case tk::le: return {-(t.a + 1), -1};
    case tk::lt: return {-t.a, -1};
    case tk::is_true: return {0, 1};
    case tk::is_false: return {-1, -1};
    default: return {t.a, 1};
    }
}

}  // namespace

// Each shape with its constants at its operand's scale; nothing when one does not fit
// (its node then joins `refused`).
std::optional<std::vector<slot_test>> plan_builder::finished_tests(std::set<std::uint32_t>& refused)
{
    std::vector<slot_test> tests;
    bool all_fit = true;
    for (std::uint32_t i = 0; i < shapes_.size(); ++i) {
        const auto& s = shapes_[i];
        auto t = finish(s, s.source ? s.source->scale : pl_.scale[s.slot]);
        if (!t) {
            refused.insert(shape_nodes_[i]);
            all_fit = false;
            continue;
        }
        t->origin = i;  // the shape it came from, until sorted
        if (s.source) {
            operand_source src = *s.source;
            src.first = static_cast<std::uint32_t>(pl_.terms.size());
            src.count = static_cast<std::uint32_t>(s.terms.size());
            pl_.terms.insert(pl_.terms.end(), s.terms.begin(), s.terms.end());
            t->source = static_cast<std::uint32_t>(pl_.sources.size());
            pl_.sources.push_back(src);
        }
        tests.push_back(*t);
    }
    if (!all_fit) return std::nullopt;
    return tests;
}

bool plan_builder::lay_out_tests(std::set<std::uint32_t>& refused)
{
    pl_.scale.assign(p_.indicators.size(), -1);
    for (const auto& s : shapes_) {
        if (s.source) continue;
        auto& k = pl_.scale[s.slot];
        k = std::max(k, 0);
        for (const auto& d : s.numbers) k = std::max(k, d.places());
    }
    auto finished = finished_tests(refused);
    if (!finished) return false;
    auto& tests = *finished;
    std::stable_sort(tests.begin(), tests.end(), [](const slot_test& x, const slot_test& y) {
        return std::pair(!is_greater_form(x.how), x.how) < std::pair(!is_greater_form(y.how), y.how);
    });
    test_position_.assign(shapes_.size(), 0);
    for (std::uint32_t i = 0; i < tests.size(); ++i) test_position_[tests[i].origin] = i;
    pl_.tests = std::move(tests);
    for (const auto& t : pl_.tests) {
        const auto [k, sign] = greater_form(t);
        pl_.greater += is_greater_form(t.how);
        pl_.a.push_back(k);
        pl_.narrow_a.push_back(static_cast<std::int32_t>(std::clamp<std::int64_t>(k, INT32_MIN, INT32_MAX)));
        pl_.sign.push_back(sign);
        pl_.b.push_back(t.b);
        pl_.refill_all = pl_.refill_all || t.source != slot_test::no_source;
    }
    pl_.narrow_a.resize(pl_.narrow_a.size() + 8, 0);
    pl_.runs = runs_of(pl_.tests, pl_.greater);
    pl_.tests_of.resize(p_.indicators.size());
    for (std::uint32_t i = 0; i < pl_.tests.size(); ++i)
        if (pl_.tests[i].source == slot_test::no_source) pl_.tests_of[pl_.tests[i].slot].push_back(i);
    pl_.positions = static_cast<std::uint32_t>(pl_.tests.size()) + truth_steps_;
    pl_.words = (pl_.positions + 63) / 64;
    return true;
}

std::uint32_t plan_builder::position(plan_ref r) const
{
    return r.test ? test_position_[r.index] : static_cast<std::uint32_t>(pl_.tests.size()) + r.index;
}

std::vector<mask_entry> plan_builder::entries_of(const std::vector<plan_ref>& refs) const
{
    std::map<std::uint32_t, std::uint64_t> words;
    for (const auto& r : refs) words[position(r) / 64] |= std::uint64_t{1} << (position(r) % 64);
    std::vector<mask_entry> out;
    for (const auto& [w, bits] : words) out.push_back({w, bits});
    return out;
}

// Where a step's inputs go: positions as mask entries, tiers, registers or a body.
void plan_builder::lay_out_inputs(const pending_step& pending, plan_step& s)
{
    const auto entries = entries_of(pending.inputs);
    s.first = static_cast<std::uint32_t>(pl_.entries.size());
    s.count = static_cast<std::uint32_t>(entries.size());
    pl_.entries.insert(pl_.entries.end(), entries.begin(), entries.end());
    if (s.how == plan_step::kind::tiers) {
        s.first = static_cast<std::uint32_t>(pl_.tier_list.size());
        s.count = static_cast<std::uint32_t>(pending.tiers.size());
        for (std::size_t k = 0; k < pending.tiers.size(); ++k) {
            const auto& when = pending.conditions[k];
            const auto entries = entries_of(when);  // one word: inline_tier_conditions
            pl_.tier_list.push_back({when.empty() ? -1 : static_cast<std::int64_t>(entries[0].word),
                                     when.empty() ? 0 : entries[0].bits, pending.tiers[k].second});
        }
    } else if (s.how == plan_step::kind::sum) {
        s.first = static_cast<std::uint32_t>(pl_.reg_list.size());
        s.count = static_cast<std::uint32_t>(pending.registers.size());
        pl_.reg_list.insert(pl_.reg_list.end(), pending.registers.begin(), pending.registers.end());
    } else if (!pending.body.empty()) {
        s.first = static_cast<std::uint32_t>(pl_.body.size());
        s.count = static_cast<std::uint32_t>(pending.body.size());
        for (auto b : pending.body) {
            if (b.how == body_op::kind::group) {
                const auto at = pl_.body_masks.size();
                pl_.body_masks.resize(at + pl_.criterion_words, 0);
                for (auto c : p_.groups[b.arg].members) pl_.body_masks[at + c / 64] |= std::uint64_t{1} << (c % 64);
                b.arg = static_cast<std::uint32_t>(at);
            }
            pl_.body.push_back(b);
        }
        pl_.met_at.resize(p_.criteria.size());  // quantifiers read every criterion: lay_out_explanation
    }
}

// The steps `refs` read directly (tests are read by none).
std::vector<std::uint32_t> plan_builder::steps_read(const std::vector<plan_ref>& refs) const
{
    std::vector<std::uint32_t> out;
    for (const auto& r : refs)
        if (!r.test) out.push_back(step_of_truth_[r.index]);
    return out;
}

// Per step, the steps whose positions or registers it reads.
std::vector<std::vector<std::uint32_t>> plan_builder::step_reads() const
{
    std::vector<std::vector<std::uint32_t>> reads(steps_.size());
    for (std::size_t i = 0; i < steps_.size(); ++i) {
        const auto& s = steps_[i];
        auto refs = s.inputs;
        for (const auto& when : s.conditions) refs.insert(refs.end(), when.begin(), when.end());
        for (const auto& b : s.body)
            for (const auto& c : criteria_)
                if (b.how == body_op::kind::met || b.how == body_op::kind::gold)
                    refs.push_back(b.how == body_op::kind::met ? c.met : c.gold);
        reads[i] = steps_read(refs);
        for (auto r : s.registers) reads[i].push_back(step_of_register_[r]);
        if (s.step.how == plan_step::kind::compare) reads[i].push_back(step_of_register_[s.step.reg]);
    }
    return reads;
}

namespace {

// Marks `from` and every step it reads, not marked yet, with group g; counts them.
// A marked step's inputs are marked already.
std::size_t reach(const std::vector<std::vector<std::uint32_t>>& reads, std::uint32_t from,
                  std::vector<std::int32_t>& group, std::int32_t g)
{
    std::size_t n = 0;
    std::vector<std::uint32_t> todo{from};
    while (!todo.empty()) {
        const auto s = todo.back();
        todo.pop_back();
        if (group[s] >= 0) continue;
        group[s] = g;
        ++n;
        todo.insert(todo.end(), reads[s].begin(), reads[s].end());
    }
    return n;
}

}  // namespace

// The order steps run in (docs/performance.md): each label's parts cheapest first, and
// the steps in groups by the first part that needs them; steps no part needs dropped.
std::vector<std::uint32_t> plan_builder::order_steps()
{
    const auto reads = step_reads();
    std::vector<std::int32_t> group(steps_.size(), -1);
    std::vector<std::vector<std::uint32_t>> direct;  // per part, the steps it reads
    for (auto& parts : labels_) {
        // The steps a part needs beyond those of the labels before, which have likely run.
        std::vector<std::pair<std::size_t, std::size_t>> cost;
        for (std::size_t k = 0; k < parts.size(); ++k) {
            auto seen = group;
            std::size_t n = 0;
            for (auto s : steps_read(parts[k].refs)) n += reach(reads, s, seen, 0);
            cost.emplace_back(n, k);
        }
        std::sort(cost.begin(), cost.end());
        std::vector<label_part> sorted;
        for (const auto& c : cost) sorted.push_back(std::move(parts[c.second]));
        parts = std::move(sorted);
        for (const auto& part : parts) {
            direct.push_back(steps_read(part.refs));
            const auto g = static_cast<std::int32_t>(std::min<std::size_t>(direct.size() - 1, 63));
            for (auto s : direct.back()) reach(reads, s, group, g);
        }
    }
    std::vector<std::uint32_t> order;
    for (std::uint32_t i = 0; i < steps_.size(); ++i)
        if (group[i] >= 0) order.push_back(i);
    std::stable_sort(order.begin(), order.end(), [&](auto x, auto y) { return group[x] < group[y]; });
    // A group needs the groups of what its steps read, and theirs: those come first.
    const std::size_t groups = std::min<std::size_t>(direct.size(), 64);
    std::vector<std::uint64_t> needs(groups, 0);
    pl_.group_ends.assign(groups, 0);
    for (std::uint32_t k = 0; k < order.size(); ++k) {
        const auto g = static_cast<std::size_t>(group[order[k]]);
        needs[g] |= std::uint64_t{1} << g;
        for (auto r : reads[order[k]]) needs[g] |= needs[static_cast<std::size_t>(group[r])];
        pl_.group_ends[g] = k + 1;
    }
    for (std::size_t g = 1; g < groups; ++g) pl_.group_ends[g] = std::max(pl_.group_ends[g], pl_.group_ends[g - 1]);
    for (const auto& steps : direct) {
        std::uint64_t want = 0;
        for (auto s : steps) want |= needs[static_cast<std::size_t>(group[s])];
        pl_.part_groups.push_back(want);
    }
    return order;
}

// A tier's condition as positions that must all be yes: an `and` of positions in one
// word is read directly (yes when all are, no when one is no: the gate's own logic),
// and the gate's step is dropped when nothing else reads it.
void plan_builder::inline_tier_conditions()
{
    for (auto& s : steps_) {
        if (s.step.how != plan_step::kind::tiers) continue;
        s.conditions.clear();
        for (const auto& [when, points] : s.tiers) {
            if (!when) {
                s.conditions.emplace_back();
                continue;
            }
            s.conditions.push_back({*when});
            if (when->test) continue;
            const auto& gate = steps_[step_of_truth_[when->index]];
            const auto need = static_cast<std::int64_t>(gate.inputs.size());
            if (gate.step.how == plan_step::kind::at_least && !gate.step.negate && need > 0 && gate.step.need == need &&
                entries_of(gate.inputs).size() == 1)
                s.conditions.back() = gate.inputs;
        }
    }
}

// at_least and complete over positions of one word, as one mask test each.
void plan_builder::specialise(plan_step& s) const
{
    using sk = plan_step::kind;
    if (s.how != sk::at_least && s.how != sk::complete) return;
    for (std::uint32_t k = s.first; k < s.first + s.count; ++k) s.width += std::popcount(pl_.entries[k].bits);
    if (s.count != 1 || s.width == 0) return;
    if (s.how == sk::complete) s.how = sk::complete_in_word;
    else if (s.how == sk::at_least && s.need == s.width) s.how = sk::all_in_word;
    else if (s.how == sk::at_least && s.need == 1) s.how = sk::any_in_word;
}

plan_step plan_builder::laid_out(const pending_step& pending)
{
    plan_step s = pending.step;
    const bool yields_truth =
        s.how != plan_step::kind::tiers && s.how != plan_step::kind::sum && s.how != plan_step::kind::count;
    if (yields_truth) s.out = position({false, s.out});
    lay_out_inputs(pending, s);
    specialise(s);
    return s;
}

// Every step in the order it was built, which puts each after what it reads, and where
// each criterion's outcome, gold value and tier are found.
void plan_builder::lay_out_explanation(std::vector<plan_step> laid)
{
    pl_.met_at.resize(p_.criteria.size());
    pl_.gold_at.resize(p_.criteria.size());
    for (std::uint32_t c = 0; c < p_.criteria.size(); ++c) {
        pl_.met_at[c] = position(criteria_[c].met);
        pl_.gold_at[c] = position(criteria_[c].gold);
    }
    if (!pl_.explains) return;
    pl_.all_steps = std::move(laid);
    std::vector<std::uint32_t> sorted;
    const auto masks = [&](const std::vector<std::uint32_t>& inputs) {
        sorted.assign(inputs.begin(), inputs.end());
        std::sort(sorted.begin(), sorted.end());
        for (auto i : sorted) {
            const std::uint32_t word = i / 64;
            if (pl_.inputs.size() == (pl_.input_ends.empty() ? 0 : pl_.input_ends.back()) ||
                pl_.inputs.back().word != word)
                pl_.inputs.push_back({word, 0});
            pl_.inputs.back().bits |= std::uint64_t{1} << (i % 64);
        }
        pl_.input_ends.push_back(static_cast<std::uint32_t>(pl_.inputs.size()));
    };
    pl_.input_ends.reserve(p_.criteria.size() + p_.labels.size());
    for (const auto& c : p_.criteria) masks(c.inputs);
    for (const auto& l : p_.labels) masks(l.inputs);
    pl_.inputs.shrink_to_fit();
    pl_.tiers_of.assign(p_.criteria.size(), plan::no_tiers);
    for (std::uint32_t c = 0; c < p_.criteria.size(); ++c)
        if (criteria_[c].points) pl_.tiers_of[c] = step_of_register_[*criteria_[c].points];
}

void plan_builder::lay_out_steps()
{
    pl_.registers = static_cast<std::uint32_t>(register_scale_.size());
    pl_.criterion_words = (p_.criteria.size() + 63) / 64;
    step_of_truth_.assign(truth_steps_, 0);
    step_of_register_.assign(register_scale_.size(), 0);
    for (std::uint32_t i = 0; i < steps_.size(); ++i) {
        const auto how = steps_[i].step.how;
        const bool yields_truth =
            how != plan_step::kind::tiers && how != plan_step::kind::sum && how != plan_step::kind::count;
        (yields_truth ? step_of_truth_ : step_of_register_)[steps_[i].step.out] = i;
    }
    inline_tier_conditions();
    std::vector<plan_step> laid;
    laid.reserve(steps_.size());
    for (const auto& pending : steps_) laid.push_back(laid_out(pending));
    const auto order = order_steps();
    steps_ = {};  // read no more: gone before the explanation's arrays are built
    pl_.steps.reserve(order.size());
    for (auto i : order) pl_.steps.push_back(laid[i]);
    const bool criteria_built = pl_.explains || !pl_.met_at.empty();  // met_at: a quantifier reads them
    if (criteria_built) lay_out_explanation(std::move(laid));
}

void plan_builder::lay_out_labels()
{
    for (const auto& parts : labels_) {
        for (const auto& part : parts) {
            pl_.part_conjunct.push_back(part.conjunct);
            pl_.needs.push_back(part.need);
            const auto at = pl_.masks.size();
            pl_.masks.resize(at + pl_.words, 0);
            pl_.widths.push_back(0);
            for (const auto& e : entries_of(part.refs)) {
                pl_.masks[at + e.word] |= e.bits;
                pl_.widths.back() += std::popcount(e.bits);
            }
        }
        pl_.label_ends.push_back(static_cast<std::uint32_t>(pl_.needs.size()));
    }
}

}  // namespace hallmark::engine
