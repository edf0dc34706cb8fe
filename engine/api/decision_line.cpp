// SPDX-License-Identifier: Apache-2.0
// One decision appended as a line of JSON straight from the evaluation (decision.hpp),
// and many of them on one thread, read and bound without an `assessment` (corpus.hpp).
#include <hallmark/corpus.hpp>
#include <hallmark/decision.hpp>

#include "engine/api/rule_set_access.hpp"
#include "engine/run/bind.hpp"
#include "engine/run/bind_scanned.hpp"
#include "engine/run/decision_json.hpp"

namespace hallmark {
namespace {

// Evaluates, explains (into `e`) and appends the decision line; or the arithmetic error
// that stopped it, `out` as it was.
std::optional<std::string> write_line(const engine::program& p, const engine::bound_input& in, const assessment& a,
                                      engine::explanation& e, std::string& out)
{
    const auto size = out.size();
    try {
        engine::evaluator ev(p, &in);
        engine::explain(p, in, ev, e);
        engine::append_decision(p, in, a, ev, e, out);
    } catch (const arithmetic_error& x) {
        out.resize(size);
        return std::string(x.what());
    }
    return std::nullopt;
}

// The id of the label `e` awarded, none when it awarded none.
std::optional<std::string> awarded_label(const engine::program& p, const engine::explanation& e)
{
    if (e.awarded == e.labels.size()) return std::nullopt;
    return p.labels[e.awarded].id;
}

}  // namespace

result<std::optional<std::string>> append_json_line(const rule_set& rules, const assessment& a, std::string& out)
{
    const auto& p = engine::program_of(rules);
    auto bound = engine::bind(p, a);
    if (auto* problems = std::get_if<std::vector<diagnostic>>(&bound)) return std::move(*problems);
    const auto& in = std::get<engine::bound_input>(bound);
    // Kept from one decision to the next: its vectors are the per-thread buffers.
    thread_local engine::explanation e;
    // As rule_set::evaluate words it: only validity dates escape the evaluator's capture.
    if (const auto why = write_line(p, in, a, e, out))
        return std::vector<diagnostic>{
            {severity::error, a.source, 0, 0, std::string("the label's validity cannot be computed: ") + *why}};
    return awarded_label(p, e);
}

struct line_decider::state {
    engine::record_binder reader;
    engine::explanation e;
};

line_decider::line_decider() : state_(std::make_unique<state>()) {}
line_decider::~line_decider() = default;
line_decider::line_decider(line_decider&&) noexcept = default;
line_decider& line_decider::operator=(line_decider&&) noexcept = default;

bool line_decider::decide(std::string_view text, const chooser& choose, std::string& out,
                          std::optional<std::string>& label)
{
    auto& reader = state_->reader;
    if (!reader.read(text)) return false;
    const rule_set* rules = choose(reader.document());
    if (rules == nullptr) return false;
    const auto& p = engine::program_of(*rules);
    if (!reader.bind(p)) return false;
    if (write_line(p, reader.bound(), reader.document(), state_->e, out)) return false;
    label = awarded_label(p, state_->e);
    return true;
}

}  // namespace hallmark
