// SPDX-License-Identifier: Apache-2.0
// Phase 1: sources, `extends` chains and the merge of revisions.
#include "engine/load/load.hpp"

#include "dsl/parser.hpp"
#include "engine/values/names.hpp"
#include <hallmark/input_file.hpp>

#include <hallmark/assessment.hpp>
#include <hallmark/limits.hpp>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace hallmark::engine {
namespace fs = std::filesystem;

namespace {

diagnostic skipped(const fs::path& file, const std::string& why)
{
    return {severity::warning, file.string(), 0, 0, "skipped while looking for a base version: " + why};
}

// A candidate base file and its header, or why it has none.
candidate_file read_candidate(const fs::path& file)
{
    candidate_file c;
    auto read = read_input_file(file.string());
    if (!read.text) {
        c.problem = read.reason;
        return c;
    }
    auto r = dsl::parse_header(*read.text, file.string());
    c.text = std::move(read.text);
    c.head = std::move(r.head);
    if (!c.head) c.problem = r.diagnostics.empty() ? "no header" : r.diagnostics.front().message;
    return c;
}

// The candidate at `file`, read once per load when the search keeps what it read.
candidate_file candidate_at(const fs::path& file, base_search& search)
{
    if (!search.read) return read_candidate(file);
    auto [it, added] = search.read->try_emplace(file.string());
    if (added) it->second = read_candidate(file);
    return it->second;
}

// The regular `*.rules` files of `dir`, sorted; others (a FIFO would block, a device
// would never end) are named in `notes`.
std::vector<fs::path> candidates(const fs::path& dir, std::vector<diagnostic>& notes)
{
    std::error_code ec;
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(dir, ec)) {
        if (e.path().extension() != ".rules" || e.is_directory(ec)) continue;
        if (e.is_regular_file(ec)) files.push_back(e.path());
        else notes.push_back(skipped(e.path(), "not a regular file"));
    }
    std::sort(files.begin(), files.end());
    return files;
}

std::optional<source_text> search_dir(const fs::path& dir, const std::string& name, const std::string& version,
                                      base_search& search)
{
    auto& notes = search.notes;
    std::optional<source_text> found;
    for (const auto& f : candidates(dir, notes)) {
        auto c = candidate_at(f, search);
        if (!c.head) notes.push_back(skipped(f, c.problem));
        const auto& h = c.head;
        if (!h || h->name != name) continue;
        if (h->version != version) {
            if (std::find(search.seen.begin(), search.seen.end(), h->version) == search.seen.end())
                search.seen.push_back(h->version);
            continue;
        }
        // Two files claiming one version would make a decision depend on file names.
        if (found)
            throw ambiguous_version(fmt::format("both {} and {} declare methodology \"{}\" version \"{}\"", found->name,
                                                f.string(), name, version));
        found = source_text{f.string(), std::move(*c.text)};
    }
    return found;
}

diagnostic at(const std::vector<source_text>& srcs, const ast::position& p, std::string msg)
{
    return {severity::error, srcs.at(p.file).name, p.line, p.column, std::move(msg)};
}

// `retire indicator NAME`: the base indicator stays, in place, marked for the checker.
void retire(ast::declaration& base_decl, const ast::declaration& d)
{
    base_decl.indicator().retired = true;
    base_decl.indicator().retired_reason = d.reason;
    base_decl.indicator().retired_pos = d.pos;
}

const char* verb(ast::change mode)
{
    switch (mode) {
    case ast::change::remove: return "remove";
    case ast::change::retire: return "retire";
    default: return "replace";
    }
}

// Applies one revision's declarations to the merged list of its base; what the top
// file removes is kept in `removed` for messages.
void merge(std::vector<ast::declaration>& merged, std::vector<ast::declaration> revision,
           const std::vector<source_text>& srcs, const std::string& base, std::vector<diagnostic>& diags,
           std::vector<removal>* removed)
{
    for (auto& d : revision) {
        if (d.kind == ast::decl_kind::test) continue;
        const auto it = std::find_if(merged.begin(), merged.end(),
                                     [&](const ast::declaration& m) { return m.kind == d.kind && m.id() == d.id(); });
        const char* kind = ast::to_string(d.kind);
        if (d.mode == ast::change::add && it != merged.end()) {
            diags.push_back(
                at(srcs, d.pos,
                   fmt::format("{} '{}' is already defined in {} (at {}:{}); write 'replace {} {}' to change it", kind,
                               d.id(), base, srcs.at(it->pos.file).name, it->pos.line, kind, d.id())));
        } else if (d.mode != ast::change::add && it == merged.end()) {
            diags.push_back(
                at(srcs, d.pos,
                   fmt::format("cannot {} {} '{}': {} has no such {}", verb(d.mode), kind, d.id(), base, kind)));
        } else if (d.mode == ast::change::remove) {
            if (removed) removed->push_back({d.kind, d.id(), d.pos});
            merged.erase(it);
        } else if (d.mode == ast::change::retire) {
            retire(*it, d);
        } else if (d.mode == ast::change::replace) {
            d.mode = ast::change::add;
            *it = std::move(d);
        } else {
            merged.push_back(std::move(d));
        }
    }
}

// Appends what is not already there: every level of `extends` searches the same folder.
void add_once(std::vector<diagnostic>& diags, std::vector<diagnostic> more)
{
    for (auto& d : more)
        if (std::none_of(diags.begin(), diags.end(),
                         [&](const diagnostic& e) { return e.source == d.source && e.message == d.message; }))
            diags.push_back(std::move(d));
}

// A revision must take effect after its base: else choosing by date would pick it for
// days its base was meant to govern, or tie with it.
void check_effective_order(const std::vector<ast::file>& chain, const std::vector<source_text>& srcs,
                           std::vector<diagnostic>& diags)
{
    for (std::size_t i = 0; i + 1 < chain.size(); ++i) {
        const auto &rev = chain[i].head, &base = chain[i + 1].head;
        if (!rev.effective || !base.effective || *base.effective < *rev.effective) continue;
        diags.push_back(
            at(srcs, rev.effective_pos,
               fmt::format("version \"{}\" takes effect on {}, not after its base version \"{}\" "
                           "(effective {}); a revision must take effect after the version it extends",
                           rev.version, rev.effective->to_string(), base.version, base.effective->to_string())));
    }
}

std::string not_found(const std::string& name, const std::string& version, const std::vector<std::string>& seen)
{
    auto msg = fmt::format("cannot find the base version: no rule file declares methodology \"{}\" version \"{}\"",
                           name, version);
    if (seen.empty()) return msg;
    std::vector<std::string> quoted;
    for (const auto& v : seen) quoted.push_back(fmt::format("\"{}\"", v));
    return fmt::format("{}; the versions of \"{}\" found are {}", msg, name, fmt::join(quoted, ", "));
}

// Each source's hash (kept: the compiled program records them) and the chain's.
void hash_sources(loaded_rules& out)
{
    for (const auto& s : out.sources) out.source_sha256.push_back(sha256_hex(s.text));
    out.sha256 = rules_sha256(out.source_sha256);
}

}  // namespace

base_finder directory_finder(std::vector<std::string> extra_dirs)
{
    return [dirs = std::move(extra_dirs)](const std::string& name, const std::string& version, const std::string& from,
                                          base_search& search) -> std::optional<source_text> {
        if (auto s = search_dir(fs::path(from).parent_path().empty() ? fs::path(".") : fs::path(from).parent_path(),
                                name, version, search))
            return s;
        for (const auto& d : dirs)
            if (auto s = search_dir(d, name, version, search)) return s;
        std::sort(search.seen.begin(), search.seen.end());
        return std::nullopt;
    };
}

bool load(source_text top, const base_finder& find_base, loaded_rules& out, std::vector<diagnostic>& diags,
          const load_options& options)
{
    out.tests_read = options.read_tests;
    const auto what = options.read_tests ? dsl::reading::everything : dsl::reading::decisions;
    std::vector<ast::file> chain;                // top first
    std::vector<std::string> visited;            // "NAME VERSION" of every file read, to catch cycles
    std::map<std::string, candidate_file> read;  // candidate bases, each read once
    out.sources.push_back(std::move(top));
    for (std::size_t i = 0;; ++i) {
        auto r = dsl::parse(out.sources[i].text, out.sources[i].name, static_cast<std::uint32_t>(i), what);
        diags.insert(diags.end(), r.diagnostics.begin(), r.diagnostics.end());
        if (!r.file) return false;
        chain.push_back(std::move(*r.file));
        const auto& h = chain.back().head;
        visited.push_back(h.name + " " + h.version);
        if (!h.base_name) break;
        const std::string wanted = fmt::format("{} version {}", *h.base_name, *h.base_version);
        if (i + 1 >= limits::max_extends_depth) {
            diags.push_back(
                at(out.sources, h.base_pos,
                   fmt::format("'extends' chain is longer than the limit of {} versions", limits::max_extends_depth)));
            return false;
        }
        for (const auto& earlier : visited)
            if (earlier == *h.base_name + " " + *h.base_version) {
                diags.push_back(at(out.sources, h.base_pos,
                                   fmt::format("'extends' forms a cycle: {} is already in the chain", wanted)));
                return false;
            }
        std::optional<source_text> base;
        base_search search;
        search.read = &read;
        try {
            if (find_base) base = find_base(*h.base_name, *h.base_version, out.sources[i].name, search);
            add_once(diags, std::move(search.notes));
        } catch (const ambiguous_version& e) {
            diags.push_back(at(out.sources, h.base_pos, e.what()));
            return false;
        }
        if (!base) {
            // The file asking is no answer to its own question.
            if (h.name == *h.base_name) std::erase(search.seen, h.version);
            diags.push_back(at(out.sources, h.base_pos, not_found(*h.base_name, *h.base_version, search.seen)));
            return false;
        }
        out.lineage.push_back(*h.base_name + " " + *h.base_version);
        out.bases.emplace_back(*h.base_name, *h.base_version);
        out.sources.push_back(std::move(*base));
    }
    check_effective_order(chain, out.sources, diags);
    out.head = chain.front().head;
    for (const auto& f : chain)
        if (f.order && !out.order) out.order = f.order;
    for (std::size_t i = 0; i < chain.size(); ++i)
        for (auto& d : chain[i].declarations) {
            if (d.kind != ast::decl_kind::test) continue;
            auto& to = d.test().fixture ? out.fixtures : i == 0 ? out.tests : out.base_tests;
            to.push_back(std::move(d.test()));
        }
    // Merge from the first version up to the top file.
    out.declarations = std::move(chain.back().declarations);
    std::erase_if(out.declarations, [](const ast::declaration& d) { return d.kind == ast::decl_kind::test; });
    for (const auto& d : out.declarations)
        if (d.mode != ast::change::add)
            diags.push_back(at(out.sources, d.pos,
                               fmt::format("'{}' needs a base version, but this file extends none", verb(d.mode))));
    std::erase_if(out.declarations, [](const ast::declaration& d) { return d.mode != ast::change::add; });
    for (const auto& f : chain) out.allows.insert(out.allows.end(), f.allows.begin(), f.allows.end());
    for (std::size_t i = chain.size() - 1; i-- > 0;) {
        const auto& base_head = chain[i + 1].head;
        if (i == 0 && options.base_declarations) out.base_declarations = out.declarations;
        merge(out.declarations, std::move(chain[i].declarations), out.sources,
              fmt::format("\"{}\" version \"{}\"", base_head.name, base_head.version), diags,
              i == 0 ? &out.removed : nullptr);
    }
    out.declarations.shrink_to_fit();  // no spare room from parsing beside the compiled program
    hash_sources(out);
    return true;
}

}  // namespace hallmark::engine
