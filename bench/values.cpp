// SPDX-License-Identifier: Apache-2.0
// The value types alone: decimal + * / and calendar conversions, one operation per item.
// Kept apart from hallmark_bench (no fixture, no peers) so that it builds with Google
// Benchmark only and a change to engine/decimal.cpp or engine/date.cpp can be measured
// in seconds:
//
//   build/bench/hallmark_bench_values --benchmark_filter='values/decimal/'
//
// Operands are seeded (bench/splitmix64.hpp), so every run and machine times the same
// values. Each benchmark names the code path its operands take.
#include "bench/splitmix64.hpp"

#include "hallmark/date.hpp"
#include "hallmark/decimal.hpp"

#include <benchmark/benchmark.h>

#include <cstdint>
#include <string>
#include <vector>

namespace {

using hallmark::date;
using hallmark::decimal;

constexpr std::size_t operand_count = 1024;

// Coefficients of 1..`digits` digits at scales `min_scale`..`max_scale` (fewer once
// trailing zeros are dropped): the amounts, rates and scores a rule file computes with.
std::vector<decimal> operands(std::uint64_t seed, int digits, int min_scale, int max_scale)
{
    bench::splitmix64 random{seed};
    std::vector<decimal> out;
    for (std::size_t i = 0; i < operand_count; ++i) {
        std::int64_t limit = 1;
        for (int d = 1 + static_cast<int>(random.below(digits)); d > 0; --d) limit *= 10;
        std::int64_t c = 1 + random.below(limit - 1);
        if (random.below(4) == 0) c = -c;
        out.push_back(decimal::from_scaled(c, min_scale + static_cast<int>(random.below(max_scale - min_scale + 1))));
    }
    return out;
}

// Applies `op` to operand pairs; reports time per operation.
template <class Op>
void pairwise(benchmark::State& state, const std::vector<decimal>& a, const std::vector<decimal>& b, Op op)
{
    for (auto _ : state)
        for (std::size_t i = 0; i < operand_count; ++i) benchmark::DoNotOptimize(op(a[i], b[i]));
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * operand_count));
}

// `digits`-digit coefficients (beyond 64 bits) at `scale`, built from text.
std::vector<decimal> long_operands(std::uint64_t seed, int digits, int scale)
{
    bench::splitmix64 random{seed};
    std::vector<decimal> out;
    for (std::size_t i = 0; i < operand_count; ++i) {
        std::string text(1, static_cast<char>('1' + random.below(9)));
        while (static_cast<int>(text.size()) < digits) text += static_cast<char>('0' + random.below(10));
        text.insert(text.size() - static_cast<std::size_t>(scale), ".");
        out.push_back(*decimal::parse(text));
    }
    return out;
}

void register_decimal()
{
    // Up to 9 digits at scales 0..4: products stay below 2^128 and need no rounding.
    static const auto small_a = operands(1, 9, 0, 4);
    static const auto small_b = operands(2, 9, 0, 4);
    // Scales 10..18: every product has more than 18 places and is rounded half-to-even.
    static const auto fine_a = operands(3, 15, 10, 18);
    static const auto fine_b = operands(4, 15, 10, 18);
    // 26 digits, 18 of them places: full products above 2^128, rounded; quotients of
    // dividends above 2^128 by divisors above 2^64 (the rarest and slowest paths).
    static const auto long_a = long_operands(5, 26, 18);
    static const auto long_b = long_operands(6, 26, 18);
    const auto add = [](const decimal& x, const decimal& y) { return x + y; };
    const auto mul = [](const decimal& x, const decimal& y) { return x * y; };
    const auto div = [](const decimal& x, const decimal& y) { return x / y; };
    const auto run = [](const char* name, const std::vector<decimal>& a, const std::vector<decimal>& b, auto op) {
        benchmark::RegisterBenchmark(name, [&a, &b, op](benchmark::State& st) { pairwise(st, a, b, op); });
    };
    run("values/decimal/add", small_a, small_b, add);
    run("values/decimal/add/fine", fine_a, small_b, add);
    run("values/decimal/mul", small_a, small_b, mul);
    run("values/decimal/mul/rounded", fine_a, fine_b, mul);
    run("values/decimal/mul/wide", long_a, long_b, mul);
    run("values/decimal/div", small_a, small_b, div);
    run("values/decimal/div/wide", long_a, long_b, div);
}

// Days spread over years 0002..9998, so a month either way stays in the calendar.
std::vector<date> days()
{
    bench::splitmix64 random{7};
    const std::int64_t first = date::from_ymd(2, 1, 1)->serial();
    const std::int64_t span = date::from_ymd(9998, 12, 31)->serial() - first + 1;
    std::vector<date> out;
    for (std::size_t i = 0; i < operand_count; ++i) out.push_back(date{}.add_days(first + random.below(span)));
    return out;
}

template <class Op>
void over_days(benchmark::State& state, Op op)
{
    static const auto all = days();
    for (auto _ : state)
        for (const date& d : all) benchmark::DoNotOptimize(op(d));
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * operand_count));
}

struct civil {
    int year;
    int month;
    int day;
};

void register_date()
{
    // Serial to year, month and day (the day needs all three), and back.
    benchmark::RegisterBenchmark("values/date/to_civil",
                                 [](benchmark::State& st) { over_days(st, [](date d) { return d.day(); }); });
    benchmark::RegisterBenchmark("values/date/from_civil", [](benchmark::State& st) {
        static const auto all = [] {
            std::vector<civil> out;
            for (date d : days()) out.push_back({d.year(), d.month(), d.day()});
            return out;
        }();
        for (auto _ : st)
            for (const civil& c : all) benchmark::DoNotOptimize(date::from_ymd(c.year, c.month, c.day));
        st.SetItemsProcessed(static_cast<std::int64_t>(st.iterations() * operand_count));
    });
    // Both conversions and the clamp to the month's last day.
    benchmark::RegisterBenchmark("values/date/add_months", [](benchmark::State& st) {
        over_days(st, [](date d) { return d.add_months(d.serial() % 2 == 0 ? 1 : -1).serial(); });
    });
}

}  // namespace

int main(int argc, char** argv)
{
    register_decimal();
    register_date();
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 2;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
