// SPDX-License-Identifier: Apache-2.0
// Phase 4: criteria and labels as wholes — tiers, validity, dependency cycles, and
// labels that can never be awarded.
#include "dsl/format.hpp"
#include "engine/compile/compiler.hpp"
#include "engine/values/names.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

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
    const scope_push own(
        scopes_, {.where = d.pos, .inputs = &inputs, .criteria = &criterion_deps_[index], .self_criterion = index});
    if (!d.requirement && d.tiers.empty())
        error(d.pos,
              fmt::format("criterion '{}' has neither 'requires' nor 'points'; it could never be decided", d.id));
    bool otherwise = false;
    for (const auto& t : d.tiers) {
        if (otherwise) error(t.pos, "this tier comes after 'otherwise' and can never be chosen");
        if (!t.when) otherwise = true;
        tier_info ti{std::nullopt, t.points, t.pos};
        // A tier decides the points, so it cannot read them.
        const scope_set no_points(scope().self_criterion, -1);
        if (t.when) ti.when = boolean(*t.when, "a tier's 'when'").node;
        info.tiers.push_back(ti);
    }
    if (!d.tiers.empty() && !otherwise)
        error(d.points_pos, fmt::format("the points of criterion '{}' need a last tier 'N otherwise', so that every "
                                        "case scores",
                                        d.id));
    if (d.requirement) info.requirement = boolean(*d.requirement, "'requires'").node;
    if (d.gold) info.gold = boolean(*d.gold, "'gold when'").node;
    info.inputs.assign(inputs.begin(), inputs.end());
}

void compiler::compile_criteria()
{
    for (std::size_t i = 0; i < criterion_decls_.size(); ++i) {
        compile_criterion(static_cast<int>(i), *criterion_decls_[i]);
        release_declaration(criterion_decl_at_[i]);
    }
}

// `index` is the label's place in prog_.labels (parallel to label_decls_); looking it
// up by name per label made checking quadratic in the number of labels.
void compiler::compile_label(std::size_t index, const ast::label_decl& d)
{
    auto& info = prog_.labels[index];
    std::set<std::uint32_t> inputs, criteria;
    const scope_push own(scopes_, {.where = d.pos, .inputs = &inputs, .criteria = &criteria});
    if (!d.valid) error(d.pos, fmt::format("label '{}' has no validity; add e.g. 'valid 2 years'", d.id));
    if (d.renewal && d.renewal->extends.months == 0 && d.renewal->extends.days == 0)
        error(d.renewal->pos, "a renewal that extends by nothing has no effect");
    if (d.requirement) {
        const bool chain = d.requirement->kind == ast::expr_kind::all_of;
        std::vector<const ast::expr*> parts;
        if (chain)
            for (const auto& a : d.requirement->args) parts.push_back(&a);
        else parts.push_back(&*d.requirement);
        for (std::size_t i = 0; i < parts.size(); ++i) {
            const ast::expr* part = parts[i];
            conjunct c;
            if (i < d.requirement_words.size()) c.words = d.requirement_words[i];
            c.node = boolean(*part, "'requires'").node;
            c.text = part->source;
            c.key = dsl::format_expr(*part);
            const node& n = prog_.nodes[c.node];
            if (n.code == op::group_all) c.group = static_cast<int>(n.index);
            if (n.code == op::criterion_met) c.criterion = static_cast<int>(n.index);
            info.conjuncts.push_back(std::move(c));
        }
    }
    info.inputs.assign(inputs.begin(), inputs.end());
    info.criteria.assign(criteria.begin(), criteria.end());
}

// Applies `order labels ...`: every label exactly once, best first.
void compiler::order_labels()
{
    if (!rules_.order) return;
    const auto& o = *rules_.order;
    std::unordered_map<std::string_view, std::size_t> index;  // a map, so long orders stay linear
    std::vector<std::string> ids;
    for (std::size_t i = 0; i < label_decls_.size(); ++i) {
        index.emplace(label_decls_[i]->id, i);
        ids.push_back(label_decls_[i]->id);
    }
    std::vector<std::size_t> ordered;
    std::vector<bool> placed(label_decls_.size(), false);
    for (std::size_t i = 0; i < o.labels.size(); ++i) {
        const auto at = index.find(o.labels[i]);
        if (at == index.end()) {
            error(o.label_pos[i],
                  fmt::format("unknown label '{}' in the order{}{}", o.labels[i], did_you_mean(o.labels[i], ids),
                              o.pos.file != 0 ? "; this order comes from a base version, so a revision that changes "
                                                "the labels needs its own 'order labels'"
                                              : ""));
        } else if (placed[at->second]) {
            error(o.label_pos[i], fmt::format("label '{}' is listed twice in the order", o.labels[i]));
        } else {
            placed[at->second] = true;
            ordered.push_back(at->second);
        }
    }
    for (std::size_t i = 0; i < label_decls_.size(); ++i)
        if (!placed[i]) error(o.pos, fmt::format("the order leaves out label '{}'", label_decls_[i]->id));
    if (ordered.size() != label_decls_.size()) {
        order_failed_ = true;  // rankings are unknown, so reachability cannot be judged
        return;
    }
    apply_order(ordered);
}

// prog_.labels and label_decls_ rearranged together: `ordered[k]` is the old index of the k-th.
void compiler::apply_order(const std::vector<std::size_t>& ordered)
{
    std::vector<label_info> labels;
    std::vector<const ast::label_decl*> decls;
    for (auto i : ordered) {
        labels.push_back(std::move(prog_.labels[i]));
        decls.push_back(label_decls_[i]);
    }
    prog_.labels = std::move(labels);
    label_decls_ = std::move(decls);
}

void compiler::compile_labels()
{
    order_labels();
    for (std::size_t i = 0; i < label_decls_.size(); ++i) compile_label(i, *label_decls_[i]);
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
            error(criterion_pos_[c],
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

// Every requirement of `higher` is also one of `lower` (whose keys are given), so
// `lower` holds only when `higher` does, and the better label is chosen first.
bool implied_by(const std::unordered_set<std::string_view>& lower, const label_info& higher)
{
    return std::all_of(higher.conjuncts.begin(), higher.conjuncts.end(),
                       [&](const conjunct& h) { return lower.contains(h.key); });
}

// For each label, the first higher label that implies it, or labels.size(). Comparing
// every pair was quadratic; a higher label is only a candidate where its rarest
// requirement is one of the lower label's, so each label is filed under that one.
std::vector<std::size_t> implying_labels(const std::vector<label_info>& labels)
{
    const std::size_t none = labels.size();
    std::unordered_map<std::string_view, std::size_t> frequency;
    for (const auto& l : labels)
        for (const auto& c : l.conjuncts) ++frequency[c.key];
    std::unordered_map<std::string_view, std::vector<std::size_t>> filed;  // ascending indices
    std::size_t unconditional = none;  // the first label without requirements implies all below it
    for (std::size_t h = 0; h < labels.size(); ++h) {
        const auto& cs = labels[h].conjuncts;
        if (cs.empty()) unconditional = std::min(unconditional, h);
        else
            filed[std::min_element(
                      cs.begin(), cs.end(),
                      [&](const conjunct& a, const conjunct& b) { return frequency[a.key] < frequency[b.key]; })
                      ->key]
                .push_back(h);
    }
    std::vector<std::size_t> out(labels.size(), none);
    for (std::size_t i = 0; i < labels.size(); ++i) {
        std::unordered_set<std::string_view> keys;
        for (const auto& c : labels[i].conjuncts) keys.insert(c.key);
        std::size_t best = unconditional < i ? unconditional : i;
        for (auto key : keys)
            if (auto it = filed.find(key); it != filed.end())
                for (auto h : it->second) {
                    if (h >= best) break;
                    if (implied_by(keys, labels[h])) best = h;
                }
        out[i] = best < i ? best : none;
    }
    return out;
}

}  // namespace

void compiler::check_unreachable_labels()
{
    if (order_failed_) return;
    const auto implying = implying_labels(prog_.labels);
    std::unordered_set<std::string_view> seen;
    for (std::size_t i = 0; i < prog_.labels.size(); ++i) {
        const auto& l = prog_.labels[i];
        const auto* d = label_decls_[i];
        if (!seen.insert(l.id).second) continue;  // a duplicate id, already an error of its own
        for (const auto& c : l.conjuncts)
            if (always_false(prog_, c))
                error(d->pos, fmt::format("label '{}' can never be awarded: '{}' is always false", l.id, c.text));
        if (implying[i] < i)
            error(d->pos, fmt::format("label '{}' can never be awarded: whenever its requirements hold, so do those of "
                                      "the higher label '{}', which is chosen first",
                                      l.id, prog_.labels[implying[i]].id));
    }
}

// Test blocks are checked with the rules, so `hallmark check` finds a misspelt name in
// a test before `hallmark test` runs it.
void compiler::check_tests()
{
    check_fixtures();
    for (const auto& t : rules_.tests) {
        // A test from a file takes the file's date; one from a fixture, the fixture's.
        bool dated = t.assessed_on || t.from_file;
        for (const ast::test_decl* f = check_from(t); f && !dated; f = f->from.empty() ? nullptr : check_from(*f))
            dated = f->assessed_on || f->from_file;
        if (!dated) error(t.pos, fmt::format("test \"{}\" has no 'assessed_on DATE'", t.name));
        for (std::size_t i = 0; i < t.givens.size(); ++i) check_given(t, i);
        for (const auto& h : t.history) check_name(h.label, symbol_kind::label, h.pos, "label");
        for (const auto& e : t.expectations) check_expectation(e);
    }
}

// Fixtures: one name each over the whole chain, values only, and no cycle of `from`.
// Those of the top file are checked like tests; a base's fixtures were checked with the
// base, and a value the revision no longer accepts shows when a test uses it.
void compiler::check_fixtures()
{
    const auto& all = rules_.fixtures;
    for (std::size_t i = 0; i < all.size(); ++i) {
        const auto& f = all[i];
        for (std::size_t j = 0; j < i; ++j)
            if (all[j].name == f.name)
                error(f.pos, fmt::format("fixture '{}' is already defined (at {}:{})", f.name,
                                         rules_.sources.at(all[j].pos.file).name, all[j].pos.line));
        if (f.pos.file != 0) continue;
        for (const auto& e : f.expectations)
            error(e.pos, fmt::format("fixture '{}' holds values only; write what to expect in a test "
                                     "(test \"...\" from {} {{ expect ... }})",
                                     f.name, f.name));
        for (std::size_t k = 0; k < f.givens.size(); ++k) check_given(f, k);
        for (const auto& h : f.history) check_name(h.label, symbol_kind::label, h.pos, "label");
        // Walking the chain of `from` finds a cycle: it never ends within all.size() steps.
        const ast::test_decl* at = &f;
        for (std::size_t steps = 0; at && !at->from.empty() && !at->from_file; ++steps) {
            if (steps > all.size()) {
                error(f.pos, fmt::format("fixture '{}' starts from itself through 'from'", f.name));
                break;
            }
            at = check_from(*at);
        }
    }
}

const ast::test_decl* compiler::check_from(const ast::test_decl& t)
{
    if (t.from.empty() || t.from_file) return nullptr;
    for (const auto& f : rules_.fixtures)
        if (f.name == t.from) return &f;
    std::vector<std::string> names;
    for (const auto& f : rules_.fixtures) names.push_back(f.name);
    if (t.pos.file == 0)
        error(t.from_pos, fmt::format("there is no fixture '{}'{}", t.from, did_you_mean(t.from, names)));
    return nullptr;
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
        if (prog_.find_let(e.target) >= 0 || prog_.find_indicator(e.target) >= 0) break;
        if (const auto* r = removed_here(e.target, ast::decl_kind::let); r) removed_message(*r, e.pos);
        else if (const auto* ri = removed_here(e.target, ast::decl_kind::indicator); ri) removed_message(*ri, e.pos);
        else
            error(e.pos, fmt::format("'{}' is neither a let nor an indicator{}", e.target,
                                     did_you_mean(e.target, names_of({symbol_kind::let, symbol_kind::indicator}))));
        break;
    }
}

// A name the revision removed is not a typo: say so instead of suggesting another name.
void compiler::removed_message(const removal& r, const ast::position& pos)
{
    error(pos, fmt::format("{} '{}' was removed in this revision ('remove {} {}' on line {})", ast::to_string(r.kind),
                           r.id, ast::to_string(r.kind), r.id, r.pos.line));
}

bool compiler::check_name(const std::string& id, symbol_kind kind, const ast::position& pos, const char* what)
{
    auto it = symbols_.find(id);
    if (it != symbols_.end() && it->second.kind == kind) return true;
    static constexpr std::pair<symbol_kind, ast::decl_kind> kinds[] = {
        {symbol_kind::area, ast::decl_kind::area},
        {symbol_kind::indicator, ast::decl_kind::indicator},
        {symbol_kind::let, ast::decl_kind::let},
        {symbol_kind::criterion, ast::decl_kind::criterion},
        {symbol_kind::label, ast::decl_kind::label}};
    for (const auto& [sk, dk] : kinds)
        if (sk == kind && it == symbols_.end())
            if (const auto* r = removed_here(id, dk)) {
                removed_message(*r, pos);
                return false;
            }
    error(pos, fmt::format("unknown {} '{}'{}", what, id, did_you_mean(id, names_of({kind}))));
    return false;
}

}  // namespace hallmark::engine
