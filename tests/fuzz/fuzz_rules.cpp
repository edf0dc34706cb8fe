// SPDX-License-Identifier: Apache-2.0
// Arbitrary bytes as a rule file: parse, check and compile; when it compiles, evaluate it
// against fixed assessments and run its tests; when it formats, the canonical form must
// be stable and compile to the same decisions.
#include "fuzz_support.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>

namespace {

using namespace hallmark;
using fuzz_support::require;

struct fixture {
    std::vector<assessment> assessments;
    compile_options options;
};

const fixture& fixed()
{
    static const fixture f = [] {
        fixture out;
        for (const char* text : {R"({"assessed_on": "2023-11-30", "indicators": {}})",
                                 R"({"assessed_on": "2024-02-29", "history": [{"label": "bronze",
                                     "assessed_on": "2022-03-01", "valid_until": "2024-03-01"}],
                                     "indicators": {}})"}) {
            auto a = read_assessment(text, "fixed.json");
            require(a.ok(), "fixed assessment must read");
            out.assessments.push_back(a.value());
        }
        auto quick = read_assessment(fuzz_support::read_source_file("examples/quickstart/cluster.json"), "q.json");
        out.assessments.push_back(quick.value());
        // `extends` may name the shipped ECEI versions; anything else is a missing base.
        out.options.find_base = [](const std::string& name, const std::string& version) -> std::optional<rule_source> {
            if (name != "ECEI" || (version != "2013" && version != "2019" && version != "2020")) return std::nullopt;
            return rule_source{"rules/ecei/" + version + ".rules",
                               fuzz_support::read_source_file("rules/ecei/" + version + ".rules")};
        };
        return out;
    }();
    return f;
}

// The decision on each fixed assessment: its full bytes, or only its substance when
// comparing rule texts that differ in layout.
std::vector<std::string> decisions(const rule_set& rules, bool full)
{
    std::vector<std::string> out;
    for (const auto& a : fixed().assessments) {
        auto r = rules.evaluate(a);
        if (r.ok()) {
            const auto& d = r.value();
            out.push_back(full ? to_json(d) : fuzz_support::decision_substance(d));
            (void)to_text(d);
            (void)to_markdown(d);
        } else {
            fuzz_support::require_well_formed(r.diagnostics());
            out.push_back("rejected");
        }
    }
    return out;
}

void check_format(std::string_view text, const compile_result& original)
{
    auto formatted = format_rules(text, "fuzz.rules");
    if (!formatted.ok()) {
        fuzz_support::require_well_formed(formatted.diagnostics());
        require(!original.ok(), "a rule file that compiles must also format");
        return;
    }
    const auto& once = formatted.value();
    auto twice = format_rules(once, "fuzz.rules");
    require(twice.ok(), "formatted text must format again");
    require(twice.value() == once, "fmt must be idempotent");
    if (!original.ok()) return;
    auto recompiled = compile_string(once, "fuzz.rules", fixed().options);
    require(recompiled.ok(), "formatted rules must still compile");
    require(decisions(*recompiled, false) == decisions(*original, false), "formatted rules must decide the same");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    auto result = compile_string(text, "fuzz.rules", fixed().options);
    fuzz_support::require_well_formed(result.diagnostics());
    require(result.ok() != has_errors(result.diagnostics()), "compiled exactly when no errors");
    (void)result.render();
    if (result.ok()) {
        auto first = decisions(*result, true);
        require(first == decisions(*result, true), "evaluation must be repeatable");
        for (const auto& t : result->run_tests()) require(t.passed || !t.failures.empty(), "a failed test says why");
    }
    check_format(text, result);
    return 0;
}
