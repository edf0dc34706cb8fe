// SPDX-License-Identifier: Apache-2.0
// Output files (`fmt -w`, `--out` of eval, batch and log export) replace their target
// whole, keep its permissions, and write through a symlink instead of replacing it.
#include "test_support.hpp"

#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;
using test_support::run;
using test_support::slurp;
using test_support::source_path;

namespace {

struct scratch : test_support::scratch_dir {
    scratch() : scratch_dir("output-test") {}
};

const std::string cli = HALLMARK_CLI;
const std::string rules = source_path("examples/quickstart/labels.rules");
const std::string cluster = source_path("examples/quickstart/cluster.json");

// A target with unusual permissions, reached through a symlink.
fs::path linked_target(const scratch& s, const std::string& name)
{
    const fs::path target = s.path(name + ".real");
    std::ofstream(target) << "old\n";
    fs::permissions(target, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);
    fs::create_symlink(target.filename(), s.path(name));
    return target;
}

void check_written_through(const scratch& s, const std::string& name, const std::string& expected_start)
{
    const fs::path link = s.path(name), target = s.path(name + ".real");
    BOOST_TEST(fs::is_symlink(fs::symlink_status(link)), name);
    BOOST_TEST(slurp(target).rfind(expected_start, 0) == 0u, name << ": " << slurp(target).substr(0, 80));
    const auto mode = static_cast<unsigned>(fs::status(target).permissions() & fs::perms::all);
    BOOST_TEST(mode == 0640u, name);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(output_files)

BOOST_AUTO_TEST_CASE(out_keeps_permissions_and_writes_through_symlinks)
{
    scratch s;
    std::string out;
    linked_target(s, "decision.json");
    BOOST_TEST(run(cli + " eval --rules " + rules + " --format json --out " + s.path("decision.json") + " " + cluster,
                   out) == 0,
               out);
    check_written_through(s, "decision.json", "{");

    linked_target(s, "batch.jsonl");
    BOOST_TEST(run(cli + " batch --rules " + source_path("rules/ecei/2020.rules") + " " +
                       source_path("examples/portfolio/peers.jsonl") + " --out " + s.path("batch.jsonl"),
                   out) == 0,
               out);
    check_written_through(s, "batch.jsonl", "{\"engine\"");

    const auto log = s.path("d.db");
    BOOST_TEST(run(cli + " eval --rules " + rules + " --record " + log + " " + cluster, out) == 0, out);
    linked_target(s, "export.jsonl");
    BOOST_TEST(run(cli + " log export " + log + " --out " + s.path("export.jsonl"), out) == 0, out);
    check_written_through(s, "export.jsonl", "{");
}

BOOST_AUTO_TEST_CASE(fmt_write_keeps_permissions_and_writes_through_symlinks)
{
    scratch s;
    const auto target = linked_target(s, "r.rules");
    std::ofstream(target) << "methodology \"A\" version \"1\"\nindicator   x : count\n";
    std::string out;
    BOOST_TEST(run(cli + " fmt -w " + s.path("r.rules"), out) == 0, out);
    check_written_through(s, "r.rules", "methodology \"A\" version \"1\"\n\nindicator x : count\n");
}

BOOST_AUTO_TEST_CASE(a_target_that_is_not_a_regular_file_is_refused)
{
    scratch s;
    fs::create_directories(s.path("dir"));
    std::string out;
    BOOST_TEST(run(cli + " eval --rules " + rules + " --out " + s.path("dir") + " " + cluster, out) == 2, out);
    BOOST_TEST(fs::is_directory(s.path("dir")));
}

BOOST_AUTO_TEST_SUITE_END()
