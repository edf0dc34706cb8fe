// SPDX-License-Identifier: Apache-2.0
#pragma once
// The rule language as a PEGTL grammar. Only dsl/ includes this header.
//
// Layout: tokens (whitespace, comments, literals), expressions, then one section per
// declaration. Every `must<>` target has an "expected ..." message in messages.hpp;
// the completeness of that table is checked when the parser is compiled.
#include <tao/pegtl.hpp>

namespace hallmark::dsl::grammar {
namespace p = tao::pegtl;

// --- whitespace and comments -------------------------------------------------------
struct comment : p::seq<p::one<'#'>, p::until<p::eolf>> {};
struct sep : p::star<p::sor<p::space, comment>> {};
template <typename R>
struct tok : p::seq<R, sep> {};

// Keywords: PEGTL's keyword (the word not followed by another identifier character), then
// the separator.
struct kw_methodology : tok<TAO_PEGTL_KEYWORD("methodology")> {};
struct kw_version : tok<TAO_PEGTL_KEYWORD("version")> {};
struct kw_title : tok<TAO_PEGTL_KEYWORD("title")> {};
struct kw_effective : tok<TAO_PEGTL_KEYWORD("effective")> {};
struct kw_until : tok<TAO_PEGTL_KEYWORD("until")> {};
struct kw_extends : tok<TAO_PEGTL_KEYWORD("extends")> {};
struct kw_area : tok<TAO_PEGTL_KEYWORD("area")> {};
struct kw_indicator : tok<TAO_PEGTL_KEYWORD("indicator")> {};
struct kw_let : tok<TAO_PEGTL_KEYWORD("let")> {};
struct kw_criterion : tok<TAO_PEGTL_KEYWORD("criterion")> {};
struct kw_label : tok<TAO_PEGTL_KEYWORD("label")> {};
struct kw_test : tok<TAO_PEGTL_KEYWORD("test")> {};
struct kw_remove : tok<TAO_PEGTL_KEYWORD("remove")> {};
struct kw_replace : tok<TAO_PEGTL_KEYWORD("replace")> {};
struct kw_in : tok<TAO_PEGTL_KEYWORD("in")> {};
struct kw_group : tok<TAO_PEGTL_KEYWORD("group")> {};
struct kw_range : tok<TAO_PEGTL_KEYWORD("range")> {};
struct kw_unit : tok<TAO_PEGTL_KEYWORD("unit")> {};
struct kw_of : tok<TAO_PEGTL_KEYWORD("of")> {};
struct kw_one : tok<TAO_PEGTL_KEYWORD("one")> {};
struct kw_set : tok<TAO_PEGTL_KEYWORD("set")> {};
struct kw_requires : tok<TAO_PEGTL_KEYWORD("requires")> {};
struct kw_points : tok<TAO_PEGTL_KEYWORD("points")> {};
struct kw_gold : tok<TAO_PEGTL_KEYWORD("gold")> {};
struct kw_when : tok<TAO_PEGTL_KEYWORD("when")> {};
struct kw_otherwise : tok<TAO_PEGTL_KEYWORD("otherwise")> {};
struct kw_advice : tok<TAO_PEGTL_KEYWORD("advice")> {};
struct kw_valid : tok<TAO_PEGTL_KEYWORD("valid")> {};
struct kw_renewal : tok<TAO_PEGTL_KEYWORD("renewal")> {};
struct kw_within : tok<TAO_PEGTL_KEYWORD("within")> {};
struct kw_after : tok<TAO_PEGTL_KEYWORD("after")> {};
struct kw_expiry : tok<TAO_PEGTL_KEYWORD("expiry")> {};
struct kw_from : tok<TAO_PEGTL_KEYWORD("from")> {};
struct kw_previous : tok<TAO_PEGTL_KEYWORD("previous")> {};
struct kw_and : tok<TAO_PEGTL_KEYWORD("and")> {};
struct kw_or : tok<TAO_PEGTL_KEYWORD("or")> {};
struct kw_not : tok<TAO_PEGTL_KEYWORD("not")> {};
struct kw_if : tok<TAO_PEGTL_KEYWORD("if")> {};
struct kw_then : tok<TAO_PEGTL_KEYWORD("then")> {};
struct kw_else : tok<TAO_PEGTL_KEYWORD("else")> {};
struct kw_true : tok<TAO_PEGTL_KEYWORD("true")> {};
struct kw_false : tok<TAO_PEGTL_KEYWORD("false")> {};
struct kw_assessed_on : tok<TAO_PEGTL_KEYWORD("assessed_on")> {};
struct kw_assessed : tok<TAO_PEGTL_KEYWORD("assessed")> {};
struct kw_history : tok<TAO_PEGTL_KEYWORD("history")> {};
struct kw_given : tok<TAO_PEGTL_KEYWORD("given")> {};
struct kw_expect : tok<TAO_PEGTL_KEYWORD("expect")> {};
struct kw_missing : tok<TAO_PEGTL_KEYWORD("missing")> {};
struct kw_none : tok<TAO_PEGTL_KEYWORD("none")> {};
struct kw_count : tok<TAO_PEGTL_KEYWORD("count")> {};
struct kw_integer : tok<TAO_PEGTL_KEYWORD("integer")> {};
struct kw_decimal : tok<TAO_PEGTL_KEYWORD("decimal")> {};
struct kw_percent : tok<TAO_PEGTL_KEYWORD("percent")> {};
struct kw_boolean : tok<TAO_PEGTL_KEYWORD("boolean")> {};
struct kw_date : tok<TAO_PEGTL_KEYWORD("date")> {};
struct kw_value : tok<TAO_PEGTL_KEYWORD("value")> {};
struct kw_order : tok<TAO_PEGTL_KEYWORD("order")> {};
struct kw_labels : tok<TAO_PEGTL_KEYWORD("labels")> {};

// Words that can never be a name or a unit: operators, and the words that start a
// declaration or a clause (so `>= 5` followed by `label` is not read as a unit).
struct reserved_word
    : p::seq<
          p::sor<TAO_PEGTL_KEYWORD("and"), TAO_PEGTL_KEYWORD("or"), TAO_PEGTL_KEYWORD("not"), TAO_PEGTL_KEYWORD("in"),
                 TAO_PEGTL_KEYWORD("of"), TAO_PEGTL_KEYWORD("if"), TAO_PEGTL_KEYWORD("then"), TAO_PEGTL_KEYWORD("else"),
                 TAO_PEGTL_KEYWORD("when"), TAO_PEGTL_KEYWORD("otherwise"), TAO_PEGTL_KEYWORD("true"),
                 TAO_PEGTL_KEYWORD("false"), TAO_PEGTL_KEYWORD("area"), TAO_PEGTL_KEYWORD("indicator"),
                 TAO_PEGTL_KEYWORD("let"), TAO_PEGTL_KEYWORD("criterion"), TAO_PEGTL_KEYWORD("label"),
                 TAO_PEGTL_KEYWORD("test"), TAO_PEGTL_KEYWORD("remove"), TAO_PEGTL_KEYWORD("replace"),
                 TAO_PEGTL_KEYWORD("requires"), TAO_PEGTL_KEYWORD("advice"), TAO_PEGTL_KEYWORD("valid"),
                 TAO_PEGTL_KEYWORD("renewal"), TAO_PEGTL_KEYWORD("group"), TAO_PEGTL_KEYWORD("range"),
                 TAO_PEGTL_KEYWORD("given"), TAO_PEGTL_KEYWORD("expect"), TAO_PEGTL_KEYWORD("missing"),
                 TAO_PEGTL_KEYWORD("order"), TAO_PEGTL_KEYWORD("fixture")>> {};

// Punctuation gets names so that each one can carry its own "expected" message.
struct colon : tok<p::one<':'>> {};
struct equals : tok<p::one<'='>> {};
struct comma : tok<p::one<','>> {};
struct open_paren : tok<p::one<'('>> {};
struct open_brace : tok<p::one<'{'>> {};
struct dot_dot : tok<TAO_PEGTL_STRING("..")> {};
struct minus : tok<p::one<'-'>> {};

// --- literals ------------------------------------------------------------------------
struct name : p::seq<p::not_at<reserved_word>, p::identifier> {};
struct name_tok : tok<name> {};
struct digits : p::plus<p::digit> {};
// A letter right after the digits (`1e3`, `5FTE`) is not a number: exponents are not
// part of the language and a unit needs a space.
struct number : p::seq<digits, p::opt<p::one<'.'>, digits>, p::not_at<p::identifier_first>> {};
struct date_lit : p::seq<p::rep<4, p::digit>, p::one<'-'>, p::rep<2, p::digit>, p::one<'-'>, p::rep<2, p::digit>,
                         p::not_at<p::identifier_other>> {};
struct date_tok : tok<date_lit> {};
struct escape : p::seq<p::one<'\\'>, p::one<'"', '\\', 'n', 't'>> {};
struct string_char : p::sor<escape, p::seq<p::not_one<'"', '\\', '\n', '\r'>>> {};
struct string_close : p::one<'"'> {};
struct string_body : p::star<string_char> {};
struct string_lit : p::seq<p::one<'"'>, string_body, p::must<string_close>> {};
struct string_tok : tok<string_lit> {};
struct percent_mark : p::one<'%'> {};
struct duration_unit : p::seq<p::sor<TAO_PEGTL_KEYWORD("years"), TAO_PEGTL_KEYWORD("year"), TAO_PEGTL_KEYWORD("months"),
                                     TAO_PEGTL_KEYWORD("month"), TAO_PEGTL_KEYWORD("days"), TAO_PEGTL_KEYWORD("day")>> {
};
// Words that may be names but never units: they start the clause after a number.
struct clause_word
    : p::seq<p::sor<TAO_PEGTL_KEYWORD("points"), TAO_PEGTL_KEYWORD("gold"), TAO_PEGTL_KEYWORD("history"),
                    TAO_PEGTL_KEYWORD("assessed_on"), TAO_PEGTL_KEYWORD("assessed"), TAO_PEGTL_KEYWORD("none"),
                    TAO_PEGTL_KEYWORD("retire"), TAO_PEGTL_KEYWORD("allow")>> {};
struct unit_name : p::seq<p::not_at<reserved_word>, p::not_at<clause_word>, p::not_at<duration_unit>, p::identifier> {};
// 12, 0.5 FTE, 33.3%, 2 years
struct quantity : p::seq<number, sep, p::opt<p::sor<tok<percent_mark>, tok<duration_unit>, tok<unit_name>>>> {};
struct duration_word : tok<duration_unit> {};
struct duration : p::seq<tok<number>, p::must<duration_word>> {};
struct boolean_lit : p::sor<kw_true, kw_false> {};

// --- expressions ---------------------------------------------------------------------
struct expression;
struct close_paren : tok<p::one<')'>> {};
struct close_brace : tok<p::one<'}'>> {};
struct paren_expr : p::seq<open_paren, p::must<expression>, p::must<close_paren>> {};
struct set_items : p::opt<p::list<expression, comma>> {};
struct set_lit : p::seq<open_brace, set_items, p::must<close_brace>> {};
struct quantifier : p::seq<name_tok, kw_in, p::must<expression>, p::must<colon>, p::must<expression>> {};
struct call_args : p::opt<p::sor<quantifier, p::list<expression, comma>>> {};
struct call_body : p::seq<open_paren, call_args, p::must<close_paren>> {};
struct call : p::seq<name, sep, call_body> {};
struct if_expr
    : p::seq<kw_if, p::must<expression>, p::must<kw_then>, p::must<expression>, p::must<kw_else>, p::must<expression>> {
};
struct primary : p::sor<paren_expr, set_lit, if_expr, date_tok, quantity, string_tok, boolean_lit, call, name_tok> {};
struct member : p::seq<p::one<'.'>, p::not_at<p::one<'.'>>, sep, p::must<name_tok>> {};
struct postfix : p::seq<primary, p::star<member>> {};
struct unary;
struct negate : p::seq<minus, p::must<unary>> {};
struct unary : p::sor<negate, postfix> {};
struct mul_op : p::sor<tok<p::one<'*'>>, tok<p::one<'/'>>, kw_of> {};
struct mul_expr : p::seq<unary, p::star<mul_op, p::must<unary>>> {};
// `points 5 when x > 1` then `-5 otherwise` on the next line: that minus starts a tier.
struct next_tier : p::seq<p::one<'-'>, sep, digits, p::opt<p::one<'.'>, digits>, sep, p::sor<kw_when, kw_otherwise>> {};
struct add_op : p::sor<tok<p::one<'+'>>, p::seq<p::not_at<next_tier>, tok<p::one<'-'>>>> {};
struct add_expr : p::seq<mul_expr, p::star<add_op, p::must<mul_expr>>> {};
struct cmp_op : p::sor<TAO_PEGTL_STRING("<="), TAO_PEGTL_STRING(">="), TAO_PEGTL_STRING("!="), TAO_PEGTL_STRING("="),
                       TAO_PEGTL_STRING("<"), TAO_PEGTL_STRING(">")> {};
struct range_tail : p::seq<dot_dot, p::must<add_expr>> {};
struct in_target : p::seq<add_expr, p::opt<range_tail>> {};
struct in_op : p::seq<p::opt<kw_not>, kw_in> {};
struct no_chain : p::not_at<cmp_op> {};
struct cmp_expr : p::seq<add_expr, p::opt<p::sor<p::seq<tok<cmp_op>, p::must<add_expr>, p::must<no_chain>>,
                                                 p::seq<in_op, p::must<in_target>>>>> {};
struct not_expr;
struct logical_not : p::seq<kw_not, p::must<not_expr>> {};
struct not_expr : p::sor<logical_not, cmp_expr> {};
struct and_expr : p::seq<not_expr, p::star<kw_and, p::must<not_expr>>> {};
struct or_expr : p::seq<and_expr, p::star<kw_or, p::must<and_expr>>> {};
// A wrapper, not a subclass: a subclass would match or_expr's parts without an or_expr node.
struct expression : p::seq<or_expr> {};

// --- header ----------------------------------------------------------------------------
struct methodology_name : string_tok {};
struct version_name : string_tok {};
// `with tests`: the revision also runs its bases' tests (reusable tests, issue 19).
struct kw_with : tok<TAO_PEGTL_KEYWORD("with")> {};
struct kw_tests : tok<TAO_PEGTL_KEYWORD("tests")> {};
struct with_tests : p::seq<kw_with, p::must<kw_tests>> {};
struct extends_clause
    : p::seq<kw_extends, p::must<methodology_name>, p::must<kw_version>, p::must<version_name>, p::opt<with_tests>> {};
struct title_clause : p::seq<kw_title, p::must<string_tok>> {};
struct effective_clause : p::seq<kw_effective, p::must<date_tok>> {};
struct until_clause : p::seq<kw_until, p::must<date_tok>> {};
struct header : p::seq<p::must<kw_methodology>, p::must<methodology_name>, p::must<kw_version>, p::must<version_name>,
                       p::star<p::sor<title_clause, effective_clause, until_clause, extends_clause>>> {};

// --- areas and indicators -------------------------------------------------------------
struct area_decl : p::seq<kw_area, p::must<name_tok>, p::opt<string_tok>> {};
struct name_list : p::list<name_tok, comma> {};
struct choice_list : p::seq<p::must<open_paren>, p::must<name_list>, p::must<close_paren>> {};
struct type_count : kw_count {};
struct type_integer : kw_integer {};
struct unit_decl : tok<unit_name> {};
struct type_decimal : p::seq<kw_decimal, p::opt<kw_unit, p::must<unit_decl>>> {};
struct type_percent : kw_percent {};
struct type_boolean : kw_boolean {};
struct type_date : kw_date {};
struct type_choice : p::seq<kw_one, p::must<kw_of>, choice_list> {};
struct type_criterion_set : kw_criterion {};
struct type_set : p::seq<kw_set, p::must<kw_of>, p::sor<type_criterion_set, choice_list>> {};
struct type_spec
    : p::sor<type_count, type_integer, type_decimal, type_percent, type_boolean, type_date, type_choice, type_set> {};
struct range_low : p::seq<p::opt<minus>, quantity> {};
struct range_high : p::seq<p::opt<minus>, quantity> {};
struct range_clause : p::seq<kw_range, p::must<range_low>, p::must<dot_dot>, p::must<range_high>> {};
struct in_area : p::seq<kw_in, p::must<name_tok>> {};
struct description : string_tok {};
struct indicator_option : p::sor<in_area, range_clause, description> {};
struct indicator_decl
    : p::seq<kw_indicator, p::must<name_tok>, p::must<colon>, p::must<type_spec>, p::star<indicator_option>> {};

// --- let, criteria, labels ------------------------------------------------------------
struct let_decl : p::seq<kw_let, p::must<name_tok>, p::must<equals>, p::must<expression>> {};
struct group_clause : p::seq<kw_group, p::must<name_list>> {};
struct requires_clause : p::seq<kw_requires, p::must<expression>> {};
struct tier_points : p::seq<p::opt<minus>, tok<number>> {};
struct tier_when : p::seq<kw_when, p::must<expression>> {};
struct tier_otherwise : kw_otherwise {};
struct tier_condition : p::sor<tier_when, tier_otherwise> {};
struct tier : p::seq<tier_points, p::must<tier_condition>> {};
struct points_clause : p::seq<kw_points, p::must<tier>, p::star<tier>> {};
struct gold_clause : p::seq<kw_gold, p::must<kw_when>, p::must<expression>> {};
struct advice_clause : p::seq<kw_advice, p::must<string_tok>> {};
struct criterion_clause : p::sor<in_area, group_clause, requires_clause, points_clause, gold_clause, advice_clause> {};
struct criterion_decl : p::seq<kw_criterion, p::must<name_tok>, p::opt<description>, p::star<criterion_clause>> {};
struct valid_clause : p::seq<kw_valid, p::must<duration>> {};
struct renewal_clause
    : p::seq<kw_renewal, p::must<kw_within>, p::must<duration>, p::must<kw_after>, p::must<kw_expiry>,
             p::must<kw_extends>, p::must<duration>, p::must<kw_from>, p::must<kw_previous>, p::must<kw_expiry>> {};
// A label's requirement: its top-level `and` operands are its parts, and each part may
// carry words for the report, a string after it:
//   requires all(baseline) and count(improvements) = 3 "three improvement areas"
// Without words the requirement is an expression like any other; with words the parts
// are joined by `and` only (an `or` goes in brackets: `(a or b) "WORDS"`).
struct part_words : string_tok {};
struct label_part : p::seq<not_expr, p::opt<part_words>> {};
struct no_or_after_words : p::not_at<kw_or> {};
struct worded_parts : p::seq<label_part, p::star<kw_and, p::must<label_part>>, p::must<no_or_after_words>> {};
struct label_requirement : p::sor<p::seq<expression, p::not_at<part_words>>, worded_parts> {};
struct label_requires : p::seq<kw_requires, p::must<label_requirement>> {};
struct label_clause : p::sor<label_requires, valid_clause, renewal_clause> {};
struct label_decl : p::seq<kw_label, p::must<name_tok>, p::opt<description>, p::star<label_clause>> {};

// --- tests --------------------------------------------------------------------------------
struct literal_value : p::sor<set_lit, date_tok, p::seq<p::opt<minus>, quantity>, string_tok, boolean_lit, kw_missing> {
};
struct assignment : p::seq<name_tok, p::must<equals>, p::must<literal_value>> {};
struct assignments : p::list<assignment, comma> {};
struct given_item : p::seq<kw_given, p::must<assignments>> {};
struct test_date : p::seq<kw_assessed_on, p::must<date_tok>> {};
struct valid_until : p::seq<kw_valid, p::must<kw_until>, p::must<date_tok>> {};
struct history_item
    : p::seq<kw_history, p::must<name_tok>, p::must<kw_assessed>, p::must<date_tok>, p::opt<valid_until>> {};
struct outcome
    : p::sor<tok<TAO_PEGTL_STRING("not_assessable")>, tok<TAO_PEGTL_STRING("not_met")>, tok<TAO_PEGTL_STRING("met")>> {
};
struct label_none : kw_none {};
struct label_target : p::sor<label_none, name_tok> {};
struct expect_label : p::seq<kw_label, p::must<label_target>, p::opt<valid_until>> {};
struct expect_points : p::seq<equals, p::must<tier_points>> {};
struct expect_criterion
    : p::seq<kw_criterion, p::must<name_tok>, p::must<outcome>, p::opt<kw_points, p::must<tier_points>>> {};
struct expect_group_points : p::seq<kw_points, p::must<name_tok>, p::must<expect_points>> {};
struct expect_value : p::seq<kw_value, p::must<name_tok>, p::must<equals>, p::must<literal_value>> {};
struct expectation : p::sor<expect_label, expect_criterion, expect_group_points, expect_value> {};
struct expect_item : p::seq<kw_expect, p::must<expectation>> {};
struct test_item : p::sor<test_date, history_item, given_item, expect_item> {};
struct test_body : p::seq<open_brace, p::star<test_item>, p::must<close_brace>> {};
// A test, or a fixture (values without expectations, for tests to start from), may
// start from a fixture or an assessment file and override values: `from NAME` or
// `from "FILE"`.
struct test_base : p::sor<string_tok, name_tok> {};
struct test_from : p::seq<kw_from, p::must<test_base>> {};
struct test_decl : p::seq<kw_test, p::must<string_tok>, p::opt<test_from>, p::must<test_body>> {};
struct kw_fixture : tok<TAO_PEGTL_KEYWORD("fixture")> {};
struct fixture_decl : p::seq<kw_fixture, p::must<name_tok>, p::opt<test_from>, p::must<test_body>> {};

// --- revisions and the file -----------------------------------------------------------------
struct remove_kind : p::sor<kw_area, kw_indicator, kw_let, kw_criterion, kw_label> {};
struct remove_decl : p::seq<kw_remove, p::must<remove_kind>, p::must<name_tok>> {};
struct replaceable : p::sor<area_decl, indicator_decl, let_decl, criterion_decl, label_decl> {};
struct replace_decl : p::seq<kw_replace, p::must<replaceable>> {};
// `order labels gold, silver, bronze`: best first, so a revision can rank a new label.
struct order_decl : p::seq<kw_order, p::must<kw_labels>, p::must<name_list>> {};
// --- safe revisions (kept apart from the rules above to ease merges) -------------------------
// `retire indicator x because "..."`: still accepted in input, used by nothing.
// `allow unused_indicator x because "..."`: a strict warning silenced on purpose.
// Neither word is reserved (both are clause words, never units), so older files that
// use them as names still read.
struct kw_retire : tok<TAO_PEGTL_KEYWORD("retire")> {};
struct kw_allow : tok<TAO_PEGTL_KEYWORD("allow")> {};
struct kw_because : tok<TAO_PEGTL_KEYWORD("because")> {};
struct reason : string_tok {};
struct retire_decl : p::seq<kw_retire, p::must<kw_indicator>, p::must<name_tok>, p::must<kw_because>, p::must<reason>> {
};
struct warning_kind : tok<p::identifier> {};
struct allow_decl : p::seq<kw_allow, p::must<warning_kind>, p::must<name_tok>, p::must<kw_because>, p::must<reason>> {};

struct declaration : p::sor<area_decl, indicator_decl, let_decl, criterion_decl, label_decl, test_decl, remove_decl,
                            replace_decl, order_decl, fixture_decl, retire_decl, allow_decl> {};
struct end_of_file : p::eof {};
struct file : p::seq<sep, header, p::star<declaration>, p::must<end_of_file>> {};
// The header alone: what choosing a version and resolving `extends` need to read.
struct file_header : p::seq<sep, header> {};

}  // namespace hallmark::dsl::grammar
