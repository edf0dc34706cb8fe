// SPDX-License-Identifier: Apache-2.0
#pragma once
// The recourse plan as the opening of a report's "What to improve": what exactly to
// change to reach the next label, said in the rules' words, with the proof that it
// does (the plan was verified by evaluating the changed assessment).
#include <hallmark/plan.hpp>

#include "report/words.hpp"

#include <string>

namespace hallmark::report {

/// The plan's section in Markdown ("### ..." and a table); empty when the target is the
/// label already decided.
std::string md_plan(const words& w, const recourse_plan& p);
/// The same as an HTML `<section id="plan">`.
std::string html_plan(const words& w, const recourse_plan& p);

}  // namespace hallmark::report
