// SPDX-License-Identifier: Apache-2.0
// Corpora of assessments: JSON Lines as they are, CSV rows turned into the same JSON
// documents so both go through one reader and one set of checks.
#include <hallmark/corpus.hpp>

#include "engine/input/json_tree.hpp"
#include "engine/input/record_scanner.hpp"
#include "engine/values/json_text.hpp"

#include <hallmark/limits.hpp>
#include <hallmark/text.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <variant>

namespace hallmark {
namespace {

void cell_value(json_writer& w, const std::string& cell, bool set)
{
    if (set) {
        w.begin_array();
        if (cell != "[]") {
            std::size_t start = 0;
            for (auto at = cell.find(';');; at = cell.find(';', start)) {
                w.string(cell.substr(start, at == std::string::npos ? at : at - start));
                if (at == std::string::npos) break;
                start = at + 1;
            }
        }
        w.end_array();
    } else if (cell == "true" || cell == "false") {
        w.boolean(cell == "true");
    } else if (number_shaped(cell, true)) {
        w.raw_number(cell);
    } else {
        w.string(cell);
    }
}

bool is_cluster_column(const std::string& h)
{
    return h == "cluster_id" || h == "name" || h == "country" || h == "portfolio";
}

using positions = std::vector<std::pair<std::size_t, std::size_t>>;

// The row as the JSON document the input contract describes, with where each cell's
// member starts in it (ascending), so that a problem found there can name the cell.
struct row_json {
    std::string text;
    std::vector<std::pair<std::size_t, std::size_t>> cells;  // document offset, cell index
};

row_json row_document(const std::vector<std::string>& header, const std::vector<std::string>& row,
                      const csv_typing& typing)
{
    row_json out;
    json_writer w(out.text);
    auto member = [&](std::size_t c, const std::string& key) {
        out.cells.emplace_back(out.text.size(), c);
        w.key(key);
    };
    w.begin_object().key("cluster").begin_object();
    for (std::size_t c = 0; c < header.size(); ++c)
        if (is_cluster_column(header[c]) && !row[c].empty())
            member(c, header[c] == "cluster_id" ? "id" : header[c]), w.string(row[c]);
    w.end_object();
    for (std::size_t c = 0; c < header.size(); ++c)
        if (header[c] == "assessed_on") member(c, "assessed_on"), w.string(row[c]);
    w.key("indicators").begin_object();
    for (std::size_t c = 0; c < header.size(); ++c) {
        if (is_cluster_column(header[c]) || header[c] == "assessed_on" || row[c].empty()) continue;
        member(c, header[c]);
        cell_value(w, row[c], typing.is_set && typing.is_set(header[c]));
    }
    w.end_object().end_object();
    return out;
}

// Where in the CSV file the problem at `column` of the made-up document is: the start of
// the cell whose member holds it (the row's first cell when none does).
std::pair<std::size_t, std::size_t> cell_at(const row_json& doc, const positions& starts, std::size_t column)
{
    std::size_t cell = 0;
    for (const auto& [offset, c] : doc.cells)
        if (offset < column) cell = c;
    return cell < starts.size() ? starts[cell] : std::pair<std::size_t, std::size_t>{0, 0};
}

std::pair<std::size_t, std::size_t> cell_of(const std::vector<std::string>& header, const positions& starts,
                                            const std::string& indicator)
{
    for (std::size_t c = 0; c < header.size() && c < starts.size(); ++c)
        if (header[c] == indicator) return starts[c];
    return {0, 0};
}

// "the row has 4 fields, the header 7": at the first field too many, or at the row's end.
diagnostic width_problem(const std::vector<std::string>& header, const std::vector<std::string>& row,
                         const positions& starts, const std::string& source, std::size_t line)
{
    const auto at = row.size() > header.size() && header.size() < starts.size() ? starts[header.size()]
                    : starts.empty()                                            ? std::pair{line, std::size_t{1}}
                                                                                : starts.back();
    return {severity::error, source, at.first, at.second,
            fmt::format("the row has {} fields, the header {}", row.size(), header.size())};
}

corpus_item read_row(const std::vector<std::string>& header, const corpus_reader::record& r, const std::string& source,
                     const csv_typing& typing)
{
    const auto& row = r.cells;
    const auto line = r.line;
    if (row.size() != header.size())
        return {line, std::vector<diagnostic>{width_problem(header, row, r.starts, source, line)}};
    const auto doc = row_document(header, row, typing);
    auto read = read_assessment(doc.text, source);
    // Positions in the made-up document mean nothing to the reader of the CSV file: each
    // problem is placed at the start of its cell.
    if (!read.ok()) {
        for (auto& d : read.diagnostics()) {
            const auto [l, c] = cell_at(doc, r.starts, d.column);
            d.line = l != 0 ? l : line, d.column = c;
        }
    } else {
        // The same for problems found later, when the values are typed against rules.
        auto& a = read.value();
        a.source = source;
        for (auto& [id, raw] : a.indicators) {
            const auto [l, c] = cell_of(header, r.starts, id);
            raw.line = l != 0 ? l : line, raw.column = c;
        }
        for (auto& h : a.history) h.line = line, h.column = 0;
    }
    return {line, std::move(read)};
}

std::string cluster_id_of(const std::string& json_text)
{
    const auto tree = detail::parse_json_tree(json_text);
    const auto* root = std::get_if<detail::json_node>(&tree);
    auto member = [](const detail::json_node* n, const char* key) -> const detail::json_node* {
        if (!n || n->type != detail::json_node::kind::object) return nullptr;
        for (std::size_t i = 0; i < n->names.size(); ++i)
            if (n->names[i].text == key) return &n->children[i];
        return nullptr;
    };
    const auto* id = member(member(root, "cluster"), "id");
    return id && id->type == detail::json_node::kind::string ? id->text : std::string();
}

bool is_known_column(const std::string& h, const std::vector<std::string>& indicators)
{
    return is_cluster_column(h) || h == "assessed_on" ||
           std::find(indicators.begin(), indicators.end(), h) != indicators.end();
}

// Why header column `c` cannot be read: named before, or not known to the rules.
std::string column_problem(const std::vector<std::string>& header, const positions& starts, std::size_t c,
                           const std::vector<std::string>& indicators)
{
    const auto end = header.begin() + static_cast<std::ptrdiff_t>(c);
    if (const auto before = std::find(header.begin(), end, header[c]); before != end)
        return fmt::format("column '{}' is named twice (first at column {})", escape_control(header[c]),
                           starts[static_cast<std::size_t>(before - header.begin())].second);
    if (is_known_column(header[c], indicators)) return {};
    return fmt::format("column '{}' is not an indicator of the rules{}", escape_control(header[c]),
                       did_you_mean(header[c], indicators));
}

// Every column the rules do not know, or named twice, in one problem placed at the first.
std::optional<engine::record_problem> header_problem(const std::vector<std::string>& header, const positions& starts,
                                                     const std::vector<std::string>& indicators)
{
    std::optional<engine::record_problem> out;
    for (std::size_t c = 0; c < header.size() && c < starts.size(); ++c) {
        auto why = column_problem(header, starts, c, indicators);
        if (why.empty()) continue;
        if (!out) out = engine::record_problem{starts[c].first, starts[c].second, std::move(why)};
        else out->message += "; also " + why;
    }
    return out;
}

}  // namespace

assessment declared_only(assessment a, const rule_set& rules)
{
    std::erase_if(a.indicators, [&](const auto& i) { return !rules.declares(i.first); });
    return a;
}

// The engine's scanner under the public header's opaque name.
struct corpus_reader::scanner : engine::record_scanner {
    using record_scanner::record_scanner;
};

corpus_reader::corpus_reader(std::istream& in, std::string source, bool csv, csv_typing typing)
    : scanner_(std::make_unique<scanner>(in, limits::max_record_bytes)), source_(std::move(source)), csv_(csv),
      typing_(std::move(typing))
{}

corpus_reader::~corpus_reader() = default;

namespace {

void set_problem(corpus_reader::record& r, const engine::record_problem& p)
{
    r.problem = p.message;
    r.problem_line = p.line;
    r.problem_column = p.column;
}

}  // namespace

bool corpus_reader::next(record& r)
{
    r.text.clear();
    r.cells.clear();
    r.starts.clear();
    r.problem.clear();
    r.problem_line = r.problem_column = 0;
    if (stopped_) return false;
    if (csv_) return next_csv(r);
    engine::record_problem p;
    while (scanner_->next_line(r.line, r.text, p)) {
        if (p.line != 0) set_problem(r, p);
        if (p.line != 0 || r.text.find_first_not_of(" \t\r") != std::string::npos) return true;
    }
    return false;
}

// The header, read once; a header that cannot be read, or that names what the rules do
// not know, is the one problem of the file: nothing after it could be read right.
bool corpus_reader::start_csv(record& r)
{
    engine::record_problem p;
    started_ = true;
    if (typing_.delimiter == 0) typing_.delimiter = scanner_->detect_delimiter();
    if (!scanner_->next_csv(typing_.delimiter, r.line, header_, p, &header_starts_)) return false;
    if (p.line == 0 && std::find(header_.begin(), header_.end(), "assessed_on") == header_.end())
        p = {r.line, 1, "has no 'assessed_on' column"};
    else if (p.line == 0 && typing_.indicators)
        p = header_problem(header_, header_starts_, *typing_.indicators).value_or(engine::record_problem{});
    stopped_ = p.line != 0;
    if (stopped_) {
        set_problem(r, p);
        r.problem = "the CSV header" + std::string(p.message.rfind("has", 0) == 0 ? " " : ": ") + p.message;
    }
    return true;
}

bool corpus_reader::next_csv(record& r)
{
    if (!started_) {
        if (!start_csv(r)) return false;
        if (stopped_) return true;
    }
    engine::record_problem p;
    while (scanner_->next_csv(typing_.delimiter, r.line, r.cells, p, &r.starts)) {
        if (p.line != 0) set_problem(r, p);
        if (p.line != 0 || !(r.cells.size() == 1 && r.cells[0].empty())) return true;
    }
    return false;
}

std::string corpus_reader::cluster_id(const record& r, const result<assessment>& read) const
{
    if (read.ok()) return read.value().cluster_id;
    if (!csv_) return r.text.empty() ? std::string() : cluster_id_of(r.text);
    const auto c = std::find(header_.begin(), header_.end(), "cluster_id") - header_.begin();
    return static_cast<std::size_t>(c) < r.cells.size() ? r.cells[static_cast<std::size_t>(c)] : std::string();
}

corpus_item corpus_reader::read(const record& r) const
{
    if (!r.problem.empty()) {
        std::vector<diagnostic> problem{
            {severity::error, source_, r.problem_line ? r.problem_line : r.line, r.problem_column, r.problem}};
        return {r.line, std::move(problem), csv_ && !stopped_ ? cluster_id(r, problem) : std::string()};
    }
    if (csv_) {
        auto item = read_row(header_, r, source_, typing_);
        item.cluster_id = cluster_id(r, item.read);
        return item;
    }
    auto read = read_assessment(r.text, source_);
    // Each document is read as if alone; its line in the corpus is this one.
    if (!read.ok())
        for (auto& d : read.diagnostics()) d.line = r.line;
    auto id = cluster_id(r, read);
    return {r.line, std::move(read), std::move(id)};
}

void read_corpus(std::istream& in, const std::string& source, bool csv, const csv_typing& typing,
                 const std::function<void(corpus_item)>& f)
{
    corpus_reader reader(in, source, csv, typing);
    corpus_reader::record r;
    while (reader.next(r)) f(reader.read(r));
}

}  // namespace hallmark
