// SPDX-License-Identifier: Apache-2.0
// Choosing a methodology version by name, by version, or by the date in force.
//
// The catalogue of a rules directory is all or nothing: a file that cannot be read or
// parsed, two files claiming one version, or two versions taking effect on one day make
// the whole directory an error. Choosing "the version in force" while silently leaving
// out a broken revision would decide under the wrong rules.
#include <hallmark/rule_set.hpp>

#include "dsl/parser.hpp"
#include <hallmark/input_file.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

namespace hallmark {
namespace {
namespace fs = std::filesystem;

// What a directory holds, and what is wrong with it, while it is being read.
struct scan {
    std::vector<version_entry> versions;
    std::vector<diagnostic> problems;
};

diagnostic problem(const std::string& file, std::string message, severity level = severity::error)
{
    return {level, file, 0, 0, std::move(message)};
}

// The header of `text`, checking the syntax of all of it (whole files) or of the header
// alone; only the header is turned into a tree.
std::optional<ast::header> read_header(const std::string& text, const std::string& name, version_scan how,
                                       std::vector<diagnostic>& problems)
{
    if (how == version_scan::headers) {
        auto h = dsl::parse_header(text, name);
        const bool broken = has_errors(h.diagnostics);  // this file's, not the directory's so far
        for (auto& d : h.diagnostics) problems.push_back(std::move(d));
        return h.head && !broken ? std::move(h.head) : std::nullopt;
    }
    auto parsed = dsl::parse(text, name, 0, dsl::reading::header);
    for (auto& d : parsed.diagnostics) problems.push_back(std::move(d));
    if (!parsed.file) return std::nullopt;
    return std::move(parsed.file->head);
}

// Reads one candidate. Whole files: a syntax error anywhere in it is found, though the
// version chosen is compiled afterwards, which matches its text again; headers: what is
// compiled is checked by compiling it, the rest by check_rule_syntax.
void add_candidate(const fs::path& path, version_scan how, scan& out)
{
    const std::string name = path.string();
    const auto file = read_input_file(name);
    if (!file.text) {
        out.problems.push_back(problem(name, "cannot read the rule file: " + file.reason));
        return;
    }
    const auto h = read_header(*file.text, name, how, out.problems);
    if (!h) return;
    out.versions.push_back({name, h->name, h->version, h->effective, h->until, h->base_name, h->base_version});
}

// Whether `path` is one of the files `read` (by the same file, however its path is spelt).
bool among(const std::string& path, const std::vector<rule_source>& read)
{
    std::error_code ec;
    for (const auto& r : read)
        if (r.name == path || fs::equivalent(r.name, path, ec)) return true;
    return false;
}

// The `.rules` entries under `dir`, sorted; what is not a regular file is skipped with a
// warning (a FIFO would block, a device would never end).
std::vector<fs::path> rule_files(const std::string& dir, scan& out)
{
    std::vector<fs::path> files;
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) {
        out.problems.push_back(problem(dir, "not a directory of rule files"));
        return files;
    }
    auto it = fs::recursive_directory_iterator(dir, ec);
    for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (it->path().extension() != ".rules" || it->is_directory(ec)) continue;
        if (!it->is_regular_file(ec))
            out.problems.push_back(problem(it->path().string(), "skipped: not a regular file", severity::warning));
        else files.push_back(it->path());
    }
    if (ec) out.problems.push_back(problem(dir, "cannot list the directory: " + ec.message()));
    std::sort(files.begin(), files.end());
    return files;
}

// Ambiguities between versions of one methodology: the same version twice, or two
// versions taking effect on the same day (the choice by date would depend on file names).
void check_pairs(scan& out)
{
    const auto& all = out.versions;
    for (std::size_t i = 0; i < all.size(); ++i)
        for (std::size_t j = i + 1; j < all.size() && all[j].name == all[i].name; ++j) {
            const auto &a = all[i], &b = all[j];
            if (a.version == b.version)
                out.problems.push_back(
                    problem(b.path, fmt::format("both {} and {} declare methodology \"{}\" version \"{}\"", a.path,
                                                b.path, a.name, a.version)));
            else if (a.effective && b.effective && *a.effective == *b.effective)
                out.problems.push_back(problem(
                    b.path,
                    fmt::format("versions \"{}\" ({}) and \"{}\" ({}) of methodology \"{}\" both take effect on "
                                "{}; each version needs its own effective date",
                                a.version, a.path, b.version, b.path, a.name, a.effective->to_string())));
        }
}

// A revision taking effect before its base would be chosen for dates its base governs.
void check_bases(scan& out)
{
    for (const auto& v : out.versions) {
        if (!v.base_name || !v.effective) continue;
        for (const auto& b : out.versions)
            if (b.name == *v.base_name && b.version == *v.base_version && b.effective && !(*b.effective < *v.effective))
                out.problems.push_back(problem(
                    v.path,
                    fmt::format("version \"{}\" takes effect on {}, not after its base \"{}\" ({}, effective {})",
                                v.version, v.effective->to_string(), b.version, b.path, b.effective->to_string())));
    }
}

}  // namespace

result<std::vector<version_entry>> find_versions(const std::string& dir, version_scan how)
{
    scan out;
    for (const auto& f : rule_files(dir, out)) add_candidate(f, how, out);
    std::sort(out.versions.begin(), out.versions.end(), [](const version_entry& a, const version_entry& b) {
        if (a.name != b.name) return a.name < b.name;
        if (a.effective != b.effective) return a.effective < b.effective;
        return a.path < b.path;
    });
    check_pairs(out);
    check_bases(out);
    if (has_errors(out.problems)) return std::move(out.problems);
    return {std::move(out.versions), std::move(out.problems)};
}

std::vector<diagnostic> check_rule_syntax(const std::vector<version_entry>& all, const std::vector<rule_source>& read)
{
    std::vector<diagnostic> problems;
    for (const auto& v : all) {
        if (among(v.path, read)) continue;
        const auto file = read_input_file(v.path);
        if (!file.text) {
            problems.push_back(problem(v.path, "cannot read the rule file: " + file.reason));
            continue;
        }
        read_header(*file.text, v.path, version_scan::whole_files, problems);
    }
    return problems;
}

std::optional<version_entry> select_version(const std::vector<version_entry>& all, const std::string& name,
                                            const std::optional<std::string>& version, date on)
{
    std::optional<version_entry> best;
    for (const auto& v : all) {
        if (v.name != name) continue;
        if (version) {
            if (v.version == *version) return v;
            continue;
        }
        if (!v.effective || on < *v.effective) continue;
        if (v.until && *v.until < on) continue;
        if (!best || *best->effective < *v.effective) best = v;
    }
    return best;
}

}  // namespace hallmark
