// SPDX-License-Identifier: Apache-2.0
// Parse tree to AST: the header, declarations and the shared token helpers.
#include "dsl/parse_tree.hpp"

#include <hallmark/limits.hpp>

#include <fmt/format.h>

namespace hallmark::dsl {

ast::position tree_converter::pos(const node& n) const
{
    return {file_, static_cast<std::uint32_t>(n.begin().line), static_cast<std::uint32_t>(n.begin().column)};
}

void tree_converter::error(const node& n, std::string message)
{
    diagnostics_.push_back({severity::error, source_, n.begin().line, n.begin().column, std::move(message)});
}

std::string tree_converter::name_of(const node& n)
{
    const node& leaf = n.has_content() ? n : *n.children.front();
    std::string s(leaf.string_view());
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.pop_back();
    if (s.size() > limits::max_identifier_length)
        error(leaf,
              fmt::format("name is {} characters long; the limit is {}", s.size(), limits::max_identifier_length));
    return s;
}

// The string's body with escapes resolved; `n` is the body or a node holding it.
std::string tree_converter::string_of(const node& n)
{
    const node* body = &n;
    while (!body->is_type<g::string_body>() && !body->children.empty()) body = body->children.front().get();
    std::string out;
    const auto raw = body->string_view();
    for (std::size_t i = 0; i < raw.size(); ++i) {
        if (raw[i] != '\\') {
            out += raw[i];
            continue;
        }
        const char c = raw[++i];
        out += c == 'n' ? '\n' : c == 't' ? '\t' : c;
    }
    if (out.size() > limits::max_string_bytes)
        error(*body, fmt::format("string is {} bytes long; the limit is {}", out.size(), limits::max_string_bytes));
    return out;
}

date tree_converter::date_of(const node& n)
{
    const node* leaf = &n;
    while (!leaf->is_type<g::date_lit>() && !leaf->children.empty()) leaf = leaf->children.front().get();
    const auto text = leaf->string();
    auto d = date::parse(text);
    if (!d) error(*leaf, fmt::format("'{}' is not a calendar date", text));
    return d.value_or(date{});
}

decimal tree_converter::number_of(const node& n)
{
    const auto text = n.string();
    const auto point = text.find('.');
    const std::size_t fraction = point == std::string::npos ? 0 : text.size() - point - 1;
    const std::size_t all = text.size() - (point == std::string::npos ? 0 : 1);
    if (all > limits::max_number_digits || fraction > limits::max_fraction_digits) {
        error(n, fmt::format("number has {} digits ({} after the point); the limits are {} and {}", all, fraction,
                             limits::max_number_digits, limits::max_fraction_digits));
        return {};
    }
    auto d = decimal::parse(text);
    if (!d) error(n, fmt::format("'{}' is not a number the engine can represent exactly", text));
    return d.value_or(decimal{});
}

// A percentage is stored as a fraction, two more digits after the point: `33.3%` is
// 0.333. One that would need more than the limit is an error, never rounded.
void tree_converter::percent_fits(const node& number)
{
    const auto text = number.string_view();
    const auto point = text.find('.');
    std::size_t fraction = point == std::string_view::npos ? 0 : text.size() - point - 1;
    if (fraction + 2 > limits::max_fraction_digits)
        error(number, fmt::format("a percentage can have at most {} digits after the point (it is stored as a fraction "
                                  "with {})",
                                  limits::max_fraction_digits - 2, limits::max_fraction_digits));
}

// A number with an optional leading `minus` node among the children of `n`.
decimal tree_converter::signed_number(const node& n)
{
    const node* num = nullptr;
    for (const auto& c : n.children) {
        if (c->is_type<g::number>()) num = c.get();
        if (c->is_type<g::quantity>()) num = child<g::number>(*c);
    }
    decimal d = num ? number_of(*num) : decimal{};
    return child<g::minus>(n) ? -d : d;
}

ast::file tree_converter::convert_file(const node& root)
{
    ast::file f;
    for (const auto& c : root.children) {
        if (c->is_type<g::header>()) f.head = header(*c);
        else if (c->is_type<g::order_decl>()) {
            if (f.order) error(*c, "the labels are ordered twice in this file");
            ast::label_order o{{}, {}, pos(*c)};
            for (const node* n : children<g::name>(*child<g::name_list>(*c))) {
                o.labels.push_back(name_of(*n));
                o.label_pos.push_back(pos(*n));
            }
            f.order = std::move(o);
        } else f.declarations.push_back(declaration(*c));
    }
    return f;
}

ast::header tree_converter::convert_header(const node& root) { return header(*child<g::header>(root)); }

ast::header tree_converter::header(const node& n)
{
    ast::header h;
    h.pos = pos(n);
    h.name = string_of(*child<g::methodology_name>(n));
    h.version = string_of(*child<g::version_name>(n));
    for (const auto& c : n.children) {
        if (c->is_type<g::title_clause>()) {
            h.title = string_of(*c);
            h.title_pos = pos(*c);
        }
        if (c->is_type<g::effective_clause>()) {
            h.effective = date_of(*c);
            h.effective_pos = pos(*c);
        }
        if (c->is_type<g::until_clause>()) {
            h.until = date_of(*c);
            h.until_pos = pos(*c);
        }
        if (c->is_type<g::extends_clause>()) {
            h.base_name = string_of(*child<g::methodology_name>(*c));
            h.base_version = string_of(*child<g::version_name>(*c));
            h.base_pos = pos(*c);
        }
    }
    return h;
}

ast::declaration tree_converter::declaration(const node& n)
{
    ast::declaration d;
    d.pos = pos(n);
    if (n.is_type<g::remove_decl>()) {
        d.mode = ast::change::remove;
        const auto kind = child<g::remove_kind>(n)->string_view();
        d.kind = kind.starts_with("area")        ? ast::decl_kind::area
                 : kind.starts_with("indicator") ? ast::decl_kind::indicator
                 : kind.starts_with("let")       ? ast::decl_kind::let
                 : kind.starts_with("criterion") ? ast::decl_kind::criterion
                                                 : ast::decl_kind::label;
        d.removed_id = name_of(*child<g::name>(n));
        return d;
    }
    if (n.is_type<g::replace_decl>()) {
        d = declaration(*n.children.front());
        d.mode = ast::change::replace;
        d.pos = pos(n);
        return d;
    }
    if (n.is_type<g::area_decl>()) {
        d.kind = ast::decl_kind::area;
        d.area = area(n);
    } else if (n.is_type<g::indicator_decl>()) {
        d.kind = ast::decl_kind::indicator;
        d.indicator = indicator(n);
    } else if (n.is_type<g::let_decl>()) {
        d.kind = ast::decl_kind::let;
        d.let = let(n);
    } else if (n.is_type<g::criterion_decl>()) {
        d.kind = ast::decl_kind::criterion;
        d.criterion = criterion(n);
    } else if (n.is_type<g::label_decl>()) {
        d.kind = ast::decl_kind::label;
        d.label = label(n);
    } else {
        d.kind = ast::decl_kind::test;
        d.test = test(n);
    }
    return d;
}

ast::area_decl tree_converter::area(const node& n)
{
    ast::area_decl a{name_of(*child<g::name>(n)), {}, pos(n)};
    if (const node* s = child<g::string_body>(n)) a.title = string_of(*s);
    return a;
}

ast::type_spec tree_converter::type(const node& n)
{
    ast::type_spec t;
    t.pos = pos(n);
    using k = ast::type_kind;
    if (n.is_type<g::type_count>()) t.kind = k::count;
    else if (n.is_type<g::type_integer>()) t.kind = k::integer;
    else if (n.is_type<g::type_percent>()) t.kind = k::percent;
    else if (n.is_type<g::type_boolean>()) t.kind = k::boolean;
    else if (n.is_type<g::type_date>()) t.kind = k::date;
    else if (n.is_type<g::type_decimal>()) {
        t.kind = k::decimal;
        if (const node* u = child<g::unit_name>(n)) t.unit = name_of(*u);
    } else {
        const node* list = child<g::choice_list>(n);
        t.kind = n.is_type<g::type_choice>() ? k::choice : list ? k::choice_set : k::criterion_set;
        const auto names = list ? children<g::name>(*child<g::name_list>(*list)) : std::vector<const node*>{};
        // Past the limit the list is an error anyway: keeping only one choice too many
        // spares the checker's per-pair work on tens of thousands of them.
        for (std::size_t i = 0; i < names.size() && i <= limits::max_choices; ++i)
            t.choices.push_back(name_of(*names[i]));
        if (names.size() > limits::max_choices)
            error(n, fmt::format("{} choices; the limit is {}", names.size(), limits::max_choices));
    }
    return t;
}

ast::bound tree_converter::range_bound(const node& n)
{
    ast::bound b;
    b.pos = pos(n);
    b.value = signed_number(n);
    const node* q = child<g::quantity>(n);
    if (const node* u = child<g::unit_name>(*q)) b.unit = name_of(*u);
    if (child<g::percent_mark>(*q)) {
        b.percent = true;
        percent_fits(*child<g::number>(*q));
        b.value = b.value / decimal::from_int(100);
    }
    if (child<g::duration_unit>(*q)) error(n, "a range bound is a number, not a duration");
    return b;
}

ast::indicator_decl tree_converter::indicator(const node& n)
{
    ast::indicator_decl d;
    d.pos = pos(n);
    d.id = name_of(*child<g::name>(n));
    for (const auto& c : n.children) {
        if (c->is_type<g::name>()) continue;
        if (c->is_type<g::in_area>()) {
            d.area = name_of(*c->children.front());
            d.area_pos = pos(*c->children.front());
        } else if (c->is_type<g::description>()) d.description = string_of(*c);
        else if (c->is_type<g::range_clause>()) {
            d.low = range_bound(*child<g::range_low>(*c));
            d.high = range_bound(*child<g::range_high>(*c));
        } else d.type = type(*c);
    }
    return d;
}

ast::let_decl tree_converter::let(const node& n)
{
    return {name_of(*n.children.front()), expression(*n.children.back()), pos(n)};
}

void tree_converter::points(const node& n, ast::criterion_decl& c)
{
    c.points_pos = pos(n);
    for (const node* t : children<g::tier>(n)) {
        ast::tier tier;
        tier.pos = pos(*t);
        tier.points = signed_number(*child<g::tier_points>(*t));
        if (!child<g::tier_otherwise>(*t)) tier.when = expression(*t->children.back());
        c.tiers.push_back(std::move(tier));
    }
}

ast::criterion_decl tree_converter::criterion(const node& n)
{
    ast::criterion_decl c;
    c.pos = pos(n);
    c.id = name_of(*n.children.front());
    for (const auto& k : n.children) {
        if (k->is_type<g::description>()) c.title = string_of(*k);
        else if (k->is_type<g::in_area>()) {
            c.area = name_of(*k->children.front());
            c.area_pos = pos(*k);
        } else if (k->is_type<g::group_clause>()) {
            for (const node* g : children<g::name>(*k->children.front())) {
                c.groups.push_back(name_of(*g));
                c.group_pos.push_back(pos(*g));
            }
        } else if (k->is_type<g::requires_clause>()) {
            if (c.requirement)
                error(*k, fmt::format("criterion '{}' has two 'requires' clauses; join them with 'and'", c.id));
            c.requirement = expression(*k->children.back());
            c.requires_pos = pos(*k);
        } else if (k->is_type<g::points_clause>()) {
            if (!c.tiers.empty()) error(*k, fmt::format("criterion '{}' has two 'points' clauses", c.id));
            points(*k, c);
        } else if (k->is_type<g::gold_clause>()) {
            if (c.gold) error(*k, fmt::format("criterion '{}' has two 'gold when' clauses", c.id));
            c.gold = expression(*k->children.back());
            c.gold_pos = pos(*k);
        } else if (k->is_type<g::advice_clause>()) {
            c.advice = string_of(*k);
            c.advice_pos = pos(*k);
        }
    }
    return c;
}

ast::duration tree_converter::duration(const node& n)
{
    return duration_of(*child<g::number>(n), *child<g::duration_unit>(n));
}

// A duration literal, range-checked here so that no later step can overflow: `* 12`
// on an unchecked count of years wrapped around silently.
ast::duration tree_converter::duration_of(const node& number, const node& unit)
{
    const auto count = number_of(number).to_int64();
    if (!count) {
        error(number, "a duration needs a whole number");
        return {};
    }
    const char u = unit.string_view().front();
    const std::int64_t limit = u == 'y'   ? limits::max_duration_years
                               : u == 'm' ? limits::max_duration_months
                                          : limits::max_duration_days;
    const char* word = u == 'y' ? "years" : u == 'm' ? "months" : "days";
    if (*count > limit) {
        error(number, fmt::format("a duration of {} {} is too long; the limit is {} {}", number.string_view(), word,
                                  limit, word));
        return {};
    }
    const std::int64_t v = *count;
    return u == 'y' ? ast::duration{v * 12, 0} : u == 'm' ? ast::duration{v, 0} : ast::duration{0, v};
}

ast::renewal_rule tree_converter::renewal(const node& n)
{
    const auto spans = children<g::duration>(n);
    return {duration(*spans.at(0)), duration(*spans.at(1)), pos(n)};
}

ast::label_decl tree_converter::label(const node& n)
{
    ast::label_decl l;
    l.pos = pos(n);
    l.id = name_of(*n.children.front());
    for (const auto& k : n.children) {
        if (k->is_type<g::description>()) l.title = string_of(*k);
        else if (k->is_type<g::requires_clause>()) {
            if (l.requirement)
                error(*k, fmt::format("label '{}' has two 'requires' clauses; join them with 'and'", l.id));
            l.requirement = expression(*k->children.back());
            l.requires_pos = pos(*k);
        } else if (k->is_type<g::valid_clause>()) {
            l.valid = duration(*k->children.front());
            l.valid_pos = pos(*k);
        } else if (k->is_type<g::renewal_clause>()) l.renewal = renewal(*k);
    }
    return l;
}

}  // namespace hallmark::dsl
