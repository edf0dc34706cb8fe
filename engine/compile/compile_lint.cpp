// SPDX-License-Identifier: Apache-2.0
// Phase 5 (check --strict): rules that compile but are probably not what the author
// meant. Each finding is a warning; a decision never depends on them.
#include "engine/compile/compiler.hpp"

#include "dsl/format.hpp"

#include <fmt/format.h>

namespace hallmark::engine {
namespace {

// The values of one expression a condition admits: `E >= 3` is [3, +inf).
struct interval {
    std::optional<decimal> low, high;
    bool low_open = false, high_open = false;
};

struct bounded {
    std::string key;  // the canonical text of E
    bool percent = false;
    interval range;
    std::string text;  // the condition as written
};

interval from_compare(const std::string& op, const decimal& v)
{
    if (op == ">=") return {v, std::nullopt, false, false};
    if (op == ">") return {v, std::nullopt, true, false};
    if (op == "<=") return {std::nullopt, v, false, false};
    return {std::nullopt, v, false, true};  // "<"
}

std::string flipped(const std::string& op)
{
    if (op == ">=") return "<=";
    if (op == "<=") return ">=";
    return op == ">" ? "<" : ">";
}

// `E op N`, `N op E` or `E in A..B` with number literals; anything else is not analysed.
std::optional<bounded> bound_of(const ast::expr& e)
{
    const bool ordering = e.kind == ast::expr_kind::compare && e.text != "=" && e.text != "!=";
    if (ordering && e.args[1].kind == ast::expr_kind::number && e.args[0].kind != ast::expr_kind::number)
        return bounded{dsl::format_expr(e.args[0]), e.args[1].flag, from_compare(e.text, e.args[1].number), e.source};
    if (ordering && e.args[0].kind == ast::expr_kind::number && e.args[1].kind != ast::expr_kind::number)
        return bounded{dsl::format_expr(e.args[1]), e.args[0].flag, from_compare(flipped(e.text), e.args[0].number),
                       e.source};
    if (e.kind == ast::expr_kind::in_range && e.text == "in" && e.args[1].kind == ast::expr_kind::number &&
        e.args[2].kind == ast::expr_kind::number)
        return bounded{dsl::format_expr(e.args[0]), e.args[1].flag,
                       interval{e.args[1].number, e.args[2].number, false, false}, e.source};
    return std::nullopt;
}

bool comparable(const bounded& a, const bounded& b) { return a.key == b.key && a.percent == b.percent; }

// Is `inner`'s lower end at or above `outer`'s?
bool low_within(const interval& outer, const interval& inner)
{
    if (!outer.low) return true;
    if (!inner.low) return false;
    return *outer.low < *inner.low || (*outer.low == *inner.low && (!outer.low_open || inner.low_open));
}

bool high_within(const interval& outer, const interval& inner)
{
    if (!outer.high) return true;
    if (!inner.high) return false;
    return *inner.high < *outer.high || (*outer.high == *inner.high && (!outer.high_open || inner.high_open));
}

bool contains(const interval& outer, const interval& inner)
{
    return low_within(outer, inner) && high_within(outer, inner);
}

bool overlaps(const interval& a, const interval& b)
{
    auto below = [](const interval& x, const interval& y) {  // x ends before y starts
        if (!x.high || !y.low) return false;
        return *x.high < *y.low || (*x.high == *y.low && (x.high_open || y.low_open));
    };
    return !below(a, b) && !below(b, a);
}

std::vector<const ast::expr*> conjuncts_of(const ast::label_decl& d)
{
    std::vector<const ast::expr*> parts;
    if (!d.requirement) return parts;
    if (d.requirement->kind == ast::expr_kind::all_of)
        for (const auto& a : d.requirement->args) parts.push_back(&a);
    else parts.push_back(&*d.requirement);
    return parts;
}

}  // namespace

void compiler::warn(const ast::position& p, const char* code, const std::string& subject, std::string message)
{
    warnings_.push_back({p, code, subject, std::move(message)});
}

// Criteria each label depends on, through groups, lets and other criteria.
std::vector<std::set<std::uint32_t>> compiler::label_closures() const
{
    std::vector<std::set<std::uint32_t>> out;
    for (const auto& l : prog_.labels) {
        std::set<std::uint32_t> seen(l.criteria.begin(), l.criteria.end());
        std::vector<std::uint32_t> todo(seen.begin(), seen.end());
        while (!todo.empty()) {
            const auto c = todo.back();
            todo.pop_back();
            for (auto d : criterion_deps_[c])
                if (seen.insert(d).second) todo.push_back(d);
        }
        out.push_back(std::move(seen));
    }
    return out;
}

void compiler::lint()
{
    const auto closures = label_closures();
    lint_unused(closures);
    for (std::size_t i = 0; i < criterion_decls_.size(); ++i) lint_tiers(*criterion_decls_[i]);
    lint_label_order();
    lint_advice(closures);
    lint_label_words();
    lint_new_requirements(closures);
    attribute_to_revision();
    apply_allows();
}

// Every text a cluster manager reads comes from words in the rule file: a part of a
// label's requirement is shown by the titles of the criteria it names (`all(G)`, `E1`,
// `gold(E1)`), or else by its own words.
void compiler::lint_label_words()
{
    for (std::size_t i = 0; i < label_decls_.size(); ++i) {
        const auto& d = *label_decls_[i];
        const auto& info = prog_.labels[i];  // parallel to label_decls_
        const auto parts = conjuncts_of(d);
        for (std::size_t j = 0; j < parts.size() && j < info.conjuncts.size(); ++j) {
            const auto& c = info.conjuncts[j];
            const bool reference = c.group >= 0 || c.criterion >= 0 || prog_.nodes[c.node].code == op::criterion_gold;
            if (reference || !c.words.empty()) continue;
            warn(parts[j]->pos, "requirement_words", d.id,
                 fmt::format("label {}: the requirement part '{}' has no words for the report; add "
                             "them as a string after it: {} \"WHAT IT ASKS\"",
                             d.id, parts[j]->source, parts[j]->source));
        }
    }
}

void compiler::lint_unused(const std::vector<std::set<std::uint32_t>>& closures)
{
    std::set<std::uint32_t> read, used;
    for (const auto& c : prog_.criteria) read.insert(c.inputs.begin(), c.inputs.end());
    for (const auto& l : prog_.labels) read.insert(l.inputs.begin(), l.inputs.end());
    for (const auto& c : closures) used.insert(c.begin(), c.end());
    for (std::uint32_t i = 0; i < prog_.indicators.size(); ++i)
        if (!read.count(i) && !retired_.count(prog_.indicators[i].id))
            warn(symbols_.at(prog_.indicators[i].id).pos, "unused_indicator", prog_.indicators[i].id,
                 fmt::format("indicator '{}' is not used by any criterion or label", prog_.indicators[i].id));
    for (std::uint32_t i = 0; i < prog_.criteria.size(); ++i)
        if (!used.count(i))
            warn(symbols_.at(prog_.criteria[i].id).pos, "unused_criterion", prog_.criteria[i].id,
                 fmt::format("criterion '{}' is not used by any label (directly, through a group or through "
                             "another criterion)",
                             prog_.criteria[i].id));
}

// Tiers are tried in order and the first that holds decides the points.
void compiler::lint_tiers(const ast::criterion_decl& d)
{
    std::vector<std::optional<bounded>> bounds;
    for (std::size_t j = 0; j < d.tiers.size(); ++j) {
        const auto& t = d.tiers[j];
        bounds.push_back(t.when ? bound_of(*t.when) : std::nullopt);
        if (!t.when) {
            for (std::size_t i = 0; i < j; ++i)
                if (d.tiers[i].points < t.points) {
                    warn(t.pos, "tier_order", d.id,
                         fmt::format("tier order is not monotone: 'otherwise' gives {} points, more than "
                                     "'{}' before it ({} points)",
                                     t.points.to_string(), d.tiers[i].when->source, d.tiers[i].points.to_string()));
                    break;
                }
            continue;
        }
        if (!bounds[j]) continue;
        for (std::size_t i = 0; i < j; ++i) {
            if (!bounds[i] || !comparable(*bounds[i], *bounds[j])) continue;
            const auto &earlier = *bounds[i], &later = *bounds[j];
            if (contains(earlier.range, later.range)) {
                warn(t.pos, "unreachable_tier", d.id,
                     fmt::format("this tier can never be chosen: whenever '{}' holds, so does '{}' (line {}), "
                                 "which comes first",
                                 later.text, earlier.text, d.tiers[i].pos.line));
                break;
            }
            if (contains(later.range, earlier.range)) {
                if (d.tiers[i].points < t.points)
                    warn(t.pos, "tier_order", d.id,
                         fmt::format("tier order is not monotone: the looser '{}' gives {} points, more than "
                                     "the stricter '{}' before it ({} points)",
                                     later.text, t.points.to_string(), earlier.text, d.tiers[i].points.to_string()));
            } else if (overlaps(earlier.range, later.range)) {
                warn(t.pos, "overlapping_tiers", d.id,
                     fmt::format("this tier overlaps '{}' (line {}): where both hold, the earlier tier decides",
                                 earlier.text, d.tiers[i].pos.line));
            }
        }
    }
}

// A lower label asking more of some measure than a higher label does: a cluster between
// the two thresholds may meet the higher label's part and still miss the lower label.
void compiler::lint_label_order()
{
    if (order_failed_) return;
    for (std::size_t low = 1; low < label_decls_.size(); ++low)
        for (const auto* part : conjuncts_of(*label_decls_[low])) {
            const auto lb = bound_of(*part);
            if (!lb) continue;
            for (std::size_t high = 0; high < low; ++high)
                for (const auto* other : conjuncts_of(*label_decls_[high])) {
                    const auto hb = bound_of(*other);
                    if (!hb || !comparable(*lb, *hb)) continue;
                    if (contains(hb->range, lb->range) && !contains(lb->range, hb->range))
                        warn(part->pos, "label_order", label_decls_[low]->id,
                             fmt::format("the lower label '{}' requires '{}', which is stricter than '{}' "
                                         "of the higher label '{}'",
                                         label_decls_[low]->id, lb->text, hb->text, label_decls_[high]->id));
                }
        }
}

void compiler::lint_advice(const std::vector<std::set<std::uint32_t>>& closures)
{
    for (std::uint32_t c = 0; c < prog_.criteria.size(); ++c) {
        if (!prog_.criteria[c].advice.empty()) continue;
        for (std::size_t l = 0; l < closures.size(); ++l)
            if (closures[l].count(c)) {
                warn(symbols_.at(prog_.criteria[c].id).pos, "missing_advice", prog_.criteria[c].id,
                     fmt::format("criterion '{}' decides label '{}' but has no advice for a cluster that does not "
                                 "meet it",
                                 prog_.criteria[c].id, prog_.labels[l].id));
                break;
            }
    }
}

}  // namespace hallmark::engine
