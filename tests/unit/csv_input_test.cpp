// SPDX-License-Identifier: Apache-2.0
// CSV corpora as RFC 4180 and spreadsheets write them: quoting, a byte-order mark, CRLF,
// `;` as the delimiter; bad quotes cost one row each, and every row in has a line out.
#include "test_support.hpp"

#include <hallmark/corpus.hpp>

#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;
using test_support::run;

namespace {

struct scratch : test_support::scratch_dir {
    scratch() : scratch_dir("csv-test")
    {
        write("r.rules", "methodology \"CSV\" version \"1\"\nindicator members : count\n"
                         "criterion A group all\n  requires members >= 10\n"
                         "label gold\n  requires all(all)\n  valid 1 year\n");
    }
};

const std::string cli = HALLMARK_CLI;

struct outcome {
    int status = 0;
    std::string messages;
    std::size_t decisions = 0, errors = 0;
    std::vector<std::string> lines;
};

// Runs batch on `input` and counts what came out.
outcome batch(const scratch& s, const std::string& input, const std::string& options = "")
{
    outcome o;
    const auto out = s.path("out.jsonl");
    fs::remove(out);
    o.status =
        run(cli + " batch --rules " + s.path("r.rules") + " " + options + " " + input + " --out " + out, o.messages);
    std::ifstream in(out);
    for (std::string l; std::getline(in, l);) {
        o.lines.push_back(l);
        (l.rfind("{\"line\":", 0) == 0 ? o.errors : o.decisions) += 1;
    }
    return o;
}

std::vector<hallmark::corpus_reader::record> records(const std::string& text, char delimiter = 0)
{
    std::istringstream in(text);
    hallmark::corpus_reader reader(in, "t.csv", true, {{}, delimiter});
    std::vector<hallmark::corpus_reader::record> out;
    for (hallmark::corpus_reader::record r; reader.next(r);) out.push_back(r);
    return out;
}

const std::string header = "cluster_id,assessed_on,members\n";

}  // namespace

BOOST_AUTO_TEST_SUITE(csv_input)

// The invariant: rows in = decisions + errors out, whatever the quotes.
BOOST_AUTO_TEST_CASE(rows_in_equal_decisions_plus_errors_with_bad_quotes)
{
    scratch s;
    const std::vector<std::string> bodies = {
        "A,2026-01-15,12\n\"Acme,2026-01-15,12\nC,2026-01-15,5\n",   // a quote that never closes
        "A,2026-01-15,12\nAc\"me,2026-01-15,12\nC,2026-01-15,5\n",   // a quote inside a field
        "\"A,2026-01-15,12\n\"B\",2026-01-15,12\nC,2026-01-15,5\n",  // closes on the next row
        "\"A\"x,2026-01-15,12\nB,2026-01-15,12\n\"C,2026-01-15,5",   // after a closing quote; last row open
        "A,2026-01-15,12\n\"\n\"x,1\nE,2026-01-15,5\n",              // lone quotes
    };
    for (const auto& body : bodies) {
        const auto rows =
            static_cast<std::size_t>(std::count(body.begin(), body.end(), '\n')) + (body.back() == '\n' ? 0 : 1);
        const auto got = batch(s, s.write("bad.csv", header + body));
        BOOST_TEST(got.status == 2, body << got.messages);
        BOOST_TEST(got.decisions + got.errors == rows, body << got.messages);
        BOOST_TEST(got.errors >= 1u, body);
    }
}

BOOST_AUTO_TEST_CASE(a_bad_quote_is_named_by_line_and_column)
{
    scratch s;
    auto got = batch(s, s.write("a.csv", header + "\"Acme,2026-01-15,12\nB,2026-01-15,5\n"));
    BOOST_TEST(got.messages.find("a.csv:2:1: error: line 2, column 1: this quote opens a field that is never closed") !=
                   std::string::npos,
               got.messages);
    BOOST_TEST_REQUIRE(got.lines.size() == 2u);
    BOOST_TEST(got.lines[0].rfind("{\"line\":2,\"errors\":[\"line 2, column 1: this quote", 0) == 0u, got.lines[0]);
    BOOST_TEST(got.lines[1].find("\"cluster\":{\"id\":\"B\"}") != std::string::npos, got.lines[1]);

    got = batch(s, s.write("b.csv", header + "Ac\"me,2026-01-15,12\n"));
    BOOST_TEST(got.messages.find("b.csv:2:3: error: line 2, column 3: a quote inside an unquoted field") !=
                   std::string::npos,
               got.messages);
    got = batch(s, s.write("c.csv", header + "\"A,1\n\"B\",2026-01-15,12\n"));
    BOOST_TEST(got.messages.find("line 3, column 2: 'B' follows the closing quote of the field opened at line 2, "
                                 "column 1") != std::string::npos,
               got.messages);
}

BOOST_AUTO_TEST_CASE(an_unterminated_quote_in_40k_lines_is_one_error)
{
    scratch s;
    std::string text = header + "\"Acme,2026-01-15,12\n";
    for (int i = 0; i < 40000; ++i) text += "B" + std::to_string(i) + ",2026-01-15,5\n";
    const auto got = batch(s, s.write("big.csv", text));
    BOOST_TEST(got.status == 2);
    BOOST_TEST(got.errors == 1u);
    BOOST_TEST(got.decisions == 40000u);
    BOOST_TEST(got.messages.find("big.csv:2:1: error: line 2, column 1: this quote opens a field") !=
               std::string::npos);
}

BOOST_AUTO_TEST_CASE(quoted_fields_hold_delimiters_quotes_and_line_ends)
{
    const auto rs = records(header + "\"A,1\",2026-01-15,\"1\"\"2\"\n\"two\nlines\",2026-01-15,\"\"\nlast,x,y");
    BOOST_TEST_REQUIRE(rs.size() == 3u);
    BOOST_TEST(rs[0].line == 2u);
    BOOST_TEST((rs[0].cells == std::vector<std::string>{"A,1", "2026-01-15", "1\"2"}));
    BOOST_TEST(rs[1].line == 3u);
    BOOST_TEST((rs[1].cells == std::vector<std::string>{"two\nlines", "2026-01-15", ""}));
    BOOST_TEST(rs[2].line == 5u);
    BOOST_TEST(rs[2].problem.empty());
    // Where each field starts, then where the row ends (issue 22: errors name a column).
    using at = std::vector<std::pair<std::size_t, std::size_t>>;
    BOOST_TEST((rs[0].starts == at{{2, 1}, {2, 7}, {2, 18}, {2, 24}}));
    BOOST_TEST((rs[1].starts == at{{3, 1}, {4, 8}, {4, 19}, {4, 21}}));
    BOOST_TEST((rs[2].starts == at{{5, 1}, {5, 6}, {5, 8}, {5, 9}}));
}

BOOST_AUTO_TEST_CASE(what_spreadsheets_write_bom_crlf_and_semicolons)
{
    const auto rs = records("\xEF\xBB\xBF"
                            "cluster_id;assessed_on;members\r\n\"A;1\";2026-01-15;1,5\r\n\r\nB;x;\r\n");
    BOOST_TEST_REQUIRE(rs.size() == 2u);
    BOOST_TEST(rs[0].problem.empty(), rs[0].problem);
    BOOST_TEST((rs[0].cells == std::vector<std::string>{"A;1", "2026-01-15", "1,5"}));
    BOOST_TEST(rs[1].line == 4u);
    BOOST_TEST((rs[1].cells == std::vector<std::string>{"B", "x", ""}));
    // Columns count from the line's first byte after the byte-order mark; CRLF ends the row.
    using at = std::vector<std::pair<std::size_t, std::size_t>>;
    BOOST_TEST((rs[0].starts == at{{2, 1}, {2, 7}, {2, 18}, {2, 21}}));
    BOOST_TEST((rs[1].starts == at{{4, 1}, {4, 3}, {4, 5}, {4, 5}}));

    // Given outright, the delimiter is not guessed: this header has a single column.
    const auto given = records("cluster_id;assessed_on\nA;2026-01-15\n", ',');
    BOOST_TEST_REQUIRE(given.size() == 1u);
    BOOST_TEST(given[0].problem == "the CSV header has no 'assessed_on' column");

    scratch s;
    const auto file = s.write("excel.csv", "\xEF\xBB\xBF"
                                           "cluster_id;assessed_on;members\r\nA;2026-01-15;12\r\n");
    auto got = batch(s, file);
    BOOST_TEST(got.status == 0, got.messages);
    BOOST_TEST(got.decisions == 1u);
    got = batch(s, file, "--csv-delimiter ,");
    BOOST_TEST(got.status == 2);
    BOOST_TEST(got.messages.find("has no 'assessed_on' column") != std::string::npos, got.messages);
    got = batch(s, file, "--csv-delimiter ';'");
    BOOST_TEST(got.status == 0, got.messages);
}

BOOST_AUTO_TEST_CASE(the_delimiter_option_serves_diff_and_portfolio)
{
    scratch s;
    const auto file = s.write("peers.csv", "cluster_id,assessed_on,members\nA,2026-01-15,12\n");
    const auto input = s.write("one.json", R"({"assessed_on": "2026-01-15", "indicators": {"members": 12}})");
    std::string out;
    BOOST_TEST(run(cli + " diff " + s.path("r.rules") + " " + s.path("r.rules") + " --corpus " + file, out) == 0, out);
    BOOST_TEST(
        run(cli + " diff " + s.path("r.rules") + " " + s.path("r.rules") + " --corpus " + file + " --csv-delimiter ';'",
            out) == 2);
    BOOST_TEST(out.find("has no 'assessed_on' column") != std::string::npos, out);
    BOOST_TEST(run(cli + " eval --rules " + s.path("r.rules") + " --format md --portfolio " + file +
                       " --csv-delimiter ';' " + input,
                   out) == 2);
    BOOST_TEST(out.find("has no 'assessed_on' column") != std::string::npos, out);
    BOOST_TEST(run(cli + " batch --rules " + s.path("r.rules") + " --csv-delimiter '|' " + file, out) == 2);
}

BOOST_AUTO_TEST_SUITE_END()
