// SPDX-License-Identifier: Apache-2.0
// Arbitrary bytes as a corpus (CSV or JSON Lines, as batch, diff --corpus and portfolios
// read them). The first byte chooses the format and the CSV delimiter. Checked: splitting
// never crashes or loops; lines only go forward; every problem says what and where; and
// rows in equal records out, counted independently of the scanner where that is simple
// (JSON Lines always; CSV when the input has no quote and no lone carriage return).
#include "fuzz_support.hpp"

#include <hallmark/corpus.hpp>

#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string_view>

namespace {

using namespace hallmark;
using fuzz_support::require;

std::vector<std::string_view> lines_of(std::string_view text)
{
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    std::vector<std::string_view> out;
    for (std::size_t start = 0; start <= text.size();) {
        const auto end = text.find('\n', start);
        auto line = text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (end == std::string_view::npos) {
            if (!line.empty()) out.push_back(line);
            break;
        }
        out.push_back(line);
        start = end + 1;
    }
    return out;
}

// JSON Lines: a record for every line with something other than blanks.
std::size_t expected_jsonl_records(std::string_view text)
{
    std::size_t n = 0;
    for (auto line : lines_of(text)) n += line.find_first_not_of(" \t\r") != std::string_view::npos;
    return n;
}

// CSV without quotes: the header, then a record for every non-empty line after it.
std::size_t expected_csv_records(std::string_view text)
{
    const auto lines = lines_of(text);
    std::size_t n = lines.empty() ? 0 : 1;
    for (std::size_t i = 1; i < lines.size(); ++i) n += !lines[i].empty();
    return n;
}

bool lone_carriage_return(std::string_view text)
{
    for (std::size_t i = 0; i < text.size(); ++i)
        if (text[i] == '\r' && (i + 1 == text.size() || text[i + 1] != '\n')) return true;
    return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    if (size == 0) return 0;
    const bool csv = (data[0] & 1) != 0;
    static constexpr char delimiters[] = {0, ',', ';', '\t'};
    csv_typing typing{[](const std::string& name) { return name.size() % 2 == 0; }, delimiters[(data[0] >> 1) & 3]};
    const std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
    std::istringstream in(text);
    corpus_reader reader(in, "fuzz.csv", csv, typing);
    corpus_reader::record r;
    std::size_t records = 0, last_line = 0;
    bool header_problem = false;
    while (reader.next(r)) {
        require(r.line > last_line, "records go forward line by line");
        last_line = r.line;
        if (records == 0 && r.problem.rfind("the CSV header", 0) == 0) header_problem = true;
        ++records;
        const auto item = reader.read(r);
        require(item.line == r.line, "a read record keeps its line");
        if (!item.read.ok()) {
            require(!item.read.diagnostics().empty(), "a rejected record says why");
            // A CSV row's problems found after splitting name its line and column 0 (the
            // whole row) until cells carry their columns (issue 22, item 7).
            for (const auto& d : item.read.diagnostics()) {
                require(!d.message.empty() && d.line >= r.line, "a record's problem says what and where");
                (void)render(d);
            }
        } else {
            require(r.problem.empty(), "a record with a problem is not an assessment");
        }
    }
    if (!csv) require(records == expected_jsonl_records(text), "one record per non-blank line");
    // A CSV header that cannot be used stops the reading (one problem, named).
    else if (text.find('"') == std::string::npos && !lone_carriage_return(text) && !header_problem)
        require(records + 1 == expected_csv_records(text) || (records == 0 && expected_csv_records(text) <= 1),
                "one record per non-empty CSV line after the header");
    return 0;
}
