// SPDX-License-Identifier: Apache-2.0
// The public catalogue of a rule set, built once from the compiled program so that
// readers outside the engine never depend on the program's layout.
#include <hallmark/catalogue.hpp>

#include "engine/api/rule_set_access.hpp"
#include "engine/run/decision_json.hpp"

#include <algorithm>

namespace hallmark {

const char* to_string(indicator_type t)
{
    switch (t) {
    case indicator_type::count: return "count";
    case indicator_type::integer: return "integer";
    case indicator_type::decimal: return "decimal";
    case indicator_type::percent: return "percent";
    case indicator_type::boolean: return "boolean";
    case indicator_type::date: return "date";
    case indicator_type::choice: return "one of";
    case indicator_type::choice_set: return "set of";
    case indicator_type::criterion_set: return "set of criterion";
    }
    return "";
}

namespace {

template <class entry>
const entry* find_by_id(const std::vector<entry>& entries, std::string_view id)
{
    const auto it = std::find_if(entries.begin(), entries.end(), [&](const entry& e) { return e.id == id; });
    return it == entries.end() ? nullptr : &*it;
}

}  // namespace

std::optional<std::string> rule_catalogue::base() const
{
    if (lineage.empty()) return std::nullopt;
    return lineage.front();
}

const area_entry* rule_catalogue::find_area(std::string_view id) const { return find_by_id(areas, id); }
const indicator_entry* rule_catalogue::find_indicator(std::string_view id) const { return find_by_id(indicators, id); }
const criterion_entry* rule_catalogue::find_criterion(std::string_view id) const { return find_by_id(criteria, id); }
const group_entry* rule_catalogue::find_group(std::string_view id) const { return find_by_id(groups, id); }
const label_entry* rule_catalogue::find_label(std::string_view id) const { return find_by_id(labels, id); }

namespace engine {
namespace {

source_location location_of(const program& p, const ast::position& pos)
{
    return {p.files.at(pos.file).path, pos.line, pos.column};
}

std::optional<std::size_t> index_of(int i)
{
    if (i < 0) return std::nullopt;
    return static_cast<std::size_t>(i);
}

std::vector<std::size_t> indexes(const std::vector<std::uint32_t>& v) { return {v.begin(), v.end()}; }

// The expression a node was compiled from, as explanations quote it.
std::string text_of(const program& p, std::uint32_t node) { return std::string(p.texts[p.nodes[node].source]); }

std::optional<std::string> text_of(const program& p, const std::optional<std::uint32_t>& node)
{
    if (!node) return std::nullopt;
    return text_of(p, *node);
}

calendar_span span_of(const ast::duration& d) { return {d.months, d.days}; }

// The program keeps percentages as fractions; documents and rule files write points.
std::optional<decimal> as_written(const indicator_info& i, const std::optional<decimal>& v)
{
    if (!v || i.kind != ast::type_kind::percent) return v;
    return *v * decimal::from_int(100);
}

indicator_entry indicator_of(const program& p, const indicator_info& i)
{
    return {i.id,
            static_cast<indicator_type>(i.kind),
            i.static_type.unit,
            as_written(i, i.low),
            as_written(i, i.high),
            i.choices,
            i.description,
            index_of(i.area),
            location_of(p, i.pos)};
}

criterion_entry criterion_of(const program& p, const criterion_info& c)
{
    criterion_entry e{
        c.id, c.title,      c.advice,          index_of(c.area),     {}, text_of(p, c.requirement), text_of(p, c.gold),
        {},   c.max_points, indexes(c.inputs), location_of(p, c.pos)};
    for (auto g : c.groups) e.groups.push_back(p.groups[g].id);
    for (const auto& t : c.tiers) e.tiers.push_back({t.points, text_of(p, t.when)});
    return e;
}

label_entry label_of(const program& p, const label_info& l, std::size_t rank)
{
    label_entry e{l.id, l.title, rank, {}, {}, indexes(l.criteria), std::nullopt, std::nullopt, location_of(p, l.pos)};
    for (const auto& c : l.conjuncts) {
        e.requirement.push_back(text_of(p, c.node));
        e.requirement_words.push_back(c.words);
    }
    if (l.valid) e.valid = span_of(*l.valid);
    if (l.renewal) e.renews = label_entry::renewal{span_of(l.renewal->within), span_of(l.renewal->extends)};
    return e;
}

void describe_declarations(const program& p, rule_catalogue& out)
{
    // Sized once: grown by doubling, the old and new arrays were held together at the
    // peak of compiling a large file (issue 18, compile memory).
    out.areas.reserve(p.areas.size());
    out.indicators.reserve(p.indicators.size());
    out.criteria.reserve(p.criteria.size());
    out.groups.reserve(p.groups.size());
    out.labels.reserve(p.labels.size());
    out.declarations.reserve(p.declarations.size());
    for (const auto& a : p.areas) out.areas.push_back({a.id, a.title, indexes(a.indicators), location_of(p, a.pos)});
    for (const auto& i : p.indicators) out.indicators.push_back(indicator_of(p, i));
    for (const auto& c : p.criteria) out.criteria.push_back(criterion_of(p, c));
    for (const auto& g : p.groups) out.groups.push_back({g.id, indexes(g.members), g.has_points, g.max_points});
    for (std::size_t i = 0; i < p.labels.size(); ++i) out.labels.push_back(label_of(p, p.labels[i], i));
    for (const auto& d : p.declarations)
        out.declarations.push_back({ast::to_string(d.kind), d.id, unpack_fields(d.fields)});
}

}  // namespace

rule_catalogue make_catalogue(const program& p)
{
    rule_catalogue out;
    out.name = p.name;
    out.version = p.version;
    out.title = p.title;
    out.effective = p.effective;
    out.until = p.until;
    out.sha256 = p.sha256;
    out.lineage = p.lineage;
    describe_declarations(p, out);
    return out;
}

rule_set make_rule_set(program p)
{
    auto s = std::make_shared<rule_set::state>();
    s->declarations = std::move(p.declarations);
    p.declarations.clear();
    s->program = std::move(p);
    s->program.decision_json = std::make_shared<const decision_text>(make_decision_text(s->program));
    return rule_set(std::move(s));
}

}  // namespace engine
}  // namespace hallmark
