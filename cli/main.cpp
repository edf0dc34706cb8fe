// The `hallmark` command: check, test and evaluate rule files.
#include <hallmark/hallmark.hpp>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>

namespace {

constexpr int exit_ok = 0;
constexpr int exit_failed = 1;
constexpr int exit_bad_input = 2;

// Writes the whole text or nothing: a temporary file renamed over the target.
bool write_atomically(const std::string& path, const std::string& text)
{
    const std::string tmp = path + ".tmp-hallmark";
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        if (!out) return false;
        out << text;
        out.flush();
        if (!out) {
            std::filesystem::remove(tmp);
            return false;
        }
    }
    std::error_code ec;
    std::filesystem::rename(tmp, path, ec);
    if (ec) std::filesystem::remove(tmp);
    return !ec;
}

int run_check(const std::vector<std::string>& files)
{
    int status = exit_ok;
    for (const auto& f : files) {
        auto r = hallmark::compile_file(f);
        std::cerr << r.render();
        if (!r.rules) {
            status = exit_failed;
            continue;
        }
        const auto& p = r.rules->program();
        (void)p;
        std::cout << fmt::format("{}: ok ({} {})\n", f, r.rules->name(), r.rules->version());
    }
    return status;
}

int run_tests(const std::vector<std::string>& files, bool verbose)
{
    std::size_t passed = 0, failed = 0;
    for (const auto& f : files) {
        auto r = hallmark::compile_file(f);
        std::cerr << r.render();
        if (!r.rules) {
            std::cout << fmt::format("{}: FAIL: the rules do not compile\n", f);
            ++failed;
            continue;
        }
        for (const auto& t : r.rules->run_tests()) {
            if (t.passed) {
                ++passed;
                if (verbose) std::cout << fmt::format("{}:{}: ok: {}\n", f, t.line, t.name);
                continue;
            }
            ++failed;
            std::cout << fmt::format("{}:{}: FAIL: {}\n", f, t.line, t.name);
            for (const auto& why : t.failures) std::cout << "    " << why << "\n";
        }
    }
    std::cout << fmt::format("{} passed, {} failed\n", passed, failed);
    return failed == 0 ? exit_ok : exit_failed;
}

// Prints, checks or rewrites files in the canonical layout.
int run_fmt(const std::vector<std::string>& files, bool check, bool write)
{
    int status = exit_ok;
    for (const auto& f : files) {
        std::ifstream in(f, std::ios::binary);
        if (!in) {
            std::cerr << fmt::format("{}: error: cannot read the file\n", f);
            status = exit_bad_input;
            continue;
        }
        const std::string text((std::istreambuf_iterator<char>(in)), {});
        auto result = hallmark::format_rules(text, f);
        if (auto* problems = std::get_if<std::vector<hallmark::diagnostic>>(&result)) {
            std::cerr << hallmark::render_all(*problems, text);
            status = exit_bad_input;
            continue;
        }
        const auto& formatted = std::get<std::string>(result);
        if (check) {
            if (formatted != text) {
                std::cout << fmt::format("{}: not in canonical format\n", f);
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

struct eval_options {
    std::string rules, methodology, rules_dir, assessment, format = "text", out;
};

// The rule file to use: given outright, or chosen by methodology name and date.
std::optional<std::string> rules_for(const eval_options& o, const hallmark::assessment& a)
{
    if (!o.rules.empty()) return o.rules;
    const auto at = o.methodology.find('@');
    const std::string name = o.methodology.substr(0, at);
    const std::optional<std::string> version =
        at == std::string::npos ? std::nullopt : std::optional(o.methodology.substr(at + 1));
    if (o.rules_dir.empty()) {
        std::cerr << "error: --methodology needs --rules-dir DIR, the directory of the rule files to choose from\n";
        return std::nullopt;
    }
    const auto all = hallmark::find_versions(o.rules_dir);
    for (const auto& [a, b] : hallmark::duplicate_versions(all))
        if (a.name == name) {
            std::cerr << fmt::format("error: both {} and {} declare methodology \"{}\" version \"{}\"\n", a.path,
                                     b.path, a.name, a.version);
            return std::nullopt;
        }
    auto chosen = hallmark::select_version(all, name, version, a.assessed_on);
    if (chosen) return chosen->path;
    std::cerr << fmt::format("error: no rule file in '{}' for methodology \"{}\"{}\n", o.rules_dir, name,
                             version ? " version \"" + *version + "\"" : " in force on " + a.assessed_on.to_string());
    return std::nullopt;
}

int run_eval(const eval_options& o)
{
    if (o.rules.empty() == o.methodology.empty()) {
        std::cerr << "error: give either --rules FILE or --methodology NAME[@VERSION] with --rules-dir DIR\n";
        return exit_bad_input;
    }
    auto read = hallmark::read_assessment_file(o.assessment);
    if (auto* problems = std::get_if<std::vector<hallmark::diagnostic>>(&read)) {
        std::cerr << hallmark::render_all(*problems);
        return exit_bad_input;
    }
    const auto& a = std::get<hallmark::assessment>(read);
    auto path = rules_for(o, a);
    if (!path) return exit_bad_input;
    auto compiled = hallmark::compile_file(*path);
    std::cerr << compiled.render();
    if (!compiled.rules) return exit_bad_input;
    auto result = compiled.rules->evaluate(a);
    if (auto* problems = std::get_if<std::vector<hallmark::diagnostic>>(&result)) {
        std::cerr << hallmark::render_all(*problems);
        return exit_bad_input;
    }
    const auto& d = std::get<hallmark::decision>(result);
    const std::string text = o.format == "json"   ? hallmark::to_json(d)
                             : o.format == "md"   ? hallmark::to_markdown(d)
                             : o.format == "html" ? hallmark::to_html(d)
                                                  : hallmark::to_text(d);
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

int main(int argc, char** argv)
{
    CLI::App app{"hallmark: a rule engine for certification labels"};
    app.require_subcommand(1);
    app.set_version_flag("--version", hallmark::engine_version());

    std::vector<std::string> check_files;
    auto* check = app.add_subcommand("check", "parse and check rule files; diagnostics on stderr");
    check->add_option("FILE", check_files, "rule files")->required();

    std::vector<std::string> test_files;
    bool verbose = false;
    auto* test = app.add_subcommand("test", "run the test cases written in rule files");
    test->add_option("FILE", test_files, "rule files")->required();
    test->add_flag("-v,--verbose", verbose, "list passing tests too");

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
    eval->add_option("ASSESSMENT", eo.assessment, "assessment JSON file")->required();

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);
        return code == 0 ? exit_ok : exit_bad_input;
    }
    if (*check) return run_check(check_files);
    if (*test) return run_tests(test_files, verbose);
    if (*format) return run_fmt(fmt_files, fmt_check, fmt_write);
    return run_eval(eo);
}
