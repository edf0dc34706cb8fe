// SPDX-License-Identifier: Apache-2.0
#pragma once
// The `hallmark` command's subcommands, each a function from parsed options to an
// exit status. main.cpp only wires them to the command line.
#include <hallmark/date.hpp>
#include <hallmark/rule_set.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace hallmark::cli {

constexpr int exit_ok = 0;
constexpr int exit_failed = 1;
constexpr int exit_bad_input = 2;
/// hallmark itself failed (a bug, or out of memory): said on stderr, never a result.
constexpr int exit_internal = 3;

/// Compiles the rule file `f` (`-`: stdin), diagnostics on stderr; nothing when it
/// cannot be read (the caller exits 2). With `unreadable`, nothing is printed: the reason
/// a file cannot be read goes there, and the diagnostics stay in the result.
/// How the commands that only decide compile rules: tests and fixtures are checked
/// for their syntax only (compile_options::read_tests), which halves what eval compiles;
/// `check` and `test` read them in full.
inline compile_options to_decide()
{
    compile_options o;
    o.read_tests = false;
    return o;
}

std::optional<compile_result> compile_input(const std::string& f, const compile_options& options,
                                            std::string* unreadable = nullptr);

int run_check(const std::vector<std::string>& files, bool strict, const std::string& format = "text");
struct test_options {
    std::vector<std::string> files;
    bool verbose = false;
    std::string filter;
    bool coverage = false;    ///< print the coverage of each file's tests
    bool base_tests = false;  ///< also run the bases' tests
    std::string format = "text", lcov;
};
int run_tests(const test_options& o);
int run_fmt(const std::vector<std::string>& files, bool check, bool write);

struct eval_options {
    std::string rules, methodology, rules_dir, assessment, format = "text", out;
    std::string record;     ///< decision log to append to
    std::string portfolio;  ///< peers to compare with (md and html reports)
    std::optional<std::string> expert;
    char csv_delimiter = 0;  ///< of a CSV portfolio; 0: detected from its header line
};
int run_eval(const eval_options& o);

/// `format`: text or json (docs/auditing.md).
int run_verify(const std::string& log, const std::optional<std::string>& anchor, const std::string& format);

struct replay_options {
    std::string log, rules, methodology, cluster;
    std::string since, until;     ///< assessed on or after / on or before (`assessed_on`)
    std::string recorded_since;   ///< recorded at or after (`recorded_at`)
    std::string format = "text";  ///< text or json (docs/auditing.md)
};
int run_replay(const replay_options& o);

int run_log_show(const std::string& log, std::int64_t id, const std::string& format);
/// `format`: text or json (docs/auditing.md, section 4).
int run_log_list(const std::string& log, const std::string& format);
int run_log_export(const std::string& log, const std::string& out);
int run_log_import(const std::string& export_file, const std::string& log);

struct override_options {
    std::string log, expert, justification, label;
    std::int64_t id = 0;
    bool no_label = false;
};
int run_log_override(const override_options& o);

struct batch_options {
    std::string rules, methodology, rules_dir, input, out;
    std::size_t jobs = 1;
    char csv_delimiter = 0;       ///< of a CSV input; 0: detected from its header line
    bool summary = false;         ///< label and error counts on stderr at the end
    std::string format = "text";  ///< of the summary: text or json
};
int run_batch(const batch_options& o);

struct diff_options {
    std::string before, after, corpus, format = "text";
    bool exit_code = false;           ///< exit 1 when the versions differ (like `git diff --exit-code`)
    char csv_delimiter = 0;           ///< of a CSV corpus; 0: detected from its header line
    std::size_t examples = 5;         ///< assessments shown per label transition
    std::vector<std::string> assume;  ///< INDICATOR=VALUE for assessments that do not report it
};
int run_diff(const diff_options& o);

/// Whether a deciding command was told where its rules come from: exactly one of `--rules`
/// and `--methodology`. Says what to give on stderr when not.
bool one_rules_source(const std::string& rules, const std::string& methodology);

/// The rule set a deciding command uses, compiled to decide (to_decide()): from `rules`
/// as given, or `methodology` (NAME or NAME@VERSION) chosen from `rules_dir`: the version
/// named, else the one in force `on`, else (no date) the latest. The directory stays all
/// or nothing (a broken file in it is an error) while each file is matched once: headers
/// to choose, the chosen chain compiled, the other files' syntax checked after
/// (hallmark::check_rule_syntax). Nothing, with the reasons on stderr, when there is none.
std::optional<rule_set> compile_chosen(const std::string& rules, const std::string& methodology,
                                       const std::string& rules_dir, std::optional<date> on);

/// `hallmark plan` (cli/plan_command.cpp): the fewest changes that reach a target label.
struct plan_command_options {
    std::string rules, methodology, rules_dir, assessment, format = "text", out;
    std::optional<std::string> target;
    std::vector<std::string> keep;
    std::size_t max_changes = 3;
};
int run_plan(const plan_command_options& o);

/// `hallmark schema` and `hallmark template` (cli/schema_commands.cpp).
struct schema_options {
    std::string rules, methodology, rules_dir, out;
    std::string format = "json";  ///< of a template: json, csv or md
};
int run_schema(const schema_options& o);
int run_template(const schema_options& o);

}  // namespace hallmark::cli
