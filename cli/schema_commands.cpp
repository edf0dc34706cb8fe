// SPDX-License-Identifier: Apache-2.0
// schema and template: what an expert or a form needs to start an assessment of one rule
// version (hallmark/schema.hpp).
#include "cli/commands.hpp"
#include "cli/output.hpp"

#include <hallmark/hallmark.hpp>
#include <hallmark/schema.hpp>

#include <fmt/format.h>

#include <functional>
#include <iostream>

namespace hallmark::cli {
namespace {

// Compiles the chosen rule file and writes what `make` makes of its catalogue to --out
// (all or nothing) or standard output.
int write_generated(const schema_options& o, const std::function<std::string(const rule_catalogue&)>& make)
{
    if (!one_rules_source(o.rules, o.methodology)) return exit_bad_input;
    const auto compiled = compile_chosen(o.rules, o.methodology, o.rules_dir, std::nullopt);
    if (!compiled) return exit_bad_input;
    const std::string text = make(compiled->catalogue());
    if (o.out.empty()) {
        std::cout << text;
        return exit_ok;
    }
    if (!write_atomically(o.out, text)) {
        std::cerr << fmt::format("error: cannot write '{}'\n", o.out);
        return exit_bad_input;
    }
    return exit_ok;
}

}  // namespace

int run_schema(const schema_options& o) { return write_generated(o, assessment_schema); }

int run_template(const schema_options& o)
{
    const auto f = o.format == "csv"  ? template_format::csv
                   : o.format == "md" ? template_format::md
                                      : template_format::json;
    return write_generated(o, [f](const rule_catalogue& c) { return assessment_template(c, f); });
}

}  // namespace hallmark::cli
