// SPDX-License-Identifier: Apache-2.0
// Hover: what the catalogue knows of a name, in Markdown.
#include "lsp/features.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <fmt/ranges.h>

namespace hallmark::lsp {
namespace {

std::string range_text(const indicator_entry& i)
{
    if (!i.low && !i.high) return "";
    return fmt::format("\n\nrange: {}..{}", i.low ? i.low->to_string() : "", i.high ? i.high->to_string() : "");
}

std::string describe_indicator(const rule_catalogue& c, const indicator_entry& i)
{
    std::string out = fmt::format("**indicator** `{}`: {}", i.id, to_string(i.type));
    if (!i.unit.empty()) out += fmt::format(" (unit {})", i.unit);
    if (i.type == indicator_type::percent) out += " (%)";
    if (!i.question.empty()) out += "\n\n" + i.question;
    out += range_text(i);
    if (!i.choices.empty()) out += fmt::format("\n\nchoices: {}", fmt::join(i.choices, ", "));
    if (i.area) out += fmt::format("\n\narea: `{}` {}", c.areas[*i.area].id, c.areas[*i.area].title);
    return out;
}

std::string tiers_text(const criterion_entry& e)
{
    std::string out;
    for (const auto& t : e.tiers)
        out += fmt::format("\n- {} {}", t.points.to_string(), t.when ? "when `" + *t.when + "`" : "otherwise");
    return out;
}

std::string describe_criterion(const rule_catalogue& c, const criterion_entry& e)
{
    std::string out = fmt::format("**criterion** `{}`: {}", e.id, e.title);
    if (e.area) out += fmt::format("\n\narea: `{}`", c.areas[*e.area].id);
    if (!e.groups.empty()) out += fmt::format("\n\ngroups: {}", fmt::join(e.groups, ", "));
    if (e.requirement) out += fmt::format("\n\nrequires `{}`", *e.requirement);
    if (!e.tiers.empty()) out += fmt::format("\n\npoints (at most {}):{}", e.max_points.to_string(), tiers_text(e));
    if (e.gold) out += fmt::format("\n\ngold when `{}`", *e.gold);
    if (!e.advice.empty()) out += "\n\nadvice: " + e.advice;
    return out;
}

std::string describe_label(const label_entry& l)
{
    std::string out = fmt::format("**label** `{}`: {}", l.id, l.title);
    for (std::size_t i = 0; i < l.requirement.size(); ++i) {
        const auto& words = i < l.requirement_words.size() ? l.requirement_words[i] : std::string();
        out += fmt::format("\n- `{}`{}", l.requirement[i], words.empty() ? "" : ": " + words);
    }
    if (l.valid) out += fmt::format("\n\nvalid {} months {} days", l.valid->months, l.valid->days);
    return out;
}

std::string describe_group(const rule_catalogue& c, const group_entry& g)
{
    std::vector<std::string> members;
    for (const auto m : g.members) members.push_back(c.criteria[m].id);
    std::string out = fmt::format("**group** `{}`: {}", g.id, fmt::join(members, ", "));
    if (g.has_points) out += fmt::format("\n\nat most {} points", g.max_points.to_string());
    return out;
}

// A `let`'s line as written (lets are not in the catalogue), in a code block.
std::string let_definition(const std::vector<rule_source>& files, std::string_view name)
{
    static const rule_catalogue none;
    for (const auto& p : declarations_of(none, files, name_kind::let, name)) {
        const auto& f =
            *std::find_if(files.begin(), files.end(), [&](const rule_source& s) { return s.name == p.file; });
        const auto start = f.text.rfind('\n', p.offset) == std::string::npos ? 0 : f.text.rfind('\n', p.offset) + 1;
        const auto end = f.text.find('\n', p.offset);
        return "\n\n```\n" + f.text.substr(start, end == std::string::npos ? std::string::npos : end - start) + "\n```";
    }
    return "";
}

}  // namespace

json range_of(const line_index& lines, std::size_t from, std::size_t to)
{
    const auto a = lines.at(from), b = lines.at(to);
    return {{"start", {{"line", a.line}, {"character", a.character}}},
            {"end", {{"line", b.line}, {"character", b.character}}}};
}

std::string describe(const rule_catalogue& c, name_kind kind, std::string_view name)
{
    // A kind found in the text may be missing from the catalogue of the last text that
    // compiled (a declaration typed since): then the name and kind alone.
    const auto* indicator = c.find_indicator(name);
    const auto* criterion = c.find_criterion(name);
    const auto* label = c.find_label(name);
    const auto* area = c.find_area(name);
    const auto* group = c.find_group(name);
    if (kind == name_kind::indicator && indicator) return describe_indicator(c, *indicator);
    if (kind == name_kind::criterion && criterion) return describe_criterion(c, *criterion);
    if (kind == name_kind::label && label) return describe_label(*label);
    if (kind == name_kind::group && group) return describe_group(c, *group);
    if (kind == name_kind::area && area)
        return fmt::format("**area** `{}`: {}\n\n{} indicators", area->id, area->title, area->indicators.size());
    if (kind == name_kind::criterion)
        return fmt::format("**criterion** `{}` (not in the rule set: removed, or not yet compiled)", name);
    return fmt::format("**{}** `{}`", to_string(kind), name);
}

json hover(const document& d, position at)
{
    if (!d.rules) return nullptr;
    const line_index lines(d.text);
    const auto t = tokenize(d.text);
    const long k = word_at(t, lines.offset(at));
    if (k < 0 || !is_name_use(t, static_cast<std::size_t>(k))) return nullptr;
    const auto& word = t[static_cast<std::size_t>(k)];
    const auto kind = kind_of(d.rules->catalogue(), d.rules_sources, word.text);
    if (kind == name_kind::none) return nullptr;
    std::string text = describe(d.rules->catalogue(), kind, word.text);
    if (kind == name_kind::let) text += let_definition(d.rules_sources, word.text);
    return {{"contents", {{"kind", "markdown"}, {"value", text}}},
            {"range", range_of(lines, word.offset, word.offset + word.length)}};
}

}  // namespace hallmark::lsp
