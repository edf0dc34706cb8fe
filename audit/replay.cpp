// SPDX-License-Identifier: Apache-2.0
// Replaying recorded decisions: evaluate each stored input again, with the stored rule
// sources (or a new version), and say exactly what came out differently.
#include "audit/record.hpp"

#include <hallmark/decision_log.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <map>

namespace hallmark {
namespace {

using json = nlohmann::json;

std::optional<std::string> label_of(const json& d)
{
    const auto it = d.find("label");
    if (it == d.end() || !it->is_string()) return std::nullopt;
    return it->get<std::string>();
}

// The decision's label without parsing the whole document: `to_json` writes the
// top-level "label" member alone on its line, indented by two spaces.
std::optional<std::string> top_level_label(const std::string& decision_json)
{
    static const std::string key = "\n  \"label\": ";
    const auto at = decision_json.find(key);
    if (at == std::string::npos) return std::nullopt;
    const auto start = at + key.size(), end = decision_json.find('\n', start);
    auto value = decision_json.substr(start, end == std::string::npos ? end : end - start);
    if (!value.empty() && value.back() == ',') value.pop_back();
    const auto parsed = json::parse(value, nullptr, false);
    return parsed.is_string() ? std::optional(parsed.get<std::string>()) : std::nullopt;
}

std::map<std::string, std::string> outcomes(const json& d)
{
    std::map<std::string, std::string> out;
    for (const auto& c : d.value("criteria", json::array())) out[c.value("id", "")] = c.value("outcome", "");
    return out;
}

// Criteria in the order of the recorded decision, then any the other one adds.
std::vector<criterion_change> changed_criteria(const json& before, const json& after)
{
    const auto a = outcomes(before), b = outcomes(after);
    std::vector<criterion_change> out;
    auto outcome_in = [](const std::map<std::string, std::string>& m, const std::string& id) {
        const auto it = m.find(id);
        return it == m.end() ? std::string("absent") : it->second;
    };
    for (const auto& c : before.value("criteria", json::array())) {
        const std::string id = c.value("id", "");
        if (outcome_in(a, id) != outcome_in(b, id)) out.push_back({id, outcome_in(a, id), outcome_in(b, id)});
    }
    for (const auto& c : after.value("criteria", json::array())) {
        const std::string id = c.value("id", "");
        if (!a.count(id)) out.push_back({id, "absent", outcome_in(b, id)});
    }
    return out;
}

void compare(replayed_decision& r, const std::string& again)
{
    r.identical = again == r.record.decision;
    json before, after;
    if (r.identical) {
        // Nothing to explain; the labels are read only for reports that count them.
        r.label_before = r.label_after = top_level_label(again);
        return;
    }
    try {
        before = json::parse(r.record.decision);
        after = json::parse(again);
    } catch (const json::exception&) {
        r.error = "the recorded decision is not valid JSON";
        return;
    }
    r.label_before = label_of(before);
    r.label_after = label_of(after);
    r.criteria = changed_criteria(before, after);
    for (const auto& [key, value] : before.items())
        if (key != "criteria" && after.value(key, json()) != value) r.fields.push_back(key);
    for (const auto& [key, value] : after.items())
        if (!before.contains(key)) r.fields.push_back(key);
}

bool selected(const log_record& r, const replay_filter& f)
{
    if (f.methodology && r.methodology != *f.methodology) return false;
    if (f.version && r.version != *f.version) return false;
    if (f.cluster && r.cluster_id != *f.cluster) return false;
    // UTC times of one shape compare as text; a bare date selects from its first second.
    if (f.since && r.recorded_at < *f.since) return false;
    // Assessment dates are "YYYY-MM-DD": as text they sort as days do.
    if (f.assessed_since && r.assessed_on < *f.assessed_since) return false;
    if (f.assessed_until && r.assessed_on > *f.assessed_until) return false;
    return true;
}

// Compiled rule sets by methodology hash: thousands of records share a few versions.
class rule_cache {
public:
    explicit rule_cache(const decision_log& log) : log_(log) {}

    const compile_result& rules_for(const log_record& r)
    {
        auto it = cache_.find(r.rules_sha256);
        if (it == cache_.end()) it = cache_.emplace(r.rules_sha256, rules_of(log_, r)).first;
        return it->second;
    }

private:
    const decision_log& log_;
    std::map<std::string, compile_result> cache_;
};

std::string first_error(const std::vector<diagnostic>& ds)
{
    for (const auto& d : ds)
        if (d.level == severity::error) {
            auto text = render(d);
            return text.substr(0, text.find('\n'));
        }
    return "unknown error";
}

void replay_one(replayed_decision& out, const rule_set& rules)
{
    auto input = read_assessment(out.record.input, fmt::format("record {} input", out.record.id));
    if (!input.ok()) {
        out.error = "its input cannot be read: " + first_error(input.diagnostics());
        return;
    }
    auto result = rules.evaluate(input.value());
    if (!result.ok()) {
        out.error = "its input does not fit the rules: " + first_error(result.diagnostics());
        return;
    }
    compare(out, to_json(result.value()));
}

}  // namespace

std::int64_t replay_each(const decision_log& log, const replay_filter& filter, const rule_set* new_rules,
                         const std::function<void(const replayed_decision&)>& f, const progress_callback& progress)
{
    std::int64_t overrides = 0;
    rule_cache cache(log);
    const std::size_t total = progress ? static_cast<std::size_t>(log.size()) : 0;
    std::size_t done = 0;
    auto replay = [&](const log_record& r) {
        if (r.kind == "override") {
            ++overrides;
            return;
        }
        if (r.kind == "decision" && !selected(r, filter)) return;
        replayed_decision rd;
        rd.record = r;
        if (r.kind != "decision" || hash_of(r) != r.hash) {
            rd.error = "the record was altered (its hash does not match); run hallmark verify";
        } else if (new_rules) {
            replay_one(rd, *new_rules);
        } else {
            const auto& compiled = cache.rules_for(r);
            if (!compiled.ok()) rd.error = "its stored rules do not compile: " + first_error(compiled.diagnostics());
            else if (compiled->sha256() != r.rules_sha256)
                rd.error = "its stored rule sources do not give the recorded methodology SHA-256";
            else replay_one(rd, compiled.value());
        }
        f(rd);
    };
    log.for_each([&](const log_record& r) {
        replay(r);
        if (progress) progress(++done, total);
    });
    return overrides;
}

replay_result replay_log(const decision_log& log, const replay_filter& filter, const rule_set* new_rules)
{
    replay_result out;
    out.overrides =
        replay_each(log, filter, new_rules, [&](const replayed_decision& d) { out.decisions.push_back(d); });
    return out;
}

}  // namespace hallmark
