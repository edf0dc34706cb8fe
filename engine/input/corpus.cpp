// SPDX-License-Identifier: Apache-2.0
// Corpora of assessments: JSON Lines as they are, CSV rows turned into the same JSON
// documents so both go through one reader and one set of checks.
#include <hallmark/corpus.hpp>

#include "engine/input/record_scanner.hpp"
#include "engine/values/json_text.hpp"

#include <hallmark/limits.hpp>

#include <fmt/format.h>

#include <algorithm>

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

// The row as the JSON document the input contract describes.
std::string row_document(const std::vector<std::string>& header, const std::vector<std::string>& row,
                         const csv_typing& typing)
{
    std::string out;
    json_writer w(out);
    w.begin_object().key("cluster").begin_object();
    for (std::size_t c = 0; c < header.size(); ++c)
        if (is_cluster_column(header[c]) && !row[c].empty())
            w.key(header[c] == "cluster_id" ? "id" : header[c]).string(row[c]);
    w.end_object();
    for (std::size_t c = 0; c < header.size(); ++c)
        if (header[c] == "assessed_on") w.key("assessed_on").string(row[c]);
    w.key("indicators").begin_object();
    for (std::size_t c = 0; c < header.size(); ++c) {
        if (is_cluster_column(header[c]) || header[c] == "assessed_on" || row[c].empty()) continue;
        w.key(header[c]);
        cell_value(w, row[c], typing.is_set && typing.is_set(header[c]));
    }
    w.end_object().end_object();
    return out;
}

corpus_item read_row(const std::vector<std::string>& header, const std::vector<std::string>& row,
                     const std::string& source, std::size_t line, const csv_typing& typing)
{
    if (row.size() != header.size())
        return {line, std::vector<diagnostic>{
                          {severity::error, source, line, 0,
                           fmt::format("the row has {} fields, the header {}", row.size(), header.size())}}};
    auto read = read_assessment(row_document(header, row, typing), source);
    // Positions in the made-up document mean nothing to the reader of the CSV file.
    if (!read.ok())
        for (auto& d : read.diagnostics()) d.line = line, d.column = 0;
    else {
        // The same for problems found later, when the values are typed against rules.
        auto& a = read.value();
        a.source = source;
        for (auto& [id, raw] : a.indicators) raw.line = line, raw.column = 0;
        for (auto& h : a.history) h.line = line, h.column = 0;
    }
    return {line, std::move(read)};
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

bool corpus_reader::next_csv(record& r)
{
    engine::record_problem p;
    if (!started_) {
        started_ = true;
        if (typing_.delimiter == 0) typing_.delimiter = scanner_->detect_delimiter();
        if (!scanner_->next_csv(typing_.delimiter, r.line, header_, p)) return false;
        // Nothing after a header that cannot be read could be read right.
        stopped_ = p.line != 0 || std::find(header_.begin(), header_.end(), "assessed_on") == header_.end();
        if (stopped_) {
            set_problem(r, p);
            r.problem = p.line != 0 ? "the CSV header: " + p.message : "the CSV header has no 'assessed_on' column";
            return true;
        }
    }
    while (scanner_->next_csv(typing_.delimiter, r.line, r.cells, p)) {
        if (p.line != 0) set_problem(r, p);
        if (p.line != 0 || !(r.cells.size() == 1 && r.cells[0].empty())) return true;
    }
    return false;
}

corpus_item corpus_reader::read(const record& r) const
{
    if (!r.problem.empty())
        return {r.line, std::vector<diagnostic>{{severity::error, source_, r.problem_line ? r.problem_line : r.line,
                                                 r.problem_column, r.problem}}};
    if (csv_) return read_row(header_, r.cells, source_, r.line, typing_);
    auto read = read_assessment(r.text, source_);
    // Each document is read as if alone; its line in the corpus is this one.
    if (!read.ok())
        for (auto& d : read.diagnostics()) d.line = r.line;
    return {r.line, std::move(read)};
}

void read_corpus(std::istream& in, const std::string& source, bool csv, const csv_typing& typing,
                 const std::function<void(corpus_item)>& f)
{
    corpus_reader reader(in, source, csv, typing);
    corpus_reader::record r;
    while (reader.next(r)) f(reader.read(r));
}

}  // namespace hallmark
