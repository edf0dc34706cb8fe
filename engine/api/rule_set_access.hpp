// SPDX-License-Identifier: Apache-2.0
#pragma once
// The engine's side of `rule_set`: the compiled program behind the public handle, for
// the engine itself and for tests and benchmarks of its internals. Not a public header:
// nothing outside the engine may depend on the program's layout.
#include <hallmark/catalogue.hpp>
#include <hallmark/rule_set.hpp>

#include "engine/program/program.hpp"

#include <memory>
#include <mutex>
#include <vector>

namespace hallmark {

/// What a rule set shares between its copies: the program, and the catalogue built
/// from it once, when first asked for (rule_set::catalogue()): commands that only decide
/// do not read it, and built at the end of compiling it was the peak of compiling a
/// large file (issue 18).
struct rule_set::state {
    engine::program program;
    mutable std::once_flag catalogue_built;
    mutable rule_catalogue catalogue;
    mutable std::vector<engine::declared> declarations;  // the catalogue's, until it is built
};

/// The one friend of `rule_set`, so that its state stays private to the engine.
struct rule_set_access {
    static const std::shared_ptr<const rule_set::state>& state_of(const rule_set& r) { return r.state_; }
};

namespace engine {

/// The catalogue of a compiled program (engine/run/catalogue.cpp).
rule_catalogue make_catalogue(const program& p);

/// A rule set owning `p`; its catalogue is built when first asked for.
rule_set make_rule_set(program p);

/// The program behind a rule set: for the engine, and for tests and benchmarks of its
/// internals.
inline const program& program_of(const rule_set& r) { return rule_set_access::state_of(r)->program; }

}  // namespace engine
}  // namespace hallmark
