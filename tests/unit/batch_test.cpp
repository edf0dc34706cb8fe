// SPDX-License-Identifier: Apache-2.0
// hallmark batch: order, threads, CSV, bad rows, and output that is whole or absent.
#include "test_support.hpp"

#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;
using test_support::run;
using test_support::source_path;

namespace {

struct scratch {
    fs::path dir = fs::temp_directory_path() / ("hallmark-batch-test-" + std::to_string(::getpid()));
    scratch() { fs::create_directories(dir); }
    ~scratch() { fs::remove_all(dir); }
    std::string path(const std::string& name) const { return (dir / name).string(); }
};

const std::string cli = HALLMARK_CLI;
const std::string rules = source_path("rules/ecei/2020.rules");
const std::string peers = source_path("examples/portfolio/peers.jsonl");

std::vector<std::string> lines_of(const std::string& path)
{
    std::ifstream in(path);
    std::vector<std::string> out;
    for (std::string l; std::getline(in, l);) out.push_back(l);
    return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(batch)

BOOST_AUTO_TEST_CASE(one_decision_per_line_in_input_order_whatever_the_threads)
{
    scratch s;
    std::string out;
    BOOST_TEST(run(cli + " batch --rules " + rules + " " + peers + " --out " + s.path("one.jsonl"), out) == 0, out);
    BOOST_TEST(out.empty(), out);  // nothing extra when stderr is not a terminal
    BOOST_TEST(run(cli + " batch --rules " + rules + " " + peers + " --jobs 2 --out " + s.path("two.jsonl"), out) == 0,
               out);
    const auto one = lines_of(s.path("one.jsonl")), two = lines_of(s.path("two.jsonl")), in = lines_of(peers);
    BOOST_TEST_REQUIRE(one.size() == in.size());
    BOOST_TEST(one == two);
    // Line i is the decision for input line i, the same as `eval` gives.
    for (std::size_t i : {std::size_t{0}, std::size_t{299}, in.size() - 1}) {
        std::ofstream(s.path("single.json")) << in[i];
        BOOST_TEST(run(cli + " eval --rules " + rules + " " + s.path("single.json") + " --format json", out) == 0);
        const auto sha = out.substr(out.find("\"input_sha256\": \"") + 17, 64);
        BOOST_TEST(one[i].find(sha) != std::string::npos, i);
    }
}

BOOST_AUTO_TEST_CASE(csv_and_methodology_by_date)
{
    scratch s;
    std::string out;
    BOOST_TEST(run(cli + " batch --methodology ECEI --rules-dir " + source_path("rules") + " " +
                       source_path("examples/portfolio/peers.csv") + " --out " + s.path("csv.jsonl"),
                   out) == 0,
               out);
    const auto got = lines_of(s.path("csv.jsonl"));
    BOOST_TEST(got.size() == 600u);
    BOOST_TEST(got[0].find("\"version\":\"2020\"") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(bad_rows_are_named_and_keep_their_place)
{
    scratch s;
    const auto in = lines_of(peers);
    {
        std::ofstream f(s.path("mixed.jsonl"));
        f << in[0] << "\n{\"cluster\": {}}\n" << in[1] << "\n";
        f << R"({"cluster": {}, "assessed_on": "2024-01-01", "indicators": {"staff": "many"}})"
          << "\n";
    }
    std::string out;
    BOOST_TEST(
        run(cli + " batch --rules " + rules + " " + s.path("mixed.jsonl") + " --jobs 2 --out " + s.path("out.jsonl"),
            out) == 2,
        out);
    BOOST_TEST(out.find("mixed.jsonl:2:") != std::string::npos, out);
    BOOST_TEST(out.find("mixed.jsonl:4:") != std::string::npos, out);
    BOOST_TEST(out.find("indicators.staff") != std::string::npos, out);
    const auto got = lines_of(s.path("out.jsonl"));
    BOOST_TEST_REQUIRE(got.size() == 4u);
    BOOST_TEST(got[0].rfind("{\"engine\"", 0) == 0u);
    BOOST_TEST(got[1].rfind("{\"line\":2,\"errors\":[", 0) == 0u, got[1]);
    BOOST_TEST(got[2].rfind("{\"engine\"", 0) == 0u);
    BOOST_TEST(got[3].rfind("{\"line\":4,\"errors\":[\"indicators.staff", 0) == 0u, got[3]);
}

BOOST_AUTO_TEST_CASE(a_killed_run_leaves_no_output_file)
{
    scratch s;
    // The input is a pipe that stays open: the run is killed while it waits for more.
    const std::string fifo = s.path("in.jsonl"), target = s.path("out.jsonl");
    std::string out;
    // mkfifo runs before anything is put in the background: `mkfifo && writer &` would
    // background both, and batch could look for the pipe before it exists.
    BOOST_TEST(run("mkfifo " + fifo + " || exit 3; (head -50 " + peers + "; exec sleep 20) > " + fifo +
                       " & writer=$!; " + cli + " batch --rules " + rules + " " + fifo + " --out " + target +
                       " & pid=$!; sleep 1; kill -9 $pid; wait $pid; echo status $?; kill $writer",
                   out) == 0,
               out);
    BOOST_TEST(out.find("status 137") != std::string::npos, out);
    for (const auto& e : fs::directory_iterator(s.dir))
        BOOST_TEST(e.path().filename().string().rfind("out.jsonl", 0) != 0u, e.path());
}

// `--out -` is standard output; a pipe or device (here /dev/stdout, a pipe) is written as
// a stream, byte for byte what standard output gets; a directory is refused.
BOOST_AUTO_TEST_CASE(out_to_standard_output_a_device_or_a_directory)
{
    scratch s;
    const std::string cmd = cli + " batch --rules " + rules + " " + peers;
    std::string plain, dash, device, piped, out;
    BOOST_TEST(run("(" + cmd + " 2>/dev/null)", plain) == 0);
    BOOST_TEST(plain.size() > 1000U);
    BOOST_TEST(run("(" + cmd + " --out - 2>/dev/null)", dash) == 0);
    BOOST_TEST(dash == plain);
    BOOST_TEST(run("(" + cmd + " --out /dev/stdout 2>/dev/null)", device) == 0);
    BOOST_TEST(device == plain);
    BOOST_TEST(run("(" + cmd + " --out /dev/stdout 2>/dev/null) | cat", piped) == 0);
    BOOST_TEST(piped == plain);
    // Standard output opened by the shell on a file to append to: appended, not replaced.
    const std::string appended = s.path("appended.jsonl");
    std::ofstream(appended) << "kept\n";
    BOOST_TEST(run("(" + cmd + " --out /dev/stdout 2>/dev/null) >> " + appended, out) == 0, out);
    std::ifstream in(appended);
    BOOST_TEST(std::string(std::istreambuf_iterator<char>(in), {}) == "kept\n" + plain);
    BOOST_TEST(run(cmd + " --out " + s.dir.string() + " 2>&1", out) == 2, out);
    BOOST_TEST(out.find("cannot write") != std::string::npos, out);
    BOOST_TEST(fs::is_directory(s.dir));
}

BOOST_AUTO_TEST_CASE(usage_errors)
{
    std::string out;
    BOOST_TEST(run(cli + " batch " + peers, out) == 2, out);
    BOOST_TEST(out.find("give either --rules FILE or --methodology") != std::string::npos, out);
    BOOST_TEST(run(cli + " batch --rules " + rules + " /nonexistent.jsonl", out) == 2, out);
    BOOST_TEST(run(cli + " batch --rules " + rules + " " + peers + " --out /nonexistent-dir/x.jsonl", out) == 2, out);
}

BOOST_AUTO_TEST_CASE(csv_problems_name_the_row_not_a_column_of_a_made_up_document)
{
    scratch s;
    std::ofstream(s.path("rules.rules")) << R"(methodology "CSV" version "1"
indicator members : count
criterion A group all
  requires members >= 10
label gold
  requires all(all)
  valid 1 year
)";
    std::ofstream(s.path("rows.csv")) << "cluster_id,assessed_on,members\nA,2026-01-15,12\nB,2026-01-15,abc\n";
    std::string out;
    BOOST_TEST(run(cli + " batch --rules " + s.path("rules.rules") + " " + s.path("rows.csv") + " --out " +
                       s.path("out.jsonl"),
                   out) == 2);
    // Problems found when typing the row against the rules point at its line and the
    // column where its cell starts (issue 22), and name the cluster.
    BOOST_TEST(out.find("rows.csv:3:14: error: cluster B: indicators.members: expected a whole number of 0 or more, "
                        "got \"abc\"") != std::string::npos,
               out);
    const auto got = lines_of(s.path("out.jsonl"));
    BOOST_TEST_REQUIRE(got.size() == 2U);
    BOOST_TEST(got[1].find("{\"line\":3,\"cluster_id\":\"B\",\"errors\":[\"indicators.members: ") == 0U, got[1]);
}

namespace {

const char* small_rules = R"(methodology "CSV" version "1"
indicator members : count
indicator staff : decimal unit FTE
criterion A group all
  requires members >= 10
label gold
  requires all(all)
  valid 1 year
)";

}  // namespace

// Issue 22: error rows name their cluster, also when the row could not be read; a quoted
// cell spanning lines is located where it starts.
BOOST_AUTO_TEST_CASE(error_rows_carry_the_cluster_id_and_the_column)
{
    scratch s;
    std::ofstream(s.path("r.rules")) << small_rules;
    std::ofstream(s.path("rows.csv")) << "cluster_id,assessed_on,members,staff\n"
                                         "A,2026-01-15,12,1\n"
                                         "B,2026-01-15,12\n"
                                         ",2026-01-15,12,x\n"
                                         "D,2026-01-15,\"1\n2\",1\n"
                                         "E,2026-01-15,12,1,5\n";
    std::string out;
    BOOST_TEST(
        run(cli + " batch --rules " + s.path("r.rules") + " " + s.path("rows.csv") + " --out " + s.path("out.jsonl"),
            out) == 2);
    BOOST_TEST(out.find("rows.csv:3:16: error: cluster B: the row has 3 fields, the header 4\n") != std::string::npos,
               out);
    BOOST_TEST(out.find("rows.csv:4:16: error: indicators.staff: ") != std::string::npos, out);
    BOOST_TEST(out.find("rows.csv:5:14: error: cluster D: indicators.members: ") != std::string::npos, out);
    BOOST_TEST(out.find("rows.csv:7:19: error: cluster E: the row has 5 fields, the header 4\n") != std::string::npos,
               out);
    BOOST_TEST(out.find(":0:") == std::string::npos, out);
    const auto got = lines_of(s.path("out.jsonl"));
    BOOST_TEST_REQUIRE(got.size() == 5U);
    BOOST_TEST(got[1] == R"({"line":3,"cluster_id":"B","errors":["the row has 3 fields, the header 4"]})");
    BOOST_TEST(got[2].find(R"({"line":4,"errors":)") == 0U, got[2]);

    std::ofstream(s.path("rows.jsonl")) << R"({"cluster": {"id": "J"}, "assessed_on": "2026-01-15", "oops": 1})"
                                        << "\n";
    BOOST_TEST(run(cli + " batch --rules " + s.path("r.rules") + " " + s.path("rows.jsonl"), out) == 2);
    BOOST_TEST(out.find(R"({"line":1,"cluster_id":"J","errors":[)") != std::string::npos, out);
}

BOOST_AUTO_TEST_CASE(a_misspelt_csv_header_is_reported_once)
{
    scratch s;
    std::ofstream(s.path("r.rules")) << small_rules;
    std::string rows = "cluster_id,assessed_on,membres,staff,staff\n";
    for (int i = 0; i < 50; ++i) rows += "C" + std::to_string(i) + ",2026-01-15,12,1,1\n";
    std::ofstream(s.path("rows.csv")) << rows;
    std::string out;
    BOOST_TEST(run(cli + " batch --rules " + s.path("r.rules") + " " + s.path("rows.csv") + " --out " +
                       s.path("out.jsonl") + " 2>&1",
                   out) == 2);
    BOOST_TEST(out == s.path("rows.csv") +
                          ":1:24: error: the CSV header: column 'membres' is not an indicator of the rules (did you "
                          "mean 'members'?); also column 'staff' is named twice (first at column 32)\n",
               out);
    BOOST_TEST(lines_of(s.path("out.jsonl")).size() == 1U);
}

BOOST_AUTO_TEST_CASE(the_summary_counts_labels_and_errors)
{
    scratch s;
    std::ofstream(s.path("r.rules")) << small_rules;
    std::ofstream(s.path("rows.csv")) << "cluster_id,assessed_on,members\nA,2026-01-15,12\nB,2026-01-15,3\n"
                                         "C,2026-01-15,x\nD,2026-01-15,\nE,2026-01-15,40\n";
    const std::string cmd = cli + " batch --rules " + s.path("r.rules") + " " + s.path("rows.csv") + " --summary";
    std::string out;
    BOOST_TEST(run(cmd + " --out " + s.path("out.jsonl"), out) == 2);
    BOOST_TEST(out.find("summary: 5 rows, 4 decided, 1 with errors\n  gold: 2\n  no label: 2\n  errors: 1 in 1 "
                        "row\n") != std::string::npos,
               out);
    BOOST_TEST(out.rfind("  errors: 1 in 1 row\n") == out.size() - 21, out);  // at the end
    BOOST_TEST(run(cmd + " --format json --out " + s.path("out.jsonl") + " 2>&1 >/dev/null | tail -1", out) == 0);
    BOOST_TEST(out == R"({"rows":5,"decided":4,"labels":{"gold":2,"no label":2},"error_rows":1,"errors":1})"
                      "\n",
               out);
    BOOST_TEST(run(cli + " batch --rules " + s.path("r.rules") + " " + s.path("rows.csv") + " 2>&1 >/dev/null", out) ==
               2);
    BOOST_TEST(out.find("summary") == std::string::npos, out);  // only when asked for
    // --format is the summary's: alone it would do nothing, so it is a usage error.
    BOOST_TEST(run(cli + " batch --rules " + s.path("r.rules") + " " + s.path("rows.csv") + " --format json", out) ==
               2);
    BOOST_TEST(out.find("--format requires --summary") != std::string::npos, out);
}

BOOST_AUTO_TEST_SUITE_END()
