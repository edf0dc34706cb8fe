// SPDX-License-Identifier: Apache-2.0
// Reading an assessment document. The fast path (fast_reader.cpp) reads clean documents
// in one pass; this file is the reference reader it falls back to, which reports every
// problem: JSON text -> the exact tree of engine/json_tree.hpp -> checked `assessment`
// plus its canonical form.
#include <hallmark/assessment.hpp>
#include <hallmark/decimal.hpp>
#include <hallmark/limits.hpp>

#include "engine/input/json_tree.hpp"
#include "engine/input/readers.hpp"
#include "engine/values/json_text.hpp"
#include "engine/values/names.hpp"
#include <hallmark/input_file.hpp>

#include <algorithm>
#include <numeric>
#include <optional>
#include <span>
#include <stdexcept>
#include <tuple>
#include <variant>

namespace hallmark {

namespace {

using detail::inexact_number_message;
using detail::json_node;
using detail::kind_name;
using detail::line_index;
using detail::member_name;
using detail::path_link;
using detail::render_path;

struct key_spec {
    std::string_view name;
    bool required = false;
};

constexpr key_spec top_level_keys[] = {
    {"cluster", false}, {"assessed_on", true}, {"history", false}, {"indicators", true}};
constexpr key_spec history_keys[] = {{"label", true}, {"assessed_on", true}, {"valid_until", false}};

// "unknown key; did you mean "assessed_on"?" for a likely typo, else the allowed keys.
// The keys are few and distinct, so the first within two edits is the one meant.
std::string unknown_key_message(std::string_view name, std::span<const key_spec> keys)
{
    for (const key_spec& k : keys) {
        if (engine::edit_distance(name, k.name) <= 2) {
            return "unknown key; did you mean " + json_quote(k.name) + "?";
        }
    }
    std::string list;
    for (std::size_t i = 0; i < keys.size(); ++i) {
        list += i == 0 ? "" : i + 1 == keys.size() ? " or " : ", ";
        list += keys[i].name;
    }
    return "unknown key; expected " + list;
}

// Why `text` is not a date: its shape or the calendar.
std::string bad_date_message(std::string_view text)
{
    const bool shaped =
        text.size() == 10 && text[4] == '-' && text[7] == '-' &&
        std::all_of(text.begin(), text.end(), [](char c) { return c == '-' || (c >= '0' && c <= '9'); });
    return json_quote(excerpt(text)) +
           (shaped ? " is not a day of the calendar" : " is not a date of the form YYYY-MM-DD");
}

class document_reader {
public:
    document_reader(std::string_view text, std::string_view source) : text_(text), source_(source), lines_(text) {}

    result<assessment> read();

private:
    diagnostic located(std::size_t line, std::size_t column, std::string message) const;
    void problem(std::size_t offset, std::string message);
    void error(std::size_t offset, const path_link* path, std::string_view message);

    template <class ReadMember>
    void read_members(const json_node& object, const path_link* parent, std::span<const key_spec> keys,
                      ReadMember&& read_member);
    bool expect(const json_node& node, json_node::kind type, const path_link* path, std::string_view what);
    void read_document(const json_node& root);
    void read_cluster(const json_node& cluster, const path_link* path);
    std::optional<date> read_date(const json_node& node, const path_link* path);
    void read_history(const json_node& history, const path_link* path);
    void read_history_entry(const json_node& entry, const path_link* path);
    void read_indicators(const json_node& indicators, const path_link* path);
    raw_value read_indicator(const json_node& value, const path_link* path);

    void write_canonical(json_writer& out, const json_node& node, const path_link* path, bool report);
    void write_canonical_number(json_writer& out, const json_node& node, const path_link* path, bool report);
    void write_canonical_object(json_writer& out, const json_node& node, const path_link* path, bool report);

    std::string_view text_;
    std::string_view source_;
    line_index lines_;
    std::vector<std::pair<std::size_t, diagnostic>> problems_;  // with their offsets
    assessment result_;
};

diagnostic document_reader::located(std::size_t line, std::size_t column, std::string message) const
{
    diagnostic d;
    d.source = std::string(source_);
    d.line = line;
    d.column = column;
    d.message = std::move(message);
    return d;
}

void document_reader::problem(std::size_t offset, std::string message)
{
    const auto [line, column] = lines_.locate(offset);
    problems_.emplace_back(offset, located(line, column, std::move(message)));
}

// Every message about the data starts with the JSON path it concerns.
void document_reader::error(std::size_t offset, const path_link* path, std::string_view message)
{
    problem(offset, render_path(path) + ": " + std::string(message));
}

result<assessment> document_reader::read()
{
    auto tree = detail::parse_json_tree(text_);
    // Text that is not JSON, or nests too deeply, is the one problem reported.
    if (auto* failure = std::get_if<detail::json_failure>(&tree)) {
        auto& [line, column, message] = *failure;
        return std::vector<diagnostic>{located(line, column, std::move(message))};
    }
    const json_node& root = std::get<json_node>(tree);
    read_document(root);
    json_writer canonical(result_.canonical);
    write_canonical(canonical, root, nullptr, true);
    if (problems_.empty()) {
        result_.source = std::string(source_);
        return std::move(result_);
    }
    // Report in document order, whichever check found the problem.
    std::stable_sort(problems_.begin(), problems_.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<diagnostic> out;
    out.reserve(problems_.size());
    for (auto& [offset, d] : problems_) out.push_back(std::move(d));
    return out;
}

// Calls `read_member(name, value, path)` for each member whose name is in `keys`;
// reports unknown members (typos should not pass silently) and missing required ones.
template <class ReadMember>
void document_reader::read_members(const json_node& object, const path_link* parent, std::span<const key_spec> keys,
                                   ReadMember&& read_member)
{
    std::vector<bool> seen(keys.size(), false);
    for (std::size_t i = 0; i < object.names.size(); ++i) {
        const member_name& name = object.names[i];
        const path_link path{parent, name.text};
        const auto known =
            std::find_if(keys.begin(), keys.end(), [&](const key_spec& k) { return k.name == name.text; });
        if (known == keys.end()) {
            error(name.offset, &path, unknown_key_message(name.text, keys));
            continue;
        }
        seen[static_cast<std::size_t>(known - keys.begin())] = true;
        read_member(name.text, object.children[i], &path);
    }
    for (std::size_t k = 0; k < keys.size(); ++k) {
        if (keys[k].required && !seen[k]) {
            const path_link path{parent, keys[k].name};
            error(object.offset, &path, "required key is missing");
        }
    }
}

bool document_reader::expect(const json_node& node, json_node::kind type, const path_link* path, std::string_view what)
{
    if (node.type == type) return true;
    error(node.offset, path, "expected " + std::string(what) + ", got " + kind_name(node.type));
    return false;
}

void document_reader::read_document(const json_node& root)
{
    if (!expect(root, json_node::kind::object, nullptr, "an object at the top level")) return;
    result_.cluster_json = "{}";
    read_members(root, nullptr, top_level_keys,
                 [&](std::string_view name, const json_node& value, const path_link* path) {
                     if (name == "cluster") read_cluster(value, path);
                     if (name == "history") read_history(value, path);
                     if (name == "indicators") read_indicators(value, path);
                     if (name == "assessed_on") {
                         if (auto d = read_date(value, path)) result_.assessed_on = *d;
                     }
                 });
}

// "cluster": optional (null counts as absent); any object, of which only "id" is read.
void document_reader::read_cluster(const json_node& cluster, const path_link* path)
{
    if (cluster.type == json_node::kind::null) return;
    if (!expect(cluster, json_node::kind::object, path, "an object")) return;
    for (std::size_t i = 0; i < cluster.names.size(); ++i) {
        if (cluster.names[i].text != "id") continue;
        const json_node& id = cluster.children[i];
        const path_link id_path{path, "id"};
        if (id.type == json_node::kind::null) continue;
        if (expect(id, json_node::kind::string, &id_path, "a string")) result_.cluster_id = id.text;
    }
    result_.cluster_json.clear();
    json_writer out(result_.cluster_json);
    write_canonical(out, cluster, path, false);  // the whole-document pass reports
}

std::optional<date> document_reader::read_date(const json_node& node, const path_link* path)
{
    if (!expect(node, json_node::kind::string, path, "a date string \"YYYY-MM-DD\"")) { return std::nullopt; }
    auto parsed = date::parse(node.text);
    if (!parsed) error(node.offset, path, bad_date_message(node.text));
    return parsed;
}

// "history": optional (null counts as absent); an array of earlier labels.
void document_reader::read_history(const json_node& history, const path_link* path)
{
    if (history.type == json_node::kind::null) return;
    if (!expect(history, json_node::kind::array, path, "an array of earlier labels")) return;
    for (std::size_t i = 0; i < history.children.size(); ++i) {
        const path_link entry_path{path, {}, i, true};
        read_history_entry(history.children[i], &entry_path);
    }
}

// {"label": string, "assessed_on": date, "valid_until": date or null, optional}
void document_reader::read_history_entry(const json_node& entry, const path_link* path)
{
    if (!expect(entry, json_node::kind::object, path, "an object")) return;
    history_entry result;
    std::tie(result.line, result.column) = lines_.locate(entry.offset);
    read_members(entry, path, history_keys,
                 [&](std::string_view name, const json_node& value, const path_link* member) {
                     if (name == "label" && expect(value, json_node::kind::string, member, "a string")) {
                         result.label = value.text;
                     }
                     if (name == "assessed_on") {
                         if (auto d = read_date(value, member)) result.assessed_on = *d;
                     }
                     if (name == "valid_until" && value.type != json_node::kind::null) {
                         result.valid_until = read_date(value, member);
                     }
                 });
    result_.history.push_back(std::move(result));
}

void document_reader::read_indicators(const json_node& indicators, const path_link* path)
{
    if (!expect(indicators, json_node::kind::object, path, "an object of indicator values")) return;
    // Byte order, as in the canonical form; duplicates are reported by that pass. The
    // names are sorted, not the values: moving whole values around cost more than reading them.
    std::vector<std::uint32_t> order(indicators.names.size());
    for (std::uint32_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
        return indicators.names[a].text < indicators.names[b].text;
    });
    result_.indicators.reserve(order.size());
    for (const auto i : order) {
        const path_link member{path, indicators.names[i].text};
        result_.indicators.emplace_back(indicators.names[i].text, read_indicator(indicators.children[i], &member));
    }
}

raw_value document_reader::read_indicator(const json_node& value, const path_link* path)
{
    raw_value out;
    std::tie(out.line, out.column) = lines_.locate(value.offset);
    switch (value.type) {
    case json_node::kind::null: break;
    case json_node::kind::boolean:
        out.type = raw_value::kind::boolean;
        out.boolean = value.boolean;
        break;
    case json_node::kind::number:
        out.type = raw_value::kind::number;
        out.text = value.text;
        break;
    case json_node::kind::string:
        out.type = raw_value::kind::string;
        out.text = value.text;
        break;
    case json_node::kind::array:
        out.type = raw_value::kind::array;
        for (std::size_t i = 0; i < value.children.size(); ++i) {
            const path_link item{path, {}, i, true};
            if (expect(value.children[i], json_node::kind::string, &item, "a string")) {
                out.items.push_back(value.children[i].text);
            }
        }
        break;
    case json_node::kind::object:
        error(value.offset, path,
              "expected null, a boolean, a number, a string or an array of strings, "
              "got an object");
        break;
    }
    return out;
}

// Canonical JSON: keys in byte order, no whitespace, numbers as canonical decimals.
// With `report`, duplicate keys and numbers without an exact decimal are diagnosed.
void document_reader::write_canonical(json_writer& out, const json_node& node, const path_link* path, bool report)
{
    switch (node.type) {
    case json_node::kind::null: out.null(); break;
    case json_node::kind::boolean: out.boolean(node.boolean); break;
    case json_node::kind::string: out.string(node.text); break;
    case json_node::kind::number: write_canonical_number(out, node, path, report); break;
    case json_node::kind::array:
        out.begin_array();
        for (std::size_t i = 0; i < node.children.size(); ++i) {
            const path_link item{path, {}, i, true};
            write_canonical(out, node.children[i], &item, report);
        }
        out.end_array();
        break;
    case json_node::kind::object: write_canonical_object(out, node, path, report); break;
    }
}

void document_reader::write_canonical_number(json_writer& out, const json_node& node, const path_link* path,
                                             bool report)
{
    std::optional<decimal> value;
    try {
        value = decimal::parse(node.text);
    } catch (const arithmetic_error&) {  // an absurd exponent may overflow
    }
    if (value) {
        out.raw_number(value->to_string());
        return;
    }
    out.raw_number(node.text);
    if (report) error(node.offset, path, inexact_number_message(node.text));
}

void document_reader::write_canonical_object(json_writer& out, const json_node& node, const path_link* path,
                                             bool report)
{
    std::vector<std::size_t> order(node.names.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    // Stable, so of two equal keys the first written one comes first and the second
    // is the one reported as the duplicate.
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return node.names[a].text < node.names[b].text; });
    out.begin_object();
    for (std::size_t k = 0; k < order.size(); ++k) {
        const member_name& name = node.names[order[k]];
        const path_link member{path, name.text};
        if (report && k > 0 && node.names[order[k - 1]].text == name.text) {
            error(name.offset, &member, "duplicate key");
        }
        out.key(name.text);
        write_canonical(out, node.children[order[k]], &member, report);
    }
    out.end_object();
}

}  // namespace

namespace {

std::vector<diagnostic> whole_source_error(std::string_view source, std::string message)
{
    diagnostic d;
    d.source = std::string(source);
    d.message = std::move(message);
    return {std::move(d)};
}

std::string too_large_message()
{
    return "document is larger than " + std::to_string(limits::max_file_bytes) + " bytes";
}

}  // namespace

result<assessment> detail::read_assessment_reference(std::string_view json_text, std::string_view source)
{
    if (json_text.size() > limits::max_file_bytes) { return whole_source_error(source, too_large_message()); }
    // JSON never holds a raw NUL (not even in a string); named here, since the parser
    // would take it for the end of the input.
    if (const auto nul = json_text.find('\0'); nul != std::string_view::npos) {
        const auto [line, column] = line_index(json_text).locate(nul);
        return std::vector<diagnostic>{{severity::error, std::string(source), line, column,
                                        "malformed JSON: a NUL byte (0x00), which JSON does not allow anywhere"}};
    }
    return document_reader(json_text, source).read();
}

result<assessment> read_assessment(std::string_view json_text, std::string_view source)
{
    if (json_text.size() > limits::max_file_bytes) { return whole_source_error(source, too_large_message()); }
    assessment clean;
    if (detail::read_clean_assessment(json_text, clean)) {
        clean.source = std::string(source);
        return clean;
    }
    // Something to report: the reference reader finds it, and everything else wrong.
    return detail::read_assessment_reference(json_text, source);
}

result<assessment> read_assessment_file(const std::string& path)
{
    auto read = read_input_file(path);
    if (!read.text) return whole_source_error(input_name(path), "cannot read the file: " + read.reason);
    return read_assessment(*read.text, input_name(path));
}

}  // namespace hallmark
