// SPDX-License-Identifier: Apache-2.0
// Emission of evaluation nodes, and constant folding: a node whose children are all
// constants is evaluated once, at compile time, and replaced by its value.
#include "engine/compile/compiler.hpp"
#include "engine/run/evaluate.hpp"

#include <hallmark/limits.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace hallmark::engine {
namespace {

// Whether a node with constant children has one value for every assessment. No
// `default:`, so a new op must be classed here (-Wswitch says so) rather than be
// folded by accident while it reads the assessment.
bool foldable(op code)
{
    switch (code) {
    case op::constant:  // already folded
    case op::indicator:
    case op::assessed_on:
    case op::history_assessed_on:
    case op::history_valid_until:
    case op::criterion_met:
    case op::criterion_gold:
    case op::criterion_points:
    case op::var_met:
    case op::var_gold:
    case op::var_points:
    case op::group_all:
    case op::group_any:
    case op::group_count_met:
    case op::group_points:
    case op::group_complete:
    case op::area_complete:
    case op::at_least_group:
    case op::criterion_in_set:
    case op::var_in_set:
    case op::var_in_group:
    case op::quantify_all:
    case op::quantify_any: return false;
    case op::all_n:
    case op::any_n:
    case op::at_least_n:
    case op::logical_not:
    case op::conditional:
    case op::negate:
    case op::add:
    case op::sub:
    case op::mul:
    case op::div:
    case op::percent_of:
    case op::eq:
    case op::ne:
    case op::lt:
    case op::le:
    case op::gt:
    case op::ge:
    case op::in_range:
    case op::choice_in_set:
    case op::set_count:
    case op::call: return true;  // emit_call folds only the functions whose row says so
    }
    return false;
}

}  // namespace

std::uint32_t compiler::emit(op code, const std::vector<std::uint32_t>& kids, std::uint32_t index, std::uint8_t aux,
                             const std::string& text)
{
    node n;
    n.code = code;
    n.aux = aux;
    n.index = index;
    n.first_child = static_cast<std::uint32_t>(prog_.child_list.size());
    n.child_count = static_cast<std::uint32_t>(kids.size());
    n.source = prog_.texts.add(text);
    // The declaration until fold() knows the expression's own place.
    prog_.node_pos.push_back(scopes_.empty() ? ast::position{} : scope().where);
    prog_.child_list.insert(prog_.child_list.end(), kids.begin(), kids.end());
    prog_.nodes.push_back(n);
    std::size_t depth = 1;
    for (auto k : kids) depth = std::max(depth, node_depth_[k] + 1);
    node_depth_.push_back(depth);
    if (depth > limits::max_evaluation_depth && !depth_reported_) {
        depth_reported_ = true;
        error(scope().where, fmt::format("the rules nest expressions (through lets) more than {} levels deep here",
                                         limits::max_evaluation_depth));
    }
    return static_cast<std::uint32_t>(prog_.nodes.size() - 1);
}

std::uint32_t compiler::constant(const value& v)
{
    prog_.constants.push_back(v);
    return emit(op::constant, {}, static_cast<std::uint32_t>(prog_.constants.size() - 1));
}

std::uint32_t compiler::fold(std::uint32_t n, const ast::expr& where)
{
    const node nd = prog_.nodes[n];
    prog_.node_pos[n] = where.pos;
    if (!foldable(nd.code)) return n;
    for (std::uint32_t i = 0; i < nd.child_count; ++i)
        if (!is_constant(prog_.child_list[nd.first_child + i])) return n;
    evaluator ev(prog_, nullptr);
    std::string problem;
    ev.capture_errors(&problem);
    const value v = ev.eval(n);
    if (!problem.empty()) error(where.pos, problem);
    return constant(v);
}

}  // namespace hallmark::engine
