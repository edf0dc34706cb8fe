// SPDX-License-Identifier: Apache-2.0
// Rule-file diagnostics for tools: hallmark's own JSON and SARIF 2.1.0 (`check --format`).
#include "cli/output.hpp"

#include <hallmark/json_writer.hpp>
#include <hallmark/version.hpp>

#include <cctype>
#include <string_view>

namespace hallmark::cli {
namespace {

const char* level_name(severity s)
{
    switch (s) {
    case severity::error: return "error";
    case severity::warning: return "warning";
    case severity::note: return "note";
    }
    return "error";
}

// The text of line `line` (1-based) of the source named `name`, if it was read.
std::string_view source_line(const compile_result& r, const std::string& name, std::size_t line)
{
    for (const auto& s : r.sources) {
        if (s.name != name) continue;
        std::string_view text = s.text;
        if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);  // columns count after the mark
        std::size_t start = 0;
        for (std::size_t i = 1; i < line && start != std::string_view::npos; ++i) {
            start = text.find('\n', start);
            if (start != std::string_view::npos) ++start;
        }
        if (start == std::string_view::npos) return {};
        return text.substr(start, text.find('\n', start) - start);
    }
    return {};
}

// Diagnostics count columns in bytes; SARIF in characters (code points), so a title
// in Greek before the error does not shift the marker.
std::size_t code_point_column(std::string_view line, std::size_t byte_column)
{
    std::size_t column = 1;
    for (std::size_t i = 0; i + 1 < byte_column && i < line.size(); ++i)
        if ((static_cast<unsigned char>(line[i]) & 0xC0) != 0x80) ++column;
    return column + (byte_column > line.size() + 1 ? byte_column - line.size() - 1 : 0);
}

// A relative reference (RFC 3986) for a file name: unreserved characters and '/' as they
// are, every other byte percent-encoded.
std::string uri_of(std::string_view path)
{
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    for (const char ch : path) {
        const auto c = static_cast<unsigned char>(ch);
        if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '/') {
            out += ch;
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

void diagnostic_json(json_writer& w, const diagnostic& d)
{
    w.begin_object().key("file").string(d.source);
    w.key("line").raw_number(std::to_string(d.line)).key("column").raw_number(std::to_string(d.column));
    w.key("severity").string(level_name(d.level));
    if (!d.code.empty()) w.key("code").string(d.code);
    w.key("message").string(d.message).end_object();
}

// Every diagnostic of the run, with the compile result it came from.
template <typename Visit>
void each_diagnostic(const std::vector<checked_file>& files, Visit&& visit)
{
    for (const auto& f : files) {
        if (!f.compiled) {
            visit(diagnostic{severity::error, f.path, 0, 0, "cannot read the file: " + f.unreadable}, nullptr);
            continue;
        }
        for (const auto& d : f.compiled->diagnostics()) visit(d, f.compiled);
    }
}

void sarif_result(json_writer& w, const diagnostic& d, const compile_result* r)
{
    w.begin_object();
    if (!d.code.empty()) w.key("ruleId").string(d.code);
    w.key("level").string(level_name(d.level));
    w.key("message").begin_object().key("text").string(d.message).end_object();
    w.key("locations").begin_array().begin_object().key("physicalLocation").begin_object();
    w.key("artifactLocation").begin_object().key("uri").string(uri_of(d.source)).end_object();
    if (d.line > 0) {
        const auto column = r ? code_point_column(source_line(*r, d.source, d.line), d.column) : d.column;
        w.key("region").begin_object().key("startLine").raw_number(std::to_string(d.line));
        if (column > 0) w.key("startColumn").raw_number(std::to_string(column));
        w.end_object();
    }
    w.end_object().end_object().end_array().end_object();
}

}  // namespace

std::string diagnostics_json(const std::vector<checked_file>& files)
{
    std::string out;
    json_writer w(out, json_style::pretty);
    w.begin_object().key("files").begin_array();
    for (const auto& f : files) {
        w.begin_object().key("file").string(f.path);
        const bool ok = f.compiled && f.compiled->ok();
        w.key("ok").boolean(ok);
        if (ok) w.key("methodology").string((*f.compiled)->name()).key("version").string((*f.compiled)->version());
        w.end_object();
    }
    w.end_array().key("diagnostics").begin_array();
    each_diagnostic(files, [&](const diagnostic& d, const compile_result*) { diagnostic_json(w, d); });
    w.end_array().end_object();
    return out + "\n";
}

std::string diagnostics_sarif(const std::vector<checked_file>& files)
{
    std::string out;
    json_writer w(out, json_style::pretty);
    w.begin_object().key("$schema").string("https://json.schemastore.org/sarif-2.1.0.json");
    w.key("version").string("2.1.0").key("runs").begin_array().begin_object();
    w.key("tool").begin_object().key("driver").begin_object();
    w.key("name").string("hallmark").key("version").string(HALLMARK_VERSION_STRING);
    w.end_object().end_object();
    w.key("columnKind").string("unicodeCodePoints");
    w.key("results").begin_array();
    each_diagnostic(files, [&](const diagnostic& d, const compile_result* r) { sarif_result(w, d, r); });
    w.end_array().end_object().end_array().end_object();
    return out + "\n";
}

}  // namespace hallmark::cli
