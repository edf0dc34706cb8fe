// SPDX-License-Identifier: Apache-2.0
#pragma once
// The compiled, immutable rule set: flat arrays of nodes with names resolved to slots.
// Nothing here changes after compilation, so one program serves any number of threads.
#include "dsl/ast.hpp"
#include "engine/program/plan.hpp"
#include "engine/program/value.hpp"

#include <hallmark/rule_set.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace hallmark::engine {

enum class op : std::uint8_t {
    constant,          // constants[index]
    indicator,         // inputs[index]
    let_ref,           // lets[index]
    var_ref,           // the quantifier variable (a criterion id)
    assessed_on,       // the assessment date
    history_date,      // history: label `index`, field aux (0 assessed_on, 1 valid_until)
    criterion_met,     // criterion index (aux 1: gold level instead of met)
    criterion_points,  // criterion index
    var_met,           // met/gold (aux) of the criterion bound to the quantifier variable
    var_points,
    group_all,
    group_any,
    group_count_met,
    group_points,
    group_complete,
    area_complete,   // every indicator of area `index` reported
    at_least_group,  // child0: n; group index
    all_n,
    any_n,       // Kleene and/or over children
    at_least_n,  // child0: n; rest booleans
    logical_not,
    negate,
    add,
    sub,
    mul,
    div,
    percent_of,
    eq,
    ne,
    lt,
    le,
    gt,
    ge,
    in_range,    // child0 in child1..child2 (aux 1: negated)
    in_choices,  // child0 (choice or choice set) in/contains child1 (aux 1: negated)
    set_count,   // count of a choice set or criterion set
    min,
    max,
    abs,
    round,
    sum_n,
    years_between,
    months_between,
    days_between,
    date_plus,
    date_minus,
    is_known,
    conditional,
    quantify_all,
    quantify_any,  // child0: criterion set; child1: body over var
};

/// One evaluation step. Children are `child_count` consecutive entries of
/// `program::child_list` starting at `first_child`.
struct node {
    op code = op::constant;
    std::uint8_t aux = 0;
    std::uint32_t index = 0;
    std::uint32_t first_child = 0;
    std::uint32_t child_count = 0;
    std::uint32_t source = 0;  // index into program::texts, for error messages
};

struct indicator_info {
    std::string id;
    ast::type_kind kind = ast::type_kind::count;
    type static_type;
    std::string description;
    int area = -1;
    std::optional<decimal> low, high;
    std::vector<std::string> choices;
    ast::position pos;  // of its declaration
};

struct tier_info {
    std::optional<std::uint32_t> when;  // empty: otherwise
    decimal points;
};

struct criterion_info {
    std::string id;
    std::string title;
    std::string advice;
    int area = -1;
    std::vector<std::uint32_t> groups;
    std::optional<std::uint32_t> requirement, gold;
    std::vector<tier_info> tiers;
    decimal max_points;
    std::vector<std::uint32_t> inputs;  // indicators it reads, directly or through lets
    ast::position pos;                  // of its declaration
};

/// One top-level `and` operand of a label's requirement, kept apart so a decision can
/// say which part failed.
struct conjunct {
    std::uint32_t node = 0;
    int group = -1;      // `all(G)`: expand into the group's criteria
    int criterion = -1;  // a bare criterion: name it
    std::string text;    // anything else: the source text
    std::string key;     // the canonical text, to compare requirements of labels
};

struct label_info {
    std::string id;
    std::string title;
    std::vector<conjunct> conjuncts;
    std::optional<ast::duration> valid;
    std::optional<ast::renewal_rule> renewal;
    std::vector<std::uint32_t> inputs;
    std::vector<std::uint32_t> criteria;  // criteria it depends on
    ast::position pos;                    // of its declaration
};

struct group_info {
    std::string id;
    std::vector<std::uint32_t> members;
    decimal max_points;
    bool has_points = false;
};

struct area_info {
    std::string id;
    std::string title;
    std::vector<std::uint32_t> indicators;
    ast::position pos;  // of its declaration
};

struct let_info {
    std::string id;
    std::uint32_t node = 0;
    type static_type;
};

/// A declaration as `hallmark diff` compares it: its properties in canonical text.
struct declared {
    ast::decl_kind kind = ast::decl_kind::area;
    std::string id;
    std::vector<std::pair<std::string, std::string>> fields;
};

struct program {
    std::string name, version, title;
    std::optional<date> effective, until;
    std::string sha256;
    std::vector<std::string> lineage;  // "ECEI 2013", ... the versions this one extends

    std::vector<node> nodes;
    std::vector<std::uint32_t> child_list;
    std::vector<value> constants;
    std::vector<std::string> texts;

    std::vector<indicator_info> indicators;
    std::vector<let_info> lets;
    std::vector<criterion_info> criteria;
    std::vector<label_info> labels;  // best first
    std::vector<group_info> groups;
    std::vector<area_info> areas;
    std::vector<std::string> history_labels;  // labels history_date nodes refer to

    std::vector<ast::test_decl> tests;
    std::vector<rule_file> files;                 // top first; index = ast::position::file
    std::vector<declared> declarations;           // merged over the `extends` chain, in order
    plan fast;                                    // the label decision on integers, where it applies
    std::vector<std::uint32_t> indicators_by_id;  // indicator indexes sorted by id, for binding

    int find_indicator(std::string_view id) const;
    int find_criterion(std::string_view id) const;
    int find_label(std::string_view id) const;
    int find_group(std::string_view id) const;
    int find_let(std::string_view id) const;
};

}  // namespace hallmark::engine
