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
    if (o.rules.empty() == o.methodology.empty()) {
        std::cerr << "error: give either --rules FILE or --methodology NAME[@VERSION] with --rules-dir DIR\n";
        return std::nullopt;
    }
    auto read = hallmark::read_assessment_file(o.assessment);
    if (!read.ok()) {
        std::cerr << hallmark::render_all(read.diagnostics());
        return std::nullopt;
    }
    auto path = choose_rules(o.rules, o.methodology, o.rules_dir, read->assessed_on);
    if (!path) return std::nullopt;
    auto compiled = hallmark::compile_file(*path);
    std::cerr << compiled.render();
    if (!compiled.ok()) return std::nullopt;
    plan_options po;
    po.target = o.target;
    po.keep = o.keep;
    po.max_changes = o.max_changes;
    return hallmark::make_plan(*compiled, *read, po);
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
    const auto& p = made->value();
    const std::string text = o.format == "json" ? to_json(p) : to_text(p);
    if (o.out.empty()) std::cout << text;
    else if (!write_atomically(o.out, text)) {
        std::cerr << fmt::format("error: cannot write '{}'\n", o.out);
        return exit_bad_input;
    }
    return p.status == plan_status::no_plan ? exit_failed : exit_ok;
}

}  // namespace hallmark::cli
