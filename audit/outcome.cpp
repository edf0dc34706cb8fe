// SPDX-License-Identifier: Apache-2.0
// What a record decided, for listings; and the validity an expert's override grants.
// An override recorded in log format 3 states that validity; for an older one it is
// computed from the record's label and the decision it overrides (its stored input and
// rule sources), which the chain covers.
#include <hallmark/decision_log.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace hallmark {

granted_validity validity_granted(const decision_log& log, const log_record& r)
{
    granted_validity out;
    if (r.kind != "override") return out;
    if (r.granted_recorded) {
        out.valid_until = r.granted_valid_until;
        return out;
    }
    if (!r.label) return out;
    const auto target = log.find(r.overrides);
    if (!target || target->kind != "decision") {
        out.error = fmt::format("the log has no decision record {}", r.overrides);
        return out;
    }
    const auto rules = rules_of(log, *target);
    if (!rules.ok()) {
        out.error = fmt::format("the rules stored for record {} do not compile", target->id);
        return out;
    }
    const auto input = read_assessment(target->input, fmt::format("record {} input", target->id));
    if (!input.ok()) {
        out.error = fmt::format("the input of record {} cannot be read", target->id);
        return out;
    }
    try {
        if (const auto until = rules->valid_until(*r.label, input.value())) out.valid_until = until->to_string();
    } catch (const arithmetic_error& e) {
        out.error = std::string("the label's validity cannot be computed: ") + e.what();
    }
    return out;
}

record_outcome outcome_of(const decision_log& log, const log_record& r)
{
    record_outcome out;
    out.hash_matches = hash_of(r) == r.hash;
    if (r.kind == "override") {
        out.label = r.label;
        auto granted = validity_granted(log, r);
        out.valid_until = std::move(granted.valid_until);
        out.error = std::move(granted.error);
        return out;
    }
    try {
        const auto d = nlohmann::json::parse(r.decision);
        if (d.at("label").is_string()) out.label = d.at("label").get<std::string>();
        if (d.at("valid_until").is_string()) out.valid_until = d.at("valid_until").get<std::string>();
    } catch (const nlohmann::json::exception&) {
        out.error = "the recorded decision cannot be read";
    }
    return out;
}

}  // namespace hallmark
