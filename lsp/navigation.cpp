// SPDX-License-Identifier: Apache-2.0
// Requests that read across files or run the library: definition, references,
// formatting, and running a file's tests.
#include "lsp/server.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace hallmark::lsp {
namespace {

// The files a name is looked for in: the document's own chain (the last that compiled
// when the text is broken), and the chains of open revisions that read the document.
std::vector<rule_source> files_around(const document& d, const workspace& ws, bool with_readers)
{
    std::vector<rule_source> files = d.rules ? d.rules_sources : d.sources;
    if (files.empty()) files.push_back({d.path, d.text});
    files.front().text = d.text;  // positions are asked about the text as it is now
    auto add = [&](const rule_source& s) {
        if (std::none_of(files.begin(), files.end(), [&](const rule_source& f) { return f.name == s.name; }))
            files.push_back(s);
    };
    for (const auto& s : d.sources) add(s);
    if (!with_readers) return files;
    for (const auto& [uri, other] : ws.documents()) {
        const bool reads = std::any_of(other.sources.begin(), other.sources.end(),
                                       [&](const rule_source& s) { return s.name == d.path; });
        if (reads && uri != d.uri) {
            add({other.path, other.text});
            for (const auto& s : other.sources) add(s);
        }
    }
    return files;
}

json location_of(const document& d, const std::vector<rule_source>& files, const name_place& p)
{
    const auto& f = *std::find_if(files.begin(), files.end(), [&](const rule_source& s) { return s.name == p.file; });
    const line_index lines(f.text);
    return {{"uri", p.file == d.path ? d.uri : uri_of_path(p.file)},
            {"range", range_of(lines, p.offset, p.offset + p.length)}};
}

// The name under the cursor and its kind, or nothing.
std::optional<std::pair<std::string, name_kind>> name_under(const document& d, const std::vector<rule_source>& files,
                                                            const json& params)
{
    const line_index lines(d.text);
    const position at{params.at("position").at("line").get<std::size_t>(),
                      params.at("position").at("character").get<std::size_t>()};
    const auto t = tokenize(d.text);
    const long k = word_at(t, lines.offset(at));
    if (k < 0 || !is_name_use(t, static_cast<std::size_t>(k))) return std::nullopt;
    const std::string name(t[static_cast<std::size_t>(k)].text);
    static const rule_catalogue none;
    return std::pair{name, kind_of(d.rules ? d.rules->catalogue() : none, files, name)};
}

}  // namespace

json server::definition(const json& params) const
{
    const auto& d = doc(params);
    const auto files = files_around(d, ws_, false);
    const auto name = name_under(d, files, params);
    if (!name) return nullptr;
    static const rule_catalogue none;
    json out = json::array();
    for (const auto& p : declarations_of(d.rules ? d.rules->catalogue() : none, files, name->second, name->first))
        out.push_back(location_of(d, files, p));
    return out;
}

json server::references(const json& params) const
{
    const auto& d = doc(params);
    const auto files = files_around(d, ws_, true);
    const auto name = name_under(d, files, params);
    if (!name || name->second == name_kind::none) return json::array();
    const bool with_declaration = params.value("context", json::object()).value("includeDeclaration", true);
    json out = json::array();
    for (const auto& p : places_of(files, name->first))
        if (with_declaration || !p.declaration) out.push_back(location_of(d, files, p));
    return out;
}

json server::formatting(const json& params) const
{
    const auto& d = doc(params);
    const auto r = format_rules(d.text, d.path);
    if (!r.ok()) {
        const auto& first = r.diagnostics().front();
        throw rpc_error(error_code::request_failed,
                        fmt::format("cannot format: {}:{}: {}", first.line, first.column, first.message));
    }
    if (r.value() == d.text) return json::array();
    const line_index lines(d.text);
    return json::array({{{"range", range_of(lines, 0, d.text.size())}, {"newText", r.value()}}});
}

json server::run_test(const json& params)
{
    if (params.at("command").get<std::string>() != "hallmark.runTest")
        throw rpc_error(error_code::invalid_params, "no such command: " + params.at("command").get<std::string>());
    const auto& args = params.at("arguments");
    const auto& d = doc({{"textDocument", {{"uri", args.at(0)}}}});
    const std::string only = args.size() > 1 ? args.at(1).get<std::string>() : "";
    const auto compiled = ws_.compile(d.path, d.text, false);
    if (!compiled.ok()) throw rpc_error(error_code::request_failed, "the rules do not compile: " + compiled.render());
    json tests = json::array();
    std::size_t passed = 0, failed = 0;
    for (const auto& t : compiled->run_tests()) {
        if (!only.empty() && t.name != only) continue;
        (t.passed ? passed : failed)++;
        tests.push_back({{"name", t.name},
                         {"line", t.line},
                         {"passed", t.passed},
                         {"failures", t.failures},
                         {"decided", t.decided}});
    }
    if (!only.empty() && tests.empty()) throw rpc_error(error_code::invalid_params, "no test named \"" + only + "\"");
    const auto summary = fmt::format("{} passed, {} failed", passed, failed);
    std::string details;
    for (const auto& t : tests)
        for (const auto& f : t["failures"])
            details += fmt::format("{}: {}\n", t["name"].get<std::string>(), f.get<std::string>());
    send({{"jsonrpc", "2.0"},
          {"method", "window/showMessage"},
          {"params", {{"type", failed ? 1 : 3}, {"message", summary + (details.empty() ? "" : "\n" + details)}}}});
    return {{"passed", passed}, {"failed", failed}, {"tests", tests}};
}

}  // namespace hallmark::lsp
