// SPDX-License-Identifier: Apache-2.0
// The recourse plan: the target, the conditions that are not answers (time since an
// earlier label), the search (plan_search.cpp), and the verification that makes a plan
// a plan: the changed assessment evaluated by the same rules must reach the target.
#include <hallmark/plan.hpp>
#include <hallmark/text.hpp>

#include "engine/api/plan_search.hpp"
#include "engine/api/rule_set_access.hpp"
#include "engine/run/bind.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace hallmark {
namespace {

using engine::program;

// How far ahead a history condition's window is looked for, in days.
constexpr std::int64_t window_search_days = 10 * 366;

diagnostic problem(std::string message)
{
    diagnostic d;
    d.message = std::move(message);
    d.level = severity::error;
    return d;
}

std::vector<std::string> label_ids(const program& p)
{
    std::vector<std::string> ids;
    for (const auto& l : p.labels) ids.push_back(l.id);
    return ids;
}

// The next label up: ranked just above the one decided (labels are best first), the
// lowest when none is, the best itself when it is decided.
std::uint32_t next_up(const program& p, const decision& d)
{
    if (!d.label) return static_cast<std::uint32_t>(p.labels.size() - 1);
    const int at = p.find_label(*d.label);
    return static_cast<std::uint32_t>(std::max(at - 1, 0));
}

std::string shown(const program& p, std::uint32_t i, const engine::value& v)
{
    const auto r = engine::report(p, i, v);
    const auto& ind = p.indicators[i];
    if (r.is_set) return fmt::format("{{{}}}", fmt::join(r.items, ", "));
    if (!r.text) return "unanswered";
    if (r.is_boolean) return *r.text == "true" ? "yes" : "no";      // as reports write it
    if (ind.kind == ast::type_kind::percent) return *r.text + "%";  // as reports write it
    if (r.is_number && !ind.static_type.unit.empty()) return *r.text + " " + ind.static_type.unit;
    return *r.text;
}

bool history_missing(const program& p, std::uint32_t n, const engine::bound_input& in)
{
    const auto& nd = p.nodes[n];
    if (nd.code == engine::op::history_assessed_on && !in.history_assessed[nd.index]) return true;
    for (std::uint32_t k = 0; k < nd.child_count; ++k)
        if (history_missing(p, p.child_list[nd.first_child + k], in)) return true;
    return false;
}

// A part of a label's requirement as people read it: the rule file's words for it,
// the rule text only when it gives none (`check --strict` warns of that).
const std::string& said(const engine::conjunct& c) { return c.words.empty() ? c.text : c.words; }

// The window before the assessment's date in which a condition held, in words ("it held
// from ... to ..."); empty when there was none within the search.
std::string window_before(const program& p, std::uint32_t t, std::size_t c, engine::bound_input& in)
{
    const date asked = in.assessed_on;
    std::optional<date> first, last;
    for (std::int64_t k = 1; k <= window_search_days; ++k) {
        in.assessed_on = asked.add_days(-k);
        const bool ok = engine::planning::conjunct_holds(p, t, c, in);
        if (ok && !last) last = in.assessed_on;
        if (ok) first = in.assessed_on;
        else if (last) break;
    }
    in.assessed_on = asked;
    if (!last) return {};
    return fmt::format(" (it held for assessments from {} to {})", first->to_string(), last->to_string());
}

// A condition on the history that does not hold as assessed: the window of assessment
// dates ahead in which it would, the date moved to its start. Empty: why there is none.
std::string meet_condition(const program& p, std::uint32_t t, std::size_t c, engine::bound_input& in,
                           recourse_plan& out)
{
    const auto& text = said(p.labels[t].conjuncts[c]);
    if (history_missing(p, p.labels[t].conjuncts[c].node, in))
        return fmt::format("the history has no earlier label that \"{}\" needs; that is not an answer to change", text);
    const date asked = in.assessed_on;
    std::optional<date> first, last;
    for (std::int64_t k = 0; k <= window_search_days && (!first || last); ++k) {
        in.assessed_on = asked.add_days(k);
        const bool ok = engine::planning::conjunct_holds(p, t, c, in);
        if (ok && !first) first = in.assessed_on;
        if (ok) last = in.assessed_on;
        else if (first) break;
    }
    if (!first) {
        in.assessed_on = asked;
        return fmt::format("\"{}\" does not hold on any date from {} on{}; that is not an answer to change", text,
                           asked.to_string(), window_before(p, t, c, in));
    }
    in.assessed_on = *first;
    out.reassess_on = *first;
    out.conditions.push_back(
        fmt::format("reassess between {} and {} ({})", first->to_string(), last->to_string(), text));
    return {};
}

// Every history condition of the target: stated when it holds, met by moving the
// assessment's date when it does not. Empty, or why no plan can reach the target.
std::string conditions(const program& p, std::uint32_t t, engine::bound_input& in, recourse_plan& out)
{
    for (auto c : engine::planning::history_conjuncts(p, t)) {
        if (engine::planning::conjunct_holds(p, t, c, in)) {
            out.conditions.push_back(
                fmt::format("{}: holds as assessed on {}", said(p.labels[t].conjuncts[c]), in.assessed_on.to_string()));
            continue;
        }
        auto why = meet_condition(p, t, c, in, out);
        if (!why.empty()) return why;
    }
    return {};
}

const criterion_result* find_criterion(const decision& d, const std::string& id)
{
    for (const auto& c : d.criteria)
        if (c.id == id) return &c;
    return nullptr;
}

// "Q2_7 Direct contacts with participants": how the criterion is named to people.
std::string named(const criterion_result& c) { return c.title.empty() ? c.id : c.id + " " + c.title; }

std::string label_named(const decision& d, const std::optional<std::string>& id)
{
    if (!id) return "none";
    for (const auto& l : d.labels)
        if (l.id == *id) return l.title.empty() ? l.id : l.title;
    return *id;
}

// What a criterion gained between two decisions, in words ("Q3_3 Financial control: met,
// 4 points (was 0), at its Gold threshold"); nothing when it gained nothing.
std::vector<std::string> gained(const criterion_result& before, const criterion_result& after)
{
    std::vector<std::string> parts;
    if (after.result == outcome::met && before.result != outcome::met) parts.push_back("met");
    if (after.points && after.points != before.points)
        parts.push_back(fmt::format("{} points (was {})", after.points->to_string(),
                                    before.points ? before.points->to_string() : "undecided"));
    if (after.gold.value_or(false) && !before.gold.value_or(false)) parts.push_back("at its Gold threshold");
    if (parts.empty()) return {};
    return {fmt::format("{}: {}", named(after), fmt::join(parts, ", "))};
}

void describe_gains(const program& p, const decision& before, const decision& after, recourse_plan& out)
{
    for (const auto& c : after.criteria) {
        const auto* was = find_criterion(before, c.id);
        if (!was) continue;
        const auto words = gained(*was, c);
        out.earns.insert(out.earns.end(), words.begin(), words.end());
        const auto& inputs = p.criteria[p.find_criterion(c.id)].inputs;
        for (auto& change : out.changes)
            if (std::any_of(inputs.begin(), inputs.end(),
                            [&](auto i) { return p.indicators[i].id == change.indicator; }))
                change.earns.insert(change.earns.end(), words.begin(), words.end());
    }
    for (std::size_t g = 0; g < after.points.size() && g < before.points.size(); ++g)
        if (after.points[g].earned != before.points[g].earned)
            out.earns.push_back(fmt::format("points of {}: {} (was {})", after.points[g].group,
                                            after.points[g].earned.to_string(), before.points[g].earned.to_string()));
    if (after.label != before.label)
        out.earns.push_back(
            fmt::format("label: {} (was {})", label_named(after, after.label), label_named(before, before.label)));
}

// Evaluates the changed assessment with the same rules. A plan that does not reach the
// target there is a bug of the planner, never an answer to hand out: nothing, and the
// caller refuses with an internal error.
std::optional<decision> verify(const rule_set& rules, const assessment& a, recourse_plan& out)
{
    auto d = rules.evaluate(apply_plan(a, out));
    const auto reached = [&](const decision& dec) {
        return std::any_of(dec.labels.begin(), dec.labels.end(),
                           [&](const auto& l) { return l.id == out.target && l.result == outcome::met; });
    };
    if (!d.ok() || !reached(*d)) return std::nullopt;
    out.verified = true;
    return std::move(d).value();
}

std::vector<diagnostic> unverified(const recourse_plan& out, const assessment& a)
{
    auto d = problem(fmt::format("{}the plan found for {} does not reach it when the changed "
                                 "assessment is evaluated; it is not given out. This is a bug in hallmark: "
                                 "please report it with the rules and the assessment",
                                 plan_internal_error, out.target));
    d.source = a.source;
    return {d};
}

std::string why_none(const engine::planning::space& s, const engine::planning::found& f, const plan_options& o)
{
    if (f.bound_reached)
        return fmt::format("the search stopped after {} evaluations (limits::max_plan_evaluations) without reaching it",
                           f.evaluations);
    std::string why = s.indicators.empty() ? "no answer it reads can change"
                                           : fmt::format("it needs more than {} changed answers", o.max_changes);
    if (!o.keep.empty()) why += fmt::format(" with {} kept as answered", fmt::join(o.keep, ", "));
    return why;
}

}  // namespace

namespace {

// Whether the kept indicators are what stands in the way: the search again with
// nothing kept, naming the kept ones the plan it finds would change.
std::string kept_in_the_way(const program& p, std::uint32_t target, const engine::bound_input& in,
                            const plan_options& o)
{
    engine::bound_input scratch;
    const std::vector<bool> none(p.indicators.size(), false);
    const auto s = engine::planning::make_space(p, target, in, none, scratch);
    const auto f = engine::planning::search(p, target, in, s, o.max_changes);
    if (!f.any) return "; changing them would not be enough either";
    std::vector<std::string> changed;
    for (auto w : f.which) {
        const auto& id = p.indicators[s.indicators[w]].id;
        if (std::find(o.keep.begin(), o.keep.end(), id) != o.keep.end()) changed.push_back(id);
    }
    return fmt::format("; a plan would change {}", fmt::join(changed, ", "));
}

}  // namespace

const char* to_string(plan_status s)
{
    switch (s) {
    case plan_status::already_holds: return "already_holds";
    case plan_status::plan: return "plan";
    case plan_status::no_plan: return "no_plan";
    }
    return "no_plan";
}

assessment apply_plan(const assessment& a, const recourse_plan& p)
{
    assessment out = a;
    for (const auto& c : p.changes) {
        auto at = std::lower_bound(out.indicators.begin(), out.indicators.end(), c.indicator,
                                   [](const auto& entry, const std::string& id) { return entry.first < id; });
        if (at != out.indicators.end() && at->first == c.indicator) at->second = c.value;
        else out.indicators.insert(at, {c.indicator, c.value});
    }
    if (p.reassess_on) out.assessed_on = *p.reassess_on;
    return out;
}

namespace {

// The options checked against the rules: the target's index and the kept indicators.
// Empty `why`: fine.
struct checked {
    std::uint32_t target = 0;
    std::vector<bool> keep;
    std::vector<diagnostic> why;
};

checked check_options(const program& p, const decision& d, const assessment& a, const plan_options& o)
{
    checked out;
    out.keep.assign(p.indicators.size(), false);
    if (p.labels.empty()) {
        out.why.push_back(problem(fmt::format("{} {} declares no label to reach", p.name, p.version)));
        out.why.back().source = a.source;
        return out;
    }
    if (o.target) {
        const int t = p.find_label(*o.target);
        if (t < 0)
            out.why.push_back(problem(fmt::format("'{}' is not a label of {} {}{}", *o.target, p.name, p.version,
                                                  did_you_mean(*o.target, label_ids(p)))));
        out.target = static_cast<std::uint32_t>(std::max(t, 0));
    } else {
        out.target = next_up(p, d);
    }
    std::vector<std::string> ids;
    for (const auto& ind : p.indicators) ids.push_back(ind.id);
    for (const auto& k : o.keep) {
        const int i = p.find_indicator(k);
        if (i < 0) out.why.push_back(problem(fmt::format("'{}' is not an indicator{}", k, did_you_mean(k, ids))));
        else out.keep[i] = true;
    }
    for (auto& w : out.why) w.source = a.source;
    return out;
}

recourse_plan header(const program& p, const decision& d, std::uint32_t target)
{
    recourse_plan out;
    out.methodology = d.methodology;
    out.version = d.version;
    out.rules_sha256 = d.rules_sha256;
    out.input_sha256 = d.input_sha256;
    out.assessed_on = d.assessed_on;
    out.decided = d.label;
    out.target = p.labels[target].id;
    out.target_title = p.labels[target].title.empty() ? out.target : p.labels[target].title;
    if (d.label) out.decided_title = label_named(d, d.label);
    return out;
}

void take_changes(const program& p, const engine::planning::space& s, const engine::planning::found& f,
                  const engine::bound_input& in, recourse_plan& out)
{
    for (std::size_t k = 0; k < f.which.size(); ++k) {
        const std::uint32_t i = s.indicators[f.which[k]];
        const auto& c = s.candidates[f.which[k]][f.choice[k]];
        plan_change change;
        change.indicator = p.indicators[i].id;
        change.question = p.indicators[i].description;
        if (in.values[i].known()) change.from = shown(p, i, in.values[i]);
        change.to = shown(p, i, c.bound);
        change.value = c.raw;
        out.changes.push_back(std::move(change));
    }
}

void judge_minimal(const engine::planning::space& s, const engine::planning::found& f, recourse_plan& out)
{
    out.bound_reached = f.bound_reached;
    out.evaluations = f.evaluations;
    out.not_minimal_because =
        f.bound_reached ? "the search stopped at limits::max_plan_evaluations" : s.not_minimal_because;
    out.minimal = out.not_minimal_because.empty();
    out.fewest_changes = out.minimal || (f.any && f.which.size() == 1);
}

}  // namespace

result<recourse_plan> make_plan(const rule_set& rules, const assessment& a, const plan_options& options)
{
    const program& p = engine::program_of(rules);
    auto bound = engine::bind(p, a);
    if (auto* bad = std::get_if<std::vector<diagnostic>>(&bound)) return std::move(*bad);
    auto& in = std::get<engine::bound_input>(bound);
    const decision before = rules.evaluate(a).value();
    auto opts = check_options(p, before, a, options);
    if (!opts.why.empty()) return std::move(opts.why);
    recourse_plan out = header(p, before, opts.target);
    out.cluster_id = a.cluster_id;
    if (engine::planning::holds(p, opts.target, in)) {
        out.status = plan_status::already_holds;
        if (!verify(rules, a, out)) return unverified(out, a);
        out.minimal = out.fewest_changes = true;
        return out;
    }
    out.why = conditions(p, opts.target, in, out);
    if (!out.why.empty()) return out;
    engine::bound_input scratch;
    const auto s = engine::planning::make_space(p, opts.target, in, opts.keep, scratch);
    const auto f = engine::planning::holds(p, opts.target, in)
                       ? engine::planning::found{{}, {}, decimal::from_int(0), true}
                       : engine::planning::search(p, opts.target, in, s, options.max_changes);
    judge_minimal(s, f, out);
    if (!f.any) {
        out.why = why_none(s, f, options);
        if (!f.bound_reached && !options.keep.empty()) out.why += kept_in_the_way(p, opts.target, in, options);
        return out;
    }
    take_changes(p, s, f, in, out);
    out.status = plan_status::plan;
    const auto after = verify(rules, a, out);
    if (!after) return unverified(out, a);
    describe_gains(p, before, *after, out);
    return out;
}

}  // namespace hallmark
