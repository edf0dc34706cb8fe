// Phase 4: criteria and labels as wholes — tiers, validity, dependency cycles, and
// labels that can never be awarded.
#include "dsl/format.hpp"
#include "engine/compiler.hpp"
#include "engine/names.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <functional>

namespace hallmark::engine {

void compiler::compile_lets()
{
    for (std::size_t i = 0; i < let_decls_.size(); ++i) {
        ast::expr ref{ast::expr_kind::name, let_decls_[i]->pos};
        ref.text = let_decls_[i]->id;
        let_ref(static_cast<int>(i), ref);
    }
}

void compiler::compile_criterion(int index, const ast::criterion_decl& d)
{
    auto& info = prog_.criteria[index];
    std::set<std::uint32_t> inputs;
    inputs_ = &inputs;
    criteria_ = &criterion_deps_[index];
    self_criterion_ = index;
    where_ = d.pos;
    if (!d.requirement && d.tiers.empty())
        error(d.pos,
              fmt::format("criterion '{}' has neither 'requires' nor 'points'; it could never be decided", d.id));
    bool otherwise = false;
    for (const auto& t : d.tiers) {
        if (otherwise) error(t.pos, "this tier comes after 'otherwise' and can never be chosen");
        if (!t.when) otherwise = true;
        tier_info ti{std::nullopt, t.points};
        // A tier decides the points, so it cannot read them.
        self_criterion_ = -1;
        if (t.when) ti.when = boolean(*t.when, "a tier's 'when'").node;
        self_criterion_ = index;
        info.tiers.push_back(ti);
    }
    if (!d.tiers.empty() && !otherwise)
        error(d.points_pos, fmt::format("the points of criterion '{}' need a last tier 'N otherwise', so that every "
                                        "case scores",
                                        d.id));
    if (d.requirement) info.requirement = boolean(*d.requirement, "'requires'").node;
    if (d.gold) info.gold = boolean(*d.gold, "'gold when'").node;
    info.inputs.assign(inputs.begin(), inputs.end());
    inputs_ = nullptr;
    criteria_ = nullptr;
    self_criterion_ = -1;
}

void compiler::compile_criteria()
{
    for (std::size_t i = 0; i < criterion_decls_.size(); ++i)
        compile_criterion(static_cast<int>(i), *criterion_decls_[i]);
}

void compiler::compile_label(const ast::label_decl& d)
{
    auto& info = prog_.labels[prog_.find_label(d.id)];
    where_ = d.pos;
    std::set<std::uint32_t> inputs, criteria;
    inputs_ = &inputs;
    criteria_ = &criteria;
    if (!d.valid) error(d.pos, fmt::format("label '{}' has no validity; add e.g. 'valid 2 years'", d.id));
    if (d.renewal && d.renewal->extends.months == 0 && d.renewal->extends.days == 0)
        error(d.renewal->pos, "a renewal that extends by nothing has no effect");
    if (d.requirement) {
        const bool chain = d.requirement->kind == ast::expr_kind::all_of;
        std::vector<const ast::expr*> parts;
        if (chain)
            for (const auto& a : d.requirement->args) parts.push_back(&a);
        else parts.push_back(&*d.requirement);
        for (const ast::expr* part : parts) {
            conjunct c;
            c.node = boolean(*part, "'requires'").node;
            c.text = part->source;
            c.key = dsl::format_expr(*part);
            const node& n = prog_.nodes[c.node];
            if (n.code == op::group_all) c.group = static_cast<int>(n.index);
            if (n.code == op::criterion_met && n.aux == 0) c.criterion = static_cast<int>(n.index);
            info.conjuncts.push_back(std::move(c));
        }
    }
    info.inputs.assign(inputs.begin(), inputs.end());
    info.criteria.assign(criteria.begin(), criteria.end());
    inputs_ = nullptr;
    criteria_ = nullptr;
}

// Applies `order labels ...`: every label exactly once, best first.
void compiler::order_labels()
{
    if (!rules_.order) return;
    const auto& o = *rules_.order;
    std::vector<const ast::label_decl*> ordered;
    std::vector<std::string> ids;
    for (const auto* d : label_decls_) ids.push_back(d->id);
    for (std::size_t i = 0; i < o.labels.size(); ++i) {
        const int at = prog_.find_label(o.labels[i]);
        if (at < 0) {
            error(o.label_pos[i],
                  fmt::format("unknown label '{}' in the order{}{}", o.labels[i], did_you_mean(o.labels[i], ids),
                              o.pos.file != 0 ? "; this order comes from a base version, so a revision that changes "
                                                "the labels needs its own 'order labels'"
                                              : ""));
            continue;
        }
        if (std::find(ordered.begin(), ordered.end(), label_decls_[at]) != ordered.end()) {
            error(o.label_pos[i], fmt::format("label '{}' is listed twice in the order", o.labels[i]));
            continue;
        }
        ordered.push_back(label_decls_[at]);
    }
    for (const auto* d : label_decls_)
        if (std::find(ordered.begin(), ordered.end(), d) == ordered.end())
            error(o.pos, fmt::format("the order leaves out label '{}'", d->id));
    if (ordered.size() != label_decls_.size()) {
        order_failed_ = true;  // rankings are unknown, so reachability cannot be judged
        return;
    }
    std::vector<label_info> labels;
    for (const auto* d : ordered) labels.push_back(prog_.labels[prog_.find_label(d->id)]);
    prog_.labels = std::move(labels);
    label_decls_ = std::move(ordered);
}

void compiler::compile_labels()
{
    order_labels();
    for (const auto* d : label_decls_) compile_label(*d);
    if (prog_.labels.empty() && !rules_.declarations.empty())
        diags_.push_back({severity::warning, rules_.sources.front().name, 0, 0, "the rules declare no label"});
}

void compiler::check_criterion_cycles()
{
    std::vector<int> state(prog_.criteria.size(), 0);
    std::vector<std::uint32_t> path;
    std::function<bool(std::uint32_t)> visit = [&](std::uint32_t c) {
        if (state[c] == 2) return false;
        if (state[c] == 1) {
            std::string text;
            auto from = std::find(path.begin(), path.end(), c);
            for (auto it = from; it != path.end(); ++it) text += prog_.criteria[*it].id + " -> ";
            error(criterion_decls_[c]->pos,
                  fmt::format("criteria depend on each other in a cycle: {}{}", text, prog_.criteria[c].id));
            return true;
        }
        state[c] = 1;
        path.push_back(c);
        for (auto d : criterion_deps_[c])
            if (visit(d)) return true;
        path.pop_back();
        state[c] = 2;
        return false;
    };
    for (std::uint32_t c = 0; c < prog_.criteria.size(); ++c) {
        path.clear();
        if (visit(c)) return;
    }
}

namespace {

bool always_false(const program& p, const conjunct& c)
{
    const node& n = p.nodes[c.node];
    return n.code == op::constant && p.constants[n.index].kind == value::tag::boolean && !p.constants[n.index].flag;
}

// Every requirement of `higher` is also one of `lower`, so `lower` holds only when
// `higher` does, and the better label is chosen first.
bool implied_by(const label_info& lower, const label_info& higher)
{
    for (const auto& h : higher.conjuncts) {
        const bool found = std::any_of(lower.conjuncts.begin(), lower.conjuncts.end(),
                                       [&](const conjunct& l) { return l.key == h.key; });
        if (!found) return false;
    }
    return true;
}

}  // namespace

void compiler::check_unreachable_labels()
{
    if (order_failed_) return;
    for (std::size_t i = 0; i < prog_.labels.size(); ++i) {
        const auto& l = prog_.labels[i];
        const auto* d = label_decls_[i];
        for (const auto& c : l.conjuncts)
            if (always_false(prog_, c))
                error(d->pos, fmt::format("label '{}' can never be awarded: '{}' is always false", l.id, c.text));
        for (std::size_t h = 0; h < i; ++h)
            if (implied_by(l, prog_.labels[h])) {
                error(d->pos,
                      fmt::format("label '{}' can never be awarded: whenever its requirements hold, so do those of "
                                  "the higher label '{}', which is chosen first",
                                  l.id, prog_.labels[h].id));
                break;
            }
    }
}

// Test blocks are checked with the rules, so `hallmark check` finds a misspelt name in
// a test before `hallmark test` runs it.
void compiler::check_tests()
{
    for (const auto& t : rules_.tests) {
        if (!t.assessed_on) error(t.pos, fmt::format("test \"{}\" has no 'assessed_on DATE'", t.name));
        for (std::size_t i = 0; i < t.givens.size(); ++i) check_given(t, i);
        for (const auto& h : t.history) check_name(h.label, symbol_kind::label, h.pos, "label");
        for (const auto& e : t.expectations) check_expectation(e);
    }
}

void compiler::check_given(const ast::test_decl& t, std::size_t i)
{
    const auto& g = t.givens[i];
    for (std::size_t j = 0; j < i; ++j)
        if (t.givens[j].indicator == g.indicator)
            error(g.pos,
                  fmt::format("{} is given twice in this test (first on line {})", g.indicator, t.givens[j].pos.line));
    if (!check_name(g.indicator, symbol_kind::indicator, g.pos, "indicator")) return;
    const auto& ind = prog_.indicators[symbols_.at(g.indicator).index];
    const auto& v = g.value.value.kind == ast::expr_kind::negate ? g.value.value.args[0] : g.value.value;
    if (!g.value.missing && v.kind == ast::expr_kind::number && !v.unit.empty() && v.unit != ind.static_type.unit)
        error(g.pos, fmt::format("{} is in {}, but the value is given in {}", g.indicator,
                                 ind.static_type.unit.empty() ? "no unit" : ind.static_type.unit, v.unit));
}

void compiler::check_expectation(const ast::expectation& e)
{
    switch (e.kind) {
    case ast::expectation_kind::label:
        if (!e.target.empty()) check_name(e.target, symbol_kind::label, e.pos, "label");
        break;
    case ast::expectation_kind::criterion: check_name(e.target, symbol_kind::criterion, e.pos, "criterion"); break;
    case ast::expectation_kind::group_points:
        if (check_name(e.target, symbol_kind::group, e.pos, "group") &&
            !prog_.groups[symbols_.at(e.target).index].has_points)
            error(e.pos, fmt::format("group '{}' has no criteria with points", e.target));
        break;
    case ast::expectation_kind::value:
        if (prog_.find_let(e.target) < 0 && prog_.find_indicator(e.target) < 0)
            error(e.pos, fmt::format("'{}' is neither a let nor an indicator{}", e.target,
                                     did_you_mean(e.target, names_of({symbol_kind::let, symbol_kind::indicator}))));
        break;
    }
}

bool compiler::check_name(const std::string& id, symbol_kind kind, const ast::position& pos, const char* what)
{
    auto it = symbols_.find(id);
    if (it != symbols_.end() && it->second.kind == kind) return true;
    error(pos, fmt::format("unknown {} '{}'{}", what, id, did_you_mean(id, names_of({kind}))));
    return false;
}

}  // namespace hallmark::engine
