// SPDX-License-Identifier: Apache-2.0
#include "lsp/names.hpp"

#include <algorithm>
#include <array>

namespace hallmark::lsp {
namespace {

// Words that are never names (dsl/grammar.hpp, `reserved_word`).
constexpr std::array reserved{"and",   "or",        "not",    "in",      "of",       "if",        "then",   "else",
                              "when",  "otherwise", "true",   "false",   "area",     "indicator", "let",    "criterion",
                              "label", "test",      "remove", "replace", "requires", "advice",    "valid",  "renewal",
                              "group", "range",     "given",  "expect",  "missing",  "order",     "fixture"};

// Words that are keywords in some places and may be names in others (docs/language.md,
// "Names"): a name only right after a word that announces one.
constexpr std::array contextual{"points",    "gold",  "history", "assessed_on", "assessed", "none",
                                "count",     "value", "labels",  "methodology", "version",  "title",
                                "effective", "until", "extends", "met",         "not_met",  "not_assessable"};

template <std::size_t N>
bool among(const std::array<const char*, N>& words, std::string_view w)
{
    return std::find(words.begin(), words.end(), w) != words.end();
}

bool is_punct(const std::vector<token>& t, std::size_t k, std::string_view p)
{
    return k < t.size() && t[k].kind == token_kind::punct && t[k].text == p;
}

std::optional<std::size_t> word_index_from(const std::vector<token>& t, std::size_t offset, std::string_view name)
{
    for (std::size_t k = 0; k < t.size(); ++k)
        if (t[k].offset >= offset && t[k].kind == token_kind::word && t[k].text == name) return k;
    return std::nullopt;
}

// The name at a catalogue location: the first word `name` from the declaration's start.
std::optional<name_place> place_at(const std::vector<rule_source>& files, const source_location& loc,
                                   std::string_view name)
{
    for (const auto& f : files) {
        if (f.name != loc.file) continue;
        const line_index lines(f.text);
        const auto t = tokenize(f.text);
        if (const auto k = word_index_from(t, lines.offset_of_hallmark(loc.line, loc.column), name))
            return name_place{f.name, t[*k].offset, t[*k].length, true};
    }
    return std::nullopt;
}

// A `group` clause: the word follows `group`, or a comma of a list that `group` opened.
bool in_group_clause(const std::vector<token>& t, std::size_t k)
{
    for (std::size_t i = k; i > 0; i -= 2) {
        if (t[i - 1].kind == token_kind::word && t[i - 1].text == "group") return true;
        if (!is_punct(t, i - 1, ",") || i < 2 || t[i - 2].kind != token_kind::word) return false;
    }
    return false;
}

}  // namespace

const char* to_string(name_kind k)
{
    switch (k) {
    case name_kind::none: return "name";
    case name_kind::area: return "area";
    case name_kind::indicator: return "indicator";
    case name_kind::let: return "let";
    case name_kind::criterion: return "criterion";
    case name_kind::group: return "group";
    case name_kind::label: return "label";
    }
    return "name";
}

bool is_name_use(const std::vector<token>& t, std::size_t k)
{
    if (t[k].kind != token_kind::word || among(reserved, t[k].text)) return false;
    if (is_punct(t, k + 1, "(")) return false;
    if (!among(contextual, t[k].text)) return true;
    if (k == 0) return false;
    const auto& before = t[k - 1];
    if (is_punct(t, k - 1, ".") || is_punct(t, k - 1, ",")) return true;
    return before.kind == token_kind::word &&
           (before.text == "label" || before.text == "labels" || before.text == "history");
}

bool is_declaration(const std::vector<token>& t, std::size_t k)
{
    static constexpr std::array announcing{"area", "indicator", "let", "criterion", "label"};
    if (k == 0 || t[k - 1].kind != token_kind::word || !among(announcing, t[k - 1].text)) return false;
    if (k >= 2 && t[k - 2].kind == token_kind::word && (t[k - 2].text == "expect" || t[k - 2].text == "remove"))
        return false;
    return is_name_use(t, k);
}

name_kind kind_of(const rule_catalogue& c, const std::vector<rule_source>& files, std::string_view name)
{
    if (c.find_criterion(name)) return name_kind::criterion;
    if (c.find_indicator(name)) return name_kind::indicator;
    if (c.find_label(name)) return name_kind::label;
    if (c.find_area(name)) return name_kind::area;
    if (c.find_group(name)) return name_kind::group;
    // Not in the catalogue: a `let`, or a declaration the revision removes.
    static constexpr std::array kinds{std::pair{"let", name_kind::let}, std::pair{"criterion", name_kind::criterion},
                                      std::pair{"indicator", name_kind::indicator},
                                      std::pair{"label", name_kind::label}, std::pair{"area", name_kind::area}};
    for (const auto& f : files) {
        const auto t = tokenize(f.text);
        for (std::size_t k = 1; k < t.size(); ++k) {
            if (t[k].kind != token_kind::word || t[k].text != name || !is_declaration(t, k)) continue;
            for (const auto& [word, kind] : kinds)
                if (t[k - 1].text == word) return kind;
        }
    }
    return name_kind::none;
}

std::vector<name_place> places_of(const std::vector<rule_source>& files, std::string_view name)
{
    std::vector<name_place> out;
    for (const auto& f : files) {
        const auto t = tokenize(f.text);
        for (std::size_t k = 0; k < t.size(); ++k)
            if (t[k].kind == token_kind::word && t[k].text == name && is_name_use(t, k))
                out.push_back({f.name, t[k].offset, t[k].length, is_declaration(t, k)});
    }
    return out;
}

std::vector<name_place> declarations_of(const rule_catalogue& c, const std::vector<rule_source>& files, name_kind kind,
                                        std::string_view name)
{
    std::optional<source_location> loc;
    if (kind == name_kind::area && c.find_area(name)) loc = c.find_area(name)->location;
    if (kind == name_kind::indicator && c.find_indicator(name)) loc = c.find_indicator(name)->location;
    if (kind == name_kind::criterion && c.find_criterion(name)) loc = c.find_criterion(name)->location;
    if (kind == name_kind::label && c.find_label(name)) loc = c.find_label(name)->location;
    if (loc)
        if (auto p = place_at(files, *loc, name)) return {*p};
    std::vector<name_place> out;
    for (const auto& f : files) {
        const auto t = tokenize(f.text);
        for (std::size_t k = 0; k < t.size(); ++k) {
            if (t[k].kind != token_kind::word || t[k].text != name || !is_name_use(t, k)) continue;
            if (kind == name_kind::group ? in_group_clause(t, k) : is_declaration(t, k))
                out.push_back({f.name, t[k].offset, t[k].length, true});
        }
    }
    return out;
}

}  // namespace hallmark::lsp
