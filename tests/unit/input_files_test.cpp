// SPDX-License-Identifier: Apache-2.0
// Every input file is read by one function: directories, devices and FIFOs are refused
// with a reason and exit 2 (never a hang, a crash or an empty success), sizes are
// checked while reading, and `-` is standard input wherever a file is read.
#include "test_support.hpp"

#include <hallmark/input_file.hpp>

#include <hallmark/limits.hpp>

#include <boost/test/unit_test.hpp>

#include <sys/stat.h>

#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;
using hallmark::open_input_stream;
using hallmark::read_input_file;
using test_support::run;
using test_support::source_path;

namespace {

struct scratch : test_support::scratch_dir {
    scratch() : scratch_dir("input-test")
    {
        fs::create_directories(dir / "sub");
        ::mkfifo(path("fifo").c_str(), 0600);
    }
};

const std::string cli = HALLMARK_CLI;
const std::string rules = source_path("examples/quickstart/labels.rules");
const std::string cluster = source_path("examples/quickstart/cluster.json");
const std::string peers = source_path("examples/portfolio/peers.jsonl");

}  // namespace

BOOST_AUTO_TEST_SUITE(input_files)

BOOST_AUTO_TEST_CASE(what_is_not_a_regular_file_is_refused_with_a_reason)
{
    scratch s;
    BOOST_TEST(read_input_file(s.path("sub")).reason == "is a directory");
    BOOST_TEST(read_input_file("/dev/zero").reason == "not a regular file");
    BOOST_TEST(read_input_file(s.path("fifo")).reason == "not a regular file");  // at once, no writer needed
    BOOST_TEST(read_input_file(s.path("missing")).reason == "No such file or directory");
    BOOST_TEST(read_input_file(s.path("sub")).message(s.path("sub")) == s.path("sub") + ": is a directory");
    BOOST_TEST(open_input_stream(s.path("sub")).reason == "is a directory");
    BOOST_TEST(open_input_stream("/dev/zero").reason == "not a regular file");
    BOOST_TEST(open_input_stream(rules).stream != nullptr);
    BOOST_TEST(open_input_stream("-").stream != nullptr);
}

BOOST_AUTO_TEST_CASE(the_size_limit_is_checked_while_reading)
{
    scratch s;
    std::ofstream(s.path("ten"), std::ios::binary) << std::string(10, 'x');
    BOOST_TEST(read_input_file(s.path("ten"), 10).text.value_or("") == std::string(10, 'x'));
    const auto past = read_input_file(s.path("ten"), 9);
    BOOST_TEST(!past.text.has_value());
    BOOST_TEST(past.reason == "larger than the limit of 9 bytes");
    // Standard input of unbounded size stops one past the limit.
    std::string out;
    BOOST_TEST(run(cli + " check - < /dev/zero", out) == 2);
    BOOST_TEST(out.find("<stdin>: error: cannot read the file: larger than the limit of 8388608 bytes") !=
                   std::string::npos,
               out);
}

BOOST_AUTO_TEST_CASE(every_command_refuses_a_directory_a_device_and_a_fifo_with_exit_2)
{
    scratch s;
    const auto dir = s.path("sub"), fifo = s.path("fifo"), out_file = s.path("o.jsonl");
    std::string out;
    for (const auto& bad : {dir, std::string("/dev/zero"), fifo}) {
        BOOST_TEST(run("timeout 20 " + cli + " check " + bad, out) == 2, bad << out);
        BOOST_TEST(out.find(bad + ": error: cannot read the file: ") != std::string::npos, out);
        BOOST_TEST(run("timeout 20 " + cli + " fmt " + bad, out) == 2, bad << out);
        BOOST_TEST(run("timeout 20 " + cli + " eval --rules " + rules + " " + bad, out) == 2, bad << out);
        BOOST_TEST(run("timeout 20 " + cli + " eval --rules " + bad + " " + cluster, out) == 2, bad << out);
    }
    for (const auto& bad : {dir, std::string("/dev/zero")}) {
        BOOST_TEST(run(cli + " batch --rules " + rules + " " + bad + " --out " + out_file, out) == 2, bad << out);
        BOOST_TEST(!fs::exists(out_file));
        BOOST_TEST(run(cli + " diff " + rules + " " + rules + " --corpus " + bad, out) == 2, bad << out);
        BOOST_TEST(run(cli + " eval --rules " + rules + " --format md --portfolio " + bad + " " + cluster, out) == 2,
                   bad << out);
        BOOST_TEST(run(cli + " log import " + bad + " " + s.path("new.db"), out) == 2, bad << out);
        BOOST_TEST(!fs::exists(s.path("new.db")));
    }
    BOOST_TEST(run(cli + " batch --rules " + rules + " " + dir, out) == 2);
    BOOST_TEST(out == "error: cannot read '" + dir + "': is a directory\n", out);
}

BOOST_AUTO_TEST_CASE(dash_is_standard_input_wherever_a_file_is_read)
{
    std::string out, direct;
    BOOST_TEST(run(cli + " eval --rules " + rules + " --format json - < " + cluster, out) == 0, out);
    BOOST_TEST(run(cli + " eval --rules " + rules + " --format json " + cluster, direct) == 0, direct);
    BOOST_TEST(out == direct);
    BOOST_TEST(run(cli + " check - < " + rules, out) == 0, out);
    BOOST_TEST(out.find("<stdin>: ok (") != std::string::npos, out);
    BOOST_TEST(run(cli + " check - < /dev/null", out) == 1, out);
    BOOST_TEST(out.find("<stdin>:") != std::string::npos, out);
    BOOST_TEST(run(cli + " fmt " + rules, direct) == 0, direct);
    BOOST_TEST(run(cli + " fmt - < " + rules, out) == 0, out);
    BOOST_TEST(out == direct);
    BOOST_TEST(run(cli + " fmt --check - < " + rules, out) == 0, out);
    BOOST_TEST(run(cli + " batch --rules " + source_path("rules/ecei/2020.rules") + " " + peers, direct) == 0);
    BOOST_TEST(run(cli + " batch --rules " + source_path("rules/ecei/2020.rules") + " - < " + peers, out) == 0);
    BOOST_TEST(out == direct);
    BOOST_TEST(run(cli + " fmt -w - < " + rules, out) == 2);
    BOOST_TEST(out.find("standard input (-) has no file to rewrite") != std::string::npos, out);
}

BOOST_AUTO_TEST_SUITE_END()
