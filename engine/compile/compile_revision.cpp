// SPDX-License-Identifier: Apache-2.0
// What a revision changes besides what it says (check --strict): a label inherited
// unchanged that now requires something new, and warnings that land in a base file but
// come from the revision. Also retired indicators and `allow`, which silences a warning
// on purpose, with a reason.
#include "engine/compile/compiler.hpp"

#include <hallmark/text.hpp>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

namespace hallmark::engine {
namespace {

// The names `allow` accepts: one per kind of strict warning (compile_lint.cpp and below).
const std::vector<std::string>& warning_codes()
{
    static const std::vector<std::string> codes = {"unused_indicator",  "unused_criterion",  "unreachable_tier",
                                                   "overlapping_tiers", "tier_order",        "label_order",
                                                   "missing_advice",    "requirement_words", "new_requirement"};
    return codes;
}

bool mentions(const ast::expr& e, const std::string& name)
{
    if (e.kind == ast::expr_kind::name && e.text == name) return true;
    return std::any_of(e.args.begin(), e.args.end(), [&](const ast::expr& a) { return mentions(a, name); });
}

// Does the declaration name `name` in one of its expressions?
bool mentions(const ast::declaration& d, const std::string& name)
{
    auto in = [&](const std::optional<ast::expr>& e) { return e && mentions(*e, name); };
    switch (d.kind) {
    case ast::decl_kind::let: return mentions(d.let().value, name);
    case ast::decl_kind::label: return in(d.label().requirement);
    case ast::decl_kind::criterion:
        return in(d.criterion().requirement) || in(d.criterion().gold) ||
               std::any_of(d.criterion().tiers.begin(), d.criterion().tiers.end(),
                           [&](const ast::tier& t) { return in(t.when); });
    default: return false;
    }
}

const ast::declaration* find_decl(const std::vector<ast::declaration>& ds, ast::decl_kind kind, const std::string& id)
{
    for (const auto& d : ds)
        if (d.kind == kind && d.id() == id) return &d;
    return nullptr;
}

std::string quoted_list(const std::vector<std::string>& ids)
{
    std::vector<std::string> out;
    for (const auto& id : ids) out.push_back("'" + id + "'");
    return fmt::format("{}", fmt::join(out, ", "));
}

}  // namespace

const removal* compiler::removed_here(const std::string& id, ast::decl_kind kind) const
{
    for (const auto& r : rules_.removed)
        if (r.id == id && r.kind == kind) return &r;
    return nullptr;
}

bool compiler::retired_use(const std::string& id, const ast::position& pos)
{
    const auto it = retired_.find(id);
    if (it == retired_.end()) return false;
    const auto& at = it->second->retired_pos;
    error(pos, fmt::format("indicator '{}' is retired ({}:{}: \"{}\"); it is still accepted in input, but no rule can "
                           "use it",
                           id, rules_.sources.at(at.file).name, at.line, it->second->retired_reason));
    return true;
}

// Every `allow` names a known warning, something declared, and why.
void compiler::check_allows()
{
    for (const auto& a : rules_.allows) {
        const auto& codes = warning_codes();
        if (std::find(codes.begin(), codes.end(), a.warning) == codes.end())
            error(a.pos, fmt::format("unknown warning '{}' in 'allow'{}; the warnings are {}", a.warning,
                                     did_you_mean(a.warning, codes), fmt::join(codes, ", ")));
        if (!symbols_.count(a.subject))
            error(a.pos, fmt::format("'allow' names '{}', which is not declared{}", a.subject,
                                     did_you_mean(a.subject, names_of({symbol_kind::indicator, symbol_kind::criterion,
                                                                       symbol_kind::label}))));
        if (a.reason.find_first_not_of(" \t") == std::string::npos)
            error(a.pos, "'allow' needs a reason in the quotes: why this warning is wrong here");
    }
}

// A label the revision did not touch, whose requirement now reaches something the
// revision added: a new criterion in a group the label reads, or a new indicator in an
// area an inherited criterion reads with complete(AREA). Nobody wrote it into the label.
void compiler::lint_new_requirements(const std::vector<std::set<std::uint32_t>>& closures)
{
    const auto& base = rules_.base_declarations;
    if (rules_.sources.size() < 2) return;
    std::map<std::string, std::vector<std::string>> criterion_labels, indicator_labels;
    std::map<std::string, std::string> indicator_reader;
    for (std::size_t l = 0; l < prog_.labels.size(); ++l) {
        if (label_decls_[l]->pos.file == 0) continue;  // written (or replaced) by the revision itself
        const auto& label = prog_.labels[l].id;
        for (auto c : closures[l]) {
            const auto& cd = *criterion_decls_[c];
            const auto* old = find_decl(base, ast::decl_kind::criterion, cd.id);
            // Only a group read with all(G) or complete(G) asks something of each member;
            // points(G) or count(G) gain a way to score, not a requirement.
            const auto demanding = [&](const std::string& g) {
                return every_member_groups_.count(prog_.find_group(g)) > 0 &&
                       (!old || std::find(old->criterion().groups.begin(), old->criterion().groups.end(), g) ==
                                    old->criterion().groups.end());
            };
            if (cd.pos.file == 0 && std::any_of(cd.groups.begin(), cd.groups.end(), demanding))
                criterion_labels[cd.id].push_back(label);
            if (cd.pos.file == 0) continue;
            for (auto i : prog_.criteria[c].inputs) {
                const auto& ind = prog_.indicators[i];
                if (symbols_.at(ind.id).pos.file != 0 || find_decl(base, ast::decl_kind::indicator, ind.id)) continue;
                auto& labels = indicator_labels[ind.id];
                if (std::find(labels.begin(), labels.end(), label) == labels.end()) labels.push_back(label);
                indicator_reader.try_emplace(ind.id, cd.id);
            }
        }
    }
    for (const auto& [id, labels] : criterion_labels) {
        const auto& cd = *criterion_decls_[symbols_.at(id).index];
        warn(cd.pos, "new_requirement", id,
             fmt::format("criterion '{}' {} group{} {} in this revision, so label{} {}, unchanged from the base, now "
                         "require{} it",
                         id, find_decl(base, ast::decl_kind::criterion, id) ? "joins" : "is new and in",
                         cd.groups.size() == 1 ? "" : "s", fmt::join(cd.groups, ", "), labels.size() == 1 ? "" : "s",
                         quoted_list(labels), labels.size() == 1 ? "s" : ""));
    }
    for (const auto& [id, labels] : indicator_labels) {
        const auto& ind = prog_.indicators[symbols_.at(id).index];
        const std::string area = ind.area >= 0 ? prog_.areas[ind.area].id : "";
        warn(symbols_.at(id).pos, "new_requirement", id,
             fmt::format("indicator '{}' is new in this revision{}, which criterion '{}' reads; label{} {}, unchanged "
                         "from the base, now require{} it to be reported",
                         id, area.empty() ? "" : fmt::format(" and in area '{}'", area), indicator_reader.at(id),
                         labels.size() == 1 ? "" : "s", quoted_list(labels), labels.size() == 1 ? "s" : ""));
    }
}

// A warning located in a base file is the revision's doing when the base passed: it is
// moved to the `remove` or `replace` that caused it, or else to the `extends` clause, and
// says where in the base it points.
void compiler::attribute_to_revision()
{
    if (rules_.sources.size() < 2) return;
    for (auto& w : warnings_) {
        if (w.pos.file == 0) continue;
        const auto where = fmt::format("{}:{}", rules_.sources.at(w.pos.file).name, w.pos.line);
        std::string area;
        if (const auto s = symbols_.find(w.subject); s != symbols_.end() && s->second.kind == symbol_kind::indicator) {
            const int a = prog_.indicators[s->second.index].area;
            if (a >= 0) area = prog_.areas[a].id;
        }
        auto caused = [&](const ast::declaration* old) {
            return old && (mentions(*old, w.subject) || (!area.empty() && mentions(*old, area)));
        };
        std::optional<std::pair<ast::position, std::string>> cause;
        for (const auto& r : rules_.removed)
            if (!cause && caused(find_decl(rules_.base_declarations, r.kind, r.id)))
                cause = {r.pos, fmt::format("remove {} {}", ast::to_string(r.kind), r.id)};
        for (const auto& d : rules_.declarations)
            if (!cause && d.pos.file == 0 && d.kind != ast::decl_kind::test &&
                caused(find_decl(rules_.base_declarations, d.kind, d.id())) && !mentions(d, w.subject))
                cause = {d.pos, fmt::format("replace {} {}", ast::to_string(d.kind), d.id())};
        if (cause) {
            w.message += fmt::format(" (at {}, in the base; caused by '{}' in this revision)", where, cause->second);
            w.pos = cause->first;
        } else {
            w.message += fmt::format(" (at {}, in the base version)", where);
            w.pos = rules_.head.base_pos;
        }
    }
}

// The warnings left after `allow`, into the diagnostics; an `allow` of this file that
// silences nothing is a warning of its own (it cannot itself be allowed).
void compiler::apply_allows()
{
    std::vector<bool> used(rules_.allows.size());
    for (auto& w : warnings_) {
        bool allowed = false;
        for (std::size_t i = 0; i < rules_.allows.size(); ++i)
            if (rules_.allows[i].warning == w.code && rules_.allows[i].subject == w.subject) allowed = used[i] = true;
        if (!allowed)
            diags_.push_back({severity::warning, rules_.sources.at(w.pos.file).name, w.pos.line, w.pos.column,
                              std::move(w.message), w.code});
    }
    for (std::size_t i = 0; i < rules_.allows.size(); ++i) {
        const auto& a = rules_.allows[i];
        if (used[i] || a.pos.file != 0) continue;
        diags_.push_back({severity::warning, rules_.sources.front().name, a.pos.line, a.pos.column,
                          fmt::format("'allow {} {}' silences no warning; remove it", a.warning, a.subject),
                          "unused_allow"});
    }
    warnings_.clear();
}

}  // namespace hallmark::engine
