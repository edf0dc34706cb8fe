// SPDX-License-Identifier: Apache-2.0
// Parse tree to AST: the header, declarations, the shared token helpers and the checks
// that refuse a tree the converter does not know.
#include "dsl/parse_tree.hpp"

#include <cctype>

#include <hallmark/limits.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

namespace hallmark::dsl {

ast::position tree_converter::pos(const node& n) const
{
    return {file_, static_cast<std::uint32_t>(n.begin().line), static_cast<std::uint32_t>(n.begin().column)};
}

void unexpected(const node& n, std::string_view where)
{
    throw std::logic_error(
        fmt::format("internal error: the parse-tree converter has no case for a {} node in {} at {}:{}", n.type, where,
                    n.begin().line, n.begin().column));
}

void unexpected(const node& n, const node& parent)
{
    unexpected(n, parent.is_root() ? std::string_view("the file") : parent.type);
}

void missing(const node& n, std::string_view rule)
{
    throw std::logic_error(fmt::format("internal error: the parse-tree converter found no {} in a {} node at {}:{}",
                                       rule, n.type, n.begin().line, n.begin().column));
}

const node& sole_child(const node& n)
{
    if (n.children.empty()) missing(n, "child");
    if (n.children.size() > 1) unexpected(*n.children[1], n);
    return *n.children.front();
}

const node& first_child(const node& n)
{
    if (n.children.empty()) missing(n, "child");
    return *n.children.front();
}

void child_count(const node& n, std::size_t count)
{
    if (n.children.size() < count) missing(n, fmt::format("child {}", n.children.size() + 1));
    if (n.children.size() > count) unexpected(*n.children[count], n);
}

namespace {

// Whether `text` holds only what separates tokens: blanks and comments.
bool blank(std::string_view text)
{
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '#') i = std::min(text.find('\n', i), text.size());
        else if (!std::isspace(static_cast<unsigned char>(text[i]))) return false;
    }
    return true;
}

}  // namespace

// Some tokens are read from the presence of their node alone (a minus, `not` in `not in`,
// a unit, `replace`): without a node they leave no child to refuse, so the text says
// whether one was written, and the two must agree (else `-5` would silently read as 5).
void agrees(const node& n, bool read, bool written, std::string_view token)
{
    if (read != written)
        throw std::logic_error(fmt::format(
            "internal error: the parse-tree converter {} {} in the {} node '{}' at {}:{}", read ? "read a" : "found no",
            token, n.type, n.string_view(), n.begin().line, n.begin().column));
}

// A quantity's parts: a number, then at most one of a percent sign, a duration or a unit.
void quantity_parts(const node& q)
{
    only_children<g::number, g::percent_mark, g::unit_name, g::duration_unit>(q);
    const node& number = first<g::number>(q);
    const auto rest = q.string_view().substr(number.string_view().size());
    agrees(q, q.children.size() > 1, !blank(rest), "unit");
}

// Only separators between the declarations of a file, where a keyword whose rule the
// selector stopped keeping (`replace`) would otherwise go unnoticed. `last_end` is where
// the previous declaration ended, which may be in an earlier tree of the same file.
void nothing_between(const node& root, const char*& last_end)
{
    for (const auto& c : root.children) {
        const auto b = c->string_view();
        if (last_end != nullptr) {
            const std::string_view gap(last_end, static_cast<std::size_t>(b.data() - last_end));
            if (!blank(gap)) agrees(*c, false, true, fmt::format("'{}' before it", gap));
        }
        last_end = b.data() + b.size();
    }
}

void tree_converter::error(const node& n, std::string message)
{
    diagnostics_.push_back({severity::error, source_, n.begin().line, n.begin().column, std::move(message)});
}

// `n` is a name or a unit, never another node read as one (say, a clause whose node
// the selector stopped keeping, leaving its name in the parent).
std::string tree_converter::name_of(const node& n)
{
    if (!n.is_type<g::name>() && !n.is_type<g::unit_name>()) missing(n, "name");
    std::string s(n.string_view());
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.pop_back();
    if (s.size() > limits::max_identifier_length)
        error(n, fmt::format("name is {} characters long; the limit is {}", s.size(), limits::max_identifier_length));
    return s;
}

// The string's body with escapes resolved; `n` is the body or a node holding only it.
std::string tree_converter::string_of(const node& n)
{
    const node* body = &n;
    while (!body->is_type<g::string_body>() && body->children.size() == 1) body = body->children.front().get();
    if (!body->is_type<g::string_body>()) missing(*body, "string");
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
    while (!leaf->is_type<g::date_lit>() && leaf->children.size() == 1) leaf = leaf->children.front().get();
    if (!leaf->is_type<g::date_lit>()) missing(*leaf, "date");
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

// A number (or a quantity) after an optional leading `minus` node: the children of `n`.
decimal tree_converter::signed_number(const node& n)
{
    only_children<g::minus, g::number, g::quantity>(n);
    const bool negative = child<g::minus>(n) != nullptr;
    agrees(n, negative, n.string_view().starts_with('-'), "minus");
    const node* q = child<g::quantity>(n);
    const decimal d = number_of(q ? required<g::number>(*q) : required<g::number>(n));
    return negative ? -d : d;
}

ast::file tree_converter::convert_file(const node& root)
{
    ast::file f;
    add_to_file(f, root);
    return f;
}

void tree_converter::add_to_file(ast::file& f, const node& root)
{
    nothing_between(root, last_end_);
    for (const auto& c : root.children) {
        if (c->is_type<g::header>()) f.head = header(*c);
        else if (c->is_type<g::order_decl>()) {
            if (f.order) error(*c, "the labels are ordered twice in this file");
            ast::label_order o{{}, {}, pos(*c)};
            for (const node* n : children<g::name>(sole<g::name_list>(*c))) {
                o.labels.push_back(name_of(*n));
                o.label_pos.push_back(pos(*n));
            }
            f.order = std::move(o);
        } else if (c->is_type<g::allow_decl>()) {
            f.allows.push_back(allowance(*c));
        } else f.declarations.push_back(declaration(*c));
    }
}

ast::header tree_converter::convert_header(const node& root) { return header(sole<g::header>(root)); }

ast::header tree_converter::header(const node& n)
{
    ast::header h;
    h.pos = pos(n);
    // The name and the version come first; the clauses follow in any order.
    h.name = string_of(first<g::methodology_name>(n));
    if (n.children.size() < 2 || !n.children[1]->is_type<g::version_name>()) missing(n, "version_name second");
    h.version = string_of(*n.children[1]);
    for (std::size_t i = 2; i < n.children.size(); ++i) {
        const node* c = n.children[i].get();
        if (c->is_type<g::title_clause>()) {
            h.title = string_of(*c);
            h.title_pos = pos(*c);
        } else if (c->is_type<g::effective_clause>()) {
            h.effective = date_of(*c);
            h.effective_pos = pos(*c);
        } else if (c->is_type<g::until_clause>()) {
            h.until = date_of(*c);
            h.until_pos = pos(*c);
        } else if (c->is_type<g::extends_clause>()) {
            only_children<g::methodology_name, g::version_name, g::with_tests>(*c);
            h.base_tests = child<g::with_tests>(*c) != nullptr;
            // `with tests` follows the version; a selector that dropped its node is noticed.
            const auto version = required<g::version_name>(*c).string_view(), clause = c->string_view();
            const char* after = version.data() + version.size();
            agrees(*c, h.base_tests,
                   !blank(std::string_view(after, static_cast<std::size_t>(clause.data() + clause.size() - after))),
                   "'with tests'");
            h.base_name = string_of(required<g::methodology_name>(*c));
            h.base_version = string_of(required<g::version_name>(*c));
            h.base_pos = pos(*c);
        } else unexpected(*c, n);
    }
    return h;
}

ast::declaration tree_converter::declaration(const node& n)
{
    ast::declaration d;
    d.pos = pos(n);
    if (n.is_type<g::remove_decl>()) {
        d.mode = ast::change::remove;
        only_children<g::remove_kind, g::name>(n);
        d.kind = removed_kind(required<g::remove_kind>(n));
        d.removed_id = name_of(required<g::name>(n));
        return d;
    }
    if (n.is_type<g::retire_decl>()) {
        d.mode = ast::change::retire;
        d.kind = ast::decl_kind::indicator;
        only_children<g::name, g::string_body>(n);
        d.removed_id = name_of(required<g::name>(n));
        d.reason = string_of(required<g::string_body>(n));
        return d;
    }
    if (n.is_type<g::replace_decl>()) {
        d = declaration(sole_child(n));
        d.mode = ast::change::replace;
        d.pos = pos(n);
        return d;
    }
    if (n.is_type<g::area_decl>()) {
        d.kind = ast::decl_kind::area;
        d.area() = area(n);
    } else if (n.is_type<g::indicator_decl>()) {
        d.kind = ast::decl_kind::indicator;
        d.indicator() = indicator(n);
    } else if (n.is_type<g::let_decl>()) {
        d.kind = ast::decl_kind::let;
        d.let() = let(n);
    } else if (n.is_type<g::criterion_decl>()) {
        d.kind = ast::decl_kind::criterion;
        d.criterion() = criterion(n);
    } else if (n.is_type<g::label_decl>()) {
        d.kind = ast::decl_kind::label;
        d.label() = label(n);
    } else if (n.is_type<g::test_decl>() || n.is_type<g::fixture_decl>()) {
        d.kind = ast::decl_kind::test;
        d.test() = test(n);
    } else unexpected(n, "a declaration");
    return d;
}

// `allow WARNING NAME because "REASON"`; the warning's node carries the separator after it.
ast::allowance tree_converter::allowance(const node& n)
{
    only_children<g::warning_kind, g::name, g::string_body>(n);
    const auto text = required<g::warning_kind>(n).string_view();
    std::size_t end = 0;
    while (end < text.size() && (std::isalnum(static_cast<unsigned char>(text[end])) || text[end] == '_')) ++end;
    return {std::string(text.substr(0, end)), name_of(required<g::name>(n)), string_of(required<g::string_body>(n)),
            pos(n)};
}

// What `remove KIND NAME` removes; the node's text starts with the keyword.
ast::decl_kind tree_converter::removed_kind(const node& n)
{
    const auto kind = n.string_view();
    for (auto [word, k] : {std::pair{"area", ast::decl_kind::area}, std::pair{"indicator", ast::decl_kind::indicator},
                           std::pair{"let", ast::decl_kind::let}, std::pair{"criterion", ast::decl_kind::criterion},
                           std::pair{"label", ast::decl_kind::label}})
        if (kind.starts_with(word)) return k;
    missing(n, "remove_kind keyword");
}

ast::area_decl tree_converter::area(const node& n)
{
    only_children<g::name, g::string_body>(n);
    ast::area_decl a{name_of(required<g::name>(n)), {}, pos(n)};
    if (const node* s = child<g::string_body>(n)) a.title = string_of(*s);
    return a;
}

ast::type_spec tree_converter::type(const node& n)
{
    ast::type_spec t;
    t.pos = pos(n);
    using k = ast::type_kind;
    if (n.is_type<g::type_decimal>()) {
        t.kind = k::decimal;
        only_children<g::unit_name>(n);
        const node* u = child<g::unit_name>(n);
        agrees(n, u != nullptr, !blank(n.string_view().substr(std::string_view("decimal").size())), "unit");
        if (u) t.unit = name_of(*u);
    } else if (n.is_type<g::type_set>() && sole_child(n).is_type<g::type_criterion_set>()) {
        t.kind = k::criterion_set;
    } else if (n.is_type<g::type_choice>() || n.is_type<g::type_set>()) {
        t.kind = n.is_type<g::type_choice>() ? k::choice : k::choice_set;
        const auto names = children<g::name>(sole<g::name_list>(sole<g::choice_list>(n)));
        // Past the limit the list is an error anyway: keeping only one choice too many
        // spares the checker's per-pair work on tens of thousands of them.
        for (std::size_t i = 0; i < names.size() && i <= limits::max_choices; ++i)
            t.choices.push_back(name_of(*names[i]));
        if (names.size() > limits::max_choices)
            error(n, fmt::format("{} choices; the limit is {}", names.size(), limits::max_choices));
    } else {
        only_children<>(n);  // the other types are a keyword alone
        if (n.is_type<g::type_count>()) t.kind = k::count;
        else if (n.is_type<g::type_integer>()) t.kind = k::integer;
        else if (n.is_type<g::type_percent>()) t.kind = k::percent;
        else if (n.is_type<g::type_boolean>()) t.kind = k::boolean;
        else if (n.is_type<g::type_date>()) t.kind = k::date;
        else unexpected(n, "a type");
    }
    return t;
}

ast::bound tree_converter::range_bound(const node& n)
{
    ast::bound b;
    b.pos = pos(n);
    b.value = signed_number(n);
    const node& q = required<g::quantity>(n);
    quantity_parts(q);
    if (const node* u = child<g::unit_name>(q)) b.unit = name_of(*u);
    if (child<g::percent_mark>(q)) {
        b.percent = true;
        percent_fits(required<g::number>(q));
        b.value = b.value / decimal::from_int(100);
    }
    if (child<g::duration_unit>(q)) error(n, "a range bound is a number, not a duration");
    return b;
}

ast::indicator_decl tree_converter::indicator(const node& n)
{
    ast::indicator_decl d;
    d.pos = pos(n);
    // The name, the type, then the options in any order.
    d.id = name_of(first_child(n));
    if (n.children.size() < 2) missing(n, "type");
    d.type = type(*n.children[1]);
    for (std::size_t i = 2; i < n.children.size(); ++i) {
        const node& c = *n.children[i];
        if (c.is_type<g::in_area>()) {
            d.area = name_of(sole_child(c));
            d.area_pos = pos(sole_child(c));
        } else if (c.is_type<g::description>()) d.description = string_of(c);
        else if (c.is_type<g::range_clause>()) {
            only_children<g::range_low, g::range_high>(c);
            d.low = range_bound(required<g::range_low>(c));
            d.high = range_bound(required<g::range_high>(c));
        } else unexpected(c, n);
    }
    return d;
}

ast::let_decl tree_converter::let(const node& n)
{
    child_count(n, 2);
    return {name_of(*n.children[0]), operand(*n.children[1], n, 0), pos(n)};
}

void tree_converter::points(const node& n, ast::criterion_decl& c)
{
    c.points_pos = pos(n);
    const auto tiers = children<g::tier>(n);
    c.tiers.reserve(tiers.size());  // a tier is 300 bytes: no spare room in a large file
    for (const node* t : tiers) {
        ast::tier tier;
        tier.pos = pos(*t);
        child_count(*t, 2);
        tier.points = signed_number(first<g::tier_points>(*t));
        if (!t->children.back()->is_type<g::tier_otherwise>()) tier.when = operand(*t->children.back(), *t, 0);
        c.tiers.push_back(std::move(tier));
    }
}

ast::criterion_decl tree_converter::criterion(const node& n)
{
    ast::criterion_decl c;
    c.pos = pos(n);
    c.id = name_of(first_child(n));
    for (std::size_t i = 1; i < n.children.size(); ++i) {
        const node* k = n.children[i].get();
        if (k->is_type<g::description>()) c.title = string_of(*k);
        else if (k->is_type<g::in_area>()) {
            c.area = name_of(sole_child(*k));
            c.area_pos = pos(*k);
        } else if (k->is_type<g::group_clause>()) {
            for (const node* g : children<g::name>(sole<g::name_list>(*k))) {
                c.groups.push_back(name_of(*g));
                c.group_pos.push_back(pos(*g));
            }
        } else if (k->is_type<g::requires_clause>()) {
            if (c.requirement)
                error(*k, fmt::format("criterion '{}' has two 'requires' clauses; join them with 'and'", c.id));
            c.requirement = operand(sole_child(*k), *k, 0);
            c.requires_pos = pos(*k);
        } else if (k->is_type<g::points_clause>()) {
            if (!c.tiers.empty()) error(*k, fmt::format("criterion '{}' has two 'points' clauses", c.id));
            points(*k, c);
        } else if (k->is_type<g::gold_clause>()) {
            if (c.gold) error(*k, fmt::format("criterion '{}' has two 'gold when' clauses", c.id));
            c.gold = operand(sole_child(*k), *k, 0);
            c.gold_pos = pos(*k);
        } else if (k->is_type<g::advice_clause>()) {
            c.advice = string_of(*k);
            c.advice_pos = pos(*k);
        } else unexpected(*k, n);
    }
    return c;
}

ast::duration tree_converter::duration(const node& n)
{
    only_children<g::number, g::duration_unit>(n);
    return duration_of(required<g::number>(n), required<g::duration_unit>(n));
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
    if (spans.size() != 2) missing(n, "two durations");
    return {duration(*spans[0]), duration(*spans[1]), pos(n)};
}

// `requires` of a label: an expression, or parts joined by `and` of which some have words.
void tree_converter::label_requirement(const node& clause, ast::label_decl& l)
{
    const node& n = sole_child(clause);
    if (!n.is_type<g::worded_parts>()) {
        l.requirement = operand(n, clause, 0);  // an or_expr, as after any `requires`
        l.requirement_words.clear();
        return;
    }
    std::vector<ast::expr> parts;
    std::vector<std::string> words;
    for (const auto& c : n.children) {
        if (!c->is_type<g::label_part>()) unexpected(*c, n);
        if (c->children.empty() || c->children.size() > 2) missing(*c, "condition");
        const node& cond = *c->children.front();
        if (!cond.is_type<g::logical_not>() && !cond.is_type<g::cmp_expr>()) unexpected(cond, *c);
        parts.push_back(expression(cond, 1));
        std::string said;
        if (c->children.size() == 2) {
            const node& w = *c->children.back();
            if (!w.is_type<g::part_words>()) unexpected(w, *c);
            said = string_of(w);
        }
        words.push_back(std::move(said));
    }
    if (parts.size() == 1 && parts.front().kind != ast::expr_kind::all_of) {
        l.requirement = std::move(parts.front());
    } else {
        // A part in brackets that is itself an `and` stays one part.
        ast::expr all{ast::expr_kind::all_of, pos(n)};
        all.args = std::move(parts);
        for (const auto& a : all.args) all.source += (all.source.empty() ? "" : " and ") + a.source;
        l.requirement = std::move(all);
    }
    l.requirement_words = std::move(words);
}

ast::label_decl tree_converter::label(const node& n)
{
    ast::label_decl l;
    l.pos = pos(n);
    l.id = name_of(first_child(n));
    for (std::size_t i = 1; i < n.children.size(); ++i) {
        const node* k = n.children[i].get();
        if (k->is_type<g::description>()) l.title = string_of(*k);
        else if (k->is_type<g::label_requires>()) {
            if (l.requirement)
                error(*k, fmt::format("label '{}' has two 'requires' clauses; join them with 'and'", l.id));
            label_requirement(*k, l);
            l.requires_pos = pos(*k);
        } else if (k->is_type<g::valid_clause>()) {
            l.valid = duration(sole<g::duration>(*k));
            l.valid_pos = pos(*k);
        } else if (k->is_type<g::renewal_clause>()) l.renewal = renewal(*k);
        else unexpected(*k, n);
    }
    return l;
}

}  // namespace hallmark::dsl
