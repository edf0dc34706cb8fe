// The synthetic-40/30 workload: records, the rules, and the hand-written baseline.
#include "bench/workload.hpp"

#include <fmt/format.h>

namespace bench {
namespace {

// splitmix64: small, fast, and the same sequence on every machine.
struct rng {
    std::uint64_t state;
    std::uint64_t next()
    {
        std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }
    std::int64_t below(std::int64_t n) { return static_cast<std::int64_t>(next() % static_cast<std::uint64_t>(n)); }
};

std::string scaled(std::int64_t v) { return fmt::format("{}.{:04}", v / 10000, v % 10000); }

}  // namespace

std::vector<record> generate(std::size_t count, std::uint64_t seed)
{
    rng r{seed};
    std::vector<record> out(count);
    for (auto& x : out) {
        x.participants = r.below(100);
        x.sme_share = r.below(10001);
        for (int i = 2; i <= 23; ++i) x.n[i] = r.below(1000001);
        for (int i = 24; i <= 31; ++i) x.b[i] = r.below(10) < 7;
        for (int i = 32; i <= 39; ++i) x.e[i] = static_cast<int>(r.below(4));
    }
    return out;
}

std::string rules_text()
{
    std::string s = "methodology \"SYNTH\" version \"40/30\"\n\n";
    s += "indicator participants : count\nindicator sme_share : decimal\n";
    for (int i = 2; i <= 23; ++i) s += fmt::format("indicator n{} : decimal\n", i);
    for (int i = 24; i <= 31; ++i) s += fmt::format("indicator b{} : boolean\n", i);
    for (int i = 32; i <= 39; ++i) s += fmt::format("indicator e{} : one of (c0, c1, c2, c3)\n", i);
    s += "\ncriterion K1 group all\n  requires participants >= 50\n";
    s += "criterion K2 group all\n  requires sme_share >= 0.3\n";
    for (int i = 2; i <= 19; ++i) s += fmt::format("criterion N{} group all\n  requires n{} >= {}\n", i, i, 25 + i);
    for (int i = 20; i <= 23; ++i) s += fmt::format("criterion N{} group all\n  requires n{} <= {}\n", i, i, 80 - i);
    for (int i = 24; i <= 27; ++i) s += fmt::format("criterion B{} group all\n  requires b{}\n", i, i);
    s += "criterion E32 group all\n  requires e32 != \"c0\"\n";
    s += "criterion E33 group all\n  requires e33 in {\"c2\", \"c3\"}\n\n";
    s += "label gold\n  requires at_least(24, all)\n  valid 2 years\n";
    s += "label silver\n  requires at_least(18, all)\n  valid 2 years\n";
    s += "label bronze\n  requires at_least(12, all)\n  valid 2 years\n";
    return s;
}

std::string to_json(const record& r)
{
    std::string s =
        fmt::format(R"({{"assessed_on": "2026-01-15", "indicators": {{"participants": {}, "sme_share": "{}")",
                    r.participants, scaled(r.sme_share));
    for (int i = 2; i <= 23; ++i) s += fmt::format(R"(, "n{}": "{}")", i, scaled(r.n[i]));
    for (int i = 24; i <= 31; ++i) s += fmt::format(R"(, "b{}": {})", i, r.b[i] ? "true" : "false");
    for (int i = 32; i <= 39; ++i) s += fmt::format(R"(, "e{}": "c{}")", i, r.e[i]);
    return s + "}}";
}

std::string csv_header()
{
    std::string s = "participants,sme_share";
    for (int i = 2; i <= 23; ++i) s += fmt::format(",n{}", i);
    for (int i = 24; i <= 31; ++i) s += fmt::format(",b{}", i);
    for (int i = 32; i <= 39; ++i) s += fmt::format(",e{}", i);
    return s;
}

std::string to_csv(const record& r)
{
    std::string s = fmt::format("{},{}", r.participants, scaled(r.sme_share));
    for (int i = 2; i <= 23; ++i) s += "," + scaled(r.n[i]);
    for (int i = 24; i <= 31; ++i) s += r.b[i] ? ",true" : ",false";
    for (int i = 32; i <= 39; ++i) s += fmt::format(",c{}", r.e[i]);
    return s;
}

int hand_written_label(const record& r)
{
    int met = (r.participants >= 50) + (r.sme_share >= 3000);
    for (int i = 2; i <= 19; ++i) met += r.n[i] >= (25 + i) * 10000;
    for (int i = 20; i <= 23; ++i) met += r.n[i] <= (80 - i) * 10000;
    for (int i = 24; i <= 27; ++i) met += r.b[i];
    met += r.e[32] != 0;
    met += r.e[33] == 2 || r.e[33] == 3;
    return met >= 24 ? 3 : met >= 18 ? 2 : met >= 12 ? 1 : 0;
}

}  // namespace bench
