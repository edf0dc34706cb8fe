// SPDX-License-Identifier: Apache-2.0
// The recourse plan written out: its own JSON document (never a member of a decision's,
// so recorded decisions keep their bytes) and text for people.
#include <hallmark/json_writer.hpp>
#include <hallmark/plan.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace hallmark {
namespace {

void optional_string(json_writer& w, std::string_view key, const std::optional<std::string>& s)
{
    w.key(key);
    if (s) w.string(*s);
    else w.null();
}

void strings(json_writer& w, std::string_view key, const std::vector<std::string>& items)
{
    w.key(key).begin_array();
    for (const auto& s : items) w.string(s);
    w.end_array();
}

// The value as an assessment document would hold it; numbers are canonical decimal
// text, so writing them raw keeps them exact.
void raw(json_writer& w, const raw_value& v)
{
    switch (v.type) {
    case raw_value::kind::null: w.null(); break;
    case raw_value::kind::boolean: w.boolean(v.boolean); break;
    case raw_value::kind::number: w.raw_number(v.text); break;
    case raw_value::kind::string: w.string(v.text); break;
    case raw_value::kind::array:
        w.begin_array();
        for (const auto& item : v.items) w.string(item);
        w.end_array();
        break;
    }
}

void change(json_writer& w, const plan_change& c)
{
    w.begin_object();
    w.key("indicator").string(c.indicator);
    w.key("asks").string(c.question);
    w.key("question").boolean(!c.from);
    optional_string(w, "from", c.from);
    w.key("to").string(c.to);
    w.key("value");
    raw(w, c.value);
    strings(w, "earns", c.earns);
    w.end_object();
}

void header(json_writer& w, const recourse_plan& p)
{
    w.key("methodology").string(p.methodology);
    w.key("version").string(p.version);
    w.key("rules_sha256").string(p.rules_sha256);
    w.key("input_sha256").string(p.input_sha256);
    w.key("cluster_id").string(p.cluster_id);
    w.key("assessed_on").string(p.assessed_on.to_string());
    optional_string(w, "decided", p.decided);
    optional_string(w, "decided_title", p.decided_title);
    w.key("target").string(p.target);
    w.key("target_title").string(p.target_title);
    w.key("status").string(to_string(p.status));
}

std::string change_line(const plan_change& c)
{
    const std::string name = c.question.empty() ? c.indicator : fmt::format("{} \"{}\"", c.indicator, c.question);
    std::string line = c.from ? fmt::format("  - {}: {} \u2192 {}", name, *c.from, c.to)
                              : fmt::format("  - {} (unanswered): answer {}", name, c.to);
    if (!c.earns.empty()) line += fmt::format(" (earns: {})", fmt::join(c.earns, ", "));
    return line + "\n";
}

}  // namespace

std::string what_to_do(const recourse_plan& p)
{
    auto counted = [](std::size_t n, const char* one, const char* many) {
        return fmt::format("{} {}", n, n == 1 ? one : many);
    };
    const auto q = static_cast<std::size_t>(
        std::count_if(p.changes.begin(), p.changes.end(), [](const plan_change& c) { return !c.from; }));
    const std::size_t c = p.changes.size() - q;
    std::vector<std::string> parts;
    if (c > 0) parts.push_back("change " + counted(c, "answer", "answers"));
    if (q > 0) parts.push_back("answer " + counted(q, "question", "questions"));
    if (parts.empty()) parts.push_back("change no answer");
    return fmt::format("{}", fmt::join(parts, " and "));
}

std::string to_json(const recourse_plan& p)
{
    std::string out;
    json_writer w(out, json_style::pretty);
    w.begin_object();
    header(w, p);
    w.key("verified").boolean(p.verified);
    w.key("minimal").boolean(p.minimal);
    w.key("fewest_changes").boolean(p.fewest_changes);
    if (!p.minimal) w.key("not_minimal_because").string(p.not_minimal_because);
    if (p.status == plan_status::no_plan) w.key("why").string(p.why);
    w.key("changes").begin_array();
    for (const auto& c : p.changes) change(w, c);
    w.end_array();
    strings(w, "conditions", p.conditions);
    w.key("reassess_on");
    if (p.reassess_on) w.string(p.reassess_on->to_string());
    else w.null();
    strings(w, "earns", p.earns);
    w.key("search").begin_object();
    w.key("evaluations").raw_number(std::to_string(p.evaluations));
    w.key("bound_reached").boolean(p.bound_reached);
    w.end_object();
    w.end_object();
    return out + "\n";
}

std::string to_text(const recourse_plan& p)
{
    const std::string decided = p.decided_title.value_or("no label");
    if (p.status == plan_status::already_holds)
        return fmt::format("{} already holds as answered (decided: {}).\n", p.target_title, decided);
    if (p.status == plan_status::no_plan)
        return fmt::format("No plan reaches {} (decided: {}): {}.\n", p.target_title, decided, p.why);
    const std::string how = p.minimal ? "minimal"
                            : p.fewest_changes
                                ? "fewest changes; the values are not proven the least: " + p.not_minimal_because
                                : "not proven minimal: " + p.not_minimal_because;
    std::string out = fmt::format("To reach {} ({}, {}): {}:\n", p.target_title,
                                  p.verified ? "verified" : "NOT verified", how, what_to_do(p));
    for (const auto& c : p.changes) out += change_line(c);
    if (!p.conditions.empty()) out += "Conditions (not answers):\n";
    for (const auto& c : p.conditions) out += "  - " + c + "\n";
    if (!p.earns.empty()) out += fmt::format("Earns: {}.\n", fmt::join(p.earns, "; "));
    if (p.bound_reached) out += fmt::format("The search stopped at its bound ({} evaluations).\n", p.evaluations);
    return out;
}

}  // namespace hallmark
