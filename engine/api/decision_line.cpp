// SPDX-License-Identifier: Apache-2.0
// One decision appended as a line of JSON straight from the evaluation (decision.hpp).
#include <hallmark/decision.hpp>

#include "engine/api/rule_set_access.hpp"
#include "engine/run/bind.hpp"
#include "engine/run/decision_json.hpp"

namespace hallmark {

result<std::optional<std::string>> append_json_line(const rule_set& rules, const assessment& a, std::string& out)
{
    const auto& p = engine::program_of(rules);
    auto bound = engine::bind(p, a);
    if (auto* problems = std::get_if<std::vector<diagnostic>>(&bound)) return std::move(*problems);
    const auto& in = std::get<engine::bound_input>(bound);
    // Kept from one decision to the next: its vectors are the per-thread buffers.
    thread_local engine::explanation e;
    const auto size = out.size();
    try {
        engine::evaluator ev(p, &in);
        engine::explain(p, in, ev, e);
        engine::append_decision(p, in, a, ev, e, out);
    } catch (const arithmetic_error& x) {
        // As rule_set::evaluate words it: only validity dates escape the evaluator's capture.
        out.resize(size);
        return std::vector<diagnostic>{
            {severity::error, a.source, 0, 0, std::string("the label's validity cannot be computed: ") + x.what()}};
    }
    if (e.awarded == e.labels.size()) return std::optional<std::string>();
    return std::optional<std::string>(p.labels[e.awarded].id);
}

}  // namespace hallmark
