// SPDX-License-Identifier: Apache-2.0
// Parse tree to AST: `test` blocks written inside rule files.
#include "dsl/parse_tree.hpp"

namespace hallmark::dsl {

ast::literal tree_converter::literal(const node& n)
{
    ast::literal l;
    if (child<g::kw_missing>(n)) {
        child_count(n, 1);
        l.missing = true;
        l.value.pos = pos(n);
        return l;
    }
    // A value alone, or a quantity after a minus.
    const bool negative = child<g::minus>(n) != nullptr;
    agrees(n, negative, n.string_view().starts_with('-'), "minus");
    if (negative) (void)first<g::minus>(n);  // the minus comes first
    child_count(n, negative ? 2 : 1);
    const node& v = *n.children.back();
    if (!v.is_type<g::set_lit>() && !v.is_type<g::date_lit>() && !v.is_type<g::quantity>() &&
        !v.is_type<g::string_body>() && !v.is_type<g::kw_true>() && !v.is_type<g::kw_false>())
        unexpected(v, n);
    if (negative && !v.is_type<g::quantity>()) unexpected(v, n);
    l.value = expression(v);
    if (negative) {
        ast::expr neg{ast::expr_kind::negate, pos(n)};
        neg.args.push_back(std::move(l.value));
        l.value = std::move(neg);
    }
    return l;
}

ast::expectation tree_converter::expectation(const node& n)
{
    ast::expectation e;
    e.pos = pos(n);
    if (n.is_type<g::expect_label>()) {
        e.kind = ast::expectation_kind::label;
        only_children<g::label_none, g::name, g::valid_until>(n);
        if (const node* name = child<g::name>(n)) e.target = name_of(*name);
        if (const node* v = child<g::valid_until>(n)) e.valid_until = date_of(*v);
    } else if (n.is_type<g::expect_criterion>()) {
        e.kind = ast::expectation_kind::criterion;
        only_children<g::name, g::outcome, g::tier_points>(n);
        e.target = name_of(required<g::name>(n));
        // The token's text runs on over the separator after it, comments included.
        const std::string o = required<g::outcome>(n).string();
        e.outcome = o.substr(0, o.find_first_of(" \t\r\n#"));
        if (const node* p = child<g::tier_points>(n)) e.points = signed_number(*p);
    } else if (n.is_type<g::expect_group_points>()) {
        e.kind = ast::expectation_kind::group_points;
        only_children<g::name, g::tier_points>(n);
        e.target = name_of(required<g::name>(n));
        e.points = signed_number(required<g::tier_points>(n));
    } else if (n.is_type<g::expect_value>()) {
        e.kind = ast::expectation_kind::value;
        only_children<g::name, g::literal_value>(n);
        e.target = name_of(required<g::name>(n));
        e.value = literal(required<g::literal_value>(n));
    } else unexpected(n, "a test");
    return e;
}

ast::test_decl tree_converter::test(const node& n)
{
    ast::test_decl t;
    t.pos = pos(n);
    t.fixture = n.is_type<g::fixture_decl>();
    const node* from = child<g::test_base>(n);
    child_count(n, from ? 3 : 2);
    t.name = t.fixture ? name_of(first<g::name>(n)) : string_of(first<g::string_body>(n));
    if (from) {
        const node& target = sole_child(*from);
        t.from_file = target.is_type<g::string_body>();
        if (!t.from_file && !target.is_type<g::name>()) unexpected(target, *from);
        t.from = t.from_file ? string_of(target) : name_of(target);
        t.from_pos = pos(*from);
    }
    for (const auto& item : required<g::test_body>(n).children) {
        if (item->is_type<g::test_date>()) {
            t.assessed_on = date_of(*item);
            t.assessed_on_pos = pos(*item);
        } else if (item->is_type<g::history_item>()) {
            // history NAME assessed DATE [valid until DATE]
            const auto& parts = item->children;
            if (parts.size() != 2) child_count(*item, 3);
            if (!parts[1]->is_type<g::date_lit>()) unexpected(*parts[1], *item);
            ast::test_history h{name_of(*parts[0]), date_of(*parts[1]), {}, pos(*item)};
            if (parts.size() == 3) {
                if (!parts[2]->is_type<g::valid_until>()) unexpected(*parts[2], *item);
                h.valid_until = date_of(*parts[2]);
            }
            t.history.push_back(std::move(h));
        } else if (item->is_type<g::given_item>()) {
            const auto statement = static_cast<std::uint32_t>(t.givens.empty() ? 0 : t.givens.back().statement + 1);
            for (const node* a : children<g::assignment>(*item)) {
                child_count(*a, 2);
                t.givens.push_back(
                    {name_of(*a->children[0]), literal(required<g::literal_value>(*a)), pos(*a), statement});
            }
        } else {
            t.expectations.push_back(expectation(*item));
        }
    }
    return t;
}

}  // namespace hallmark::dsl
