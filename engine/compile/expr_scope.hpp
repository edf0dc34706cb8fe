// SPDX-License-Identifier: Apache-2.0
#pragma once
// What the expression being compiled may refer to, and what it reads. One scope per
// declaration being compiled (a criterion, a label, a let). A let is compiled on first
// use, from inside the declaration that names it, so scopes form a stack: the let
// pushes its own and pops it when done, and so can neither see nor change the context
// of the declaration that named it (its quantifier variable, its `points`).
#include "dsl/ast.hpp"

#include <cstdint>
#include <deque>
#include <set>
#include <string>
#include <utility>

namespace hallmark::engine {

struct expr_scope {
    ast::position where;                          // the declaration, for errors with no node of their own
    std::set<std::uint32_t>* inputs = nullptr;    // indicators read, directly or through lets; null: not kept
    std::set<std::uint32_t>* criteria = nullptr;  // criteria read; null: not kept
    int self_criterion = -1;                      // the criterion whose clause this is: `points` are its own
    bool reading_points = false;                  // inside points(C): C's own points are no dependency on C
    std::string quant_var;                        // the quantifier's variable, inside its body
    std::string let;                              // the let this scope compiles; empty for the others
    std::size_t chain = 0;                        // the longest chain of lets named so far
};

// A deque, so that pushing a let's scope leaves references to the scopes below valid
// (scope_set holds one while the quantifier's body compiles, and lets with it).
using scope_stack = std::deque<expr_scope>;

/// Pushes a scope for the lifetime of this object.
class scope_push {
public:
    scope_push(scope_stack& stack, expr_scope s) : stack_(stack) { stack_.push_back(std::move(s)); }
    ~scope_push() { stack_.pop_back(); }
    scope_push(const scope_push&) = delete;
    scope_push& operator=(const scope_push&) = delete;

private:
    scope_stack& stack_;
};

/// Sets one field of the current scope for the lifetime of this object: a quantifier's
/// variable while its body compiles, say.
template <class T>
class scope_set {
public:
    scope_set(T& field, T value) : field_(field), old_(std::exchange(field, std::move(value))) {}
    ~scope_set() { field_ = std::move(old_); }
    scope_set(const scope_set&) = delete;
    scope_set& operator=(const scope_set&) = delete;

private:
    T& field_;
    T old_;
};

}  // namespace hallmark::engine
