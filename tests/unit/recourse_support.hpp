// SPDX-License-Identifier: Apache-2.0
#pragma once
// What the recourse plan's two test files share (recourse_test.cpp,
// recourse_examples_test.cpp).
#include <hallmark/hallmark.hpp>
#include <hallmark/plan.hpp>

#include <ostream>
#include <string>

namespace hallmark {
// For Boost.Test's messages.
inline std::ostream& operator<<(std::ostream& out, plan_status s) { return out << to_string(s); }
}  // namespace hallmark

namespace recourse_support {

// Whether `target` comes out met when `a` is evaluated by `rules`: what verifies a plan.
inline bool reaches(const hallmark::rule_set& rules, const hallmark::assessment& a, const std::string& target)
{
    auto d = rules.evaluate(a);
    if (!d.ok()) return false;
    for (const auto& l : d->labels)
        if (l.id == target) return l.result == hallmark::outcome::met;
    return false;
}

}  // namespace recourse_support
