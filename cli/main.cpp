// SPDX-License-Identifier: Apache-2.0
// The `hallmark` command: check, test and evaluate rule files; record, verify and
// replay decisions.
#include "cli/commands.hpp"
#include "cli/completion.hpp"
#include "cli/proof_commands.hpp"
#include "cli/serve_command.hpp"
#include "lsp/lsp.hpp"

#include <hallmark/hallmark.hpp>

#include <hallmark/text.hpp>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <iostream>
#include <system_error>

using namespace hallmark::cli;

namespace {

struct log_commands {
    CLI::App* log_app = nullptr;
    CLI::App* verify = nullptr;
    CLI::App* replay = nullptr;
    CLI::App* show = nullptr;
    CLI::App* list = nullptr;
    CLI::App* exporting = nullptr;
    CLI::App* importing = nullptr;
    CLI::App* override_ = nullptr;
    std::string log, anchor, format = "text", verify_format = "text", list_format = "text", out, export_file;
    std::int64_t id = 0;
    replay_options replay_opts;
    override_options override_opts;
};

void add_log_commands(CLI::App& app, log_commands& c)
{
    c.verify = app.add_subcommand("verify", "check that a decision log is intact; exit 1 names every bad record");
    c.verify->add_option("LOG", c.log, "the decision log")->required();
    c.verify->add_option("--head", c.anchor,
                         "a head hash published earlier (64 hex digits): it must still be in the log");
    c.verify->add_option("--format", c.verify_format, "text or json")->check(CLI::IsMember({"text", "json"}));

    auto& r = c.replay_opts;
    c.replay = app.add_subcommand("replay", "evaluate recorded decisions again and compare them byte for byte");
    c.replay->add_option("LOG", r.log, "the decision log")->required();
    c.replay->add_option("--rules", r.rules, "evaluate with this rule file instead: which decisions would change");
    c.replay->add_option("--methodology", r.methodology, "only records of NAME or NAME@VERSION");
    c.replay->add_option("--cluster", r.cluster, "only records of this cluster id");
    c.replay->add_option("--since", r.since,
                         "only assessments made on or after this date (YYYY-MM-DD, compared with assessed_on)");
    c.replay->add_option("--until", r.until,
                         "only assessments made on or before this date (YYYY-MM-DD, compared with assessed_on)");
    c.replay->add_option("--recorded-since", r.recorded_since,
                         "only records recorded at or after this UTC date or time (compared with recorded_at)");
    c.replay->add_option("--format", r.format, "text or json (its shape: docs/auditing.md, section 3)")
        ->check(CLI::IsMember({"text", "json"}));

    auto* log = c.log_app = app.add_subcommand("log", "read, export, import, annotate and prove a decision log");
    log->require_subcommand(1);
    c.show = log->add_subcommand("show", "one record for an auditor, with the rule lines that decided it");
    c.show->add_option("LOG", c.log, "the decision log")->required();
    c.show->add_option("ID", c.id, "the record id")->required();
    c.show->add_option("--format", c.format, "text, md, html or json (its shape: docs/auditing.md, section 4)")
        ->check(CLI::IsMember({"text", "md", "html", "json"}));
    c.list = log->add_subcommand("list", "one line per record: its label, how long it is valid, overrides");
    c.list->add_option("LOG", c.log, "the decision log")->required();
    c.list->add_option("--format", c.list_format, "text or json (its shape: docs/auditing.md, section 4)")
        ->check(CLI::IsMember({"text", "json"}));
    c.exporting = log->add_subcommand("export", "every rule source and record as JSON Lines");
    c.exporting->add_option("LOG", c.log, "the decision log")->required();
    c.exporting->add_option("--out", c.out, "write to this file (all or nothing) instead of standard output");
    c.importing = log->add_subcommand("import", "read an export into a new log, checking every hash");
    c.importing->add_option("EXPORT", c.export_file, "the JSON Lines export")->required();
    c.importing->add_option("LOG", c.log, "the new decision log (must not exist)")->required();

    auto& o = c.override_opts;
    c.override_ = log->add_subcommand("override", "record an expert's override of a decision");
    c.override_->add_option("LOG", o.log, "the decision log")->required();
    c.override_->add_option("ID", o.id, "the decision record overridden")->required();
    c.override_->add_option("--expert", o.expert, "who decides")->required();
    c.override_->add_option("--justification", o.justification, "why")->required();
    c.override_->add_option("--label", o.label, "the label decided (one of the decision's methodology)");
    c.override_->add_flag("--no-label", o.no_label, "the decision is: no label");
}

// `--csv-delimiter`: what spreadsheets write besides the comma (`;` in many locales).
void add_csv_delimiter(CLI::App* app, char& target)
{
    app->add_option_function<std::string>(
           "--csv-delimiter", [&target](const std::string& v) { target = v == "tab" ? '\t' : v[0]; },
           "the delimiter of a CSV input: ',', ';' or 'tab' (default: detected from the header line)")
        ->check(CLI::IsMember({",", ";", "tab"}));
}

int run_log_command(const log_commands& c)
{
    // `--head ""` is a head that cannot match, not a check skipped.
    const bool anchored = c.verify->get_option("--head")->count() > 0;
    if (*c.verify) return run_verify(c.log, anchored ? std::optional(c.anchor) : std::nullopt, c.verify_format);
    if (*c.replay) return run_replay(c.replay_opts);
    if (*c.show) return run_log_show(c.log, c.id, c.format);
    if (*c.list) return run_log_list(c.log, c.list_format);
    if (*c.exporting) return run_log_export(c.log, c.out);
    if (*c.importing) return run_log_import(c.export_file, c.log);
    return run_log_override(c.override_opts);
}

struct schema_commands {
    schema_options o;
    CLI::App* schema = nullptr;
    CLI::App* blank = nullptr;
};

// The selection of a rule version, as `eval` has it; with a name and no version, the latest.
void add_rules_selection(CLI::App* cmd, schema_options& o)
{
    cmd->add_option("--rules", o.rules, "the rule file");
    cmd->add_option("--methodology", o.methodology,
                    "NAME or NAME@VERSION, chosen from --rules-dir (NAME alone: the latest version)");
    cmd->add_option("--rules-dir", o.rules_dir, "directory of rule files")->check(CLI::ExistingDirectory);
    cmd->add_option("--out", o.out, "write to this file (all or nothing)");
}

void add_schema_commands(CLI::App& app, schema_commands& c)
{
    c.schema = app.add_subcommand("schema", "JSON Schema (draft 2020-12) of the assessment document of a rule version");
    add_rules_selection(c.schema, c.o);
    c.blank =
        app.add_subcommand("template", "a blank assessment of a rule version: JSON, CSV header or interview sheet");
    add_rules_selection(c.blank, c.o);
    c.blank
        ->add_option("--format", c.o.format,
                     "json (every indicator null), csv (a batch header) or md (interview sheet)")
        ->check(CLI::IsMember({"json", "csv", "md"}));
}

CLI::App* add_plan_command(CLI::App& app, plan_command_options& o)
{
    auto* cmd = app.add_subcommand("plan", "the fewest changes to an assessment that reach a label, verified");
    cmd->add_option("--rules", o.rules, "the rule file");
    cmd->add_option("--methodology", o.methodology, "NAME or NAME@VERSION, chosen from --rules-dir");
    cmd->add_option("--rules-dir", o.rules_dir, "directory of rule files")->check(CLI::ExistingDirectory);
    cmd->add_option("ASSESSMENT", o.assessment, "assessment JSON file (- for standard input)")->required();
    cmd->add_option("--target", o.target, "the label to reach (default: the next label up)");
    cmd->add_option("--keep", o.keep, "indicators not to change")->delimiter(',');
    cmd->add_option("--max-changes", o.max_changes, "at most this many changed answers")->check(CLI::Range(1, 10));
    cmd->add_option("--format", o.format, "text or json")->check(CLI::IsMember({"text", "json"}));
    cmd->add_option("--out", o.out, "write the plan to this file (all or nothing)");
    return cmd;
}

std::vector<std::string> command_names(const CLI::App& app)
{
    std::vector<std::string> names;
    for (const auto* sub : app.get_subcommands([](const CLI::App*) { return true; })) names.push_back(sub->get_name());
    return names;
}

bool is_command(const CLI::App& app, const std::string& name)
{
    const auto names = command_names(app);
    return std::find(names.begin(), names.end(), name) != names.end();
}

// CLI11 says only "A subcommand is required" for a misspelt command.
int unknown_command(const CLI::App& app, const std::string& name)
{
    const auto names = command_names(app);
    std::cerr << fmt::format("error: unknown command '{}'{}; the commands are: {}\nRun with --help for more "
                             "information.\n",
                             hallmark::escape_control(name), hallmark::did_you_mean(name, names),
                             fmt::join(names, ", "));
    return exit_bad_input;
}

}  // namespace

namespace {

// The command line, parsed and run.
int run_command(int argc, char** argv)
{
    CLI::App app{"hallmark: a rule engine for certification labels"};
    app.require_subcommand(1);
    app.set_version_flag("--version", hallmark::engine_version());

    std::vector<std::string> check_files;
    auto* check = app.add_subcommand("check", "parse and check rule files; diagnostics on stderr");
    check->add_option("FILE", check_files, "rule files")->required();
    bool strict = false;
    check->add_flag("--strict", strict, "also warn about rules that are probably wrong; exit 1 on any warning");
    std::string check_format = "text";
    check->add_option("--format", check_format, "text (on stderr), json or sarif (SARIF 2.1.0; both on stdout)")
        ->check(CLI::IsMember({"text", "json", "sarif"}));

    test_options to;
    auto* test = app.add_subcommand("test", "run the test cases written in rule files");
    test->add_option("FILE", to.files, "rule files")->required();
    test->add_flag("-v,--verbose", to.verbose, "list passing tests too");
    test->add_flag("--coverage", to.coverage,
                   "report what the tests exercised: criteria met, not met and not assessable, tiers chosen, labels "
                   "met and not met, and each comparison with a constant on both sides of its boundary");
    test->add_option("--lcov", to.lcov, "write the coverage as an lcov tracefile (for genhtml) to this file")
        ->type_name("FILE");
    test->add_flag("--with-base-tests", to.base_tests,
                   "also run the tests of the versions a revision extends, reporting each expectation the revision "
                   "changes");
    test->add_option("--format", to.format, "text or json")->check(CLI::IsMember({"text", "json"}));
    test->add_option("--filter", to.filter,
                     "run only the tests whose whole name matches this pattern: * any characters, ? one "
                     "character, | between alternatives (e.g. '*Gold*|Silver*')");

    std::vector<std::string> fmt_files;
    bool fmt_check = false, fmt_write = false;
    auto* format = app.add_subcommand("fmt", "print rule files in the canonical layout");
    format->add_option("FILE", fmt_files, "rule files")->required();
    format->add_flag("--check", fmt_check, "exit 1 if a file is not in canonical layout");
    format->add_flag("-w,--write", fmt_write, "rewrite files in place");

    eval_options eo;
    auto* eval = app.add_subcommand("eval", "evaluate one assessment and print the decision");
    eval->add_option("--rules", eo.rules, "the rule file");
    eval->add_option("--methodology", eo.methodology, "NAME or NAME@VERSION, chosen from --rules-dir");
    eval->add_option("--rules-dir", eo.rules_dir, "directory of rule files")->check(CLI::ExistingDirectory);
    eval->add_option("--format", eo.format, "text, json, md or html")
        ->check(CLI::IsMember({"text", "json", "md", "html"}));
    eval->add_option("--out", eo.out, "write the decision to this file (all or nothing)");
    eval->add_option("ASSESSMENT", eo.assessment, "assessment JSON file (- for standard input)")->required();
    eval->add_option("--portfolio", eo.portfolio, "peers to compare with, JSON Lines or CSV (for --format md or html)");
    add_csv_delimiter(eval, eo.csv_delimiter);
    eval->add_option("--record", eo.record, "append the decision to this decision log (created if missing)");
    eval->add_option("--expert", eo.expert, "who made the assessment, recorded with the decision")->needs("--record");

    batch_options bo;
    auto* batch = app.add_subcommand("batch", "evaluate many assessments: one decision per line, in input order");
    batch->add_option("--rules", bo.rules, "the rule file");
    batch->add_option("--methodology", bo.methodology, "NAME or NAME@VERSION, chosen from --rules-dir per assessment");
    batch->add_option("--rules-dir", bo.rules_dir, "directory of rule files")->check(CLI::ExistingDirectory);
    batch
        ->add_option("INPUT", bo.input,
                     "assessments: JSON Lines, or CSV by extension (- for standard input: JSON Lines)")
        ->required();
    batch->add_option("--out", bo.out, "write the decisions to this file (all or nothing)");
    batch->add_option("--jobs,-j", bo.jobs, "threads")->check(CLI::Range(1, 256));
    add_csv_delimiter(batch, bo.csv_delimiter);
    auto* summary =
        batch->add_flag("--summary", bo.summary, "print label counts and error counts on stderr at the end");
    batch->add_option("--format", bo.format, "of the --summary: text or json (decisions are always JSON Lines)")
        ->check(CLI::IsMember({"text", "json"}))
        ->needs(summary);

    diff_options dopt;
    auto* diff = app.add_subcommand("diff", "what a new version changes: declarations, and decisions of a corpus");
    diff->add_option("OLD", dopt.before, "the old rule file")->required();
    diff->add_option("NEW", dopt.after, "the new rule file")->required();
    diff->add_option("--corpus", dopt.corpus, "assessments to evaluate under both (JSON Lines, or CSV by extension)");
    diff->add_option("--format", dopt.format, "text or json")->check(CLI::IsMember({"text", "json"}));
    diff->add_flag("--exit-code", dopt.exit_code,
                   "exit 1 when a declaration or a decision of the corpus changes, 0 when nothing does");
    add_csv_delimiter(diff, dopt.csv_delimiter);
    diff->add_option("--examples", dopt.examples,
                     "assessments shown per label transition of the corpus (default 5; all are in --format json's "
                     "'changed')");
    diff->add_option("--assume", dopt.assume,
                     "INDICATOR=VALUE: the value for every assessment of the corpus that does not report the "
                     "indicator (repeatable)");

    plan_command_options po;
    auto* plan = add_plan_command(app, po);

    schema_commands sc;
    add_schema_commands(app, sc);
    hallmark::serve::serve_options so;
    auto* serve = add_serve_command(app, so);

    auto* lsp = app.add_subcommand(
        "lsp", "a language server for editors: diagnostics, hover, definitions, formatting (docs/editors.md)");
    bool stdio = true;
    // Clients such as vscode-languageclient pass --stdio; standard input/output is the only transport.
    lsp->add_flag("--stdio", stdio, "speak the protocol on standard input and output (the default and only way)");

    log_commands lc;
    add_log_commands(app, lc);
    proof_commands pc;
    add_proof_commands(*lc.log_app, *lc.verify, pc);

    std::string shell;
    auto* completion = app.add_subcommand("completion", "print a shell completion script: bash, zsh or fish");
    completion->add_option("SHELL", shell, "bash, zsh or fish")
        ->required()
        ->check(CLI::IsMember(std::vector<std::string>(std::begin(completion_shells), std::end(completion_shells))));
    completion->footer("bash: source <(hallmark completion bash)   zsh (after compinit): source <(hallmark completion "
                       "zsh)   fish: hallmark completion fish | source");

    if (argc > 1 && argv[1][0] != '-' && !is_command(app, argv[1])) return unknown_command(app, argv[1]);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);
        return code == 0 ? exit_ok : exit_bad_input;
    }
    if (*check) return run_check(check_files, strict, check_format);
    if (*test) return run_tests(to);
    if (*format) return run_fmt(fmt_files, fmt_check, fmt_write);
    if (*eval) return run_eval(eo);
    if (*diff) return run_diff(dopt);
    if (*batch) return run_batch(bo);
    if (*plan) return run_plan(po);
    if (*sc.schema) return run_schema(sc.o);
    if (*sc.blank) return run_template(sc.o);
    if (*serve) return exec_serve_program(argc, argv);
    if (*lsp) return hallmark::lsp::run_lsp(std::cin, std::cout);
    if (const auto status = run_proof_command(pc)) return *status;
    if (*completion) {
        std::cout << *completion_script(app, shell);
        return exit_ok;
    }
    return run_log_command(lc);
}

}  // namespace

// An exception that reaches here is hallmark's own failure (a bug such as the parse-tree
// converter meeting a node it has no case for, or memory running out), never an answer:
// it is named on stderr with its own exit status instead of aborting with a core dump.
int main(int argc, char** argv)
{
    try {
        return run_command(argc, argv);
    } catch (const std::bad_alloc&) {
        std::cerr << "hallmark: out of memory\n";
    } catch (const std::system_error& e) {
        // The system refused a resource (a thread, a file descriptor): not a bug.
        std::cerr << "hallmark: " << hallmark::escape_control(e.what()) << "\n";
    } catch (const std::exception& e) {
        std::cerr << "hallmark: internal error: " << hallmark::escape_control(e.what())
                  << "\n(this is a bug in hallmark; please report it with the command and its input)\n";
    }
    return exit_internal;
}
