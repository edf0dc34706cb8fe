// SPDX-License-Identifier: Apache-2.0
#pragma once
// The concrete parse tree PEGTL builds, and the walk that turns it into the AST.
#include "dsl/ast.hpp"
#include "dsl/grammar.hpp"

#include <hallmark/diagnostic.hpp>

#include <tao/pegtl/contrib/parse_tree.hpp>

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace hallmark::dsl {

namespace g = grammar;
namespace pt = tao::pegtl::parse_tree;

/// PEGTL's parse-tree node, with its memory reused (parse_tree_node.cpp): PEGTL allocates
/// a node each time a kept rule starts, for the attempts that fail too, and the heap's
/// allocating and freeing them was a sixth of compiling ECEI 2020.
struct node : pt::basic_node<node> {
    static void* operator new(std::size_t size);
    static void operator delete(void* p, std::size_t size) noexcept;
};

// Rules that get a node in the parse tree; everything else is folded into its parent.
// The converter has a case for each of them and refuses any other node (see unexpected).
using stored_rules = pt::store_content::on<
    // literals and tokens
    g::name, g::number, g::date_lit, g::string_body, g::percent_mark, g::duration_unit, g::unit_name, g::kw_true,
    g::kw_false, g::minus, g::quantity, g::duration,
    // expressions
    g::paren_expr, g::set_lit, g::quantifier, g::call, g::call_body, g::if_expr, g::member, g::postfix, g::negate,
    g::mul_op, g::mul_expr, g::add_op, g::add_expr, g::cmp_op, g::range_tail, g::in_target, g::in_op, g::kw_not,
    g::cmp_expr, g::logical_not, g::and_expr, g::or_expr,
    // header and declarations
    g::header, g::methodology_name, g::version_name, g::extends_clause, g::title_clause, g::effective_clause,
    g::until_clause, g::area_decl, g::indicator_decl, g::type_count, g::type_integer, g::type_decimal, g::type_percent,
    g::type_boolean, g::type_date, g::type_choice, g::type_set, g::type_criterion_set, g::choice_list, g::name_list,
    g::range_clause, g::range_low, g::range_high, g::in_area, g::description, g::let_decl, g::criterion_decl,
    g::group_clause, g::requires_clause, g::points_clause, g::tier, g::tier_points, g::tier_otherwise, g::gold_clause,
    g::advice_clause, g::label_decl, g::label_requires, g::worded_parts, g::label_part, g::part_words, g::valid_clause,
    g::renewal_clause,
    // tests and revisions
    g::test_decl, g::test_body, g::test_date, g::history_item, g::valid_until, g::given_item, g::assignment,
    g::literal_value, g::kw_missing, g::expect_label, g::label_none, g::expect_criterion, g::outcome,
    g::expect_group_points, g::expect_value, g::test_base, g::fixture_decl, g::with_tests, g::remove_decl,
    g::remove_kind, g::replace_decl, g::order_decl,
    // safe revisions
    g::retire_decl, g::allow_decl, g::warning_kind>;
template <typename Rule>
using selector = pt::selector<Rule, stored_rules>;

/// Converts a successful parse tree into the AST. Problems that the grammar cannot see
/// (limits on names and numbers, malformed dates) become diagnostics.
class tree_converter {
public:
    tree_converter(std::string source_name, std::uint32_t file_index)
        : source_(std::move(source_name)), file_(file_index)
    {}

    ast::file convert_file(const node& root);
    /// Adds to `f` what a tree parsed with grammar::file, grammar::file_header or one
    /// grammar::declaration holds: parse() reads a file declaration by declaration, so
    /// its whole parse tree is never in memory at once (issue 18: compile memory).
    void add_to_file(ast::file& f, const node& root);
    /// A declaration was matched up to `end` without a tree (parser.hpp, `reading`):
    /// the text up to there is accounted for.
    void skipped_to(const char* end) { last_end_ = end; }
    /// The header of a tree parsed with grammar::file_header.
    ast::header convert_header(const node& root);
    std::vector<diagnostic> take_diagnostics() { return std::move(diagnostics_); }

    // Expressions (parse_tree_expr.cpp)
    ast::expr expression(const node& n, std::size_t depth = 0);

private:
    /// An operand of `parent` (or its whole expression), which must be of the kind the
    /// grammar puts there.
    ast::expr operand(const node& n, const node& parent, std::size_t depth);
    ast::expr quantity(const node& n);
    ast::expr primary(const node& n, std::size_t depth);
    ast::expr postfix(const node& n, std::size_t depth);
    ast::expr binary_chain(const node& n, ast::expr_kind kind, std::size_t depth);
    ast::expr n_ary(const node& n, ast::expr_kind kind, std::size_t depth);
    ast::expr comparison(const node& n, std::size_t depth);
    ast::expr call(const node& n, std::size_t depth);

    // Declarations (parse_tree_decl.cpp)
    ast::header header(const node& n);
    ast::declaration declaration(const node& n);
    ast::decl_kind removed_kind(const node& n);
    ast::allowance allowance(const node& n);
    ast::area_decl area(const node& n);
    ast::indicator_decl indicator(const node& n);
    ast::type_spec type(const node& n);
    void label_requirement(const node& clause, ast::label_decl& l);
    ast::bound range_bound(const node& n);
    ast::let_decl let(const node& n);
    ast::criterion_decl criterion(const node& n);
    void points(const node& n, ast::criterion_decl& c);
    ast::label_decl label(const node& n);
    ast::renewal_rule renewal(const node& n);
    ast::duration duration(const node& n);

    // Tests (parse_tree_test.cpp)
    ast::test_decl test(const node& n);
    ast::literal literal(const node& n);
    ast::expectation expectation(const node& n);

    // Shared helpers
public:
    ast::position pos(const node& n) const;
    std::string name_of(const node& n);
    std::string string_of(const node& n);
    date date_of(const node& n);
    decimal number_of(const node& n);
    decimal signed_number(const node& n);
    void percent_fits(const node& number);
    ast::duration duration_of(const node& number, const node& unit);
    void error(const node& n, std::string message);

private:
    std::string source_;
    std::uint32_t file_;
    std::vector<diagnostic> diagnostics_;
    const char* last_end_ = nullptr;  // where the last top-level node converted ended
};

/// Parses `text` as a whole rule file, as parse() does, and hands its parse tree to
/// `visit` instead of converting it: for the converter's tests, which change the tree
/// as a change of grammar or selector would. Returns the syntax error, if any.
std::vector<diagnostic> with_parse_tree(std::string_view text, std::string_view source_name,
                                        const std::function<void(node&)>& visit);

/// A node where the converter has no case for it: the grammar or the selector changed and
/// the converter did not. Skipping it would drop rules silently (`fmt` lost `gold when`
/// lines once), so it is a programming error: throws std::logic_error.
[[noreturn]] void unexpected(const node& n, const node& parent);
/// As above, for a node in a place described by `where` ("a declaration").
[[noreturn]] void unexpected(const node& n, std::string_view where);
/// A child of type `rule` that `n` always has is not there: as unexpected.
[[noreturn]] void missing(const node& n, std::string_view rule);

/// Throws (unexpected) unless every direct child of `n` is one of `Rules`: for nodes
/// whose children are read by kind, so none is skipped unread.
template <typename... Rules>
void only_children(const node& n)
{
    for (const auto& c : n.children)
        if (!(c->is_type<Rules>() || ...)) unexpected(*c, n);
}

/// The first direct child of type `Rule`; a node the grammar always gives one. Its
/// absence is a programming error: throws std::logic_error.
template <typename Rule>
const node& required(const node& n)
{
    for (const auto& c : n.children)
        if (c->is_type<Rule>()) return *c;
    missing(n, tao::pegtl::demangle<Rule>());
}

/// The only child of `n`, of any kind (a node the grammar gives exactly one child).
const node& sole_child(const node& n);
/// The first child of `n`, of any kind.
const node& first_child(const node& n);
/// Throws unless a token read from the presence of its node (`read`) was `written` in the
/// text of `n`: for tokens whose node leaves no child to refuse when it is not kept.
void agrees(const node& n, bool read, bool written, std::string_view token);
/// Checks a quantity's children: a number, then at most one unit, as written.
void quantity_parts(const node& q);
/// Throws (missing or unexpected) unless `n` has exactly `count` children.
void child_count(const node& n, std::size_t count);

/// The only child of `n`, which must be a `Rule`.
template <typename Rule>
const node& sole(const node& n)
{
    const node& c = sole_child(n);
    if (!c.is_type<Rule>()) unexpected(c, n);
    return c;
}

/// The first child of `n`, which must be a `Rule`.
template <typename Rule>
const node& first(const node& n)
{
    const node& c = first_child(n);
    if (!c.is_type<Rule>()) unexpected(c, n);
    return c;
}

/// The first direct child of type `Rule`, or null.
template <typename Rule>
const node* child(const node& n)
{
    for (const auto& c : n.children)
        if (c->is_type<Rule>()) return c.get();
    return nullptr;
}

/// The direct children of a list node, every one of which must be a `Rule` (else
/// unexpected); the grammar gives a list at least one.
template <typename Rule>
std::vector<const node*> children(const node& n)
{
    if (n.children.empty()) missing(n, tao::pegtl::demangle<Rule>());
    std::vector<const node*> out;
    for (const auto& c : n.children) {
        if (!c->is_type<Rule>()) unexpected(*c, n);
        out.push_back(c.get());
    }
    return out;
}

}  // namespace hallmark::dsl
