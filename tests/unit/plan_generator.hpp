// SPDX-License-Identifier: Apache-2.0
#pragma once
// Random rule files in every shape the flat plan takes beyond single tests (points
// tiers and gold thresholds, `and`/`or`/`not`, linear forms of numbers, sets of
// choices, dates and history, quantifiers over sets of criteria, complete(area)), and
// assessments whose values sit on, beside and far from their thresholds. Shared by
// tests/unit/plan_shapes_test.cpp and the fuzz target tests/fuzz/fuzz_plan.cpp: the
// chooser is a seeded generator in one, the fuzzer's bytes in the other.
#include <fmt/format.h>

#include <string>
#include <vector>

namespace plan_generator {

// Numbers from a small pool, so that linear forms meet their thresholds exactly too.
inline const std::vector<std::string>& pool()
{
    static const std::vector<std::string> p{"0",      "1",   "2",   "2.5",     "3",         "5",
                                            "9.9999", "10",  "20",  "20.0001", "19.9999",   "50",
                                            "100",    "0.5", "0.3", "-1",      "0.29999999"};
    return p;
}

// Dates around the thresholds below, for an assessment on 2025-01-01.
inline const std::vector<std::string>& dates()
{
    static const std::vector<std::string> d{"2023-01-01", "2022-12-31", "2023-01-02", "2023-07-01",
                                            "2023-07-02", "2020-01-01", "2019-12-31", "2015-06-01",
                                            "2015-06-02", "2024-12-31", "2024-07-01", "2024-06-30"};
    return d;
}

template <class chooser>
struct generator {
    chooser& r;
    int criteria = 0;
    std::vector<bool> tiered;  // per criterion so far: it has points

    int below(int n) { return n <= 1 ? 0 : r.below(n); }
    bool chance(int percent) { return below(100) < percent; }
    const std::string& any_of(const std::vector<std::string>& v) { return v[below(static_cast<int>(v.size()))]; }

    std::string number_test()
    {
        const char* ops[] = {">=", ">", "<=", "<", "=", "!="};
        const std::string op = ops[below(6)], c = any_of(pool());
        switch (below(11)) {
        case 9: return fmt::format("whole / x1 {} {}", op, c);
        case 10: return fmt::format("{} {} x1 / x2", c, op);
        case 0: return fmt::format("x1 {} {}", op, c);
        case 1: return fmt::format("{} {} x2", c, op);
        case 2: return fmt::format("x1 >= 50% of x2");
        case 3: return fmt::format("whole - x1 {} {}", op, c);
        case 4: return fmt::format("100% - share {} 30%", op);
        case 5: return fmt::format("2 * x1 + x2 {} {}", op, c);
        case 6: return fmt::format("x1 {} 3 * whole", op);
        case 7: return fmt::format("x2 {}in {}..{}", chance(30) ? "not " : "", c, any_of(pool()));
        default: return fmt::format("whole {} {}", op, c);
        }
    }

    std::string other_test()
    {
        const int k = below(4);
        switch (below(12)) {
        case 0: return fmt::format("flag{}", below(2));
        case 1: return fmt::format("not flag{}", below(2));
        case 2: return fmt::format("kind {} \"k{}\"", chance(50) ? "=" : "!=", k);
        case 3: return fmt::format("kind {}in {{\"k{}\", \"k{}\"}}", chance(30) ? "not " : "", k, below(4));
        case 4: return fmt::format("count(kinds) >= {}", k);
        case 5: return fmt::format("\"k{}\" {}in kinds", k, chance(30) ? "not " : "");
        case 6: return fmt::format("months_between(founded, assessed_on) >= {}", chance(50) ? 24 : 18);
        case 7: return fmt::format("years_between(founded, assessed_on) < {}", chance(50) ? 5 : 2);
        case 8: return fmt::format("founded <= {}", any_of(dates()));
        case 9: return "is_known(history.L2.assessed_on)";
        case 10: return "months_between(history.L2.assessed_on, assessed_on) in 18..24";
        default: return "history.L2.valid_until >= assessed_on - 6 months";
        }
    }

    // A condition, possibly reading criteria declared before this one.
    std::string condition(int depth = 0)
    {
        const int pick = below(10);
        if (pick < 4) return number_test();
        if (pick < 7) return other_test();
        if (pick == 7 && criteria > 0) {
            const int j = below(criteria);
            if (tiered[j] && chance(50)) return fmt::format("points(C{}) >= 3", j);
            return fmt::format("{}(C{})", chance(50) ? "met" : "gold", j);
        }
        if (depth > 1) return "is_known(x1)";
        const char* joins[] = {"and", "or"};
        if (pick == 8) return fmt::format("({} {} {})", condition(depth + 1), joins[below(2)], condition(depth + 1));
        return chance(50) ? fmt::format("not ({} or {})", condition(depth + 1), condition(depth + 1))
                          : fmt::format("at_least(2, {}, {}, {})", condition(depth + 1), condition(depth + 1),
                                        condition(depth + 1));
    }

    std::string criterion()
    {
        const int c = criteria;
        std::string out = fmt::format("criterion C{} group all{}\n", c, c % 3 == 0 ? ", core" : "");
        const int form = below(4);  // requirement only, tiers only, tiers and gold, all three
        if (form != 1 && form != 2) out += fmt::format("  requires {}\n", condition());
        const bool tiers = form != 0;
        if (tiers) {
            out += fmt::format("  points 5 when {}\n", condition());
            out += fmt::format("         3 when {}\n", condition());
            out += "         0 otherwise\n";  // the language requires it
        }
        if (form >= 2) out += fmt::format("  gold when points >= {}\n", chance(50) ? 5 : 3);
        tiered.push_back(tiers);
        ++criteria;
        return out;
    }

    std::string label_parts(int label)
    {
        switch (label) {
        case 0: return fmt::format("all(core) and points(all) >= {} and complete(core_area)", 5 * below(criteria + 1));
        case 1:
            return fmt::format("count(picks) = {} and all(c in picks: gold(c)) and all(c in picks: c in core)",
                               1 + below(2)) +
                   (chance(50) ? " and is_known(history.L2.assessed_on)" : "");
        default:
            return chance(50) ? fmt::format("at_least({}, all)", below(criteria))
                              : fmt::format("count_met(all) >= {} or complete(core)", below(criteria));
        }
    }

    std::string rules()
    {
        std::string text = "methodology \"SHAPES\" version \"1\"\n\narea core_area \"Core\"\n";
        text += "indicator whole : count in core_area range 0..1000\nindicator x1 : decimal in core_area\n";
        text += "indicator x2 : decimal\nindicator share : percent\nindicator flag0 : boolean\n";
        text += "indicator flag1 : boolean\nindicator kind : one of (k0, k1, k2, k3)\n";
        text += "indicator kinds : set of (k0, k1, k2, k3)\nindicator founded : date\n";
        text += "indicator picks : set of criterion\n\n";
        const int n = 3 + below(8);
        for (int c = 0; c < n; ++c) text += criterion();
        for (int l = 0; l < 3; ++l)
            text += fmt::format("\nlabel L{}\n  requires {}\n  valid 2 years\n", l, label_parts(l));
        return text;
    }

    std::string value_of(bool whole)
    {
        if (chance(3)) return "1e30";                  // beyond the plan's integers
        if (chance(3)) return "0.123456789123";        // beyond the places linear forms keep
        if (chance(2)) return "123456789012345678.5";  // near the edge of 2^60
        std::string v = any_of(pool());
        if (whole && (v.find('.') != std::string::npos || v[0] == '-')) v = "3";
        return v;
    }

    std::string assessment()
    {
        std::vector<std::string> fields;
        auto maybe = [&](const std::string& name, const std::string& v) {
            if (!chance(10)) fields.push_back(fmt::format("\"{}\": {}", name, v));
        };
        maybe("whole", value_of(true));
        maybe("x1", fmt::format("\"{}\"", value_of(false)));
        maybe("x2", fmt::format("\"{}\"", value_of(false)));
        maybe("share", any_of({"0", "30", "70", "69.99", "70.01", "100"}));
        maybe("flag0", chance(60) ? "true" : "false");
        maybe("flag1", chance(60) ? "true" : "false");
        maybe("kind", fmt::format("\"k{}\"", below(4)));
        std::vector<std::string> kinds, picks;
        for (int k = 0; k < 4; ++k)
            if (chance(40)) kinds.push_back(fmt::format("\"k{}\"", k));
        maybe("kinds", fmt::format("[{}]", fmt::join(kinds, ", ")));
        for (int c = 0; c < criteria; ++c)
            if (chance(25)) picks.push_back(fmt::format("\"C{}\"", c));
        maybe("picks", fmt::format("[{}]", fmt::join(picks, ", ")));
        maybe("founded", fmt::format("\"{}\"", any_of(dates())));
        std::string history;
        if (chance(70))
            history = fmt::format(
                R"(, "history": [{{"label": "L2", "assessed_on": "{}"{}}}])",
                any_of({"2023-01-01", "2022-12-31", "2023-01-02", "2023-07-01", "2023-07-02", "2020-01-01"}),
                chance(70) ? fmt::format(R"(, "valid_until": "{}")",
                                         any_of({"2024-06-30", "2024-07-01", "2025-01-01", "2026-01-01"}))
                           : "");
        return fmt::format(R"({{"assessed_on": "2025-01-01"{}, "indicators": {{{}}}}})", history,
                           fmt::join(fields, ", "));
    }
};

}  // namespace plan_generator
