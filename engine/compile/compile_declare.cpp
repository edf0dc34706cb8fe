// SPDX-License-Identifier: Apache-2.0
// Phase 2: every declared name gets a slot; duplicates and unknown areas are reported.
#include "dsl/format.hpp"
#include "engine/compile/compiler.hpp"
#include "engine/values/names.hpp"

#include <hallmark/assessment.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace hallmark::engine {

compiler::compiler(loaded_rules& rules, std::vector<diagnostic>& diags, bool strict)
    : rules_(rules), diags_(diags), strict_(strict)
{
    scopes_.emplace_back();
}

void compiler::error(const ast::position& p, std::string message)
{
    diags_.push_back({severity::error, rules_.sources.at(p.file).name, p.line, p.column, std::move(message)});
}

namespace {

const char* kind_name(int k)
{
    static const char* names[] = {"area", "indicator", "let", "criterion", "label", "group"};
    return names[k];
}

}  // namespace

void compiler::declare_symbol(const std::string& id, symbol_kind kind, int index, const ast::position& pos)
{
    auto [it, fresh] = symbols_.try_emplace(id, symbol{kind, index, pos});
    if (fresh) return;
    const auto& first = it->second;
    error(pos,
          fmt::format("{} '{}' is already declared as {} {} at {}:{}", kind_name(static_cast<int>(kind)), id,
                      first.kind == symbol_kind::indicator || first.kind == symbol_kind::area ? "an" : "a",
                      kind_name(static_cast<int>(first.kind)), rules_.sources.at(first.pos.file).name, first.pos.line));
}

std::vector<std::string> compiler::names_of(std::initializer_list<symbol_kind> kinds) const
{
    std::vector<std::string> out;
    for (const auto& [id, s] : symbols_)
        for (auto k : kinds)
            if (s.kind == k) out.push_back(id);
    return out;
}

int compiler::area_index(const std::string& id, const ast::position& pos)
{
    if (id.empty()) return -1;
    auto it = symbols_.find(id);
    if (it != symbols_.end() && it->second.kind == symbol_kind::area) return it->second.index;
    error(pos, fmt::format("unknown area '{}'{}", id, did_you_mean(id, names_of({symbol_kind::area}))));
    return -1;
}

void compiler::declare_indicator(const ast::indicator_decl& d)
{
    indicator_info info;
    info.id = d.id;
    info.kind = d.type.kind;
    info.description = d.description;
    info.choices = d.type.choices;
    using k = ast::type_kind;
    switch (d.type.kind) {
    case k::count:
    case k::integer: info.static_type = type::number({}, true); break;
    case k::decimal: info.static_type = type::number(d.type.unit); break;
    case k::percent:
        info.static_type = type::number();
        info.static_type.percent = true;
        break;
    case k::boolean: info.static_type = type::boolean(); break;
    case k::date: info.static_type = type::of(vtype::date); break;
    case k::choice: info.static_type = type::of(vtype::choice); break;
    case k::choice_set: info.static_type = type::of(vtype::choice_set); break;
    case k::criterion_set: info.static_type = type::of(vtype::criterion_set); break;
    }
    info.static_type.domain = static_cast<int>(prog_.indicators.size());
    for (std::size_t i = 0; i < info.choices.size(); ++i)
        for (std::size_t j = 0; j < i; ++j)
            if (info.choices[i] == info.choices[j])
                error(d.type.pos, fmt::format("choice '{}' is listed twice", info.choices[i]));
    auto check_bound = [&](const std::optional<ast::bound>& b) -> std::optional<decimal> {
        if (!b) return std::nullopt;
        if (info.static_type.kind != vtype::number) {
            if (&b == &d.low)
                error(b->pos,
                      fmt::format("indicator '{}' is {}; only numbers have a range", d.id, describe(info.static_type)));
            return std::nullopt;
        }
        if (b->unit != info.static_type.unit)
            error(b->pos, fmt::format("range bound is in {}, but indicator '{}' is in {}",
                                      b->unit.empty() ? "no unit" : b->unit, d.id,
                                      info.static_type.unit.empty() ? "no unit" : info.static_type.unit));
        if ((d.type.kind == k::count || d.type.kind == k::integer) && !b->value.is_integer())
            error(b->pos, fmt::format("indicator '{}' holds whole numbers; the range bound must be one", d.id));
        if (d.type.kind == k::count && b->value.is_negative())
            error(b->pos,
                  fmt::format("indicator '{}' is a count, never negative; the range cannot start below 0", d.id));
        // A percentage bound written without '%' counts in percentage points, like input values.
        if (d.type.kind == k::percent && !b->percent) return b->value / decimal::from_int(100);
        return b->value;
    };
    info.low = check_bound(d.low);
    info.high = check_bound(d.high);
    if (info.low && info.high && *info.high < *info.low)
        error(d.high->pos, "range is empty: the upper end is below the lower end");
    info.area = area_index(d.area, d.area_pos);
    // A retired indicator stays in its area for the questionnaire, but complete(AREA)
    // no longer asks for it: it is used by nothing.
    if (d.retired) retired_[d.id] = &d;
    if (info.area >= 0 && !d.retired)
        prog_.areas[info.area].indicators.push_back(static_cast<std::uint32_t>(prog_.indicators.size()));
    declare_symbol(d.id, symbol_kind::indicator, static_cast<int>(prog_.indicators.size()), d.pos);
    prog_.indicators.push_back(std::move(info));
}

void compiler::declare_criterion(const ast::criterion_decl& d)
{
    const auto index = static_cast<std::uint32_t>(prog_.criteria.size());
    criterion_info info;
    info.id = d.id;
    info.title = d.title;
    info.advice = d.advice;
    info.area = area_index(d.area, d.area_pos);
    for (std::size_t i = 0; i < d.groups.size(); ++i) {
        const auto& g = d.groups[i];
        int gi = prog_.find_group(g);
        if (gi < 0) {
            gi = static_cast<int>(prog_.groups.size());
            prog_.groups.push_back({g, {}, {}, false});
            if (symbols_.count(g) && symbols_.at(g).kind != symbol_kind::group)
                error(d.group_pos[i], fmt::format("group '{}' has the name of {} {}", g,
                                                  symbols_.at(g).kind == symbol_kind::indicator ||
                                                          symbols_.at(g).kind == symbol_kind::area
                                                      ? "an"
                                                      : "a",
                                                  kind_name(static_cast<int>(symbols_.at(g).kind))));
            symbols_.try_emplace(g, symbol{symbol_kind::group, gi, d.group_pos[i]});
        }
        prog_.groups[gi].members.push_back(index);
        info.groups.push_back(static_cast<std::uint32_t>(gi));
    }
    // Maximum points come from the declaration alone, so lets and criteria compiled
    // before this one can already use max_points().
    for (std::size_t i = 0; i < d.tiers.size(); ++i)
        if (i == 0 || info.max_points < d.tiers[i].points) info.max_points = d.tiers[i].points;
    for (auto g : info.groups)
        if (!d.tiers.empty()) {
            prog_.groups[g].max_points = prog_.groups[g].max_points + info.max_points;
            prog_.groups[g].has_points = true;
        }
    declare_symbol(d.id, symbol_kind::criterion, static_cast<int>(index), d.pos);
    prog_.criteria.push_back(std::move(info));
    criterion_decls_.push_back(&d);
    criterion_tierless_.push_back(d.tiers.empty());
    criterion_pos_.push_back(d.pos);
}

namespace {

// Expression nodes and the characters of their source texts.
struct tree_size {
    std::size_t nodes = 0, characters = 0;
    tree_size& operator+=(const tree_size& o)
    {
        nodes += o.nodes;
        characters += o.characters;
        return *this;
    }
};

tree_size count_nodes(const ast::expr& e)
{
    tree_size n{1, e.source.size()};
    for (const auto& a : e.args) n += count_nodes(a);
    return n;
}

tree_size count_nodes(const std::optional<ast::expr>& e) { return e ? count_nodes(*e) : tree_size{}; }

// How many expression nodes a declaration holds: about as many as it compiles to.
tree_size expression_nodes(const ast::declaration& d)
{
    switch (d.kind) {
    case ast::decl_kind::let: return count_nodes(d.let().value);
    case ast::decl_kind::label: return count_nodes(d.label().requirement);
    case ast::decl_kind::criterion: {
        const auto& c = d.criterion();
        tree_size n = count_nodes(c.requirement);
        n += count_nodes(c.gold);
        for (const auto& t : c.tiers) n += count_nodes(t.when);
        return n;
    }
    default: return {};
    }
}

}  // namespace

// The program's arrays sized once, from the declarations, rather than grown by doubling
// beside the syntax tree (issue 18, compile memory).
void compiler::reserve_program()
{
    std::size_t of_kind[static_cast<std::size_t>(ast::decl_kind::test) + 1] = {};  // test: the last kind
    tree_size tree;
    for (const auto& d : rules_.declarations) {
        ++of_kind[static_cast<std::size_t>(d.kind)];
        tree += expression_nodes(d);
    }
    const std::size_t nodes = tree.nodes;
    prog_.areas.reserve(of_kind[static_cast<std::size_t>(ast::decl_kind::area)]);
    prog_.indicators.reserve(of_kind[static_cast<std::size_t>(ast::decl_kind::indicator)]);
    prog_.lets.reserve(of_kind[static_cast<std::size_t>(ast::decl_kind::let)]);
    prog_.criteria.reserve(of_kind[static_cast<std::size_t>(ast::decl_kind::criterion)]);
    prog_.labels.reserve(of_kind[static_cast<std::size_t>(ast::decl_kind::label)]);
    prog_.nodes.reserve(nodes);
    prog_.texts.reserve(nodes, tree.characters);
    prog_.node_pos.reserve(nodes);
    prog_.child_list.reserve(nodes);
    node_depth_.reserve(nodes);
}

void compiler::declare()
{
    reserve_program();
    const auto& decls = rules_.declarations;
    released_.resize(decls.size());
    for (const auto& d : decls)
        if (d.kind == ast::decl_kind::area) {
            declare_symbol(d.area().id, symbol_kind::area, static_cast<int>(prog_.areas.size()), d.pos);
            prog_.areas.push_back({d.area().id, d.area().title, {}});
        }
    for (std::size_t at = 0; at < decls.size(); ++at) {
        const auto& d = decls[at];
        if (d.kind == ast::decl_kind::indicator) {
            declare_indicator(d.indicator());
            // A retired one stays: its uses are reported with its reason.
            if (!d.indicator().retired) release_declaration(at);
            continue;
        }
        if (d.kind == ast::decl_kind::let) {
            declare_symbol(d.let().id, symbol_kind::let, static_cast<int>(prog_.lets.size()), d.pos);
            prog_.lets.push_back({d.let().id, 0, {}});
            let_decls_.push_back(&d.let());
        }
        if (d.kind == ast::decl_kind::criterion) {
            criterion_decl_at_.push_back(at);
            declare_criterion(d.criterion());
        }
        if (d.kind == ast::decl_kind::label) {
            declare_symbol(d.label().id, symbol_kind::label, static_cast<int>(prog_.labels.size()), d.pos);
            prog_.labels.push_back({d.label().id, d.label().title, {}, d.label().valid, d.label().renewal, {}, {}});
            label_decls_.push_back(&d.label());
        }
    }
    let_slots_.resize(prog_.lets.size());
    criterion_deps_.resize(prog_.criteria.size());
}

// What a decision log needs to compile the same rule set again, and to point a reader
// at the declaration that decided a criterion.
void compiler::record_sources()
{
    // The last reading of the syntax tree: each declaration goes as soon as its fields are
    // out, so the tree and its fields are never held whole together (issue 18, compile memory).
    prog_.declarations.reserve(rules_.declarations.size());
    for (std::size_t at = 0; at < rules_.declarations.size(); ++at) {
        auto& d = rules_.declarations[at];
        if (released_[at]) prog_.declarations.push_back(std::move(*released_[at]));
        else if (d.kind != ast::decl_kind::test)
            prog_.declarations.push_back({d.kind, d.id(), pack_fields(dsl::declaration_fields(d))});
        d = ast::declaration{};
    }
    for (auto& a : prog_.areas) a.pos = symbols_.at(a.id).pos;
    for (auto& i : prog_.indicators) i.pos = symbols_.at(i.id).pos;
    for (auto& c : prog_.criteria) c.pos = symbols_.at(c.id).pos;
    for (auto& l : prog_.labels) l.pos = symbols_.at(l.id).pos;
    free_syntax_tree();
    // The copies of the source texts come after the tree is gone, not beside it.
    for (std::size_t i = 0; i < rules_.sources.size(); ++i) {
        const auto& s = rules_.sources[i];
        const auto& [name, version] =
            i == 0 ? std::pair(rules_.head.name, rules_.head.version) : rules_.bases.at(i - 1);
        prog_.files.push_back({s.name, name, version, rules_.source_sha256.at(i), s.text});
    }
}

// Takes the canonical fields of declaration `at` and frees its syntax tree, unless a
// lint (`strict`) will read it again.
void compiler::release_declaration(std::size_t at)
{
    if (strict_) return;
    auto& d = rules_.declarations[at];
    released_[at] = declared{d.kind, d.id(), pack_fields(dsl::declaration_fields(d))};
    d = ast::declaration{};
}

// Nothing reads the declarations after record_sources(): the plan is built from the
// program alone, and holding the tree beside it was the peak of compiling a large file.
void compiler::free_syntax_tree()
{
    criterion_decls_.clear();
    let_decls_.clear();
    label_decls_.clear();
    retired_.clear();
    rules_.declarations = {};
    rules_.base_declarations = {};
    released_ = {};
}

std::optional<program> compiler::run()
{
    const std::size_t before = diags_.size();
    prog_.name = rules_.head.name;
    prog_.version = rules_.head.version;
    prog_.title = rules_.head.title;
    prog_.effective = rules_.head.effective;
    prog_.until = rules_.head.until;
    prog_.sha256 = rules_.sha256;
    prog_.lineage = rules_.lineage;
    declare();
    check_allows();
    compile_lets();
    compile_criteria();
    compile_labels();
    check_criterion_cycles();
    check_unreachable_labels();
    check_tests();
    if (strict_ && !has_errors(diags_)) lint();
    record_sources();
    // The loaded rules are not read after compiling (rule_set.cpp): the tests move.
    prog_.tests = std::move(rules_.tests);
    prog_.base_tests = std::move(rules_.base_tests);
    prog_.fixtures = std::move(rules_.fixtures);
    prog_.with_base_tests = rules_.head.base_tests;
    prog_.tests_read = rules_.tests_read;
    for (std::size_t i = before; i < diags_.size(); ++i)
        if (diags_[i].level == severity::error) return std::nullopt;
    prog_.fast = build_plan(prog_);
    prog_.indicators_by_id.resize(prog_.indicators.size());
    for (std::uint32_t i = 0; i < prog_.indicators.size(); ++i) prog_.indicators_by_id[i] = i;
    std::sort(prog_.indicators_by_id.begin(), prog_.indicators_by_id.end(),
              [&](std::uint32_t a, std::uint32_t b) { return prog_.indicators[a].id < prog_.indicators[b].id; });
    return std::move(prog_);
}

std::optional<program> compile(loaded_rules& rules, std::vector<diagnostic>& diags, bool strict)
{
    return compiler(rules, diags, strict).run();
}

}  // namespace hallmark::engine
