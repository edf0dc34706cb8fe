// SPDX-License-Identifier: Apache-2.0
#pragma once
// The compiled, immutable rule set: flat arrays of nodes (ops in ir.hpp) with names
// resolved to slots.
// Nothing here changes after compilation, so one program serves any number of threads.
#include "dsl/ast.hpp"
#include "engine/program/ir.hpp"
#include "engine/program/plan.hpp"
#include "engine/program/value.hpp"

#include <hallmark/rule_set.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace hallmark::engine {

struct decision_text;  // engine/run/decision_json.hpp

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
    ast::position pos;  // of the tier, for test coverage
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
    std::string words;   // what the report says for it (`PART "WORDS"`); "" when none
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

/// A declaration as `hallmark diff` compares it: its properties in canonical text,
/// packed in one string (pack_fields) until the catalogue asks for them: a vector of
/// string pairs per declaration was a large part of compiling a large file (issue 18).
struct declared {
    ast::decl_kind kind = ast::decl_kind::area;
    std::string id;
    std::string fields;
};

/// (name, text) pairs as one string, each part after its length, and back.
std::string pack_fields(const std::vector<std::pair<std::string, std::string>>& fields);
std::vector<std::pair<std::string, std::string>> unpack_fields(std::string_view packed);

/// The nodes' source texts one after another in one string: a string per node was 32
/// bytes, and an allocation of its own beyond 15 characters (issue 18, compile memory).
class text_pool {
public:
    std::uint32_t add(std::string_view text)
    {
        chars_.append(text);
        ends_.push_back(static_cast<std::uint32_t>(chars_.size()));
        return static_cast<std::uint32_t>(ends_.size() - 1);
    }
    std::string_view operator[](std::size_t i) const
    {
        const std::uint32_t begin = i == 0 ? 0 : ends_[i - 1];
        return std::string_view(chars_).substr(begin, ends_[i] - begin);
    }
    std::size_t size() const { return ends_.size(); }
    std::size_t characters() const { return chars_.size(); }
    void reserve(std::size_t texts, std::size_t characters)
    {
        ends_.reserve(texts);
        chars_.reserve(characters);
    }

private:
    std::string chars_;
    std::vector<std::uint32_t> ends_;
};

struct program {
    std::string name, version, title;
    std::optional<date> effective, until;
    std::string sha256;
    std::vector<std::string> lineage;  // "ECEI 2013", ... the versions this one extends

    std::vector<node> nodes;                // children before parents; see ir.hpp
    std::vector<std::uint32_t> child_list;  // node indexes; each node's children are a run of it
    std::vector<value> constants;           // op::constant
    std::vector<builtin_fn> functions;      // op::call: the built-in functions the rules call
    text_pool texts;                        // node::source: the source text of each node
    std::vector<ast::position> node_pos;    // per node: where it is written (test coverage names it)

    std::vector<indicator_info> indicators;
    std::vector<let_info> lets;
    std::vector<criterion_info> criteria;
    std::vector<label_info> labels;  // best first
    std::vector<group_info> groups;
    std::vector<area_info> areas;
    std::vector<std::string> history_labels;  // labels op::history_* nodes refer to

    std::vector<ast::test_decl> tests;
    std::vector<ast::test_decl> base_tests;       // the bases' tests, nearest base first
    std::vector<ast::test_decl> fixtures;         // of the whole chain, top file first
    bool with_base_tests = false;                 // the top file says `extends ... with tests`
    bool tests_read = true;                       // false: compiled to decide only, without its tests
    std::vector<rule_file> files;                 // top first; index = ast::position::file
    std::vector<declared> declarations;           // merged over the `extends` chain, in order
    plan fast;                                    // the label decision on integers, where it applies
    std::vector<std::uint32_t> indicators_by_id;  // indicator indexes sorted by id, for binding
    // Its ids and keys escaped once for decision lines; set by make_rule_set, when the
    // program is final (a program changed after that would need it made again).
    std::shared_ptr<const decision_text> decision_json;

    int find_indicator(std::string_view id) const;
    int find_criterion(std::string_view id) const;
    int find_label(std::string_view id) const;
    int find_group(std::string_view id) const;
    int find_let(std::string_view id) const;
};

}  // namespace hallmark::engine
