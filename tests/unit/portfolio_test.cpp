// SPDX-License-Identifier: Apache-2.0
// Peer statistics against an independent computation in exact rationals, and the
// report's edge cases: few peers, unreported values, no label, the same bytes twice.
#include "test_support.hpp"

#include <hallmark/limits.hpp>
#include <hallmark/portfolio.hpp>

#include <boost/rational.hpp>
#include <boost/test/unit_test.hpp>
#include <fmt/format.h>

#include <random>
#include <sstream>

using namespace hallmark;
using rational = boost::rational<long long>;

namespace {

const std::string rules_text = R"(methodology "P" version "1"
  effective 2020-01-01
area A "Area A"
indicator x : decimal in A
indicator y : count in A
criterion C1 "x points" in A group q
  points 4 when x >= 5
         0 otherwise
  advice "More x."
criterion C2 "y points" in A group q
  points 1 when y >= 2
         0 otherwise
  advice "More y."
label gold "Gold"
  requires points(q) >= 5
  valid 2 years
)";

rule_set demo_rules()
{
    auto r = compile_string(rules_text, "p.rules");
    BOOST_TEST_REQUIRE(r.ok(), r.render());
    return *r;
}

std::string doc(const std::string& id, const std::string& country, const std::string& indicators)
{
    return fmt::format(
        R"({{"cluster": {{"id": "{}", "country": "{}", "portfolio": "P1"}}, "assessed_on": "2024-01-01", "indicators": {{{}}}}})",
        id, country, indicators);
}

struct evaluated {
    assessment a;
    decision d;
};

evaluated cluster(const rule_set& rules, const std::string& indicators, const std::string& id = "ME")
{
    auto a = read_assessment(doc(id, "DK", indicators), "cluster.json").value();
    auto d = rules.evaluate(a).value();
    return {a, d};
}

// The report as `eval --portfolio` makes it: with the plan to the next label up.
std::string report_of(const rule_set& rules, const evaluated& c, const peer_statistics& by_portfolio,
                      const peer_statistics& by_country, const std::string& format)
{
    const auto plan = make_plan(rules, c.a);
    BOOST_TEST_REQUIRE(plan.ok(), render_all(plan.diagnostics()));
    return portfolio_report(rules, c.d, plan.value(), by_portfolio, by_country, format);
}

// Hyndman and Fan type 7, in exact rationals.
rational quantile(std::vector<rational> v, rational p)
{
    std::sort(v.begin(), v.end());
    const rational h = rational(static_cast<long long>(v.size()) - 1) * p;
    const auto low = static_cast<std::size_t>(boost::rational_cast<long long>(h));
    const rational frac = h - rational(static_cast<long long>(low));
    return low + 1 < v.size() ? v[low] + frac * (v[low + 1] - v[low]) : v[low];
}

std::string text_of(const rational& r)  // exact: denominators here divide 10^k
{
    return *decimal::parse(fmt::format("{}", r.numerator())) == decimal{}
               ? "0"
               : (*decimal::parse(std::to_string(r.numerator())) / *decimal::parse(std::to_string(r.denominator())))
                     .to_string();
}

const standing& find(const std::vector<standing>& all, const std::string& id)
{
    for (const auto& s : all)
        if (s.id == id) return s;
    BOOST_FAIL("no standing for " + id);
    return all.front();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(portfolio)

BOOST_AUTO_TEST_CASE(quartiles_and_percentiles_match_exact_rationals)
{
    const auto rules = demo_rules();
    std::mt19937 gen(20231130);
    for (int round = 0; round < 40; ++round) {
        const int n = 5 + static_cast<int>(gen() % 40);
        std::string jsonl;
        std::vector<rational> xs;
        for (int i = 0; i < n; ++i) {
            const long long tenths = static_cast<long long>(gen() % 200);  // 0.0 .. 19.9, with ties
            xs.push_back(rational(tenths, 10));
            jsonl +=
                doc("P" + std::to_string(i), "DK", fmt::format(R"("x": "{}.{}", "y": 1)", tenths / 10, tenths % 10)) +
                "\n";
        }
        std::istringstream in(jsonl);
        const auto peers = peer_set::load(in, "peers.jsonl", false, rules);
        BOOST_TEST_REQUIRE(peers.problems().empty());
        const long long mine = static_cast<long long>(gen() % 200);
        const auto me = cluster(rules, fmt::format(R"("x": "{}.{}", "y": 1)", mine / 10, mine % 10));
        const auto s = peers.statistics(me.a, me.d, peer_group::portfolio);
        const auto& x = find(s.indicators, "x");
        BOOST_TEST(x.peers.count == static_cast<std::size_t>(n));
        BOOST_TEST(x.peers.q1->to_string() == text_of(quantile(xs, rational(1, 4))));
        BOOST_TEST(x.peers.median->to_string() == text_of(quantile(xs, rational(1, 2))));
        BOOST_TEST(x.peers.q3->to_string() == text_of(quantile(xs, rational(3, 4))));
        // Percent below, ties half, rounded half to even.
        long long below2 = 0;  // twice the count below plus the count equal
        for (const auto& v : xs) below2 += v < rational(mine, 10) ? 2 : v == rational(mine, 10) ? 1 : 0;
        const rational pct = rational(below2 * 50, n);
        auto rounded = boost::rational_cast<long long>(pct);  // floor, pct >= 0
        const rational frac = pct - rounded;
        if (frac > rational(1, 2) || (frac == rational(1, 2) && rounded % 2 == 1)) ++rounded;
        BOOST_TEST(x.percentile->to_string() == std::to_string(rounded), "n " << n << " mine " << mine);
    }
}

BOOST_AUTO_TEST_CASE(area_scores_are_the_share_of_points)
{
    const auto rules = demo_rules();
    std::string jsonl;
    for (int i = 0; i < 6; ++i)  // x >= 5 from the third on: 4 points; y = 2: 1 point
        jsonl += doc("P" + std::to_string(i), "SE", fmt::format(R"("x": {}, "y": 2)", i * 2)) + "\n";
    std::istringstream in(jsonl);
    const auto peers = peer_set::load(in, "peers.jsonl", false, rules);
    const auto me = cluster(rules, R"("x": 5)");  // y not reported: the area cannot be scored
    const auto s = peers.statistics(me.a, me.d, peer_group::portfolio);
    const auto& area = find(s.areas, "A");
    BOOST_TEST(!area.value.has_value());
    BOOST_TEST(area.peers.min->to_string() == "20");   // 1 of 5 points
    BOOST_TEST(area.peers.max->to_string() == "100");  // 5 of 5
    const auto& y = find(s.indicators, "y");
    BOOST_TEST(!y.value.has_value());
    BOOST_TEST(!y.percentile.has_value());
    BOOST_TEST(y.peers.count == 6u);
}

BOOST_AUTO_TEST_CASE(the_cluster_is_not_its_own_peer_and_groups_are_separate)
{
    const auto rules = demo_rules();
    std::string jsonl = doc("ME", "DK", R"("x": 1)") + "\n";
    for (int i = 0; i < 7; ++i) jsonl += doc("P" + std::to_string(i), i < 3 ? "DK" : "SE", R"("x": 2)") + "\n";
    std::istringstream in(jsonl);
    const auto peers = peer_set::load(in, "peers.jsonl", false, rules);
    const auto me = cluster(rules, R"("x": 1)");
    BOOST_TEST(peers.statistics(me.a, me.d, peer_group::portfolio).peers == 7u);
    const auto country = peers.statistics(me.a, me.d, peer_group::country);
    BOOST_TEST(country.name == "DK");
    BOOST_TEST(country.peers == 3u);
    // A group with no one else in it says so.
    const auto alone = cluster(rules, R"("x": 1)", "LONE");
    auto lone_country = peers.statistics(alone.a, alone.d, peer_group::country);
    lone_country.name = "FI";
    lone_country.peers = 0;
    const auto md =
        report_of(rules, alone, peers.statistics(alone.a, alone.d, peer_group::portfolio), lone_country, "md");
    BOOST_TEST(md.find("## Among peers of the same country: FI (0 peers)\n\n_No peers in this group._") !=
                   std::string::npos,
               md);
}

BOOST_AUTO_TEST_CASE(fewer_than_the_minimum_of_peers_get_no_quartiles)
{
    const auto rules = demo_rules();
    std::string jsonl;
    for (std::size_t i = 0; i + 1 < limits::min_peers_for_quartiles; ++i)
        jsonl += doc("P" + std::to_string(i), "DK", R"("x": 3)") + "\n";
    std::istringstream in(jsonl);
    const auto peers = peer_set::load(in, "peers.jsonl", false, rules);
    const auto me = cluster(rules, R"("x": 1, "y": 0)");
    const auto s = peers.statistics(me.a, me.d, peer_group::portfolio);
    const auto& x = find(s.indicators, "x");
    BOOST_TEST(x.peers.count == limits::min_peers_for_quartiles - 1);
    BOOST_TEST(x.peers.min.has_value());
    BOOST_TEST(!x.peers.median.has_value());
    BOOST_TEST(!x.percentile.has_value());
    const auto html = report_of(rules, me, s, peers.statistics(me.a, me.d, peer_group::country), "html");
    BOOST_TEST(
        html.find("Only 4 peers in this group: too few for quartiles and percentiles (at least 5 are needed).") !=
        std::string::npos);
    BOOST_TEST(html.find("<svg") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_cluster_without_a_label_gets_the_whole_report_twice_the_same)
{
    const auto rules = demo_rules();
    std::string jsonl;
    for (int i = 0; i < 8; ++i)
        jsonl += doc("P" + std::to_string(i), "DK", fmt::format(R"("x": {}, "y": 3)", i)) + "\n";
    std::istringstream in(jsonl);
    const auto peers = peer_set::load(in, "peers.jsonl", false, rules);
    const auto me = cluster(rules, R"("x": 1, "y": 0)");
    BOOST_TEST(!me.d.label.has_value());
    const auto by_portfolio = peers.statistics(me.a, me.d, peer_group::portfolio);
    const auto by_country = peers.statistics(me.a, me.d, peer_group::country);
    const auto html = report_of(rules, me, by_portfolio, by_country, "html");
    BOOST_TEST(html == report_of(rules, me, by_portfolio, by_country, "html"));
    BOOST_TEST(html.find("<p class=\"decision\">No label.</p>") != std::string::npos);
    BOOST_TEST(html.find("Next label up: Gold") != std::string::npos);
    BOOST_TEST(
        html.find("<h3>What Gold needs, criterion by criterion</h3>\n<ul>\n<li><strong>C1 x points</strong> (<span "
                  "class=\"not_met\">not met</span>; 4 points at stake): More x.</li>") != std::string::npos,
        html);
    BOOST_TEST(html.find("<svg class=\"chart\" data-area=\"A\"") != std::string::npos);
    BOOST_TEST(html.find("<script") == std::string::npos);
    BOOST_TEST(html.find("http") == std::string::npos);  // nothing from the network
    const auto md = report_of(rules, me, by_portfolio, by_country, "md");
    BOOST_TEST(md.find("## Among peers of the same portfolio: P1 (8 peers)") != std::string::npos, md);
    // Quartiles at the precision of x's values and constants: 1.75, 3.5, 5.25 rounded half to even.
    BOOST_TEST(md.find("| x | 1 | 8 | 0 | 2 | 4 | 5 | 7 | 19 |") != std::string::npos, md);
}

BOOST_AUTO_TEST_CASE(quartiles_are_shown_rounded_half_to_even_at_the_precision_of_the_values)
{
    const auto rules = demo_rules();
    std::string jsonl;
    for (int i = 0; i < 6; ++i)
        jsonl += doc("P" + std::to_string(i), "DK", fmt::format(R"("x": {}, "y": 3)", i)) + "\n";
    std::istringstream in(jsonl);
    const auto peers = peer_set::load(in, "peers.jsonl", false, rules);
    const auto me = cluster(rules, R"("x": 1, "y": 0)");
    const auto s = peers.statistics(me.a, me.d, peer_group::portfolio);
    BOOST_TEST(find(s.indicators, "x").peers.median->to_string() == "2.5");  // exact in the statistics
    const auto md = report_of(rules, me, s, peers.statistics(me.a, me.d, peer_group::country), "md");
    // 1.25, 2.5 and 3.75 to whole numbers (the values' precision): 1, 2 (half to even, not 3) and 4.
    BOOST_TEST(md.find("| x | 1 | 6 | 0 | 1 | 2 | 4 | 5 | 25 |") != std::string::npos, md);
}

BOOST_AUTO_TEST_CASE(what_to_improve_puts_the_next_label_first_and_gold_only_items_apart)
{
    auto compiled = compile_string(R"(methodology "P" version "1"
  effective 2020-01-01
area A "Area A"
indicator a : count in A
  "How many managers?"
indicator b : count in A
indicator c : count in A
criterion Q1 "Small" in A group quality
  points 1 when b >= 1
         0 otherwise
  advice "More b."
criterion X1 "Extra" in A group extra
  points 3 when b >= 5
         0 otherwise
  advice "Much more b."
criterion Q2 "Big" in A group quality
  points 5 when c >= 1
         0 otherwise
  advice "More c."
criterion E1 "Team" in A group base
  requires a >= 1
  advice "Hire."
label gold "Gold label"
  requires all(base) and points(quality) >= 6
  valid 2 years
label bronze "Bronze label"
  requires all(base)
  valid 2 years
)",
                                   "p.rules");
    BOOST_TEST_REQUIRE(compiled.ok(), compiled.render());
    const auto& rules = *compiled;
    const auto me = cluster(rules, R"("b": 0, "c": 0)");
    std::istringstream none("");
    const auto peers = peer_set::load(none, "peers.jsonl", false, rules);
    const auto md = report_of(rules, me, peers.statistics(me.a, me.d, peer_group::portfolio),
                              peers.statistics(me.a, me.d, peer_group::country), "md");
    // The plan opens the section: the question to answer, and what it earns, verified.
    const auto plan = md.find("### The plan to reach Bronze label\n\nAnswer 1 question:\n\n"
                              "| question | answered | change to | what it earns |\n|---|---|---|---|\n"
                              "| How many managers? | not answered | 1 | E1 Team: met |\n\n"
                              "Checked: the assessment with these changes was evaluated again with the same rules "
                              "and reaches Bronze label. No plan with fewer changed answers reaches it.\n");
    const auto first =
        md.find("### What Bronze label needs, criterion by criterion\n\n- **E1 Team** (cannot be decided: 1 "
                "question unanswered, \u201cHow many managers?\u201d): Hire.\n");
    const auto then = md.find("### Then: other criteria not met, most points at stake first\n\n- **X1 Extra** (not "
                              "met; 3 points at stake): Much more b.\n");
    const auto gold = md.find("### Only for Gold label\n\n- **Q2 Big** (not met; 5 points at stake): More c.\n- **Q1 "
                              "Small** (not met; 1 point at stake): More b.\n");
    BOOST_TEST(first != std::string::npos, md);
    BOOST_TEST(then != std::string::npos, md);
    BOOST_TEST(gold != std::string::npos, md);
    BOOST_TEST(plan != std::string::npos, md);
    BOOST_TEST((plan < first && first < then && then < gold), md);
    BOOST_TEST(md.find("Plan to the next label") == std::string::npos, md);  // no placeholder left
}

BOOST_AUTO_TEST_CASE(the_command_needs_a_report_format)
{
    std::string out;
    const std::string cmd = std::string(HALLMARK_CLI) + " eval --methodology ECEI --rules-dir " +
                            test_support::source_path("rules") + " " +
                            test_support::source_path("examples/assessments/litek.json") + " --portfolio " +
                            test_support::source_path("examples/portfolio/peers.csv");
    BOOST_TEST(test_support::run(cmd, out) == 2, out);
    BOOST_TEST(out.find("--portfolio makes a report") != std::string::npos, out);
    BOOST_TEST(test_support::run(cmd + " --format md", out) == 0, out);
    BOOST_TEST(out.find("## Among peers of the same portfolio: Micro, nano and optical technologies (120 peers)") !=
                   std::string::npos,
               out);
    std::string jsonl_out;
    BOOST_TEST(test_support::run(cmd.substr(0, cmd.size() - 3) + "jsonl --format md", jsonl_out) == 0, jsonl_out);
    BOOST_TEST(out == jsonl_out);  // CSV and JSON Lines peers give the same report
}

// Issue 22: a portfolio no peer is in ("Energy & Environment" for "Energy and
// environment") compared the cluster with nobody and exited 0.
BOOST_AUTO_TEST_CASE(names_no_peer_has_are_refused_with_the_closest)
{
    const auto rules = demo_rules();
    std::istringstream in(doc("A", "DK", R"("x": 5)") + "\n" + doc("B", "LT", R"("x": 6)") + "\n");
    const auto peers = peer_set::load(in, "peers.jsonl", false, rules);
    auto check = [&](const std::string& country, const std::string& portfolio) {
        const auto text = fmt::format(
            R"({{"cluster": {{"id": "ME", "country": "{}", "portfolio": "{}"}}, "assessed_on": "2024-01-01", "indicators": {{}}}})",
            country, portfolio);
        return render_all(peers.check_names(read_assessment(text, "me.json").value()));
    };
    BOOST_TEST(check("DK", "P1").empty());
    BOOST_TEST(check("DK", "p-1") == "peers.jsonl: error: no peer is in the cluster's portfolio \"p-1\" (did you mean "
                                     "'P1'?); the portfolios of the peers: \"P1\"\n");
    // A country of its own is possible (a warning); one spelt in another case is a typo.
    BOOST_TEST(check("LB", "P1") == "peers.jsonl: warning: no peer is in the cluster's country \"LB\" (did you mean "
                                    "'LT'?); the countries of the peers: \"DK\", \"LT\"\n");
    BOOST_TEST(check("dk", "P1").find("peers.jsonl: error: no peer is in the cluster's country \"dk\"") == 0u);
    // The cluster's own row does not count as a peer, but its name matches.
    std::istringstream own(doc("ME", "DK", R"("x": 5)") + "\n");
    BOOST_TEST(peer_set::load(own, "own.jsonl", false, rules).check_names(cluster(rules, "").a).empty());
}

BOOST_AUTO_TEST_CASE(the_command_refuses_a_portfolio_no_peer_is_in)
{
    test_support::scratch_dir s("portfolio-names");
    auto litek = test_support::slurp(test_support::source_path("examples/assessments/litek.json"));
    const auto at = litek.find("Micro, nano and optical technologies");
    BOOST_TEST_REQUIRE(at != std::string::npos);
    const auto misspelt = s.write("litek.json", litek.replace(at, 36, "Micro, nano & optical technologies"));
    const std::string cmd = std::string(HALLMARK_CLI) + " eval --methodology ECEI --rules-dir " +
                            test_support::source_path("rules") + " --format md --portfolio " +
                            test_support::source_path("examples/portfolio/peers.csv") + " ";
    std::string out;
    BOOST_TEST(test_support::run(cmd + misspelt, out) == 2, out);
    BOOST_TEST(out.find("error: no peer is in the cluster's portfolio \"Micro, nano & optical technologies\" (did you "
                        "mean 'Micro, nano and optical technologies'?); the portfolios of the peers: \"Aviation and "
                        "space\", ") != std::string::npos,
               out);
    // A country with no peers is reported, and the report is still made.
    BOOST_TEST(test_support::run(cmd + test_support::source_path("examples/assessments/qoot-cluster.json"), out) == 0,
               out);
    BOOST_TEST(out.find("warning: no peer is in the cluster's country \"LB\"") != std::string::npos, out);
}

BOOST_AUTO_TEST_SUITE_END()
