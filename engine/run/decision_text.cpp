// SPDX-License-Identifier: Apache-2.0
// The program's part of every decision line, escaped once (decision_json.hpp). Written
// with json_writer, so that it is spelt exactly as a decision written member by member.
#include "engine/run/decision_json.hpp"

#include <hallmark/decision.hpp>
#include <hallmark/json_writer.hpp>
#include <hallmark/rule_set.hpp>

namespace hallmark::engine {
namespace {

std::string quoted(std::string_view text)
{
    std::string out;
    append_json_string(out, text);
    return out;
}

std::string keyed(std::string_view name) { return quoted(name) + ':'; }

// `{"id":ID,"outcome":`: the start of a label's or a criterion's object.
std::string opening(std::string_view id)
{
    std::string out;
    json_writer(out).begin_object().key("id").string(id).key("outcome");
    return out;
}

// Everything before the input's hash: the engine and the methodology.
std::string head_of(const program& p)
{
    std::string out;
    json_writer w(out);
    w.begin_object().key("engine").string(engine_version());
    w.key("methodology").begin_object().key("name").string(p.name).key("version").string(p.version);
    w.key("sha256").string(p.sha256).end_object();
    w.key("input_sha256");
    return out;
}

}  // namespace

decision_text make_decision_text(const program& p)
{
    decision_text t;
    t.head = head_of(p);
    for (auto o : {outcome::met, outcome::not_met, outcome::not_assessable})
        t.outcome.at(static_cast<std::size_t>(o)) = quoted(to_string(o));
    // A label's or a criterion's object up to its first member that depends on more
    // than its outcome: one piece per object.
    const auto heads = [&t](const std::string& open, std::string_view next) {
        std::array<std::string, 3> out;
        for (std::size_t o = 0; o < out.size(); ++o) out[o] = open + t.outcome[o] + std::string(next);
        return out;
    };
    for (const auto& l : p.labels) {
        t.label_head.push_back(heads(opening(l.id), R"(,"because":)"));
        t.label_id.push_back(quoted(l.id));
    }
    for (const auto& c : p.criteria) {
        t.criterion_head.push_back(heads(opening(c.id), R"(,"points":)"));
        t.criterion_id.push_back(quoted(c.id));
        auto& points = t.tier_points.emplace_back();
        for (const auto& tier : c.tiers) points.push_back(quoted(tier.points.to_string()));
    }
    for (const auto& ind : p.indicators) {
        t.indicator_key.push_back(keyed(ind.id));
        t.indicator_id.push_back(quoted(ind.id));
        auto& choices = t.choices.emplace_back();
        for (const auto& c : ind.choices) choices.push_back(quoted(c));
    }
    for (const auto& g : p.groups) {
        t.group_open.push_back(keyed(g.id) + R"({"earned":)");
        t.group_max.push_back(R"(,"max":)" + quoted(g.max_points.to_string()) + R"(,"complete":)");
    }
    return t;
}

}  // namespace hallmark::engine
