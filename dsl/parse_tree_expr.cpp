// SPDX-License-Identifier: Apache-2.0
// Parse tree to AST: expressions.
#include "dsl/parse_tree.hpp"

#include <hallmark/limits.hpp>

#include <fmt/format.h>

namespace hallmark::dsl {
namespace {

std::string trimmed(std::string_view s)
{
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    return std::string(s);
}

// The expression as written, on one line and without comments, for explanations in
// decisions.
std::string source_text(const node& n)
{
    std::string out;
    bool space = false, in_string = false, in_comment = false;
    for (char c : n.string_view()) {
        if (in_comment) {
            in_comment = c != '\n';
            if (!in_comment) space = !out.empty();
            continue;
        }
        if (c == '"') in_string = !in_string;
        if (c == '#' && !in_string) {
            in_comment = true;
            continue;
        }
        if (!in_string && std::isspace(static_cast<unsigned char>(c))) {
            space = !out.empty();
            continue;
        }
        if (space) out += ' ';
        space = false;
        out += c;
        if (out.size() >= limits::max_explanation_length) return out + "...";
    }
    return out;
}

}  // namespace

ast::expr tree_converter::expression(const node& n, std::size_t depth)
{
    if (depth > limits::max_expression_depth) {
        error(n,
              fmt::format("expression too deep (the limit is {} levels of operators)", limits::max_expression_depth));
        return ast::expr{ast::expr_kind::boolean, pos(n)};
    }
    ast::expr e;
    if (n.is_type<g::or_expr>()) e = n_ary(n, ast::expr_kind::any_of, depth);
    else if (n.is_type<g::and_expr>()) e = n_ary(n, ast::expr_kind::all_of, depth);
    else if (n.is_type<g::logical_not>() || n.is_type<g::negate>()) {
        e = {n.is_type<g::negate>() ? ast::expr_kind::negate : ast::expr_kind::logical_not, pos(n)};
        e.args.push_back(expression(*n.children.back(), depth + 1));
    } else if (n.is_type<g::cmp_expr>()) e = comparison(n, depth);
    else if (n.is_type<g::add_expr>() || n.is_type<g::mul_expr>())
        e = binary_chain(n, ast::expr_kind::arithmetic, depth);
    else if (n.is_type<g::postfix>()) e = postfix(n, depth);
    else e = primary(n, depth);
    if (e.source.empty()) e.source = source_text(n);
    return e;
}

// a or b or c: one n-ary node, so long chains cost no depth.
ast::expr tree_converter::n_ary(const node& n, ast::expr_kind kind, std::size_t depth)
{
    if (n.children.size() == 1) return expression(*n.children.front(), depth);
    ast::expr e{kind, pos(n)};
    for (const auto& c : n.children) e.args.push_back(expression(*c, depth + 1));
    return e;
}

// a + b - c: left-associative, so a chain of k operators is k levels deep.
ast::expr tree_converter::binary_chain(const node& n, ast::expr_kind kind, std::size_t depth)
{
    const std::size_t ops = n.children.size() / 2;
    if (ops == 0) return expression(*n.children.front(), depth);
    if (depth + ops > limits::max_expression_depth) {
        error(n,
              fmt::format("expression too deep (the limit is {} levels of operators)", limits::max_expression_depth));
        return ast::expr{ast::expr_kind::number, pos(n)};
    }
    ast::expr left = expression(*n.children.front(), depth + ops);
    for (std::size_t i = 1; i + 1 < n.children.size(); i += 2) {
        ast::expr e{kind, pos(*n.children[i])};
        e.text = trimmed(n.children[i]->string_view());
        e.args.push_back(std::move(left));
        e.args.push_back(expression(*n.children[i + 1], depth + ops - i / 2));
        e.source = source_text(*n.children.front());
        for (std::size_t j = 1; j <= i + 1 && e.source.size() < limits::max_explanation_length; ++j)
            e.source += " " + source_text(*n.children[j]);
        if (e.source.size() > limits::max_explanation_length)
            e.source = e.source.substr(0, limits::max_explanation_length) + "...";
        left = std::move(e);
    }
    left.pos = pos(n);
    return left;
}

ast::expr tree_converter::comparison(const node& n, std::size_t depth)
{
    const auto& kids = n.children;
    if (kids.size() == 1) return expression(*kids.front(), depth);
    ast::expr e{ast::expr_kind::compare, pos(n)};
    e.args.push_back(expression(*kids[0], depth + 1));
    if (kids[1]->is_type<g::cmp_op>()) {
        e.text = kids[1]->string();
        e.args.push_back(expression(*kids[2], depth + 1));
        return e;
    }
    const bool negated = child<g::kw_not>(*kids[1]) != nullptr;
    e.text = negated ? "not in" : "in";
    const node& target = *kids[2];
    e.args.push_back(expression(*target.children[0], depth + 1));
    if (const node* tail = child<g::range_tail>(target)) {
        e.kind = ast::expr_kind::in_range;
        e.args.push_back(expression(*tail->children.back(), depth + 1));
    } else {
        e.kind = ast::expr_kind::in_set;
    }
    return e;
}

ast::expr tree_converter::postfix(const node& n, std::size_t depth)
{
    const std::size_t members = n.children.size() - 1;
    ast::expr e = primary(*n.children.front(), depth + members);
    for (std::size_t i = 1; i < n.children.size(); ++i) {
        ast::expr m{ast::expr_kind::member, pos(*n.children[i])};
        m.text = name_of(*child<g::name>(*n.children[i]));
        m.args.push_back(std::move(e));
        e = std::move(m);
    }
    if (members > 0) e.source = source_text(n);
    return e;
}

ast::expr tree_converter::quantity(const node& n)
{
    ast::expr e{ast::expr_kind::number, pos(n)};
    e.number = number_of(*child<g::number>(n));
    if (child<g::percent_mark>(n)) {
        e.flag = true;
        percent_fits(*child<g::number>(n));
        e.number = e.number / decimal::from_int(100);
    } else if (const node* u = child<g::unit_name>(n)) {
        e.unit = name_of(*u);
    } else if (const node* d = child<g::duration_unit>(n)) {
        e.kind = ast::expr_kind::duration;
        e.span = duration_of(*child<g::number>(n), *d);
        // The unit as written: `0 days` and `0 years` have the same span, but only days
        // compare with days (a month has no fixed number of days).
        const char c = d->string_view().front();
        e.unit = c == 'y' ? "years" : c == 'm' ? "months" : "days";
    }
    return e;
}

ast::expr tree_converter::primary(const node& n, std::size_t depth)
{
    ast::expr e{ast::expr_kind::number, pos(n)};
    if (n.is_type<g::paren_expr>()) return expression(*n.children.back(), depth);
    if (n.is_type<g::quantity>()) return quantity(n);
    if (n.is_type<g::call>()) return call(n, depth);
    if (n.is_type<g::date_lit>()) {
        e.kind = ast::expr_kind::date;
        e.date_value = date_of(n);
    } else if (n.is_type<g::string_body>()) {
        e.kind = ast::expr_kind::string;
        e.text = string_of(n);
    } else if (n.is_type<g::kw_true>() || n.is_type<g::kw_false>()) {
        e.kind = ast::expr_kind::boolean;
        e.flag = n.is_type<g::kw_true>();
    } else if (n.is_type<g::name>()) {
        e.kind = ast::expr_kind::name;
        e.text = name_of(n);
    } else if (n.is_type<g::set_lit>()) {
        e.kind = ast::expr_kind::set;
        for (const auto& c : n.children) e.args.push_back(expression(*c, depth + 1));
    } else if (n.is_type<g::if_expr>()) {
        e.kind = ast::expr_kind::conditional;
        for (const auto& c : n.children) e.args.push_back(expression(*c, depth + 1));
    } else {
        return expression(n, depth);
    }
    return e;
}

ast::expr tree_converter::call(const node& n, std::size_t depth)
{
    ast::expr e{ast::expr_kind::call, pos(n)};
    e.text = name_of(*n.children.front());
    const node& body = *child<g::call_body>(n);
    for (std::size_t i = 0; i < body.children.size(); ++i) {
        const node& a = *body.children[i];
        if (a.is_type<g::quantifier>()) {
            e.kind = ast::expr_kind::quantifier;
            e.var = name_of(*a.children[0]);
            e.args.push_back(expression(*a.children[1], depth + 1));
            e.args.push_back(expression(*a.children[2], depth + 1));
        } else {
            e.args.push_back(expression(a, depth + 1));
        }
    }
    return e;
}

}  // namespace hallmark::dsl
