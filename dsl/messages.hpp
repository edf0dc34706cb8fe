// SPDX-License-Identifier: Apache-2.0
#pragma once
// What the parser says it expected, for every rule that can fail inside `must<>`.
// A rule without an entry fails to compile in control.hpp, so the table stays complete.
#include "dsl/grammar.hpp"

namespace hallmark::dsl {

template <typename Rule>
inline constexpr const char* expected = nullptr;

#define HALLMARK_EXPECTED(rule, text)                                                                                  \
    template <>                                                                                                        \
    inline constexpr const char* expected<grammar::rule> = text

HALLMARK_EXPECTED(kw_methodology, "expected 'methodology \"NAME\" version \"VERSION\"' at the start of the file");
HALLMARK_EXPECTED(methodology_name, "expected the methodology name as a string, e.g. \"ECEI\"");
HALLMARK_EXPECTED(kw_version, "expected 'version'");
HALLMARK_EXPECTED(version_name, "expected the version as a string, e.g. \"2019\"");
HALLMARK_EXPECTED(string_close, "expected '\"' to end the string");
HALLMARK_EXPECTED(string_tok, "expected a string in quotes, e.g. \"text\"");
HALLMARK_EXPECTED(date_tok, "expected a date as YYYY-MM-DD");
HALLMARK_EXPECTED(name_tok, "expected a name");
HALLMARK_EXPECTED(name_list, "expected a list of names separated by ','");
HALLMARK_EXPECTED(expression, "expected an expression");
HALLMARK_EXPECTED(unary, "expected an operand");
HALLMARK_EXPECTED(mul_expr, "expected an operand");
HALLMARK_EXPECTED(add_expr, "expected an operand");
HALLMARK_EXPECTED(not_expr, "expected a condition");
HALLMARK_EXPECTED(label_requirement, "expected a condition");
HALLMARK_EXPECTED(label_part, "expected a condition");
HALLMARK_EXPECTED(no_or_after_words,
                  "a requirement whose parts have words joins them with 'and' only; put an 'or' in brackets: "
                  "(A or B) \"WORDS\"");
HALLMARK_EXPECTED(and_expr, "expected a condition");
HALLMARK_EXPECTED(no_chain, "comparisons do not chain; write 'x in LOW..HIGH' or join two comparisons with 'and'");
HALLMARK_EXPECTED(in_target, "expected a set, a range 'LOW..HIGH' or a value after 'in'");
HALLMARK_EXPECTED(close_paren, "expected ')'");
HALLMARK_EXPECTED(close_brace, "expected '}'");
HALLMARK_EXPECTED(colon, "expected ':'");
HALLMARK_EXPECTED(equals, "expected '='");
HALLMARK_EXPECTED(open_paren, "expected '('");
HALLMARK_EXPECTED(dot_dot, "expected '..' between the two ends of the range");
HALLMARK_EXPECTED(kw_then, "expected 'then'");
HALLMARK_EXPECTED(kw_else, "expected 'else' (an 'if' needs both branches)");
HALLMARK_EXPECTED(kw_of, "expected 'of'");
HALLMARK_EXPECTED(kw_when, "expected 'when'");
HALLMARK_EXPECTED(kw_until, "expected 'until'");
HALLMARK_EXPECTED(kw_within, "expected 'within' (renewal within DURATION after expiry ...)");
HALLMARK_EXPECTED(kw_after, "expected 'after'");
HALLMARK_EXPECTED(kw_expiry, "expected 'expiry'");
HALLMARK_EXPECTED(kw_extends, "expected 'extends'");
HALLMARK_EXPECTED(kw_from, "expected 'from'");
HALLMARK_EXPECTED(kw_previous, "expected 'previous'");
HALLMARK_EXPECTED(kw_assessed, "expected 'assessed DATE'");
HALLMARK_EXPECTED(type_spec, "expected a type: count, integer, decimal [unit U], percent, boolean, date, one of (...), "
                             "set of (...) or set of criterion");
HALLMARK_EXPECTED(unit_decl, "expected a unit name, e.g. FTE or EUR");
HALLMARK_EXPECTED(range_low, "expected the lower end of the range, a number");
HALLMARK_EXPECTED(range_high, "expected the upper end of the range, a number");
HALLMARK_EXPECTED(tier, "expected a tier: POINTS when CONDITION, or POINTS otherwise");
HALLMARK_EXPECTED(tier_condition, "expected 'when CONDITION' or 'otherwise' after the points");
HALLMARK_EXPECTED(tier_points, "expected a number of points");
HALLMARK_EXPECTED(duration, "expected a duration such as '2 years', '18 months' or '30 days'");
HALLMARK_EXPECTED(duration_word, "expected 'years', 'months' or 'days'");
HALLMARK_EXPECTED(test_body, "expected '{' to open the test");
HALLMARK_EXPECTED(test_base, "expected a fixture name or an assessment file in quotes after 'from'");
HALLMARK_EXPECTED(kw_tests, "expected 'tests' (extends ... with tests)");
HALLMARK_EXPECTED(assignments, "expected NAME = VALUE");
HALLMARK_EXPECTED(literal_value, "expected a value: a number, a string, a date, true, false, a set {...} or missing");
HALLMARK_EXPECTED(label_target, "expected a label name or 'none'");
HALLMARK_EXPECTED(outcome, "expected met, not_met or not_assessable");
HALLMARK_EXPECTED(expect_points, "expected '= POINTS'");
HALLMARK_EXPECTED(expectation, "expected what to expect: label, criterion, points or value");
HALLMARK_EXPECTED(remove_kind, "expected what to remove: area, indicator, let, criterion or label");
HALLMARK_EXPECTED(replaceable,
                  "expected the declaration that replaces the base one: area, indicator, let, criterion or label");
HALLMARK_EXPECTED(kw_labels, "expected 'labels' (order labels BEST, ..., LOWEST)");
HALLMARK_EXPECTED(end_of_file, "expected a declaration: area, indicator, let, criterion, label, test, fixture, remove, "
                               "replace, retire, allow or order");
HALLMARK_EXPECTED(kw_indicator, "expected 'indicator' (only an indicator can be retired)");
HALLMARK_EXPECTED(kw_because, "expected 'because \"REASON\"'");
HALLMARK_EXPECTED(reason, "expected the reason as a string, e.g. \"kept for assessments made before 2025\"");
HALLMARK_EXPECTED(warning_kind, "expected the name of a warning, e.g. unused_indicator");

#undef HALLMARK_EXPECTED

/// The keywords a person probably meant when `Rule` fails on a word: a misspelt keyword
/// (`requries`, `extend`, `otherwse`) gets "did you mean" from this list. Where a
/// declaration is expected, the clause keywords count too: a misspelt clause ends the
/// declaration before it, so the parser next asks for a declaration.
template <typename Rule>
inline constexpr const char* keywords_meant = nullptr;

#define HALLMARK_KEYWORDS(rule, words)                                                                                 \
    template <>                                                                                                        \
    inline constexpr const char* keywords_meant<grammar::rule> = words

HALLMARK_KEYWORDS(end_of_file,
                  "area indicator let criterion label test fixture remove replace retire allow order title "
                  "effective until extends in group requires points gold advice valid renewal range");
HALLMARK_KEYWORDS(kw_methodology, "methodology");
HALLMARK_KEYWORDS(kw_version, "version");
HALLMARK_KEYWORDS(type_spec, "count integer decimal percent boolean date one set");
HALLMARK_KEYWORDS(tier_condition, "when otherwise");
HALLMARK_KEYWORDS(duration_word, "years year months month days day");
HALLMARK_KEYWORDS(outcome, "met not_met not_assessable");
HALLMARK_KEYWORDS(expectation, "label criterion points value");
HALLMARK_KEYWORDS(remove_kind, "area indicator let criterion label");
HALLMARK_KEYWORDS(replaceable, "area indicator let criterion label");
HALLMARK_KEYWORDS(kw_labels, "labels");
HALLMARK_KEYWORDS(kw_then, "then");
HALLMARK_KEYWORDS(kw_else, "else");
HALLMARK_KEYWORDS(kw_of, "of");
HALLMARK_KEYWORDS(kw_when, "when");
HALLMARK_KEYWORDS(kw_within, "within");
HALLMARK_KEYWORDS(kw_after, "after");
HALLMARK_KEYWORDS(kw_expiry, "expiry");
HALLMARK_KEYWORDS(kw_extends, "extends");
HALLMARK_KEYWORDS(kw_from, "from");
HALLMARK_KEYWORDS(kw_previous, "previous");
HALLMARK_KEYWORDS(kw_until, "until");
HALLMARK_KEYWORDS(kw_assessed, "assessed");
HALLMARK_KEYWORDS(kw_indicator, "indicator");
HALLMARK_KEYWORDS(kw_because, "because");

#undef HALLMARK_KEYWORDS

}  // namespace hallmark::dsl
