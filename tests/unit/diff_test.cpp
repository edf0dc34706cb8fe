// SPDX-License-Identifier: Apache-2.0
// hallmark diff: declarations compared property by property across `extends`, and the
// decisions of a corpus (JSON Lines or CSV) under both versions.
#include "test_support.hpp"

#include <hallmark/corpus.hpp>
#include <hallmark/rule_diff.hpp>

#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

using namespace hallmark;
namespace fs = std::filesystem;

namespace {

const char* v1 = R"(methodology "DEMO" version "1"
  effective 2024-01-01
indicator staff : decimal unit FTE
indicator participants : count
indicator legacy : boolean
criterion E1 "Team" group baseline
  requires staff >= 0.5 FTE
  advice "Hire."
criterion E2 "Members" group baseline
  requires participants >= 15
  advice "Grow."
criterion L1 "Legacy" group baseline
  requires legacy
  advice "Keep it."
label bronze "Bronze"
  requires all(baseline)
  valid 2 years
)";

// A revision: E2 tightened, L1 and its indicator gone, a new indicator and criterion.
const char* v2 = R"(methodology "DEMO" version "2"
  extends "DEMO" version "1"
  effective 2025-01-01
remove criterion L1
remove indicator legacy
indicator members_share : percent
replace criterion E2 "Members" group baseline
  requires participants >= 30
  advice "Grow."
criterion E3 "Share" group baseline
  requires members_share >= 50%
  advice "Involve members."
replace label bronze "Bronze"
  requires all(baseline)
  valid 3 years
)";

struct files {
    fs::path dir = fs::temp_directory_path() / ("hallmark-diff-test-" + std::to_string(::getpid()));
    files()
    {
        fs::create_directories(dir);
        std::ofstream(dir / "v1.rules") << v1;
        std::ofstream(dir / "v2.rules") << v2;
    }
    ~files() { fs::remove_all(dir); }
    rule_set rules(const char* name) const
    {
        auto r = compile_file((dir / name).string());
        BOOST_TEST_REQUIRE(r.ok(), r.render());
        return *r;
    }
};

std::string line(const rule_change& c)
{
    return c.kind + " " + c.id + " " + c.change + " " + c.field + ": " + c.before + " -> " + c.after +
           (c.detail.empty() ? "" : " [" + c.detail + "]");
}

}  // namespace

BOOST_AUTO_TEST_SUITE(diff)

BOOST_AUTO_TEST_CASE(changes_are_found_through_extends)
{
    files f;
    std::vector<std::string> got;
    for (const auto& c : diff_rules(f.rules("v1.rules"), f.rules("v2.rules"))) got.push_back(line(c));
    const std::vector<std::string> want = {
        "methodology  changed version: 1 -> 2",
        "methodology  changed effective: 2024-01-01 -> 2025-01-01",
        "indicator members_share added :  -> type percent",
        "indicator legacy removed : type boolean -> ",
        "criterion E2 changed requires: participants >= 15 -> participants >= 30 [15 -> 30]",
        "criterion E3 added :  -> title Share; groups baseline; requires members_share >= 50%; advice Involve members.",
        "criterion L1 removed : title Legacy; groups baseline; requires legacy; advice Keep it. -> ",
        "label bronze changed valid: 2 years -> 3 years [2 -> 3]",
        "group baseline changed members: E1, E2, L1 -> E1, E2, E3 [+E3, -L1]",
    };
    BOOST_TEST(got == want, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_version_compared_with_itself_has_no_changes)
{
    files f;
    BOOST_TEST(diff_rules(f.rules("v2.rules"), f.rules("v2.rules")).empty());
}

// Issue 17: words are declared text, so changing them changes the label.
BOOST_AUTO_TEST_CASE(changed_words_change_the_label)
{
    files f;
    std::ofstream(f.dir / "w1.rules") << R"(methodology "DEMO" version "3"
  extends "DEMO" version "1"
replace label bronze "Bronze"
  requires all(baseline)
       and participants >= 20 "twenty members"
  valid 2 years
)";
    std::ofstream(f.dir / "w2.rules") << R"(methodology "DEMO" version "4"
  extends "DEMO" version "1"
replace label bronze "Bronze"
  requires all(baseline)
       and participants >= 20 "at least twenty members"
  valid 2 years
)";
    std::vector<std::string> got;
    for (const auto& c : diff_rules(f.rules("w1.rules"), f.rules("w2.rules")))
        if (c.kind == "label") got.push_back(line(c));
    BOOST_TEST_REQUIRE(got.size() == 1u);
    BOOST_TEST(got[0].rfind("label bronze changed words of participants >= 20: \"twenty members\" -> \"at least twenty "
                            "members\"",
                            0) == 0,
               got[0]);
}

BOOST_AUTO_TEST_CASE(corpus_decisions_under_both_versions)
{
    files f;
    // Line 1 keeps Bronze, line 2 loses it (E2), line 3 reports an indicator only v1
    // declares and one only v2 declares: each is ignored where undeclared.
    std::istringstream jsonl(
        R"({"cluster": {"id": "A"}, "assessed_on": "2025-03-01", "indicators": {"staff": "1", "participants": 40, "legacy": true, "members_share": 60}})"
        "\n"
        R"({"cluster": {"id": "B"}, "assessed_on": "2025-03-01", "indicators": {"staff": "1", "participants": 20, "legacy": true, "members_share": 60}})"
        "\n\n"
        R"({"cluster": {"id": "C"}, "assessed_on": "2025-03-01", "indicators": {"staff": "1", "participants": 40, "legacy": false, "members_share": 60}})"
        "\n");
    const auto d = diff_corpus(f.rules("v1.rules"), f.rules("v2.rules"), jsonl, "c.jsonl", false);
    BOOST_TEST(d.problems.empty());
    BOOST_TEST(d.assessments == 3u);
    BOOST_TEST(d.undeclared.empty());
    BOOST_TEST((d.transitions.at({"bronze", "bronze"}) == 1u));
    BOOST_TEST((d.transitions.at({"bronze", "no label"}) == 1u));
    BOOST_TEST((d.transitions.at({"no label", "bronze"}) == 1u));
    // A keeps its label: that L1 is gone and E3 is new is counted once, not as its change.
    BOOST_TEST_REQUIRE(d.changed.size() == 2u);
    BOOST_TEST(d.changed[0].line == 2u);
    BOOST_TEST(d.changed[0].cluster_id == "B");
    BOOST_TEST(d.changed[1].line == 4u);
    using change = std::pair<std::string, std::pair<std::string, std::string>>;
    BOOST_TEST((d.changed[0].criteria == std::vector<change>{{"E2", {"met", "not_met"}}}));
    BOOST_TEST(d.changed[1].criteria.empty());  // C gains bronze through L1's removal alone
    BOOST_TEST((d.changed[1].unmet_only_in_one == std::vector<change>{{"L1", {"removed", "not_met"}}}));
    BOOST_TEST(d.changed[0].unmet_only_in_one.empty());
    BOOST_TEST_REQUIRE(d.criteria_added.size() == 1u);
    BOOST_TEST(d.criteria_added[0].id == "E3");
    BOOST_TEST(d.criteria_added[0].met == 3u);
    BOOST_TEST_REQUIRE(d.criteria_removed.size() == 1u);
    BOOST_TEST(d.criteria_removed[0].id == "L1");
    BOOST_TEST(d.criteria_removed[0].met == 2u);
    BOOST_TEST(d.criteria_removed[0].not_met == 1u);
    BOOST_TEST(d.absent.empty());
    BOOST_TEST((d.labels_before == std::vector<std::string>{"bronze", "no label"}));
    BOOST_TEST((d.labels_after == std::vector<std::string>{"bronze", "no label"}));
}

// Issue 19: an indicator new in the revision is absent from every old assessment. The
// labels it leaves undecided are "not assessable", not label losses; --assume fills it.
BOOST_AUTO_TEST_CASE(a_new_indicator_absent_from_old_data_is_not_a_label_loss)
{
    files f;
    const auto v1r = f.rules("v1.rules"), v2r = f.rules("v2.rules");
    const std::string corpus = "cluster_id,assessed_on,staff,participants,legacy\n"
                               "A,2025-03-01,1,40,true\n"    // bronze; under v2 only members_share is missing
                               "B,2025-03-01,1,20,true\n"    // loses bronze through E2 whatever members_share is
                               "C,2025-03-01,0.2,40,true\n"  // no label under both: E1 not met
                               "D,2025-03-01,1,45,true\n";
    std::istringstream in(corpus);
    const auto d = diff_corpus(v1r, v2r, in, "c.csv", true);
    BOOST_TEST(d.problems.empty());
    BOOST_TEST(d.assessments == 4u);
    BOOST_TEST((d.transitions.at({"bronze", corpus_diff::not_assessable}) == 2u));
    BOOST_TEST((d.transitions.at({"bronze", "no label"}) == 1u));
    BOOST_TEST((d.transitions.at({"no label", "no label"}) == 1u));
    BOOST_TEST(d.absent.at("members_share") == 2u);
    BOOST_TEST(d.labels_after.back() == corpus_diff::not_assessable);
    BOOST_TEST_REQUIRE(d.criteria_added.size() == 1u);
    BOOST_TEST(d.criteria_added[0].not_assessable == 4u);
    BOOST_TEST_REQUIRE(d.changed.size() == 3u);
    BOOST_TEST((d.changed[0].absent == std::vector<std::string>{"members_share"}));
    BOOST_TEST(d.changed[1].absent.empty());

    auto assumed = parse_assumption("members_share=60", v1r, v2r);
    BOOST_TEST_REQUIRE(assumed.ok(), render_all(assumed.diagnostics()));
    std::istringstream again(corpus);
    const auto e = diff_corpus(v1r, v2r, again, "c.csv", corpus_diff_options{true, 0, {assumed.value()}});
    BOOST_TEST(e.absent.empty());
    BOOST_TEST((e.transitions.at({"bronze", "bronze"}) == 2u));
    BOOST_TEST((e.transitions.at({"bronze", "no label"}) == 1u));
    BOOST_TEST(e.criteria_added[0].met == 4u);
    BOOST_TEST(e.labels_after.back() == "no label");
}

// The progress hook of a corpus comparison: each row once, the total unknown (a stream).
BOOST_AUTO_TEST_CASE(a_corpus_comparison_tells_progress_each_row)
{
    files f;
    const auto v1r = f.rules("v1.rules"), v2r = f.rules("v2.rules");
    const std::string corpus = "cluster_id,assessed_on,staff,participants,legacy\n"
                               "A,2025-03-01,1,40,true\n"
                               "B,2025-03-01,abc,20,true\n"  // unreadable: counted all the same
                               "C,2025-03-01,0.2,40,true\n";
    std::vector<std::pair<std::size_t, std::size_t>> seen;
    corpus_diff_options options{true, 0, {}};
    options.progress = [&](std::size_t done, std::size_t total) { seen.emplace_back(done, total); };
    std::istringstream in(corpus), again(corpus);
    const auto told = diff_corpus(v1r, v2r, in, "c.csv", options);
    BOOST_TEST((seen == std::vector<std::pair<std::size_t, std::size_t>>{{1, 0}, {2, 0}, {3, 0}}));
    const auto quiet = diff_corpus(v1r, v2r, again, "c.csv", true);
    BOOST_TEST(told.assessments == quiet.assessments);
    BOOST_TEST(told.problems.size() == 1u);
    BOOST_TEST(told.changed.size() == quiet.changed.size());
}

BOOST_AUTO_TEST_CASE(an_assumption_is_typed_like_the_indicator)
{
    files f;
    const auto v1r = f.rules("v1.rules"), v2r = f.rules("v2.rules");
    auto message = [&](const char* text) {
        const auto r = parse_assumption(text, v1r, v2r);
        return r.ok() ? std::string("ok") : render_all(r.diagnostics());
    };
    BOOST_TEST(message("staff=1.5") == "ok");
    BOOST_TEST(message("legacy=true") == "ok");  // only the old version declares it
    BOOST_TEST(message("members_shar=60") ==
               "--assume: error: unknown indicator 'members_shar': neither version declares it (did you mean "
               "'members_share'?)\n");
    BOOST_TEST(message("staff=many").find("--assume: error: indicators.staff: expected a decimal number in FTE") == 0u,
               message("staff=many"));
    BOOST_TEST(message("participants=-3").find("indicators.participants") != std::string::npos);
    BOOST_TEST(message("legacy=yes").find("indicators.legacy") != std::string::npos);
    BOOST_TEST(message("members_share").find("is not INDICATOR=VALUE") != std::string::npos);
    BOOST_TEST(message("members_share=").find("no value given for indicator 'members_share'") != std::string::npos,
               message("members_share="));
    const auto v = parse_assumption("staff=1.50", v1r, v2r);
    BOOST_TEST_REQUIRE(v.ok());
    BOOST_TEST(v->value.text == "1.50");  // exactly as written
}

BOOST_AUTO_TEST_CASE(csv_rows_read_like_json_lines)
{
    files f;
    std::istringstream csv("cluster_id,name,assessed_on,staff,participants,members_share,legacy\n"
                           "A,\"Alpha, the first\",2025-03-01,1,40,60,true\n"
                           "B,Beta,2025-03-01,1,20,,true\n"
                           "C,Gamma,2025-03-01,one,40,60,true\n"
                           "D,Delta,2025-03-01,1\n");
    const auto d = diff_corpus(f.rules("v1.rules"), f.rules("v2.rules"), csv, "c.csv", true);
    BOOST_TEST(d.assessments == 2u);
    BOOST_TEST((d.transitions.at({"bronze", "bronze"}) == 1u));
    // members_share not reported: E3 not assessable, so no label under v2.
    BOOST_TEST((d.transitions.at({"bronze", "no label"}) == 1u));
    BOOST_TEST(d.undeclared.empty());
    BOOST_TEST_REQUIRE(d.problems.size() == 2u);
    BOOST_TEST(d.problems[0].line == 4u);
    BOOST_TEST(d.problems[0].column == 20u);  // where the staff cell "one" starts
    BOOST_TEST(d.problems[0].message.find("indicators.staff") != std::string::npos, d.problems[0].message);
    BOOST_TEST(d.problems[1].line == 5u);
    BOOST_TEST(d.problems[1].column == 21u);  // where the short row ends
    BOOST_TEST(d.problems[1].message == "the row has 4 fields, the header 7");
}

BOOST_AUTO_TEST_CASE(indicators_neither_version_declares_are_counted)
{
    files f;
    std::istringstream csv("cluster_id,assessed_on,staff,participants,legacy,members_share,staf\n"
                           "A,2025-03-01,1,40,true,60,1\nB,2025-03-01,1,40,true,60,\nC,2025-03-01,1,40,true,60,2\n");
    const auto d = diff_corpus(f.rules("v1.rules"), f.rules("v2.rules"), csv, "c.csv", true);
    BOOST_TEST(d.assessments == 3u);
    BOOST_TEST(d.undeclared.size() == 1u);
    BOOST_TEST(d.undeclared.at("staf") == 2u);
}

BOOST_AUTO_TEST_CASE(csv_sets_quotes_and_empty_sets)
{
    std::istringstream csv("cluster_id,assessed_on,kinds,note\n"
                           "A,2025-03-01,industry;research,\"said \"\"hi\"\"\nover two lines\"\n"
                           "B,2025-03-01,[],plain\n");
    std::vector<corpus_item> items;
    read_corpus(csv, "s.csv", true, {[](const std::string& id) { return id == "kinds"; }},
                [&](corpus_item i) { items.push_back(std::move(i)); });
    BOOST_TEST_REQUIRE(items.size() == 2u);
    const auto& a = (items[0].read).value();
    BOOST_TEST(items[1].line == 4u);
    BOOST_TEST(a.cluster_id == "A");
    BOOST_TEST(a.indicators[0].first == "kinds");
    BOOST_TEST((a.indicators[0].second.items == std::vector<std::string>{"industry", "research"}));
    BOOST_TEST(a.indicators[1].second.text == "said \"hi\"\nover two lines");
    BOOST_TEST((items[1].read).value().indicators[0].second.items.empty());
}

BOOST_AUTO_TEST_CASE(the_command_in_text_and_json)
{
    files f;
    const auto corpus = (f.dir / "c.jsonl").string();
    {
        std::ofstream c(corpus);
        for (const char* id : {"B", "B2", "B3"})
            c << R"({"cluster": {"id": ")" << id
              << R"("}, "assessed_on": "2025-03-01", "indicators": {"staff": "1", "participants": 20, "legacy": true, "members_share": 60}})"
              << "\n";
        c << R"({"cluster": {"id": "N"}, "assessed_on": "2025-03-01", "indicators": {"staff": "1", "participants": 40, "legacy": true}})"
          << "\n";
    }
    const std::string cmd = std::string(HALLMARK_CLI) + " diff " + (f.dir / "v1.rules").string() + " " +
                            (f.dir / "v2.rules").string() + " --corpus " + corpus;
    std::string out;
    BOOST_TEST(test_support::run(cmd + " --examples 2", out) == 0, out);
    BOOST_TEST(out.find("DEMO 1 -> DEMO 2: 9 changes\n") == 0u, out);
    BOOST_TEST(out.find("  ~ E2 requires: participants >= 15 -> participants >= 30  [15 -> 30]\n") != std::string::npos,
               out);
    BOOST_TEST(out.find("4 assessments evaluated under both versions; 3 change label, 0 more change only some "
                        "criterion outcome, 1 not assessable under DEMO 2\n") != std::string::npos,
               out);
    BOOST_TEST(out.find("Label transitions (rows: label under DEMO 1; columns: under DEMO 2):\n"
                        "            bronze  no label  not assessable  total\n"
                        "  bronze         0         3               1      4\n"
                        "  no label       0         0               0      0\n"
                        "  total          0         3               1      4\n") != std::string::npos,
               out);
    BOOST_TEST(out.find("Not assessable under DEMO 2 because indicator members_share is absent from the old data (1 "
                        "assessment); use --assume members_share=VALUE\n") != std::string::npos,
               out);
    BOOST_TEST(out.find("Criterion E3 added: met by 3, not met by 0, not assessable for 1\n") != std::string::npos,
               out);
    BOOST_TEST(
        out.find("Criterion L1 removed: was met by 4, not met by 0, not assessable for 0\n") != std::string::npos, out);
    BOOST_TEST(out.find("  bronze -> no label: 3 (1 more not shown)\n    line 1 (B): E2 met -> not_met\n    line 2 "
                        "(B2): E2 met -> not_met\n  bronze -> not assessable: 1\n    line 4 (N): members_share "
                        "absent; E3 (added) not_assessable\n") != std::string::npos,
               out);
    BOOST_TEST(out.find("L1:") == std::string::npos, out);  // never as an outcome change
    BOOST_TEST(out.find("line 3 (B3)") == std::string::npos, out);

    BOOST_TEST(test_support::run(cmd + " --format json --examples 1 2>/dev/null", out) == 0, out);
    const auto j = nlohmann::json::parse(out);
    BOOST_TEST(j["changes"].size() == 9u);
    const auto& c = j["corpus"];
    BOOST_TEST(c["transitions"][0]["from"] == "bronze");
    BOOST_TEST(c["changed"].size() == 4u);
    BOOST_TEST(c["changed"][0]["label_after"].is_null());
    BOOST_TEST(c["matrix"]["rows"] == nlohmann::json::parse(R"(["bronze", "no label"])"));
    BOOST_TEST(c["matrix"]["columns"] == nlohmann::json::parse(R"(["bronze", "no label", "not assessable"])"));
    BOOST_TEST(c["matrix"]["counts"] == nlohmann::json::parse("[[0, 3, 1], [0, 0, 0]]"));
    BOOST_TEST(c["examples"][0]["to"] == "no label");
    BOOST_TEST(c["examples"][0]["count"] == 3);
    BOOST_TEST(c["examples"][0]["omitted"] == 2);
    BOOST_TEST(c["examples"][0]["assessments"].size() == 1u);
    BOOST_TEST(c["examples"][0]["assessments"][0]["cluster_id"] == "B");
    BOOST_TEST(c["criteria_added"][0]["met"] == 3);
    BOOST_TEST(c["criteria_removed"][0]["id"] == "L1");
    BOOST_TEST(c["absent"]["members_share"] == 1);
    BOOST_TEST(c["assumed"].empty());

    BOOST_TEST(test_support::run(cmd + " --assume members_share=40", out) == 0, out);
    BOOST_TEST(out.find("bronze -> no label: 4\n") != std::string::npos, out);
    BOOST_TEST(out.find("\nAssumed where an assessment does not report it: members_share=40\n") != std::string::npos,
               out);
    BOOST_TEST(out.find("not assessable under") == std::string::npos, out);
    BOOST_TEST(out.find("Not assessable") == std::string::npos, out);
    BOOST_TEST(out.find("  bronze         0         4      4\n") != std::string::npos, out);
    BOOST_TEST(test_support::run(cmd + " --assume members_share=lots", out) == 2, out);
    BOOST_TEST(out.find("--assume: error: indicators.members_share: expected a percentage") == 0u, out);
    BOOST_TEST(test_support::run(cmd + " --assume member_share=4", out) == 2, out);
    BOOST_TEST(out.find("unknown indicator 'member_share'") != std::string::npos, out);
    BOOST_TEST(test_support::run(cmd + " --assume staff=1 --assume staff=2", out) == 2, out);
    BOOST_TEST(out.find("indicator 'staff' is assumed twice") != std::string::npos, out);
    BOOST_TEST(test_support::run(cmd.substr(0, cmd.find(" --corpus")) + " --assume staff=1", out) == 2, out);
    BOOST_TEST(out.find("give --corpus FILE") != std::string::npos, out);

    std::ofstream(corpus, std::ios::app) << "{not json\n";
    BOOST_TEST(test_support::run(cmd, out) == 2, out);
    BOOST_TEST(out.find("c.jsonl:5:") != std::string::npos, out);
}

BOOST_AUTO_TEST_SUITE_END()
