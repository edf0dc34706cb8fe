// SPDX-License-Identifier: Apache-2.0
// The flat plan against the tree evaluator, the reference: the bytes drive the rule
// generator of tests/unit/plan_generator.hpp (points tiers, gold thresholds, and/or/not,
// linear forms, sets of choices and of criteria, dates and history, quantifiers) and
// assessments with values on and beside the thresholds, missing or beyond the plan's
// integers. Every generated rule set must be wholly on the plan, and wherever a record
// is decided on it, the plan's label (with and without vector compares) must be the
// tree's; the full decision checks the same itself and throws if not. The explanation
// worked out on the plan must write the tree's decision JSON byte for byte.
#include "fuzz_support.hpp"

#include "../unit/plan_generator.hpp"
#include "engine/api/rule_set_access.hpp"
#include "engine/run/bind.hpp"
#include "engine/run/decide.hpp"
#include "engine/run/decision_json.hpp"
#include "engine/run/explain.hpp"

#include <fuzzer/FuzzedDataProvider.h>

#include <cstdint>

namespace {

using fuzz_support::require;

// The generator's choices, read from the fuzzer's bytes (0 once they run out).
struct chooser {
    FuzzedDataProvider& bytes;
    int below(int n) { return bytes.ConsumeIntegralInRange<int>(0, n - 1); }
};

// The decision line written from one explanation; the error's text when it stops.
std::string written(const hallmark::engine::program& p, const hallmark::engine::bound_input& in,
                    const hallmark::assessment& a, bool by_tree)
{
    namespace engine = hallmark::engine;
    engine::explanation e;
    engine::evaluator ev(p, &in);
    if (by_tree) engine::explain_by_tree(p, in, ev, e);
    else engine::explain(p, in, ev, e);  // on the plan where it explains; throws if its label paths disagree
    std::string out;
    try {
        engine::append_decision(p, in, a, ev, e, out);
    } catch (const std::exception& x) {
        return x.what();
    }
    return out;
}

void check_assessment(const hallmark::rule_set& rules, const std::string& json)
{
    namespace engine = hallmark::engine;
    const auto a = hallmark::read_assessment(json, "fuzz_plan.json");
    require(a.ok(), "a generated assessment does not read");
    const auto& p = engine::program_of(rules);
    const auto bound = engine::bind(p, a.value());
    if (!std::holds_alternative<engine::bound_input>(bound)) return;
    const auto& in = std::get<engine::bound_input>(bound);
    const int tree = engine::decide_label_by_tree(p, in);
    if (engine::decided_on_plan(p, in)) {
        require(engine::plan_label(p.fast, in.fast, true) == tree, "the plan and the tree decide different labels");
        require(engine::plan_label(p.fast, in.fast, false) == tree, "the plan without vector compares disagrees");
    }
    require(written(p, in, a.value(), false) == written(p, in, a.value(), true),
            "the plan's explanation is not the tree's");
    const auto decided = rules.evaluate(a.value());  // throws std::logic_error if they disagree
    require(decided.ok(), "a bound assessment is not decided");
    require(decided.value().label.value_or("") == (tree < 0 ? "" : p.labels[tree].id), "decision and tree differ");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    FuzzedDataProvider bytes(data, size);
    chooser choose{bytes};
    plan_generator::generator<chooser> g{choose};
    const auto compiled = hallmark::compile_string(g.rules(), "fuzz_plan.rules");
    if (!compiled.ok()) return 0;  // e.g. two labels with the same requirements
    require(hallmark::engine::program_of(*compiled).fast.complete, "a generated rule set is not wholly on the plan");
    for (int k = 0; k < 16 && bytes.remaining_bytes() > 0; ++k) check_assessment(*compiled, g.assessment());
    return 0;
}
