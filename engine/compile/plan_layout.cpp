// SPDX-License-Identifier: Apache-2.0
// Laying the flat plan out: each indicator's scale, the tests' integer constants, tests
// sorted by kind for the tight loops of plan_run.cpp, then the steps and labels with
// their references turned into positions of one outcome space (tests first).
#include "engine/compile/plan_builder.hpp"

#include <algorithm>
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
        pl_.sign.push_back(sign);
        pl_.b.push_back(t.b);
        pl_.refill_all = pl_.refill_all || t.source != slot_test::no_source;
    }
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
        for (const auto& [when, points] : pending.tiers)
            pl_.tier_list.push_back({when ? static_cast<std::int64_t>(position(*when)) : -1, points});
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
        pl_.met_at.resize(p_.criteria.size());  // quantifiers read every criterion
        pl_.gold_at.resize(p_.criteria.size());
    }
}

void plan_builder::lay_out_steps()
{
    pl_.registers = static_cast<std::uint32_t>(register_scale_.size());
    pl_.criterion_words = (p_.criteria.size() + 63) / 64;
    for (auto& pending : steps_) {
        plan_step s = pending.step;
        const bool yields_truth =
            s.how != plan_step::kind::tiers && s.how != plan_step::kind::sum && s.how != plan_step::kind::count;
        if (yields_truth) s.out = position({false, s.out});
        lay_out_inputs(pending, s);
        pl_.steps.push_back(s);
    }
    if (!pl_.met_at.empty())
        for (std::uint32_t c = 0; c < p_.criteria.size(); ++c) {
            pl_.met_at[c] = position(criteria_[c].met);
            pl_.gold_at[c] = position(criteria_[c].gold);
        }
}

void plan_builder::lay_out_labels()
{
    for (const auto& parts : labels_) {
        for (const auto& part : parts) {
            pl_.needs.push_back(part.need);
            const auto at = pl_.masks.size();
            pl_.masks.resize(at + pl_.words, 0);
            for (const auto& e : entries_of(part.refs)) pl_.masks[at + e.word] |= e.bits;
        }
        pl_.label_ends.push_back(static_cast<std::uint32_t>(pl_.needs.size()));
    }
}

}  // namespace hallmark::engine
