// SPDX-License-Identifier: Apache-2.0
// Completion, the outline and the test lenses: read from the words of the text and the
// last catalogue that compiled.
#include "lsp/features.hpp"

#include <algorithm>
#include <array>

namespace hallmark::lsp {
namespace {

// The language's keywords offered by completion (docs/language.md); tests/lsp/lsp_test.py
// checks that every keyword of dsl/grammar.hpp is here.
constexpr std::array keywords{
    "methodology", "version", "title",  "effective", "until",   "extends",        "area",    "indicator", "let",
    "criterion",   "label",   "test",   "remove",    "replace", "order",          "labels",  "in",        "group",
    "range",       "unit",    "of",     "one",       "set",     "requires",       "points",  "gold",      "when",
    "otherwise",   "advice",  "valid",  "renewal",   "within",  "after",          "expiry",  "from",      "previous",
    "and",         "or",      "not",    "if",        "then",    "else",           "true",    "false",     "assessed_on",
    "history",     "given",   "expect", "missing",   "none",    "count",          "integer", "decimal",   "percent",
    "boolean",     "date",    "value",  "met",       "not_met", "not_assessable", "years",   "months",    "days",
    "year",        "month",   "day",    "fixture",   "retire",  "allow",          "because", "with",      "tests",
    "assessed"};

// CompletionItemKind and SymbolKind numbers of the protocol.
enum completion_kind {
    ck_function = 3,
    ck_field = 5,
    ck_variable = 6,
    ck_class = 7,
    ck_module = 9,
    ck_keyword = 14,
    ck_enum_member = 20
};
enum symbol_kind {
    sk_module = 2,
    sk_namespace = 3,
    sk_class = 5,
    sk_method = 6,
    sk_field = 8,
    sk_function = 12,
    sk_variable = 13,
    sk_struct = 23
};

json item(std::string_view label, int kind, std::string_view detail, std::string_view sort)
{
    return {{"label", label}, {"kind", kind}, {"detail", detail}, {"sortText", std::string(sort) + std::string(label)}};
}

// The indicators named on the line before the cursor: their choices come first.
std::vector<std::string> indicators_on_line(const document& d, const rule_catalogue& c, position at)
{
    const line_index lines(d.text);
    const auto line = lines.line(at.line);
    std::vector<std::string> out;
    for (const auto& t : tokenize(line))
        if (t.kind == token_kind::word && c.find_indicator(t.text)) out.emplace_back(t.text);
    return out;
}

void add_names(const rule_catalogue& c, json& items)
{
    for (const auto& i : c.indicators) items.push_back(item(i.id, ck_field, i.question, "1"));
    for (const auto& e : c.criteria) items.push_back(item(e.id, ck_function, e.title, "1"));
    for (const auto& l : c.labels) items.push_back(item(l.id, ck_class, l.title, "1"));
    for (const auto& a : c.areas) items.push_back(item(a.id, ck_module, a.title, "1"));
    for (const auto& g : c.groups) items.push_back(item(g.id, ck_module, "group", "1"));
}

void add_choices(const rule_catalogue& c, const std::vector<std::string>& near, json& items)
{
    std::vector<std::string> seen;
    for (const auto& i : c.indicators)
        for (const auto& choice : i.choices) {
            const bool first = std::find(near.begin(), near.end(), i.id) != near.end();
            if (!first && std::find(seen.begin(), seen.end(), choice) != seen.end()) continue;
            seen.push_back(choice);
            items.push_back(item(choice, ck_enum_member, "a choice of " + i.id, first ? "0" : "2"));
        }
}

// Where each declaration starts: a declaration word first on its line (after
// `remove` or `replace`). The kind word, the name token, the start offset.
struct decl_start {
    std::string_view kind;
    const token* name;
    std::size_t from;
};

// True when only blanks (and a byte-order mark) come before `offset` on its line.
bool first_on_line(std::string_view text, std::size_t offset)
{
    const auto newline = offset == 0 ? std::string_view::npos : text.rfind('\n', offset - 1);
    const std::size_t start = newline == std::string_view::npos ? 0 : newline + 1;
    auto before = text.substr(start, offset - start);
    if (before.starts_with("\xEF\xBB\xBF")) before.remove_prefix(3);
    return before.find_first_not_of(" \t") == std::string_view::npos;
}

std::vector<decl_start> declarations(const std::string& text, const std::vector<token>& t)
{
    static constexpr std::array kinds{"methodology", "area", "indicator", "let",    "criterion",
                                      "label",       "test", "order",     "fixture"};
    std::vector<decl_start> out;
    for (std::size_t k = 0; k + 1 < t.size(); ++k) {
        if (t[k].kind != token_kind::word || !first_on_line(text, t[k].offset)) continue;
        std::size_t w = k;
        // `remove X`, `replace X` and `retire indicator X` show as what they name.
        if ((t[k].text == "remove" || t[k].text == "replace" || t[k].text == "retire") && k + 2 < t.size()) w = k + 1;
        if (std::find(kinds.begin(), kinds.end(), t[w].text) == kinds.end()) continue;
        out.push_back({t[w].text, &t[w + 1], t[k].offset});
    }
    return out;
}

int symbol_kind_of(std::string_view kind)
{
    if (kind == "methodology") return sk_module;
    if (kind == "area") return sk_namespace;
    if (kind == "indicator") return sk_field;
    if (kind == "let") return sk_variable;
    if (kind == "criterion") return sk_function;
    if (kind == "label" || kind == "order") return sk_class;
    if (kind == "fixture") return sk_struct;
    return sk_method;
}

// The end of a declaration: the end of its last token before the next one starts.
std::size_t end_before(const std::vector<token>& t, std::size_t next_start)
{
    std::size_t end = 0;
    for (const auto& tok : t)
        if (tok.offset < next_start) end = tok.offset + tok.length;
    return end;
}

}  // namespace

json completion(const document& d, position at)
{
    json items = json::array();
    for (const auto* k : keywords) items.push_back(item(k, ck_keyword, "keyword", "3"));
    if (d.rules) {
        const auto& c = d.rules->catalogue();
        add_names(c, items);
        add_choices(c, indicators_on_line(d, c, at), items);
    }
    const auto t = tokenize(d.text);
    for (std::size_t k = 1; k < t.size(); ++k)
        if (t[k - 1].text == "let" && is_declaration(t, k)) items.push_back(item(t[k].text, ck_variable, "let", "1"));
    return {{"isIncomplete", false}, {"items", items}};
}

json outline(const document& d)
{
    const line_index lines(d.text);
    const auto t = tokenize(d.text);
    const auto decls = declarations(d.text, t);
    json out = json::array();
    for (std::size_t i = 0; i < decls.size(); ++i) {
        const auto& s = decls[i];
        const std::size_t next = i + 1 < decls.size() ? decls[i + 1].from : d.text.size();
        const std::string name = s.name->kind == token_kind::string ? unquote(s.name->text) : std::string(s.name->text);
        out.push_back({{"name", s.kind == "order" ? "order labels" : name},
                       {"detail", s.kind},
                       {"kind", symbol_kind_of(s.kind)},
                       {"range", range_of(lines, s.from, std::max(end_before(t, next), s.from))},
                       {"selectionRange", range_of(lines, s.name->offset, s.name->offset + s.name->length)}});
    }
    return out;
}

json test_lenses(const document& d)
{
    const line_index lines(d.text);
    const auto t = tokenize(d.text);
    json out = json::array();
    const auto decls = declarations(d.text, t);
    const bool any_test = std::any_of(decls.begin(), decls.end(), [](const decl_start& s) { return s.kind == "test"; });
    if (any_test && decls.front().kind == "methodology")  // every test of the file, above the header
        out.push_back(
            {{"range", range_of(lines, decls.front().from, decls.front().from)},
             {"command", {{"title", "Run all tests"}, {"command", "hallmark.runTest"}, {"arguments", {d.uri}}}}});
    for (const auto& s : decls) {
        if (s.kind != "test" || s.name->kind != token_kind::string) continue;
        const std::string name = unquote(s.name->text);
        out.push_back(
            {{"range", range_of(lines, s.from, s.name->offset + s.name->length)},
             {"command", {{"title", "Run test"}, {"command", "hallmark.runTest"}, {"arguments", {d.uri, name}}}}});
    }
    return out;
}

}  // namespace hallmark::lsp
