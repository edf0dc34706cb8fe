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

// Whether `n` is a kind of node the grammar puts where `parent` has an operand: one step
// down the precedence ladder, or a whole expression (an or_expr, even of one operand).
// A node from a rung the selector no longer keeps is misplaced, not read as another.
bool fits(const node& n, const node& parent)
{
    if (parent.is_type<g::or_expr>()) return n.is_type<g::and_expr>();
    if (parent.is_type<g::and_expr>() || parent.is_type<g::logical_not>())
        return n.is_type<g::logical_not>() || n.is_type<g::cmp_expr>();
    if (parent.is_type<g::cmp_expr>() || parent.is_type<g::in_target>() || parent.is_type<g::range_tail>())
        return n.is_type<g::add_expr>();
    if (parent.is_type<g::add_expr>()) return n.is_type<g::mul_expr>();
    if (parent.is_type<g::mul_expr>() || parent.is_type<g::negate>())
        return n.is_type<g::negate>() || n.is_type<g::postfix>();
    return n.is_type<g::or_expr>();  // let, requires, when, brackets, sets, if, arguments
}

}  // namespace

ast::expr tree_converter::operand(const node& n, const node& parent, std::size_t depth)
{
    if (!fits(n, parent)) unexpected(n, parent);
    return expression(n, depth);
}

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
        const bool negate = n.is_type<g::negate>();
        child_count(n, 2);
        negate ? (void)first<g::minus>(n) : (void)first<g::kw_not>(n);  // the operator, then its operand
        e = {negate ? ast::expr_kind::negate : ast::expr_kind::logical_not, pos(n)};
        e.args.push_back(operand(*n.children.back(), n, depth + 1));
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
    if (n.children.size() <= 1) return operand(sole_child(n), n, depth);
    ast::expr e{kind, pos(n)};
    e.args.reserve(n.children.size());
    for (const auto& c : n.children) e.args.push_back(operand(*c, n, depth + 1));
    return e;
}

// a + b - c: left-associative, so a chain of k operators is k levels deep.
ast::expr tree_converter::binary_chain(const node& n, ast::expr_kind kind, std::size_t depth)
{
    // Operands at even places, operators between them.
    const std::size_t ops = n.children.size() / 2;
    if (n.children.size() % 2 == 0) missing(n, "operand");
    const bool adds = n.is_type<g::add_expr>();
    for (std::size_t i = 1; i < n.children.size(); i += 2)
        if (!(adds ? n.children[i]->is_type<g::add_op>() : n.children[i]->is_type<g::mul_op>()))
            unexpected(*n.children[i], n);
    if (ops == 0) return operand(*n.children.front(), n, depth);
    if (depth + ops > limits::max_expression_depth) {
        error(n,
              fmt::format("expression too deep (the limit is {} levels of operators)", limits::max_expression_depth));
        return ast::expr{ast::expr_kind::number, pos(n)};
    }
    ast::expr left = operand(*n.children.front(), n, depth + ops);
    for (std::size_t i = 1; i + 1 < n.children.size(); i += 2) {
        ast::expr e{kind, pos(*n.children[i])};
        e.text = trimmed(n.children[i]->string_view());
        e.args.reserve(2);
        e.args.push_back(std::move(left));
        e.args.push_back(operand(*n.children[i + 1], n, depth + ops - i / 2));
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
    if (kids.size() <= 1) return operand(sole_child(n), n, depth);
    child_count(n, 3);  // left, operator, right
    ast::expr e{ast::expr_kind::compare, pos(n)};
    e.args.reserve(2);  // `x in low..high` adds a third
    e.args.push_back(operand(*kids[0], n, depth + 1));
    if (kids[1]->is_type<g::cmp_op>()) {
        e.text = kids[1]->string();
        e.args.push_back(operand(*kids[2], n, depth + 1));
        return e;
    }
    if (!kids[1]->is_type<g::in_op>()) unexpected(*kids[1], n);
    only_children<g::kw_not>(*kids[1]);
    const bool negated = child<g::kw_not>(*kids[1]) != nullptr;
    agrees(*kids[1], negated, kids[1]->string_view().starts_with("not"), "'not'");
    e.text = negated ? "not in" : "in";
    if (!kids[2]->is_type<g::in_target>()) unexpected(*kids[2], n);
    const node& target = *kids[2];
    e.args.push_back(operand(first_child(target), target, depth + 1));
    if (target.children.size() > 1) {
        child_count(target, 2);
        e.kind = ast::expr_kind::in_range;
        const node& tail = required<g::range_tail>(target);
        e.args.push_back(operand(sole_child(tail), tail, depth + 1));
    } else {
        e.kind = ast::expr_kind::in_set;
    }
    return e;
}

ast::expr tree_converter::postfix(const node& n, std::size_t depth)
{
    const std::size_t members = n.children.size() - 1;
    ast::expr e = primary(first_child(n), depth + members);
    for (std::size_t i = 1; i < n.children.size(); ++i) {
        if (!n.children[i]->is_type<g::member>()) unexpected(*n.children[i], n);
        ast::expr m{ast::expr_kind::member, pos(*n.children[i])};
        m.text = name_of(sole<g::name>(*n.children[i]));
        m.args.push_back(std::move(e));
        e = std::move(m);
    }
    if (members > 0) e.source = source_text(n);
    return e;
}

ast::expr tree_converter::quantity(const node& n)
{
    quantity_parts(n);
    ast::expr e{ast::expr_kind::number, pos(n)};
    e.number = number_of(first<g::number>(n));
    if (child<g::percent_mark>(n)) {
        e.flag = true;
        percent_fits(first<g::number>(n));
        e.number = e.number / decimal::from_int(100);
    } else if (const node* u = child<g::unit_name>(n)) {
        e.unit = name_of(*u);
    } else if (const node* d = child<g::duration_unit>(n)) {
        e.kind = ast::expr_kind::duration;
        e.span = duration_of(first<g::number>(n), *d);
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
    if (n.is_type<g::paren_expr>()) return operand(sole_child(n), n, depth);
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
        e.args.reserve(n.children.size());
        for (const auto& c : n.children) e.args.push_back(operand(*c, n, depth + 1));
    } else if (n.is_type<g::if_expr>()) {
        e.kind = ast::expr_kind::conditional;
        child_count(n, 3);  // if, then, else
        e.args.reserve(3);
        for (const auto& c : n.children) e.args.push_back(operand(*c, n, depth + 1));
    } else {
        // Every kind of expression node has a case above or in expression().
        unexpected(n, "an expression");
    }
    return e;
}

ast::expr tree_converter::call(const node& n, std::size_t depth)
{
    ast::expr e{ast::expr_kind::call, pos(n)};
    child_count(n, 2);
    e.text = name_of(*n.children[0]);
    const node& body = required<g::call_body>(n);
    e.args.reserve(body.children.size() + 1);  // a quantifier is two
    for (std::size_t i = 0; i < body.children.size(); ++i) {
        const node& a = *body.children[i];
        if (a.is_type<g::quantifier>()) {
            child_count(a, 3);  // variable, set, condition
            e.kind = ast::expr_kind::quantifier;
            e.var() = name_of(*a.children[0]);
            e.args.push_back(operand(*a.children[1], a, depth + 1));
            e.args.push_back(operand(*a.children[2], a, depth + 1));
        } else {
            e.args.push_back(operand(a, body, depth + 1));
        }
    }
    return e;
}

}  // namespace hallmark::dsl
