// SPDX-License-Identifier: Apache-2.0
#pragma once
// Phases 2-4: declare names, type-check and compile expressions into the flat
// evaluation tree, then check criteria and labels as wholes. Every error of a file is
// collected before giving up, so one run shows them all.
#include "engine/compile/expr_scope.hpp"
#include "engine/load/load.hpp"
#include "engine/program/program.hpp"

#include <hallmark/diagnostic.hpp>

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace hallmark::engine {

class compiler {
public:
    compiler(loaded_rules& rules, std::vector<diagnostic>& diags, bool strict = false);
    std::optional<program> run();

    struct typed {
        std::uint32_t node = 0;
        type t;
    };

private:
    enum class symbol_kind { area, indicator, let, criterion, label, group };
    struct symbol {
        symbol_kind kind;
        int index;
        ast::position pos;
    };

    void record_sources();
    void release_declaration(std::size_t at);
    void free_syntax_tree();

    // phase 2: names (compile_declare.cpp)
    void declare();
    void reserve_program();
    void declare_symbol(const std::string& id, symbol_kind kind, int index, const ast::position& pos);
    void declare_indicator(const ast::indicator_decl& d);
    void declare_criterion(const ast::criterion_decl& d);
    int area_index(const std::string& id, const ast::position& pos);
    std::vector<std::string> names_of(std::initializer_list<symbol_kind> kinds) const;

    // phase 3: expressions (compile_expr.cpp, compile_calls.cpp)
    typed expr(const ast::expr& e);
    typed name(const ast::expr& e);
    typed member(const ast::expr& e);
    typed negate(const ast::expr& e);
    typed arithmetic(const ast::expr& e);
    typed compare(const ast::expr& e);
    typed in_range(const ast::expr& e);
    typed in_set(const ast::expr& e);
    typed in_group(const ast::expr& e, std::uint8_t negated);
    typed in_literal_set(const ast::expr& e, std::uint8_t negated);
    typed logic(const ast::expr& e);
    typed conditional(const ast::expr& e);
    typed call(const ast::expr& e);
    bool names_kind(const ast::expr& e, symbol_kind kind) const;

    // built-in functions (compile_builtins.cpp): one table, in call()
    struct builtin;
    enum class type_rule : std::uint8_t {
        own,                // a compiler of its own (the functions of groups, criteria and areas)
        any_value,          // one value of any type: a condition
        numbers_alike,      // numbers of one unit: a number of that unit, whole if all are
        number_and_places,  // a number and literal decimal places: a number of its unit
        two_dates,          // two dates: a whole number
    };
    typed typed_call(const ast::expr& e, const builtin& b);
    typed emit_call(const ast::expr& e, const builtin& b, const std::vector<std::uint32_t>& kids, const type& t);
    typed numbers_alike(const ast::expr& e, const builtin& b);
    typed number_and_places(const ast::expr& e, const builtin& b);
    typed two_dates(const ast::expr& e, const builtin& b);
    typed fn_all_any(const ast::expr& e);
    typed fn_count(const ast::expr& e);
    typed fn_count_met(const ast::expr& e);
    typed fn_at_least(const ast::expr& e);
    typed fn_points(const ast::expr& e);
    typed fn_met_gold(const ast::expr& e);
    typed fn_complete(const ast::expr& e);

    typed quantifier(const ast::expr& e);
    typed group_call(const ast::expr& e, op code);
    typed criterion_call(const ast::expr& e, bool gold);
    typed points_call(const ast::expr& e, bool maximum);
    typed let_ref(int index, const ast::expr& e);
    void compile_let(int index, const std::string& name);
    std::size_t lets_open() const;
    void check_let_chain(int index);
    typed string_against(const ast::expr& lit, const type& other);
    typed boolean(const ast::expr& e, const char* what);
    bool same_number_kind(const type& a, const type& b, const ast::expr& where, const char* what);
    int group_arg(const ast::expr& e);
    int criterion_arg(const ast::expr& e, bool& is_var);

    // phase 4: criteria and labels (compile_rules.cpp)
    void compile_lets();
    void compile_criteria();
    void compile_criterion(int index, const ast::criterion_decl& d);
    void compile_labels();
    void order_labels();
    void apply_order(const std::vector<std::size_t>& ordered);
    void compile_label(std::size_t index, const ast::label_decl& d);
    void check_criterion_cycles();
    void check_unreachable_labels();
    void check_tests();
    void check_fixtures();
    // The fixture `t` starts from, or nullptr (with an error) when there is none.
    const ast::test_decl* check_from(const ast::test_decl& t);
    void check_given(const ast::test_decl& t, std::size_t i);
    void check_expectation(const ast::expectation& e);
    bool check_name(const std::string& id, symbol_kind kind, const ast::position& pos, const char* what);

    // phase 5, with --strict: warnings (compile_lint.cpp)
    void lint();
    void warn(const ast::position& p, const char* code, const std::string& subject, std::string message);
    std::vector<std::set<std::uint32_t>> label_closures() const;
    void lint_unused(const std::vector<std::set<std::uint32_t>>& closures);
    void lint_tiers(const ast::criterion_decl& d);
    void lint_label_order();
    void lint_advice(const std::vector<std::set<std::uint32_t>>& closures);
    void lint_label_words();

    // revisions and allowances (compile_revision.cpp)
    void check_allows();
    void lint_new_requirements(const std::vector<std::set<std::uint32_t>>& closures);
    void attribute_to_revision();
    void apply_allows();
    bool retired_use(const std::string& id, const ast::position& pos);
    const removal* removed_here(const std::string& id, ast::decl_kind kind) const;
    void removed_message(const removal& r, const ast::position& pos);
    // emission and folding (compile_emit.cpp)
    std::uint32_t emit(op code, const std::vector<std::uint32_t>& kids, std::uint32_t index = 0, std::uint8_t aux = 0,
                       const std::string& text = {});
    std::uint32_t constant(const value& v);
    std::uint32_t fold(std::uint32_t n, const ast::expr& where);
    typed error_result() { return {constant(value::unknown()), type{}}; }
    void error(const ast::position& p, std::string message);
    bool is_constant(std::uint32_t n) const { return prog_.nodes[n].code == op::constant; }

    loaded_rules& rules_;
    std::vector<diagnostic>& diags_;
    bool strict_ = false;
    program prog_;
    std::map<std::string, symbol> symbols_;
    std::map<std::string, int> history_slots_;
    std::vector<const ast::criterion_decl*> criterion_decls_;
    std::vector<const ast::let_decl*> let_decls_;
    std::vector<const ast::label_decl*> label_decls_;
    // Without `strict` (no lint to read them later), a criterion's syntax tree goes as soon
    // as it is compiled, and an indicator's once declared, their canonical fields taken
    // first: the whole tree beside the growing program was the peak of compiling a large
    // file (issue 18, compile memory). By index in rules_.declarations:
    std::vector<std::optional<declared>> released_;
    std::vector<std::size_t> criterion_decl_at_;  // per criterion, its index in rules_.declarations
    std::vector<bool> criterion_tierless_;        // per criterion: no `points` (its tree may be gone)
    std::vector<ast::position> criterion_pos_;    // per criterion: where it is declared (likewise)

    // What the expression being compiled may refer to, and what it reads: the top of
    // the stack (expr_scope.hpp). The bottom scope, pushed by the constructor, is never
    // popped, so there always is one.
    scope_stack scopes_;
    expr_scope& scope() { return scopes_.back(); }

    // A let is compiled once, on first use; what it reads is kept for those that name it.
    enum class let_state { pending, compiling, done };
    struct let_slot {
        let_state state = let_state::pending;
        std::set<std::uint32_t> inputs, criteria;
        std::size_t chain = 0;  // the longest chain of lets it ends
    };
    std::vector<let_slot> let_slots_;
    std::vector<std::set<std::uint32_t>> criterion_deps_;
    std::vector<std::size_t> node_depth_;  // per node, for the evaluation-depth limit
    struct pending_warning {
        ast::position pos;
        const char* code;
        std::string subject, message;
    };
    std::vector<pending_warning> warnings_;  // lint's findings, before attribution and `allow`
    std::map<std::string, const ast::indicator_decl*> retired_;
    std::set<int> every_member_groups_;  // groups read by all(G) or complete(G)
    bool order_failed_ = false;
    bool let_chain_reported_ = false;
    bool depth_reported_ = false;
};

/// The evaluation function of built-in `name` (is_known, months_between, ...), or null:
/// lets the flat plan recognize calls it can compute on integers.
builtin_fn builtin_named(std::string_view name);

/// Compiles loaded rules into a program; nothing when there are errors. `strict` adds
/// warnings about rules that are probably not what was meant.
std::optional<program> compile(loaded_rules& rules, std::vector<diagnostic>& diags, bool strict = false);

}  // namespace hallmark::engine
