// SPDX-License-Identifier: Apache-2.0
#include "lsp/workspace.hpp"
#include "lsp/text.hpp"

#include <hallmark/input_file.hpp>
#include <hallmark/limits.hpp>

#include <algorithm>
#include <cctype>
#include <filesystem>

namespace hallmark::lsp {
namespace fs = std::filesystem;
namespace {

constexpr std::string_view file_scheme = "file://";

int hex_value(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// The name and version a rule text's header declares (`methodology "N" version "V"`),
// read from its first tokens; nothing when it does not start so.
std::optional<std::pair<std::string, std::string>> header_of(std::string_view text)
{
    const auto t = tokenize(text.substr(0, std::min<std::size_t>(text.size(), 64 * 1024)));
    if (t.size() < 4 || t[0].text != "methodology" || t[1].kind != token_kind::string || t[2].text != "version" ||
        t[3].kind != token_kind::string)
        return std::nullopt;
    return std::pair{unquote(t[1].text), unquote(t[3].text)};
}

std::string directory_of(const std::string& path)
{
    if (!path.starts_with('/')) return {};
    return fs::path(path).parent_path().string();
}

}  // namespace

std::string path_of_uri(std::string_view uri)
{
    if (!uri.starts_with(file_scheme)) return std::string(uri);
    uri.remove_prefix(file_scheme.size());
    if (const auto slash = uri.find('/'); slash != std::string_view::npos) uri.remove_prefix(slash);  // a host
    std::string out;
    for (std::size_t i = 0; i < uri.size(); ++i) {
        if (uri[i] == '%' && i + 2 < uri.size() && hex_value(uri[i + 1]) >= 0 && hex_value(uri[i + 2]) >= 0) {
            out += static_cast<char>(hex_value(uri[i + 1]) * 16 + hex_value(uri[i + 2]));
            i += 2;
        } else {
            out += uri[i];
        }
    }
    return out;
}

std::string uri_of_path(std::string_view path)
{
    if (!path.starts_with('/')) return std::string(path);
    static const char* digits = "0123456789ABCDEF";
    std::string out(file_scheme);
    for (const char c : path) {
        const auto b = static_cast<unsigned char>(c);
        if (std::isalnum(b) || std::string_view("-._~/").find(c) != std::string_view::npos) out += c;
        else out += {'%', digits[b >> 4], digits[b & 15]};
    }
    return out;
}

std::vector<std::string> workspace::set_text(const std::string& uri, std::string text)
{
    auto& d = docs_[uri];
    d.uri = uri;
    d.path = path_of_uri(uri);
    d.text = std::move(text);
    std::vector<std::string> changed{uri};
    analyze(d);
    // Revisions that read this file as their base, and broken documents beside it (one
    // may have been waiting for this base): compile the open ones again.
    for (auto& [other_uri, other] : docs_) {
        if (other_uri == uri) continue;
        const bool reads = std::any_of(other.sources.begin() + (other.sources.empty() ? 0 : 1), other.sources.end(),
                                       [&](const rule_source& s) { return s.name == d.path; });
        const bool waiting = has_errors(other.diagnostics) && directory_of(other.path) == directory_of(d.path);
        if (!reads && !waiting) continue;
        analyze(other);
        changed.push_back(other_uri);
    }
    return changed;
}

void workspace::close(const std::string& uri) { docs_.erase(uri); }

const document* workspace::find(const std::string& uri) const
{
    const auto it = docs_.find(uri);
    return it == docs_.end() ? nullptr : &it->second;
}

compile_result workspace::compile(const std::string& path, std::string_view text, bool strict) const
{
    compile_options options;
    options.strict = strict;
    const std::string dir = directory_of(path);
    options.find_base = [this, dir](const std::string& name, const std::string& version) {
        return find_base(dir, name, version);
    };
    return compile_string(text, path, options);
}

void workspace::analyze(document& d)
{
    // The limit `hallmark check` puts on a file read from disk holds for a buffer too.
    if (d.text.size() > limits::max_file_bytes) {
        d.sources = {{d.path, d.text}};
        d.diagnostics = {{severity::error, d.path, 0, 0,
                          "the document is " + std::to_string(d.text.size()) + " bytes, over the limit of " +
                              std::to_string(limits::max_file_bytes) + " bytes"}};
        return;
    }
    auto r = compile(d.path, d.text, true);
    d.sources = r.sources;
    d.diagnostics = r.diagnostics();
    if (r.ok()) {
        d.rules = r.value();
        d.rules_sources = r.sources;
    }
}

std::optional<rule_source> workspace::find_base(const std::string& dir, const std::string& name,
                                                const std::string& version) const
{
    if (dir.empty()) return std::nullopt;
    auto declares = [&](std::string_view text) {
        const auto h = header_of(text);
        return h && h->first == name && h->second == version;
    };
    for (const auto& [uri, d] : docs_)
        if (directory_of(d.path) == dir && d.path.ends_with(".rules") && declares(d.text))
            return rule_source{d.path, d.text};
    std::vector<fs::path> files;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir, ec))
        if (e.path().extension() == ".rules" && e.is_regular_file(ec)) files.push_back(e.path());
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
        const bool open = std::any_of(docs_.begin(), docs_.end(), [&](const auto& e) { return e.second.path == f; });
        if (open) continue;  // its buffer was asked above
        auto read = read_input_file(f.string());
        if (read.text && declares(*read.text)) return rule_source{f.string(), std::move(*read.text)};
    }
    return std::nullopt;
}

std::optional<std::string> workspace::text_of(const std::string& path) const
{
    for (const auto& [uri, d] : docs_)
        if (d.path == path) return d.text;
    for (const auto& [uri, d] : docs_)
        for (const auto& s : d.sources)
            if (s.name == path) return s.text;
    auto read = read_input_file(path);
    return read.text;
}

}  // namespace hallmark::lsp
