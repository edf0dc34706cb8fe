// SPDX-License-Identifier: Apache-2.0
// Parse tree to AST: `test` blocks written inside rule files.
#include "dsl/parse_tree.hpp"

namespace hallmark::dsl {

ast::literal tree_converter::literal(const node& n)
{
    ast::literal l;
    if (child<g::kw_missing>(n)) {
        l.missing = true;
        l.value.pos = pos(n);
        return l;
    }
    const node& v = *n.children.back();
    l.value = v.is_type<g::quantity>() ? expression(v) : expression(v);
    if (child<g::minus>(n)) {
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
        if (const node* name = child<g::name>(n)) e.target = name_of(*name);
        if (const node* v = child<g::valid_until>(n)) e.valid_until = date_of(*v);
    } else if (n.is_type<g::expect_criterion>()) {
        e.kind = ast::expectation_kind::criterion;
        e.target = name_of(*child<g::name>(n));
        // The token's text runs on over the separator after it, comments included.
        const std::string o = child<g::outcome>(n)->string();
        e.outcome = o.substr(0, o.find_first_of(" \t\r\n#"));
        if (const node* p = child<g::tier_points>(n)) e.points = signed_number(*p);
    } else if (n.is_type<g::expect_group_points>()) {
        e.kind = ast::expectation_kind::group_points;
        e.target = name_of(*child<g::name>(n));
        e.points = signed_number(*child<g::tier_points>(n));
    } else {
        e.kind = ast::expectation_kind::value;
        e.target = name_of(*child<g::name>(n));
        e.value = literal(*child<g::literal_value>(n));
    }
    return e;
}

ast::test_decl tree_converter::test(const node& n)
{
    ast::test_decl t;
    t.pos = pos(n);
    t.name = string_of(*n.children.front());
    for (const auto& item : child<g::test_body>(n)->children) {
        if (item->is_type<g::test_date>()) {
            t.assessed_on = date_of(*item);
            t.assessed_on_pos = pos(*item);
        } else if (item->is_type<g::history_item>()) {
            ast::test_history h{name_of(*child<g::name>(*item)), date_of(*child<g::date_lit>(*item)), {}, pos(*item)};
            if (const node* v = child<g::valid_until>(*item)) h.valid_until = date_of(*v);
            t.history.push_back(std::move(h));
        } else if (item->is_type<g::given_item>()) {
            const auto statement = static_cast<std::uint32_t>(t.givens.empty() ? 0 : t.givens.back().statement + 1);
            for (const node* a : children<g::assignment>(*item))
                t.givens.push_back(
                    {name_of(*a->children.front()), literal(*child<g::literal_value>(*a)), pos(*a), statement});
        } else {
            t.expectations.push_back(expectation(*item));
        }
    }
    return t;
}

}  // namespace hallmark::dsl
