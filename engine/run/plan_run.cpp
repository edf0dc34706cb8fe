// SPDX-License-Identifier: Apache-2.0
// Running the flat plan: integer tests into bit masks of outcomes, the steps over them
// (plan_steps.cpp), labels by counting.
#include "engine/program/plan.hpp"
#include "engine/run/plan_steps.hpp"

#include <algorithm>
#include <array>
#include <bit>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace hallmark::engine {

namespace {

// Operands are T (std::int32_t or std::int64_t, slots::narrow), constants 64-bit: the
// comparisons below are the same for either.
template <class T, class test>
std::uint64_t run(const plan& pl, const T* operands, const test_run& r, test holds)
{
    // Each loop fills one word in a register, last test first so the next bit is
    // always the lowest: a shift and an or per test.
    std::uint64_t bits = 0;
    const T* x = operands + r.end;
    const std::int64_t* a = pl.a.data() + r.end;
    const std::int64_t* b = pl.b.data() + r.end;
    const T* const stop = operands + r.begin;
#pragma GCC unroll 4
    while (x != stop) {
        --x, --a, --b;
        bits = (bits << 1) | static_cast<std::uint64_t>(holds(*x, *a, *b));
    }
    return bits << (r.begin % 64);
}

// The low n bits of a word, n <= 64.
std::uint64_t low_bits(std::uint32_t n) { return n >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << n) - 1; }

// Bit j: x[j] > k[j], for n <= 64 tests.
template <class T>
std::uint64_t greater_bits(const T* x, const T* k, std::uint32_t n)
{
    std::uint64_t bits = 0;
    for (std::uint32_t j = 0; j < n; ++j) bits |= static_cast<std::uint64_t>(x[j] > k[j]) << j;
    return bits;
}

#if defined(__x86_64__)
// The same, four or eight compares per instruction. Chosen at run time, so the build
// still targets any x86-64; both give the same bits (tests/unit/plan_test.cpp runs
// both). Operands and constants are readable 32 bytes past the last (slots::operands,
// plan::narrow_a): the last load's extra lanes are masked off.
__attribute__((target("avx2"))) std::uint64_t greater_bits_avx2(const std::int64_t* x, const std::int64_t* k,
                                                                std::uint32_t n)
{
    std::uint64_t bits = 0;
    std::uint32_t j = 0;
    for (; j + 4 <= n; j += 4) {
        const __m256i above = _mm256_cmpgt_epi64(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(x + j)),
                                                 _mm256_loadu_si256(reinterpret_cast<const __m256i*>(k + j)));
        bits |= static_cast<std::uint64_t>(_mm256_movemask_pd(_mm256_castsi256_pd(above))) << j;
    }
    for (; j < n; ++j) bits |= static_cast<std::uint64_t>(x[j] > k[j]) << j;
    return bits;
}

__attribute__((target("avx2"))) std::uint64_t greater_bits_avx2(const std::int32_t* x, const std::int32_t* k,
                                                                std::uint32_t n)
{
    std::uint64_t bits = 0;
    for (std::uint32_t j = 0; j < n; j += 8) {
        const __m256i above = _mm256_cmpgt_epi32(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(x + j)),
                                                 _mm256_loadu_si256(reinterpret_cast<const __m256i*>(k + j)));
        bits |= static_cast<std::uint64_t>(static_cast<std::uint32_t>(_mm256_movemask_ps(_mm256_castsi256_ps(above))))
                << j;
    }
    return bits & low_bits(n);
}

bool has_avx2()
{
    static const bool yes = __builtin_cpu_supports("avx2");
    return yes;
}
#endif

const std::int64_t* greater_constants(const plan& pl, const std::int64_t*) { return pl.a.data(); }
const std::int32_t* greater_constants(const plan& pl, const std::int32_t*) { return pl.narrow_a.data(); }

// Bit i of `met`: test i holds and its indicator was reported.
template <class T>
void run_tests(const plan& pl, const slots& s, std::uint64_t* met, bool simd)
{
    using tk = slot_test::kind;
    using i64 = std::int64_t;
    const T* operands = s.operands<T>();
    const T* constants = greater_constants(pl, operands);
    for (std::uint32_t begin = 0; begin < pl.greater; begin += 64) {
        const std::uint32_t n = std::min<std::uint32_t>(64, pl.greater - begin);
#if defined(__x86_64__)
        if (simd && has_avx2()) {
            met[begin / 64] |= greater_bits_avx2(operands + begin, constants + begin, n);
            continue;
        }
#endif
        (void)simd;
        met[begin / 64] |= greater_bits(operands + begin, constants + begin, n);
    }
    for (const auto& r : pl.runs) {
        std::uint64_t bits = 0;
        const T* x = operands;
        switch (r.how) {
        case tk::eq: bits = run(pl, x, r, [](i64 x, i64 a, i64) { return x == a; }); break;
        case tk::ne: bits = run(pl, x, r, [](i64 x, i64 a, i64) { return x != a; }); break;
        case tk::in_range: bits = run(pl, x, r, [](i64 x, i64 a, i64 b) { return x >= a && x <= b; }); break;
        case tk::out_of_range: bits = run(pl, x, r, [](i64 x, i64 a, i64 b) { return x < a || x > b; }); break;
        case tk::in_mask: bits = run(pl, x, r, [](i64 x, i64 a, i64) { return (a >> x) & 1; }); break;
        case tk::not_in_mask: bits = run(pl, x, r, [](i64 x, i64 a, i64) { return ((a >> x) & 1) ^ 1; }); break;
        case tk::has_bit: bits = run(pl, x, r, [](i64 x, i64 a, i64) { return (x >> a) & 1; }); break;
        case tk::lacks_bit: bits = run(pl, x, r, [](i64 x, i64 a, i64) { return ((x >> a) & 1) ^ 1; }); break;
        default: break;  // the order tests and booleans ran above
        }
        met[r.begin / 64] |= bits;
    }
    const std::uint64_t* unknown = s.unknown();  // a word per 64 tests; the steps' positions are 0 here
    for (std::size_t w = 0; w * 64 < pl.tests.size(); ++w) met[w] &= ~unknown[w];
}

void run_tests(const plan& pl, const slots& s, std::uint64_t* met, bool simd)
{
    if (s.narrow) return run_tests<std::int32_t>(pl, s, met, simd);
    run_tests<std::int64_t>(pl, s, met, simd);
}

// Label l holds when each of its parts has at least `need` of its tests met. Compiled
// apart for one word of outcomes, the usual case, so its loops fold away.
template <bool one_word>
bool label_holds(const plan& pl, std::size_t l, const std::uint64_t* met)
{
    const std::size_t words = one_word ? 1 : pl.words;
    bool holds = true;
    for (std::size_t part = l == 0 ? 0 : pl.label_ends[l - 1]; part < pl.label_ends[l]; ++part) {
        const std::uint64_t* mask = pl.masks.data() + part * words;
        std::int64_t count = 0;
        for (std::size_t w = 0; w < words; ++w) count += bits_set(met[w] & mask[w]);
        holds &= count >= pl.needs[part];
    }
    return holds;
}

// The best label that holds. Up to 64 labels, every one is computed and the best
// picked from a mask: which label a record gets is data, and branching on it would be
// mispredicted about every other record.
template <bool one_word>
int first_label(const plan& pl, const std::uint64_t* met)
{
    const std::size_t labels = pl.label_ends.size();
    if (labels <= 64) {
        std::uint64_t holding = 0;
        for (std::size_t l = 0; l < labels; ++l) holding |= std::uint64_t{label_holds<one_word>(pl, l, met)} << l;
        return holding == 0 ? -1 : std::countr_zero(holding);
    }
    for (std::size_t l = 0; l < labels; ++l)
        if (label_holds<one_word>(pl, l, met)) return static_cast<int>(l);
    return -1;
}

}  // namespace

namespace {

// Part `part` has at least `need` of its positions yes. All of them, or one, the usual
// needs, are mask tests; the same for every record, so the branch is predicted.
bool part_holds(const plan& pl, std::size_t part, const std::uint64_t* yes)
{
    const std::uint64_t* mask = pl.masks.data() + part * pl.words;
    const std::int64_t need = pl.needs[part];
    if (need == pl.widths[part]) {
        std::uint64_t missing = 0;
        for (std::size_t w = 0; w < pl.words; ++w) missing |= mask[w] & ~yes[w];
        return missing == 0;
    }
    if (need == 1) {
        std::uint64_t some = 0;
        for (std::size_t w = 0; w < pl.words; ++w) some |= mask[w] & yes[w];
        return some != 0;
    }
    std::int64_t count = 0;
    for (std::size_t w = 0; w < pl.words; ++w) count += bits_set(yes[w] & mask[w]);
    return count >= need;
}

// Label l's parts in order (cheapest first), each running the groups of steps it needs
// that have not run yet: the label is given up at its first part that fails, and a
// record that gets the best label, or none of them early, never runs the rest.
int first_label_by_parts(const plan& pl, const slots& s, std::uint64_t* yes, std::uint64_t* no, step_memory& mem)
{
    std::uint64_t done = 0;
    std::size_t part = 0;
    for (std::size_t l = 0; l < pl.label_ends.size(); ++l) {
        bool holds = true;
        for (; holds && part < pl.label_ends[l]; ++part) {
            for (std::uint64_t run = pl.part_groups[part] & ~done; run != 0; run &= run - 1) {
                const auto g = static_cast<std::size_t>(std::countr_zero(run));
                const plan_step* steps = pl.steps.data();
                run_steps(pl, s, yes, no, mem, steps + (g == 0 ? 0 : pl.group_ends[g - 1]), steps + pl.group_ends[g]);
            }
            done |= pl.part_groups[part];
            holds = part_holds(pl, part, yes);
        }
        if (holds) return static_cast<int>(l);
        part = pl.label_ends[l];
    }
    return -1;
}

// The tests' `yes` bits, and their `no` bits: known and not holding.
void run_tests_both_ways(const plan& pl, const slots& s, std::uint64_t* yes, std::uint64_t* no, bool simd)
{
    run_tests(pl, s, yes, simd);
    const std::size_t tests = pl.tests.size();
    for (std::size_t w = 0; w * 64 < tests; ++w) {
        const std::uint64_t in_tests =
            tests - w * 64 >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << (tests % 64)) - 1;
        no[w] = ~yes[w] & ~s.unknown()[w] & in_tests;
    }
}

// With steps: the tests, then the labels.
int label_with_steps(const plan& pl, const slots& s, bool simd)
{
    thread_local step_memory mem;
    thread_local std::vector<std::uint64_t> words;
    constexpr std::size_t local_words = 8;  // 512 positions without touching the heap
    std::array<std::uint64_t, 2 * local_words> local;
    std::uint64_t* yes = local.data();
    if (pl.words > local_words) {
        words.resize(2 * pl.words);
        yes = words.data();
    }
    for (std::size_t w = 0; w < 2 * pl.words; ++w) yes[w] = 0;
    std::uint64_t* no = yes + pl.words;
    mem.size_for(pl);
    run_tests_both_ways(pl, s, yes, no, simd);
    return first_label_by_parts(pl, s, yes, no, mem);
}

}  // namespace

void run_all_steps(const plan& pl, const slots& s, plan_outcomes& out, bool simd)
{
    out.yes.assign(pl.words, 0);
    out.no.assign(pl.words, 0);
    auto& mem = out.mem;
    mem.size_for(pl);
    run_tests_both_ways(pl, s, out.yes.data(), out.no.data(), simd);
    run_steps(pl, s, out.yes.data(), out.no.data(), mem, pl.all_steps.data(),
              pl.all_steps.data() + pl.all_steps.size());
}

int plan_label(const plan& pl, const slots& s, bool simd)
{
    if (!pl.steps.empty()) return label_with_steps(pl, s, simd);
    if (pl.words <= 1) {
        std::uint64_t met = 0;
        run_tests(pl, s, &met, simd);
        return first_label<true>(pl, &met);
    }
    constexpr std::size_t local_words = 8;  // 512 tests without touching the heap
    if (pl.words <= local_words) {
        std::array<std::uint64_t, local_words> met{};
        run_tests(pl, s, met.data(), simd);
        return first_label<false>(pl, met.data());
    }
    std::vector<std::uint64_t> met(pl.words, 0);
    run_tests(pl, s, met.data(), simd);
    return first_label<false>(pl, met.data());
}

}  // namespace hallmark::engine
