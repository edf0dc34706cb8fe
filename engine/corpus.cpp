// Corpora of assessments: JSON Lines as they are, CSV rows turned into the same JSON
// documents so both go through one reader and one set of checks.
#include <hallmark/corpus.hpp>

#include "engine/json_text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <istream>

namespace hallmark {
namespace {

// One CSV record; a quoted field may span lines, so `line` counts them.
bool next_record(std::istream& in, std::size_t& line, std::vector<std::string>& fields)
{
    fields.clear();
    std::string text, part;
    if (!std::getline(in, text)) return false;
    ++line;
    // An odd number of quotes so far means a quoted field continues on the next line.
    while (std::count(text.begin(), text.end(), '"') % 2 == 1 && std::getline(in, part)) {
        text += "\n" + part;
        ++line;
    }
    if (!text.empty() && text.back() == '\r') text.pop_back();
    std::string field;
    bool quoted = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') field += '"', ++i;
            else if (c == '"') quoted = false;
            else field += c;
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            fields.push_back(std::move(field));
            field.clear();
        } else {
            field += c;
        }
    }
    fields.push_back(std::move(field));
    return true;
}

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
    if (auto* problems = std::get_if<std::vector<diagnostic>>(&read))
        for (auto& d : *problems) d.line = line, d.column = 0;
    else {
        // The same for problems found later, when the values are typed against rules.
        auto& a = std::get<assessment>(read);
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

corpus_reader::corpus_reader(std::istream& in, std::string source, bool csv, csv_typing typing)
    : in_(in), source_(std::move(source)), csv_(csv), typing_(std::move(typing))
{}

bool corpus_reader::next(record& r)
{
    r.text.clear();
    r.cells.clear();
    r.problem.clear();
    if (stopped_) return false;
    if (!csv_) {
        while (std::getline(in_, r.text)) {
            r.line = ++line_;
            if (r.text.find_first_not_of(" \t\r") != std::string::npos) return true;
        }
        return false;
    }
    if (!started_) {
        started_ = true;
        if (!next_record(in_, line_, header_)) return false;
        if (std::find(header_.begin(), header_.end(), "assessed_on") == header_.end()) {
            stopped_ = true;
            r.line = 1;
            r.problem = "the CSV header has no 'assessed_on' column";
            return true;
        }
    }
    for (r.line = line_ + 1; next_record(in_, line_, r.cells); r.line = line_ + 1)
        if (!(r.cells.size() == 1 && r.cells[0].empty())) return true;
    return false;
}

corpus_item corpus_reader::read(const record& r) const
{
    if (!r.problem.empty()) return {r.line, std::vector<diagnostic>{{severity::error, source_, r.line, 0, r.problem}}};
    if (csv_) return read_row(header_, r.cells, source_, r.line, typing_);
    auto read = read_assessment(r.text, source_);
    // Each document is read as if alone; its line in the corpus is this one.
    if (auto* problems = std::get_if<std::vector<diagnostic>>(&read))
        for (auto& d : *problems) d.line = r.line;
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
