// SPDX-License-Identifier: Apache-2.0
// check, fmt and eval: the commands for rule files and single assessments (test: test_command.cpp).
#include "cli/commands.hpp"
#include "cli/output.hpp"

#include <hallmark/input_file.hpp>

#include <hallmark/decision_log.hpp>
#include <hallmark/hallmark.hpp>
#include <hallmark/portfolio.hpp>
#include <hallmark/text.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <iostream>

namespace hallmark::cli {

// The file compiled (diagnostics on stderr), or nothing when it cannot be read: read here,
// not by compile_file, so that an unreadable file is bad input (exit 2), not a rule error.
std::optional<compile_result> compile_input(const std::string& f, const compile_options& options,
                                            std::string* unreadable)
{
    const auto read = read_input_file(f);
    if (!read.text) {
        if (unreadable) *unreadable = read.reason;
        else std::cerr << fmt::format("{}: error: cannot read the file: {}\n", input_name(f), read.reason);
        return std::nullopt;
    }
    auto r = hallmark::compile_string(*read.text, input_name(f), options);
    if (!unreadable) std::cerr << r.render();
    return r;
}

namespace {

std::size_t count_warnings(const compile_result& r)
{
    return static_cast<std::size_t>(std::count_if(r.diagnostics().begin(), r.diagnostics().end(),
                                                  [](const diagnostic& d) { return d.level == severity::warning; }));
}

// `check --format json|sarif`: every file compiled first, then one document on stdout.
int check_for_tools(const std::vector<std::string>& files, const compile_options& options, const std::string& format)
{
    int status = exit_ok;
    std::vector<std::optional<compile_result>> results;
    std::vector<std::string> why(files.size());
    for (std::size_t i = 0; i < files.size(); ++i) results.push_back(compile_input(files[i], options, &why[i]));
    std::vector<checked_file> checked;
    for (std::size_t i = 0; i < files.size(); ++i) {
        const auto& r = results[i];
        checked.push_back({input_name(files[i]), r ? &*r : nullptr, why[i]});
        if (!r) status = exit_bad_input;
        else if ((!r->ok() || (options.strict && count_warnings(*r) > 0)) && status == exit_ok) status = exit_failed;
    }
    std::cout << (format == "sarif" ? diagnostics_sarif(checked) : diagnostics_json(checked));
    return status;
}

}  // namespace

int run_check(const std::vector<std::string>& files, bool strict, const std::string& format)
{
    int status = exit_ok;
    compile_options options;
    options.strict = strict;
    if (format != "text") return check_for_tools(files, options, format);
    for (const auto& f : files) {
        const auto compiled = compile_input(f, options);
        if (!compiled) {
            status = exit_bad_input;
            continue;
        }
        const auto& r = *compiled;
        const auto warnings = count_warnings(r);
        if ((!r.ok() || (strict && warnings > 0)) && status == exit_ok) status = exit_failed;
        if (!r.ok()) continue;
        std::cout << fmt::format("{}: ok ({} {}){}\n", input_name(f), r->name(), r->version(),
                                 warnings ? fmt::format(", {} warning{}", warnings, warnings == 1 ? "" : "s") : "");
    }
    return status;
}

// Prints, checks or rewrites files in the canonical layout.
int run_fmt(const std::vector<std::string>& files, bool check, bool write)
{
    if (write && std::find(files.begin(), files.end(), "-") != files.end()) {
        std::cerr << "error: fmt -w rewrites files in place; standard input (-) has no file to rewrite\n";
        return exit_bad_input;
    }
    int status = exit_ok;
    for (const auto& f : files) {
        auto read = read_input_file(f);
        if (!read.text) {
            std::cerr << fmt::format("{}: error: cannot read the file: {}\n", input_name(f), read.reason);
            status = exit_bad_input;
            continue;
        }
        const std::string& text = *read.text;
        auto result = hallmark::format_rules(text, input_name(f));
        if (!result.ok()) {
            std::cerr << hallmark::render_all(result.diagnostics(), text);
            status = exit_bad_input;
            continue;
        }
        const auto& formatted = result.value();
        if (check) {
            if (formatted != text) {
                std::cout << fmt::format("{}: not in canonical format\n", input_name(f));
                if (status == exit_ok) status = exit_failed;
            }
        } else if (write) {
            if (formatted != text && !write_atomically(f, formatted)) {
                std::cerr << fmt::format("{}: error: cannot write the file\n", f);
                status = exit_bad_input;
            }
        } else {
            std::cout << formatted;
        }
    }
    return status;
}

namespace {

// The latest version of `name` by effective date (a version without one counts as
// earliest), for a command that has no assessment date to choose by.
std::optional<version_entry> latest_version(const std::vector<version_entry>& all, const std::string& name)
{
    std::optional<version_entry> best;
    for (const auto& v : all)
        if (v.name == name && (!best || (v.effective && (!best->effective || *best->effective < *v.effective))))
            best = v;
    return best;
}

// Appends the decision to the log; false (with a message) when it could not be.
bool record(const eval_options& o, const rule_set& rules, const assessment& a, const decision& d)
{
    try {
        auto log = decision_log::open(o.record);
        const auto id = log.record(rules, a, d, {o.expert, std::nullopt});
        std::cerr << fmt::format("recorded as record {} in {}\n", id, o.record);
        return true;
    } catch (const log_error& e) {
        std::cerr << fmt::format("error: cannot record the decision: {}\n", e.what());
        return false;
    }
}

// The report with peers; nothing (with the reasons on stderr) when the portfolio
// cannot be read whole.
std::optional<std::string> portfolio_text(const eval_options& o, const rule_set& rules, const assessment& a,
                                          const decision& d, const recourse_plan& plan)
{
    auto in = open_input_stream(o.portfolio);
    if (!in.stream) {
        std::cerr << fmt::format("error: cannot read the portfolio '{}': {}\n", o.portfolio, in.reason);
        return std::nullopt;
    }
    const bool csv = is_csv(o.portfolio);
    const auto peers = peer_set::load(*in.stream, input_name(o.portfolio), csv, rules, o.csv_delimiter);
    if (!peers.problems().empty()) {
        std::cerr << render_all(peers.problems());
        return std::nullopt;
    }
    // A misspelt portfolio would compare the cluster with nobody and still exit 0.
    if (const auto names = peers.check_names(a); !names.empty()) {
        std::cerr << render_all(names);
        if (has_errors(names)) return std::nullopt;
    }
    return portfolio_report(rules, d, plan, peers.statistics(a, d, peer_group::portfolio),
                            peers.statistics(a, d, peer_group::country), o.format);
}

// A report (md or html), with peers when --portfolio names them; it opens "What to
// improve" with the plan to the next label up. Nothing (reasons on stderr) on failure.
std::optional<std::string> report_text(const eval_options& o, const rule_set& rules, const assessment& a,
                                       const decision& d)
{
    const auto plan = make_plan(rules, a);
    if (!plan.ok()) {
        std::cerr << render_all(plan.diagnostics());
        return std::nullopt;
    }
    if (!o.portfolio.empty()) return portfolio_text(o, rules, a, d, plan.value());
    return o.format == "md" ? to_markdown(d, rules.catalogue(), &plan.value())
                            : to_html(d, rules.catalogue(), &plan.value());
}

}  // namespace

namespace {

// The file of `methodology` (NAME or NAME@VERSION) in `catalogue`, or nothing with the
// reason on stderr.
std::optional<version_entry> chosen_version(const std::vector<version_entry>& catalogue, const std::string& methodology,
                                            const std::string& rules_dir, std::optional<date> on)
{
    const auto at = methodology.find('@');
    const std::string name = methodology.substr(0, at);
    const std::optional<std::string> version =
        at == std::string::npos ? std::nullopt : std::optional(methodology.substr(at + 1));
    auto chosen = on || version ? hallmark::select_version(catalogue, name, version, on.value_or(date{}))
                                : latest_version(catalogue, name);
    if (chosen) return chosen;
    std::cerr << fmt::format("error: no rule file in '{}' for methodology \"{}\"{}\n", rules_dir, name,
                             version ? " version \"" + *version + "\""
                             : on    ? " in force on " + on->to_string()
                                     : "");
    return std::nullopt;
}

std::optional<rule_set> compiled_or_nothing(compile_result compiled)
{
    std::cerr << compiled.render();
    if (!compiled.ok()) return std::nullopt;
    return std::move(compiled.value());
}

}  // namespace

bool one_rules_source(const std::string& rules, const std::string& methodology)
{
    if (rules.empty() != methodology.empty()) return true;
    std::cerr << "error: give either --rules FILE or --methodology NAME[@VERSION] with --rules-dir DIR\n";
    return false;
}

std::optional<rule_set> compile_chosen(const std::string& rules, const std::string& methodology,
                                       const std::string& rules_dir, std::optional<date> on)
{
    if (!rules.empty()) return compiled_or_nothing(hallmark::compile_file(rules, to_decide()));
    if (rules_dir.empty()) {
        std::cerr << "error: --methodology needs --rules-dir DIR, the directory of the rule files to choose from\n";
        return std::nullopt;
    }
    // Headers to choose, the chosen chain compiled, then the syntax of the other files:
    // the directory stays all or nothing, and no file is matched twice.
    const auto catalogue = hallmark::find_versions(rules_dir, version_scan::headers);
    std::cerr << render_all(catalogue.diagnostics());
    if (!catalogue.ok()) return std::nullopt;
    const auto chosen = chosen_version(catalogue.value(), methodology, rules_dir, on);
    if (!chosen) return std::nullopt;
    auto compiled = hallmark::compile_file(chosen->path, to_decide());
    const auto others = hallmark::check_rule_syntax(catalogue.value(), compiled.sources);
    auto result = compiled_or_nothing(std::move(compiled));
    std::cerr << render_all(others);
    if (has_errors(others)) return std::nullopt;
    return result;
}

int run_eval(const eval_options& o)
{
    if (!o.portfolio.empty() && o.format != "md" && o.format != "html") {
        std::cerr << "error: --portfolio makes a report: give --format md or --format html\n";
        return exit_bad_input;
    }
    if (!one_rules_source(o.rules, o.methodology)) return exit_bad_input;
    auto read = hallmark::read_assessment_file(o.assessment);
    if (!read.ok()) {
        std::cerr << hallmark::render_all(read.diagnostics());
        return exit_bad_input;
    }
    const auto& a = read.value();
    auto compiled = compile_chosen(o.rules, o.methodology, o.rules_dir, a.assessed_on);
    if (!compiled) return exit_bad_input;
    auto result = compiled->evaluate(a);
    if (!result.ok()) {
        std::cerr << hallmark::render_all(result.diagnostics());
        return exit_bad_input;
    }
    const auto& d = result.value();
    if (const auto warning = hallmark::fraction_percent_warning(d, compiled->catalogue()))
        std::cerr << "warning: " << hallmark::escape_control(*warning) << "\n";
    std::string text;
    if (o.format == "md" || o.format == "html") {
        auto report = report_text(o, *compiled, a, d);
        if (!report) return exit_bad_input;
        text = std::move(*report);
    } else {
        text = o.format == "json" ? hallmark::to_json(d) : hallmark::to_text(d);
    }
    // Everything that can fail is done before recording, and the output is only made
    // visible after it: a decision printed but not recorded would mislead whoever relies
    // on the log, and one recorded by a command that exits 2 would be a surprise.
    atomic_output out(o.out);
    const std::string name = o.out.empty() ? "stdout" : o.out;
    if (!out.ok() || (!out.streams() && !out.write(text))) {
        std::cerr << fmt::format("error: cannot write '{}'\n", name);
        return exit_bad_input;
    }
    if (!o.record.empty() && !record(o, *compiled, a, d)) return exit_bad_input;
    // A file was written above under a temporary name and is named now; standard output
    // or a device gets the text only now, after the decision was recorded.
    if (!((!out.streams() || out.write(text)) && out.commit())) {
        std::cerr << fmt::format("error: cannot write '{}'{}\n", name,
                                 o.record.empty() ? "" : " (the decision was recorded)");
        return exit_bad_input;
    }
    return exit_ok;
}

}  // namespace hallmark::cli
