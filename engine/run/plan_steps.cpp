// SPDX-License-Identifier: Apache-2.0
// The flat plan's steps: Kleene's logic on pairs of bits (yes, no; unknown when neither
// is set), points as scaled integers, quantifiers over sets of criteria as bit vectors.
// Each step computes what its op computes in engine/run/evaluate.cpp.
#include "engine/run/plan_steps.hpp"

#include <algorithm>
#include <bit>
#include <optional>
#include <utility>
#include <vector>

namespace hallmark::engine {
namespace {

using sk = plan_step::kind;
using tk = slot_test::kind;

bool bit(const std::uint64_t* w, std::uint32_t p) { return (w[p / 64] >> (p % 64)) & 1U; }

// Without branches: which tier gives the points is data, different from one record to
// the next, and its mispredicted branches led the profile of the label path.
// `open` holds while every tier so far has failed; the first that holds then is the
// one, and a condition neither holding nor failing (unknown) closes it with none.
inline int tier_of(const plan& pl, const plan_step& st, const std::uint64_t* yes, const std::uint64_t* no)
{
    const tier_entry* tiers = pl.tier_list.data() + st.first;
    std::uint32_t n = st.count;
    // `otherwise` comes last when present: it holds whenever every tier before it failed.
    const bool otherwise = n > 0 && tiers[n - 1].word < 0;
    n -= otherwise;
    std::uint64_t open = 1;
    int found = -1;
    for (std::uint32_t k = 0; k < n; ++k) {
        const auto& t = tiers[k];
        const auto w = static_cast<std::size_t>(std::max<std::int64_t>(t.word, 0));  // `otherwise`: no bits, holds
        const std::uint64_t holds = (yes[w] & t.bits) == t.bits, fails = (no[w] & t.bits) != 0;
        found = (open & holds) != 0 ? static_cast<int>(k) : found;
        open &= (holds ^ 1) & fails;
    }
    return open != 0 && otherwise ? static_cast<int>(n) : found;
}

struct machine {
    const plan& pl;
    const slots& s;
    std::uint64_t* yes;
    std::uint64_t* no;
    std::int64_t* reg;
    std::uint8_t* known;
    std::int32_t* tier;
    std::vector<std::uint64_t>& stack;  // quantifier bodies: (yes, no) vectors, criterion_words each

    void put(std::uint32_t p, bool y, bool n)
    {
        const std::uint64_t b = std::uint64_t{1} << (p % 64);
        if (y) yes[p / 64] |= b;
        if (n) no[p / 64] |= b;
    }
    void set_register(std::uint32_t r, std::optional<std::int64_t> v)
    {
        known[r] = v.has_value();
        reg[r] = v.value_or(0);
    }
    void at_least(const plan_step& st);
    void complete(const plan_step& st);
    void in_word(const plan_step& st);
    const plan_step* tiers(const plan_step* st, const plan_step* end);
    void sum(const plan_step& st);
    void count(const plan_step& st);
    void compare(const plan_step& st);
    void quantify(const plan_step& st);
    void in_set(const plan_step& st);
    void body(const plan_step& st, const std::uint64_t* set);
    void push_criteria(const std::vector<std::uint32_t>& at, const std::uint64_t* set);
};

// Tallies of yes, no and all over a step's positions.
struct tally {
    std::int64_t yes = 0, no = 0, all = 0;
};

tally tally_of(const plan& pl, const plan_step& st, const std::uint64_t* yes, const std::uint64_t* no)
{
    tally t;
    for (std::uint32_t k = st.first; k < st.first + st.count; ++k) {
        const auto& e = pl.entries[k];
        t.yes += bits_set(yes[e.word] & e.bits);
        t.no += bits_set(no[e.word] & e.bits);
    }
    t.all = st.width;
    return t;
}

// As the tree's at_least: true once `need` hold, false once fewer than `need` can.
void machine::at_least(const plan_step& st)
{
    const tally t = tally_of(pl, st, yes, no);
    bool y = t.yes >= st.need, n = t.all - t.no < st.need;
    if (st.negate) std::swap(y, n);
    put(st.out, y, n);
}

void machine::complete(const plan_step& st)
{
    const tally t = tally_of(pl, st, yes, no);
    const bool y = t.yes + t.no == t.all;
    put(st.out, y != st.negate, y == st.negate);
}

// at_least and complete over one word, with the tallies as mask tests: all of them yes
// is (yes & m) == m, one of them no is (no & m) != 0, and so on.
void machine::in_word(const plan_step& st)
{
    const auto& e = pl.entries[st.first];
    const std::uint64_t y = yes[e.word] & e.bits, n = no[e.word] & e.bits;
    bool holds = false, fails = false;
    switch (st.how) {
    case sk::all_in_word: holds = y == e.bits, fails = n != 0; break;
    case sk::any_in_word: holds = y != 0, fails = n == e.bits; break;
    default: holds = (y | n) == e.bits, fails = !holds; break;  // complete_in_word
    }
    if (st.negate) std::swap(holds, fails);
    put(st.out, holds, fails);
}

// The first tier whose condition holds; an unknown condition before it leaves the
// points unknown, as compute_criterion stops there. A condition holds when all its
// positions are yes, fails when one is no.
// Consecutive tiers steps (every criterion's points come in a row) in one loop, without
// going back to the dispatch. Returns the last step run.
const plan_step* machine::tiers(const plan_step* st, const plan_step* end)
{
    const tier_entry* list = pl.tier_list.data();
    for (;; ++st) {
        const int t = tier_of(pl, *st, yes, no);
        tier[st->out] = t;
        known[st->out] = t >= 0;
        reg[st->out] = t >= 0 ? list[st->first + static_cast<std::uint32_t>(t)].points : 0;
        if (st + 1 == end || st[1].how != sk::tiers) return st;
    }
}

// Without branches, as tiers: registers are 0 where unknown.
void machine::sum(const plan_step& st)
{
    std::int64_t total = 0;
    std::uint8_t all_known = 1;
    for (std::uint32_t k = st.first; k < st.first + st.count; ++k) {
        const auto r = pl.reg_list[k];
        all_known &= known[r];
        total += reg[r];  // points are bounded at build time, so this cannot overflow
    }
    known[st.out] = all_known;
    reg[st.out] = all_known != 0 ? total : 0;
}

void machine::count(const plan_step& st) { set_register(st.out, tally_of(pl, st, yes, no).yes); }

void machine::compare(const plan_step& st)
{
    if (!known[st.reg]) return;
    const std::int64_t v = 2 * reg[st.reg];  // even; the constants are in the same slot form
    bool holds = false;
    switch (st.test) {
    case tk::ge: holds = v >= st.a; break;
    case tk::gt: holds = v > st.a; break;
    case tk::le: holds = v <= st.a; break;
    case tk::lt: holds = v < st.a; break;
    case tk::eq: holds = v == st.a; break;
    case tk::ne: holds = v != st.a; break;
    case tk::in_range: holds = v >= st.a && v <= st.b; break;
    case tk::out_of_range: holds = v < st.a || v > st.b; break;
    default: break;  // the builder emits no other kind here
    }
    put(st.out, holds, !holds);
}

// Only the set's members: the quantifier reads nothing else of the body's vectors (it
// masks them with the set), and a set names a few of the criteria.
void machine::push_criteria(const std::vector<std::uint32_t>& at, const std::uint64_t* set)
{
    const std::size_t w = pl.criterion_words, base = stack.size();
    stack.resize(base + 2 * w, 0);
    for (std::size_t i = 0; i < w; ++i)
        for (std::uint64_t members = set[i]; members != 0; members &= members - 1) {
            const auto b = static_cast<std::uint32_t>(std::countr_zero(members));
            const auto c = static_cast<std::uint32_t>(i * 64 + b);
            stack[base + i] |= std::uint64_t{bit(yes, at[c])} << b;
            stack[base + w + i] |= std::uint64_t{bit(no, at[c])} << b;
        }
}

// A quantifier's body, postfix, leaving one (yes, no) vector pair on the stack, exact for
// the members of `set` (the rest is never read).
void machine::body(const plan_step& st, const std::uint64_t* set)
{
    const std::size_t w = pl.criterion_words;
    for (std::uint32_t k = st.first; k < st.first + st.count; ++k) {
        const auto& b = pl.body[k];
        switch (b.how) {
        case body_op::kind::met: push_criteria(pl.met_at, set); break;
        case body_op::kind::gold: push_criteria(pl.gold_at, set); break;
        case body_op::kind::group:
            stack.resize(stack.size() + 2 * w);
            for (std::size_t i = 0; i < w; ++i) {
                stack[stack.size() - 2 * w + i] = pl.body_masks[b.arg + i];
                stack[stack.size() - w + i] = ~pl.body_masks[b.arg + i];
            }
            break;
        case body_op::kind::negate: {
            const std::size_t top = stack.size() - 2 * w;
            for (std::size_t i = 0; i < w; ++i) std::swap(stack[top + i], stack[top + w + i]);
            break;
        }
        case body_op::kind::all:
        case body_op::kind::any: {
            const bool all = b.how == body_op::kind::all;
            const std::size_t first = stack.size() - 2 * w * b.arg;
            for (std::uint32_t j = 1; j < b.arg; ++j)
                for (std::size_t i = 0; i < w; ++i) {
                    const std::size_t at = first + 2 * w * j;
                    stack[first + i] = all ? stack[first + i] & stack[at + i] : stack[first + i] | stack[at + i];
                    stack[first + w + i] =
                        all ? stack[first + w + i] | stack[at + w + i] : stack[first + w + i] & stack[at + w + i];
                }
            stack.resize(first + 2 * w);
            break;
        }
        }
    }
}

// As quantify_all / quantify_any over the set's members: an unknown set is unknown.
void machine::quantify(const plan_step& st)
{
    if (!s.set_known()[st.reg]) return;
    const std::size_t w = pl.criterion_words;
    const std::uint64_t* set = s.sets() + st.reg * w;
    stack.clear();
    body(st, set);
    bool every_yes = true, some_no = false, some_yes = false, every_no = true;
    for (std::size_t i = 0; i < w; ++i) {
        every_yes = every_yes && (set[i] & ~stack[i]) == 0;
        some_no = some_no || (set[i] & stack[w + i]) != 0;
        some_yes = some_yes || (set[i] & stack[i]) != 0;
        every_no = every_no && (set[i] & ~stack[w + i]) == 0;
    }
    if (st.how == sk::quantify_all) put(st.out, every_yes, some_no);
    else put(st.out, some_yes, every_no);
}

void machine::in_set(const plan_step& st)
{
    if (!s.set_known()[st.reg]) return;
    const bool y = bit(s.sets() + st.reg * pl.criterion_words, static_cast<std::uint32_t>(st.need));
    put(st.out, y, !y);
}

}  // namespace

int first_tier(const plan& pl, const plan_step& st, const std::uint64_t* yes, const std::uint64_t* no)
{
    return tier_of(pl, st, yes, no);
}

outcome part_outcome(const plan& pl, const plan_outcomes& o, std::size_t part)
{
    const std::uint64_t* mask = pl.masks.data() + part * pl.words;
    std::int64_t yes = 0, no = 0;
    for (std::size_t w = 0; w < pl.words; ++w) {
        yes += bits_set(o.yes[w] & mask[w]);
        no += bits_set(o.no[w] & mask[w]);
    }
    if (yes >= pl.needs[part]) return outcome::met;
    return pl.widths[part] - no < pl.needs[part] ? outcome::not_met : outcome::not_assessable;
}

void run_steps(const plan& pl, const slots& s, std::uint64_t* yes, std::uint64_t* no, step_memory& mem,
               const plan_step* begin, const plan_step* end)
{
    machine m{pl, s, yes, no, mem.reg.data(), mem.known.data(), mem.tier.data(), mem.stack};
    for (const plan_step* k = begin; k != end; ++k) {
        const auto& st = *k;
        switch (st.how) {
        case sk::all_in_word:
        case sk::any_in_word:
        case sk::complete_in_word: m.in_word(st); break;
        case sk::at_least: m.at_least(st); break;
        case sk::complete: m.complete(st); break;
        case sk::tiers: k = m.tiers(k, end); break;
        case sk::sum: m.sum(st); break;
        case sk::count: m.count(st); break;
        case sk::compare: m.compare(st); break;
        case sk::quantify_all:
        case sk::quantify_any: m.quantify(st); break;
        case sk::in_set: m.in_set(st); break;
        }
    }
}

}  // namespace hallmark::engine
