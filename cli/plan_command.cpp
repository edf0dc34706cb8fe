// SPDX-License-Identifier: Apache-2.0
// plan: the fewest changes to an assessment's answers that reach a target label
// (hallmark/plan.hpp). Exit 0 with a plan or when the target already holds, 1 when no
// plan reaches it, 2 for input that cannot be read or a target that is not a label.
#include "cli/commands.hpp"
#include "cli/output.hpp"

#include <hallmark/hallmark.hpp>
#include <hallmark/plan.hpp>

#include <fmt/format.h>

#include <iostream>

namespace hallmark::cli {
namespace {

// The plan, or nothing when the input could not be read (the reason is on stderr).
std::optional<result<recourse_plan>> planned(const plan_command_options& o)
{
    if (!one_rules_source(o.rules, o.methodology)) return std::nullopt;
    auto read = hallmark::read_assessment_file(o.assessment);
    if (!read.ok()) {
        std::cerr << hallmark::render_all(read.diagnostics());
        return std::nullopt;
    }
    auto compiled = compile_chosen(o.rules, o.methodology, o.rules_dir, read->assessed_on);
    if (!compiled) return std::nullopt;
    plan_options po;
    po.target = o.target;
    po.keep = o.keep;
    po.max_changes = o.max_changes;
    return hallmark::make_plan(*compiled, *read, po);
}

// A plan that moves the assessment's date was verified with the rules in force on the
// original date. When the version is chosen by date and another one is in force on the
// new date, the plan says so: its verification does not cover that version.
void other_version_in_force(const plan_command_options& o, recourse_plan& p)
{
    if (!p.reassess_on || o.methodology.empty() || o.methodology.find('@') != std::string::npos) return;
    const auto all = hallmark::find_versions(o.rules_dir, version_scan::headers);  // checked when compiled
    if (!all.ok()) return;
    const auto then = hallmark::select_version(all.value(), o.methodology, std::nullopt, *p.reassess_on);
    if (!then || then->version == p.version) return;
    p.conditions.push_back(
        fmt::format("on {} the rules in force are {} {}, not {} that this plan was verified with: plan again with "
                    "--methodology {}@{} once the new assessment's answers are known",
                    p.reassess_on->to_string(), then->name, then->version, p.version, then->name, then->version));
}

}  // namespace

int run_plan(const plan_command_options& o)
{
    auto made = planned(o);
    if (!made) return exit_bad_input;
    if (!made->ok()) {
        std::cerr << hallmark::render_all(made->diagnostics());
        return exit_bad_input;
    }
    auto& p = made->value();
    other_version_in_force(o, p);
    const std::string text = o.format == "json" ? to_json(p) : to_text(p);
    if (o.out.empty()) std::cout << text;
    else if (!write_atomically(o.out, text)) {
        std::cerr << fmt::format("error: cannot write '{}'\n", o.out);
        return exit_bad_input;
    }
    return p.status == plan_status::no_plan ? exit_failed : exit_ok;
}

}  // namespace hallmark::cli
