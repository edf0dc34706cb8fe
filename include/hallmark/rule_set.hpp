// SPDX-License-Identifier: Apache-2.0
#pragma once
// Compiling rule files and evaluating assessments: the library's main entry points.
#include <hallmark/assessment.hpp>
#include <hallmark/catalogue.hpp>
#include <hallmark/coverage.hpp>
#include <hallmark/decision.hpp>
#include <hallmark/diagnostic.hpp>
#include <hallmark/export.hpp>
#include <hallmark/format.hpp>
#include <hallmark/result.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hallmark {

/// A rule file's source, as handed back by a base-version finder.
struct HALLMARK_API rule_source {
    std::string name;
    std::string text;
};

struct HALLMARK_API compile_options {
    /// Extra directories searched for the versions a file `extends` (the file's own
    /// directory is always searched first).
    std::vector<std::string> search_dirs;
    /// Replaces the directory search entirely, e.g. for rules kept in a database.
    std::function<std::optional<rule_source>(const std::string& name, const std::string& version)> find_base;
    /// Also report warnings (`hallmark check --strict`): unused indicators and criteria,
    /// tiers that overlap, can never be chosen or are not monotone, a lower label
    /// stricter than a higher one, criteria that decide a label without advice.
    bool strict = false;
    /// Read the `test` and `fixture` declarations in full. Without them (false) they are
    /// checked for syntax only, not converted or checked against the rules, and the rule
    /// set has no tests (`run_tests` throws std::logic_error): for programs that only
    /// decide, such as `hallmark eval` and `batch`, which then compile about half as much
    /// text. Decisions are the same either way.
    bool read_tests = true;
};

/// One file of a rule set's source: the top file first, then each version it extends,
/// nearest first. Enough to compile the same rule set again without the files on disk.
struct HALLMARK_API rule_file {
    std::string path;  ///< the name it was read under
    std::string methodology, version;
    std::string sha256;  ///< of `text`
    std::string text;
};

/// One expectation of a test case beside what the rules decided.
struct HALLMARK_API test_row {
    std::size_t line = 0;  ///< of the `expect` line
    std::string what;      ///< "label", "criterion E2", "criterion E2 points", "points quality", "value x"
    std::string expected, actual;
    bool matches = false;
};

/// The outcome of one rule-file test case.
struct HALLMARK_API test_result {
    std::string name;
    std::string source;
    std::size_t line = 0;
    bool passed = false;
    std::vector<std::string> failures;  ///< one line per unmet expectation
    std::vector<test_row> rows;         ///< every expectation, met or not, in order
    std::string decided;                ///< how each label came out, e.g. "gold not_met (Q3_3); ..."
    /// For a base's test run against a revision: the base version ("ECEI 2013"); empty
    /// for the rule file's own tests.
    std::string origin;
    /// For a base's test: each expectation the revision decides otherwise ("expects label
    /// gold; this revision decides silver"). Such a test reports what the revision
    /// changed; it is not a failure of the revision.
    std::vector<std::string> changes;
};

/// What `run_tests` runs and collects.
struct HALLMARK_API test_options {
    bool coverage = false;    ///< collect test coverage (hallmark/coverage.hpp)
    bool base_tests = false;  ///< also run the bases' tests, as `extends ... with tests` asks
};

/// The results of a test run, and its coverage when asked for.
struct HALLMARK_API test_run {
    std::vector<test_result> results;
    std::optional<coverage_report> coverage;
};

class typed_input;

/// A compiled, immutable rule set. Copies share the compiled program; one rule set
/// may be evaluated from any number of threads at once.
class HALLMARK_API rule_set {
public:
    [[nodiscard]] const std::string& name() const;
    [[nodiscard]] const std::string& version() const;
    [[nodiscard]] const std::string& title() const;
    [[nodiscard]] std::optional<date> effective() const;
    [[nodiscard]] std::optional<date> until() const;
    /// SHA-256 of the rule source (a single file's bytes, or for a revision the
    /// SHA-256 of the list of each file's SHA-256, top file first).
    [[nodiscard]] const std::string& sha256() const;

    /// The source files, top file first; `sha256()` is computed from their hashes.
    [[nodiscard]] const std::vector<rule_file>& files() const;

    /// Where criterion or label `id` is declared (in a base file when a revision
    /// inherits it); nothing when there is no such criterion or label.
    [[nodiscard]] std::optional<source_location> criterion_location(std::string_view id) const;
    [[nodiscard]] std::optional<source_location> label_location(std::string_view id) const;

    /// True when the rules declare indicator `id` (of any type).
    [[nodiscard]] bool declares(std::string_view id) const;
    /// True when indicator `id` holds a set (`set of (...)`, `set of criterion`): how a
    /// CSV cell for it is read.
    [[nodiscard]] bool holds_set(std::string_view id) const;

    /// Evaluates one assessment. Input that does not fit the declared indicators
    /// (wrong type, out of range, unknown indicator) gives diagnostics instead.
    [[nodiscard]] result<decision> evaluate(const assessment& a) const;

    /// The label alone, without the explanation: the same label as `evaluate(a)`, for
    /// hosts that re-evaluate on every change (no label: an empty optional). Rule sets
    /// whose criteria each compare one indicator with constants run it on integers
    /// (docs/performance.md); others through the same evaluator as `evaluate`.
    [[nodiscard]] result<std::optional<std::string>> label_of(const assessment& a) const;

    /// Until when label `label` would be valid if awarded to `a`, by the label's own
    /// validity rule (a renewal of an earlier award included): what an expert's override
    /// to that label grants. Nothing when the rules declare no such label or it has no
    /// validity; throws arithmetic_error when the date falls past the calendar's end.
    [[nodiscard]] std::optional<date> valid_until(std::string_view label, const assessment& a) const;

    /// The label for values kept in a `typed_input` made for this rule set (throws
    /// std::invalid_argument for an input of another rule set).
    [[nodiscard]] std::optional<std::string> label_of(const typed_input& in) const;

    /// Runs the `test` cases written in the top rule file (and the bases' tests when the
    /// file says `extends ... with tests`).
    [[nodiscard]] std::vector<test_result> run_tests() const;
    /// The same, with the bases' tests and coverage as `options` ask.
    [[nodiscard]] test_run run_tests(const test_options& options) const;

    /// Number of test cases in the top rule file.
    [[nodiscard]] std::size_t test_count() const;

    /// What the rules declare, for reports, tools and editors (hallmark/catalogue.hpp).
    [[nodiscard]] const rule_catalogue& catalogue() const;

    /// The compiled form; only the engine knows what it holds.
    struct state;
    explicit rule_set(std::shared_ptr<const state> s);

private:
    friend struct rule_set_access;
    std::shared_ptr<const state> state_;
};

/// A rule set, or the diagnostics that say why there is none: a `result<rule_set>`, read
/// with `ok()`, `value()` and `diagnostics()` like every other result (a successful
/// compile may carry warnings, e.g. with `compile_options::strict`). `sources` holds
/// every file read, so that `render()` can show each diagnostic with its source line.
struct HALLMARK_API compile_result : result<rule_set> {
    /// Success: the rule set, the warnings that did not prevent it, the files read.
    compile_result(rule_set rules, std::vector<diagnostic> warnings, std::vector<rule_source> read)
        : result<rule_set>(std::move(rules), std::move(warnings)), sources(std::move(read))
    {}
    /// Failure: why (at least one error), and the files read before it.
    compile_result(std::vector<diagnostic> problems, std::vector<rule_source> read)
        : result<rule_set>(std::move(problems)), sources(std::move(read))
    {}

    std::vector<rule_source> sources;

    /// Every diagnostic rendered with its source line and caret.
    [[nodiscard]] std::string render() const;
};

/// Compiles the rule file at `path` and the versions it extends.
[[nodiscard]] HALLMARK_API compile_result compile_file(const std::string& path, const compile_options& options = {});

/// Compiles rule text; `name` is used in messages.
[[nodiscard]] HALLMARK_API compile_result compile_string(std::string_view text, std::string_view name,
                                                         const compile_options& options = {});

/// A rule file found by `find_versions`.
struct HALLMARK_API version_entry {
    std::string path;
    std::string name, version;
    std::optional<date> effective, until;
    std::optional<std::string> base_name, base_version;  ///< what it `extends`, if anything
};

/// How much of each file `find_versions` checks.
enum class version_scan : std::uint8_t {
    whole_files,  ///< the syntax of every file, in full
    /// The headers only. For a caller that then compiles the version it chooses (which
    /// checks that version's files) and passes what it read to `check_rule_syntax`: every
    /// file is then matched once, not twice.
    headers
};

/// Every `.rules` file under `dir` (recursively), sorted by name, effective date and
/// path. All or nothing: the versions only when the directory has no error, so that a
/// version is never chosen from a directory with a broken file in it.
/// Errors: a `.rules` file that cannot be read or parsed (its first syntax error; with
/// `version_scan::headers`, in its header), two files declaring one version, two
/// versions of a methodology taking effect on the same day, a revision taking effect
/// before its base, a missing directory. Warnings (with the versions, or among the
/// errors): entries skipped because they are not regular files.
[[nodiscard]] HALLMARK_API result<std::vector<version_entry>>
find_versions(const std::string& dir, version_scan how = version_scan::whole_files);

/// The syntax errors of the files of `all` that are not among `read` (the files a
/// compile read, `compile_result::sources`): what `find_versions(dir,
/// version_scan::whole_files)` would have found in them, without matching again the
/// files that were compiled.
[[nodiscard]] HALLMARK_API std::vector<diagnostic> check_rule_syntax(const std::vector<version_entry>& all,
                                                                     const std::vector<rule_source>& read);

/// Picks the version of `name`: the one called `version` when given, else the one in
/// force on `on` (latest effective date not after `on`, and not past its `until`).
[[nodiscard]] HALLMARK_API std::optional<version_entry> select_version(const std::vector<version_entry>& all,
                                                                       const std::string& name,
                                                                       const std::optional<std::string>& version,
                                                                       date on);

/// The library's version, "hallmark 0.1.0".
[[nodiscard]] HALLMARK_API std::string engine_version();

}  // namespace hallmark
