// SPDX-License-Identifier: Apache-2.0
// JSON-RPC messages in, answers out: the lifecycle (initialize, shutdown, exit), the
// document notifications and their diagnostics, and the table of requests.
#include "lsp/server.hpp"
#include "lsp/framing.hpp"
#include "lsp/lsp.hpp"

#include <hallmark/limits.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <iostream>

namespace hallmark::lsp {
namespace {

json capabilities()
{
    return {{"positionEncoding", "utf-16"},
            {"textDocumentSync", {{"openClose", true}, {"change", 1}}},
            {"hoverProvider", true},
            {"definitionProvider", true},
            {"referencesProvider", true},
            {"documentSymbolProvider", true},
            {"documentFormattingProvider", true},
            {"completionProvider", {{"triggerCharacters", {"(", "{", "."}}}},
            {"codeLensProvider", {{"resolveProvider", false}}},
            {"executeCommandProvider", {{"commands", {"hallmark.runTest"}}}}};
}

int severity_number(severity s) { return s == severity::error ? 1 : s == severity::warning ? 2 : 3; }

// The range of a diagnostic in its own document: the token at its place (a name
// underlined whole), or one character.
json range_here(const document& d, const line_index& lines, const diagnostic& g)
{
    const std::size_t from = lines.offset_of_hallmark(g.line, g.column);
    const auto t = tokenize(std::string_view(d.text).substr(from, std::min<std::size_t>(d.text.size() - from, 256)));
    const std::size_t length = !t.empty() && t.front().offset == 0 ? t.front().length : 0;
    return range_of(lines, from, from + std::max<std::size_t>(length, from < d.text.size() ? 1 : 0));
}

// A diagnostic located in a base version: on the document's `extends` clause, naming
// its place, and linked to it (relatedInformation) for the editor to open.
void place_in_base(const workspace& ws, const document& d, const line_index& lines, const diagnostic& g, json& out)
{
    const auto t = tokenize(d.text);
    const auto extends = std::find_if(t.begin(), t.end(), [](const token& w) { return w.text == "extends"; });
    const std::size_t from = extends == t.end() ? 0 : extends->offset;
    out["range"] = range_of(lines, from, extends == t.end() ? 0 : from + extends->length);
    out["message"] = g.line ? fmt::format("{}:{}:{}: {}", g.source, g.line, g.column, g.message)
                            : fmt::format("{}: {}", g.source, g.message);
    out["relatedInformation"] = json::array();
    const auto text = g.line > 0 ? ws.text_of(g.source) : std::nullopt;
    if (!text) return;
    const line_index there(*text);
    const auto at = there.offset_of_hallmark(g.line, g.column);
    out["relatedInformation"].push_back(
        {{"location", {{"uri", uri_of_path(g.source)}, {"range", range_of(there, at, at)}}}, {"message", g.message}});
}

// A strict warning the checker moved from a base file to the revision line that caused
// it says where in the base it points, "(at FILE:LINE, in the base...": linked, so the
// editor can open that place.
void link_base_place(const workspace& ws, const diagnostic& g, json& out)
{
    static constexpr std::string_view marker = " (at ";
    const auto open = g.message.rfind(marker);
    if (open == std::string::npos) return;
    const auto comma = g.message.find(", in the base", open);
    const auto colon = g.message.rfind(':', comma);
    if (comma == std::string::npos || colon == std::string::npos || colon < open) return;
    const std::string file = g.message.substr(open + marker.size(), colon - open - marker.size());
    std::size_t line = 0;
    for (std::size_t i = colon + 1; i < comma; ++i) {
        if (!std::isdigit(static_cast<unsigned char>(g.message[i]))) return;
        line = line * 10 + static_cast<std::size_t>(g.message[i] - '0');
    }
    const auto text = ws.text_of(file);
    if (!text || line == 0) return;
    const line_index there(*text);
    const auto at = there.offset_of_hallmark(line, 1);
    out["relatedInformation"] = json::array(
        {{{"location", {{"uri", uri_of_path(file)}, {"range", range_of(there, at, at)}}}, {"message", g.message}}});
}

// One diagnostic as the protocol has it.
json to_protocol(const workspace& ws, const document& d, const line_index& lines, const diagnostic& g)
{
    json out = {{"severity", severity_number(g.level)}, {"source", "hallmark"}, {"message", g.message}};
    if (!g.code.empty()) out["code"] = g.code;  // the name `allow` takes
    if (g.source == d.path) {
        out["range"] = range_here(d, lines, g);
        if (g.level == severity::warning) link_base_place(ws, g, out);
    } else {
        place_in_base(ws, d, lines, g, out);
    }
    return out;
}

// The deepest nesting of arrays and objects in JSON text (brackets in strings not
// counted); it stops counting once past the limit.
std::size_t json_depth(std::string_view text)
{
    std::size_t depth = 0, deepest = 0;
    bool in_string = false;
    for (std::size_t i = 0; i < text.size() && deepest <= limits::max_lsp_json_depth; ++i) {
        const char c = text[i];
        if (in_string) {
            if (c == '\\') ++i;
            else if (c == '"') in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            deepest = std::max(deepest, ++depth);
        } else if ((c == ']' || c == '}') && depth > 0) {
            --depth;
        }
    }
    return deepest;
}

}  // namespace

void server::send(const json& message)
{
    // Invalid UTF-8 sent by the client (in a message or a file) is replaced, not thrown.
    write_frame(out_, message.dump(-1, ' ', false, json::error_handler_t::replace));
}

void server::refuse(int code, const std::string& message)
{
    send({{"jsonrpc", "2.0"}, {"id", nullptr}, {"error", {{"code", code}, {"message", message}}}});
}

void server::publish(const std::string& uri)
{
    const auto* d = ws_.find(uri);
    json list = json::array();
    if (d) {
        const line_index lines(d->text);
        for (const auto& g : d->diagnostics) list.push_back(to_protocol(ws_, *d, lines, g));
    }
    send({{"jsonrpc", "2.0"},
          {"method", "textDocument/publishDiagnostics"},
          {"params", {{"uri", uri}, {"diagnostics", list}}}});
}

const document& server::doc(const json& params) const
{
    const auto uri = params.at("textDocument").at("uri").get<std::string>();
    const auto* d = ws_.find(uri);
    if (!d) throw rpc_error(error_code::invalid_params, "the document is not open: " + uri);
    return *d;
}

std::optional<int> server::handle(const std::string& body)
{
    if (json_depth(body) > limits::max_lsp_json_depth) {
        refuse(error_code::invalid_request,
               fmt::format("the message is nested deeper than {} levels", limits::max_lsp_json_depth));
        return std::nullopt;
    }
    const json message = json::parse(body, nullptr, false);
    if (message.is_discarded()) {
        refuse(error_code::parse_error, "the message is not JSON");
        return std::nullopt;
    }
    return dispatch(message);
}

std::optional<int> server::dispatch(const json& message)
{
    if (!message.is_object() || !message.contains("method") || !message["method"].is_string()) {
        // A response to a request of ours (we send none) needs no answer.
        if (message.is_object() && !message.contains("method") && message.contains("id")) return std::nullopt;
        refuse(error_code::invalid_request, "a message must be an object with a \"method\" string");
        return std::nullopt;
    }
    const auto method = message["method"].get<std::string>();
    const json params = message.value("params", json::object());
    if (!message.contains("id")) {
        if (method == "exit") return shut_down_ ? 0 : 1;
        try {
            notification(method, params);
        } catch (const std::exception& e) {
            std::cerr << "hallmark lsp: " << method << ": " << e.what() << "\n";  // notifications get no answer
        }
        return std::nullopt;
    }
    const json& id = message["id"];
    json answer = {{"jsonrpc", "2.0"}, {"id", id}};
    try {
        if (!id.is_number_integer() && !id.is_string())
            throw rpc_error(error_code::invalid_request, "the id must be an integer or a string");
        answer["result"] = request(method, params);
    } catch (const rpc_error& e) {
        answer["error"] = {{"code", e.code}, {"message", e.what()}};
    } catch (const json::exception& e) {
        answer["error"] = {{"code", error_code::invalid_params}, {"message", std::string("bad params: ") + e.what()}};
    } catch (const std::exception& e) {
        answer["error"] = {{"code", error_code::internal_error}, {"message", e.what()}};
    }
    if (answer.contains("error")) answer.erase("result");
    send(answer);
    return std::nullopt;
}

json server::request(const std::string& method, const json& params)
{
    if (shut_down_) throw rpc_error(error_code::invalid_request, "the server is shut down: only 'exit' is accepted");
    if (method == "initialize") {
        initialized_ = true;
        return {{"capabilities", capabilities()},
                {"serverInfo", {{"name", "hallmark"}, {"version", engine_version()}}}};
    }
    if (!initialized_) throw rpc_error(error_code::server_not_initialized, "'initialize' must come first");
    if (method == "shutdown") {
        shut_down_ = true;
        return nullptr;
    }
    const auto position_of = [&] {
        return position{params.at("position").at("line").get<std::size_t>(),
                        params.at("position").at("character").get<std::size_t>()};
    };
    if (method == "textDocument/hover") return hover(doc(params), position_of());
    if (method == "textDocument/completion") return completion(doc(params), position_of());
    if (method == "textDocument/documentSymbol") return outline(doc(params));
    if (method == "textDocument/codeLens") return test_lenses(doc(params));
    if (method == "textDocument/definition") return definition(params);
    if (method == "textDocument/references") return references(params);
    if (method == "textDocument/formatting") return formatting(params);
    if (method == "workspace/executeCommand") return run_test(params);
    throw rpc_error(error_code::method_not_found, "no such method: " + method);
}

void server::notification(const std::string& method, const json& params)
{
    if (!initialized_ || shut_down_) return;  // the protocol drops notifications then
    std::vector<std::string> changed;
    if (method == "textDocument/didOpen") {
        const auto& item = params.at("textDocument");
        changed = ws_.set_text(item.at("uri").get<std::string>(), item.at("text").get<std::string>());
    } else if (method == "textDocument/didChange") {
        const auto& changes = params.at("contentChanges");
        if (changes.empty()) return;
        // Full synchronisation: the last change holds the whole text.
        changed = ws_.set_text(params.at("textDocument").at("uri").get<std::string>(),
                               changes.back().at("text").get<std::string>());
    } else if (method == "textDocument/didClose") {
        const auto uri = params.at("textDocument").at("uri").get<std::string>();
        ws_.close(uri);
        changed.push_back(uri);
    }
    for (const auto& uri : changed) publish(uri);
}

int run_lsp(std::istream& in, std::ostream& out)
{
    server s(out);
    for (;;) {
        auto f = read_frame(in);
        switch (f.status) {
        case frame_status::end: return s.exit_status();
        case frame_status::too_large:
            s.refuse(error_code::invalid_request,
                     fmt::format("the message of {} bytes is over the limit of {} bytes (it was skipped)", f.length,
                                 limits::max_lsp_message_bytes));
            continue;
        case frame_status::bad_header:
            s.refuse(error_code::parse_error,
                     fmt::format("a message needs a Content-Length header, and at most {} bytes of headers",
                                 limits::max_lsp_header_bytes));
            continue;
        case frame_status::message: break;
        }
        if (const auto status = s.handle(f.body)) return *status;
    }
}

}  // namespace hallmark::lsp
