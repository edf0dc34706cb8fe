// SPDX-License-Identifier: Apache-2.0
// Generating the ECEI corpus (bench/ecei_corpus.hpp) from fixed seeds.
#include "bench/ecei_corpus.hpp"

#include "bench/ecei_native.hpp"
#include "bench/splitmix64.hpp"

#include <hallmark/assessment.hpp>
#include <hallmark/date.hpp>
#include <hallmark/diagnostic.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <stdexcept>

namespace bench::ecei {
namespace {

using hallmark::date;

struct past_label {
    std::string label;
    date assessed_on;
    std::optional<date> valid_until;
};

// An assessment being generated: indicator values as JSON text; absent means not reported.
struct doc {
    std::string id;
    date assessed_on;
    std::map<std::string, std::string> values;
    std::vector<past_label> history;

    std::string json() const
    {
        std::string out = fmt::format(R"({{"assessed_on":"{}","cluster":{{"id":"{}"}})", assessed_on.to_string(), id);
        if (!history.empty()) {
            out += R"(,"history":[)";
            for (std::size_t i = 0; i < history.size(); ++i) {
                const auto& h = history[i];
                out += fmt::format(R"({}{{"label":"{}","assessed_on":"{}")", i ? "," : "", h.label,
                                   h.assessed_on.to_string());
                if (h.valid_until) out += fmt::format(R"(,"valid_until":"{}")", h.valid_until->to_string());
                out += "}";
            }
            out += "]";
        }
        out += R"(,"indicators":{)";
        bool first = true;
        for (const auto& [name, v] : values) {
            out += fmt::format(R"({}"{}":{})", first ? "" : ",", name, v);
            first = false;
        }
        return out + "}}";
    }
};

// A number with `places` digits after the point: fixed(759, 1) is "75.9".
std::string fixed(std::int64_t v, int places)
{
    if (places == 0) return std::to_string(v);
    std::int64_t scale = 1;
    for (int i = 0; i < places; ++i) scale *= 10;
    const std::string sign = v < 0 ? "-" : "";
    v = v < 0 ? -v : v;
    return fmt::format("{}{}.{:0{}}", sign, v / scale, v % scale, places);
}

std::string quoted(const std::string& s) { return "\"" + s + "\""; }
std::string boolean(bool b) { return b ? "true" : "false"; }

class generator {
public:
    explicit generator(std::uint64_t seed) : rng_{seed} {}

    std::int64_t between(std::int64_t lo, std::int64_t hi) { return lo + rng_.below(hi - lo + 1); }
    bool chance(int percent) { return rng_.below(100) < percent; }
    template <class T>
    const T& one_of(const std::vector<T>& items)
    {
        return items[static_cast<std::size_t>(rng_.below(static_cast<std::int64_t>(items.size())))];
    }

    // A day from mid 2020 (ECEI 2020 takes effect) to 2025; a quarter of them the last
    // day of a month, where adding months clamps.
    date assessment_day()
    {
        const date start = *date::parse("2020-07-01");
        date d = start.add_days(between(0, 2000));
        if (chance(25)) d = date::from_ymd(d.year(), d.month(), 1)->add_months(1).add_days(-1);
        return d;
    }

    // A set of `choices` as a JSON array, each item with probability `percent`.
    std::string subset(const std::vector<std::string>& choices, int percent)
    {
        std::string out = "[";
        for (const auto& c : choices)
            if (chance(percent)) out += (out.size() > 1 ? "," : "") + quoted(c);
        return out + "]";
    }

    // Improvement areas: usually three quality criteria, sometimes two, four, or one
    // that is not a quality criterion.
    std::string improvement_areas()
    {
        std::vector<int> chosen;
        const int n = chance(80) ? 3 : one_of(std::vector<int>{2, 4});
        while (static_cast<int>(chosen.size()) < n) {
            const int c = chance(5) ? static_cast<int>(between(E1, B6)) : static_cast<int>(between(Q1_1, Q5_4));
            if (std::find(chosen.begin(), chosen.end(), c) == chosen.end()) chosen.push_back(c);
        }
        std::string out = "[";
        for (int c : chosen) out += (out.size() > 1 ? "," : "") + quoted(criterion_name(c));
        return out + "]";
    }

    // A Bronze 12 to 30 months before, valid two years; sometimes another label too.
    void history(doc& d)
    {
        if (chance(40)) return;
        const date bronze = d.assessed_on.add_months(-between(12, 30)).add_days(between(-3, 3));
        d.history.push_back({"bronze", bronze, bronze.add_years(2)});
        if (chance(15)) {
            const date gold = bronze.add_months(-between(24, 60));
            d.history.push_back({"gold", gold, gold.add_years(2)});
        }
        if (chance(10)) d.history.push_back({"bronze", bronze.add_months(-between(1, 48)), std::nullopt});
    }

    splitmix64 rng_;
};

const std::vector<std::string> kinds = {"industry", "research", "public", "civil_society"};
const std::vector<std::string> transitions = {"digital", "green"};
const std::vector<std::string> processes = {"none", "management", "board", "participants"};
const std::vector<std::string> s3 = {"none", "mentioned", "aligned", "co_designed"};

// --- Portfolio-like: clusters as a portfolio holds them, strong and weak ----------------

void structure_values(generator& g, doc& d, int s)
{
    const auto p = g.between(10, 120 + 2 * s);
    const auto companies = p * g.between(50, 95) / 100;
    d.values["participants"] = fixed(p, 0);
    d.values["committed"] = fixed(p * g.between(30 + s / 3, 100) / 100, 0);
    d.values["companies"] = fixed(companies, 0);
    d.values["smes"] = fixed(companies * g.between(30, 100) / 100, 0);
    d.values["research_orgs"] = fixed(g.between(0, 4 + s / 10), 0);
    d.values["regional_share"] = fixed(g.between(200, 1000), 1);
    d.values["founded"] = quoted(d.assessed_on.add_days(-g.between(300, 9000)).to_string());
    d.values["companies_left"] = fixed(g.between(0, 1 + companies / 8), 0);
}

void management_values(generator& g, doc& d, int s)
{
    d.values["staff"] = quoted(fixed(g.between(2, 30 + s / 2), 1));
    d.values["staff_degree_share"] = fixed(g.between(300 + 5 * s, 1000), 1);
    d.values["manager_experience"] = fixed(g.between(0, 5 + s / 4), 0);
    d.values["staff_departures"] = fixed(g.between(0, 4), 0);
    d.values["board_industry_share"] = fixed(g.between(200 + 3 * s, 900), 1);
    d.values["board_meetings"] = fixed(g.between(1, 10), 0);
    d.values["budget"] = quoted(fixed(g.between(5000, 200000) * 10, 0));
    const auto public_share = g.between(100, 900 - 4 * s);
    const auto fees = g.between(0, 1000 - public_share);
    d.values["public_share"] = fixed(public_share, 1);
    d.values["fee_share"] = fixed(fees, 1);
    d.values["service_income_share"] = fixed(1000 - public_share - fees, 1);
    d.values["financing_secured"] = fixed(g.between(0, 2 + s / 30), 0);
}

void activity_values(generator& g, doc& d, int s)
{
    d.values["service_types"] = fixed(g.between(1 + s / 25, 8), 0);
    d.values["events"] = fixed(g.between(2, 10 + s / 3), 0);
    d.values["training_days"] = fixed(g.between(0, 30), 0);
    d.values["projects"] = fixed(g.between(0, 20), 0);
    d.values["international_activities"] = fixed(g.between(0, 4 + s / 8), 0);
    d.values["newsletters"] = fixed(g.between(0, 8 + s / 7), 0);
    d.values["contacted_share"] = fixed(g.between(200 + 4 * s, 1000), 1);
    d.values["working_groups"] = fixed(g.between(0, 3 + s / 20), 0);
    d.values["wg_share"] = fixed(g.between(50, 300 + 3 * s), 1);
    d.values["cooperating_share"] = fixed(g.between(50, 300 + 4 * s), 1);
    d.values["partner_organisations"] = fixed(g.between(0, 8 + s / 5), 0);
    d.values["satisfaction"] = fixed(g.between(400 + 3 * s, 1000), 1);
    d.values["media_reports"] = fixed(g.between(0, 8 + s / 5), 0);
    d.values["success_stories"] = fixed(g.between(0, 2 + s / 20), 0);
    d.values["awards"] = fixed(g.between(0, 5), 0);
    d.values["new_participants"] = fixed(g.between(0, 20), 0);
    d.values["web_updates"] = fixed(g.between(std::min<std::int64_t>(12, s / 10), 12), 0);
}

void gold_values(generator& g, doc& d, int s)
{
    const int yes = 40 + s / 2;
    d.values["upskilling_plan"] = boolean(g.chance(yes));
    d.values["financial_control"] = boolean(g.chance(yes + 10));
    d.values["strategy_process"] = quoted(g.one_of(processes));
    d.values["strategy_document"] = boolean(g.chance(yes + 10));
    d.values["implementation_plan"] = boolean(g.chance(yes));
    d.values["strategy_reviewed"] = quoted(d.assessed_on.add_days(-g.between(30, 1500)).to_string());
    d.values["kpi_monitoring"] = boolean(g.chance(yes + 10));
    d.values["strategy_goals"] = fixed(g.between(0, 2 + s / 15), 0);
    d.values["management_evaluated"] = boolean(g.chance(yes));
    d.values["international_strategy"] = boolean(g.chance(yes));
    d.values["s3_alignment"] = quoted(g.one_of(s3));
    d.values["transition_services"] = g.subset(transitions, 30 + s / 2);
}

void eligibility_values(generator& g, doc& d)
{
    d.values["member_kinds"] = g.subset(kinds, 70);
    d.values["english_website"] = boolean(g.chance(92));
    d.values["eccp_profile"] = boolean(g.chance(92));
    d.values["programme_recognised"] = boolean(g.chance(40));
}

doc portfolio_doc(generator& g, std::size_t i)
{
    doc d;
    d.id = fmt::format("ECEI-PORTFOLIO-{}", i);
    d.assessed_on = g.assessment_day();
    const int strength = static_cast<int>(g.between(0, 100));
    structure_values(g, d, strength);
    management_values(g, d, strength);
    activity_values(g, d, strength);
    gold_values(g, d, strength);
    eligibility_values(g, d);
    if (g.chance(60)) d.values["improvements"] = g.improvement_areas();
    g.history(d);
    // Interviews are not always complete: a value left out, or sent as null.
    for (int k = 0; k < indicator_count; ++k)
        if (g.chance(2)) {
            if (g.chance(50)) d.values.erase(indicator_name(k));
            else d.values[indicator_name(k)] = "null";
        }
    return d;
}

// --- Perturbed: on the edges of the rules -------------------------------------------------

// 118 points, a Bronze 18 to 24 months before and three improvement areas at their Gold
// threshold: Silver, until a perturbation moves one of its parts over an edge.
doc silver_ready(generator& g, doc d)
{
    static const std::vector<std::string> at_gold = {"Q1_1", "Q1_2", "Q1_3", "Q2_2",  "Q2_3",
                                                     "Q3_1", "Q4_1", "Q4_7", "Q4_10", "Q5_1"};
    d.values["cooperating_share"] = "30";  // Q2_8: 3 points instead of 5
    std::vector<std::string> chosen;
    while (chosen.size() < 3) {
        const auto& c = g.one_of(at_gold);
        if (std::find(chosen.begin(), chosen.end(), c) == chosen.end()) chosen.push_back(c);
    }
    d.values["improvements"] = fmt::format(R"(["{}","{}","{}"])", chosen[0], chosen[1], chosen[2]);
    const date bronze = d.assessed_on.add_months(-g.between(18, 24));
    d.history = {{"bronze", bronze, bronze.add_years(2)}};
    return d;
}

// Full marks under the 2020 rules (the 2020 file's first test), or exactly 120 points.
doc template_doc(generator& g, std::size_t i)
{
    doc d;
    d.id = fmt::format("ECEI-PERTURBED-{}", i);
    d.assessed_on = g.assessment_day();
    d.values = {{"participants", "120"},
                {"committed", "100"},
                {"companies", "80"},
                {"smes", "65"},
                {"research_orgs", "8"},
                {"regional_share", "70"},
                {"founded", "\"2008-03-01\""},
                {"staff", "4"},
                {"staff_degree_share", "80"},
                {"manager_experience", "10"},
                {"staff_departures", "0"},
                {"board_industry_share", "60"},
                {"board_meetings", "6"},
                {"budget", "600000"},
                {"public_share", "40"},
                {"fee_share", "25"},
                {"service_income_share", "35"},
                {"financing_secured", "3"},
                {"service_types", "7"},
                {"events", "24"},
                {"training_days", "15"},
                {"projects", "12"},
                {"international_activities", "6"},
                {"newsletters", "12"},
                {"contacted_share", "90"},
                {"working_groups", "5"},
                {"wg_share", "45"},
                {"cooperating_share", "50"},
                {"partner_organisations", "15"},
                {"satisfaction", "85"},
                {"media_reports", "20"},
                {"success_stories", "5"},
                {"awards", "2"},
                {"new_participants", "10"},
                {"companies_left", "2"},
                {"web_updates", "12"},
                {"upskilling_plan", "true"},
                {"financial_control", "true"},
                {"strategy_process", "\"participants\""},
                {"strategy_document", "true"},
                {"implementation_plan", "true"},
                {"kpi_monitoring", "true"},
                {"strategy_goals", "5"},
                {"management_evaluated", "true"},
                {"member_kinds", R"(["industry","research","public"])"},
                {"english_website", "true"},
                {"eccp_profile", "true"},
                {"programme_recognised", "false"},
                {"international_strategy", "true"},
                {"s3_alignment", "\"co_designed\""},
                {"transition_services", R"(["digital","green"])"}};
    d.values["strategy_reviewed"] = quoted(d.assessed_on.add_months(-12).to_string());
    const auto variant = g.between(0, 2);
    if (variant > 0) {  // 150 - 30 points: exactly 120
        d.values["contacted_share"] = "40";
        d.values["partner_organisations"] = "3";
        d.values["media_reports"] = "2";
        d.values["success_stories"] = "0";
        d.values["strategy_goals"] = "0";
        d.values["s3_alignment"] = "\"none\"";
    }
    if (variant == 2) return silver_ready(g, std::move(d));
    if (g.chance(80)) d.values["improvements"] = g.improvement_areas();
    g.history(d);
    return d;
}

// One of -1, 0, +1 smallest steps.
std::int64_t step(generator& g) { return g.between(-1, 1); }

struct threshold {
    const char* indicator;
    std::int64_t at;  // scaled by 10^places
    int places;
    std::int64_t lo, hi;  // the declared range, scaled
};

// Every comparison of an indicator with a constant in the 2020 rules and its bases.
const std::vector<threshold>& thresholds()
{
    constexpr std::int64_t p = 10'000;  // 10^4: one percentage point, one FTE
    static const std::vector<threshold> all = {{"participants", 30, 0, 0, 100000},
                                               {"participants", 50, 0, 0, 100000},
                                               {"participants", 80, 0, 0, 100000},
                                               {"committed", 15, 0, 0, 100000},
                                               {"research_orgs", 3, 0, 0, 100000},
                                               {"research_orgs", 1, 0, 0, 100000},
                                               {"manager_experience", 5, 0, 0, 60},
                                               {"board_meetings", 4, 0, 0, 365},
                                               {"board_meetings", 2, 0, 0, 365},
                                               {"partner_organisations", 10, 0, 0, 10000},
                                               {"partner_organisations", 5, 0, 0, 10000},
                                               {"working_groups", 3, 0, 0, 1000},
                                               {"working_groups", 1, 0, 0, 1000},
                                               {"financing_secured", 3, 0, 0, 20},
                                               {"financing_secured", 2, 0, 0, 20},
                                               {"strategy_goals", 3, 0, 0, 1000},
                                               {"strategy_goals", 1, 0, 0, 1000},
                                               {"service_types", 3, 0, 0, 8},
                                               {"service_types", 4, 0, 0, 8},
                                               {"service_types", 6, 0, 0, 8},
                                               {"events", 10, 0, 0, 10000},
                                               {"international_activities", 4, 0, 0, 10000},
                                               {"international_activities", 2, 0, 0, 10000},
                                               {"web_updates", 10, 0, 0, 12},
                                               {"web_updates", 6, 0, 0, 12},
                                               {"newsletters", 10, 0, 0, 1000},
                                               {"newsletters", 4, 0, 0, 1000},
                                               {"media_reports", 10, 0, 0, 100000},
                                               {"media_reports", 4, 0, 0, 100000},
                                               {"success_stories", 3, 0, 0, 10000},
                                               {"success_stories", 1, 0, 0, 10000},
                                               {"staff_departures", 1, 0, 0, 1000},
                                               {"staff_departures", 2, 0, 0, 1000},
                                               {"staff", 5000, 4, 0, 1000 * p},
                                               {"staff", 1 * p, 4, 0, 1000 * p},
                                               {"staff", 2 * p, 4, 0, 1000 * p},
                                               {"staff", 3 * p, 4, 0, 1000 * p},
                                               {"staff_degree_share", 75 * p, 4, 0, 100 * p},
                                               {"staff_degree_share", 50 * p, 4, 0, 100 * p},
                                               {"board_industry_share", 50 * p, 4, 0, 100 * p},
                                               {"board_industry_share", 30 * p, 4, 0, 100 * p},
                                               {"contacted_share", 80 * p, 4, 0, 100 * p},
                                               {"contacted_share", 50 * p, 4, 0, 100 * p},
                                               {"cooperating_share", 40 * p, 4, 0, 100 * p},
                                               {"cooperating_share", 20 * p, 4, 0, 100 * p},
                                               {"wg_share", 30 * p, 4, 0, 100 * p},
                                               {"satisfaction", 80 * p, 4, 0, 100 * p},
                                               {"satisfaction", 60 * p, 4, 0, 100 * p},
                                               {"public_share", 50 * p, 4, 0, 100 * p},
                                               {"public_share", 70 * p, 4, 0, 100 * p}};
    return all;
}

void on_threshold(generator& g, doc& d)
{
    const auto& t = g.one_of(thresholds());
    const auto v = std::clamp(t.at + step(g), t.lo, t.hi);
    const std::string text = fixed(v, t.places);
    d.values[t.indicator] = std::string(t.indicator) == "staff" ? quoted(text) : text;
}

// committed >= 75% (50%) of participants, smes >= 50% (30%) of participants,
// companies_left <= 5% (10%) of companies: hit exactly and missed by one.
void on_share(generator& g, doc& d)
{
    const std::int64_t whole = g.between(1, 100) * 4;  // a multiple of 4 and 20 hits 75 % and 5 % exactly
    const auto part = [&](int percent) { return std::max<std::int64_t>(0, (whole * percent + 99) / 100 + step(g)); };
    switch (g.between(0, 2)) {
    case 0:
        d.values["participants"] = fixed(whole, 0);
        d.values["committed"] = fixed(part(g.chance(50) ? 75 : 50), 0);
        break;
    case 1:
        d.values["participants"] = fixed(whole, 0);
        d.values["smes"] = fixed(part(g.chance(50) ? 50 : 30), 0);
        break;
    default:
        d.values["companies"] = fixed(whole * 5, 0);
        d.values["companies_left"] =
            fixed(std::max<std::int64_t>(0, whole * 5 * (g.chance(50) ? 5 : 10) / 100 + step(g)), 0);
    }
}

// Founded 3 or 5 years before, the strategy reviewed 24 or 36 months before: to the day,
// and a day to either side.
void on_date(generator& g, doc& d)
{
    if (g.chance(50)) {
        const date founded = d.assessed_on.add_years(-(g.chance(50) ? 5 : 3)).add_days(step(g));
        d.values["founded"] = quoted(founded.to_string());
    } else {
        const date reviewed = d.assessed_on.add_months(-(g.chance(50) ? 24 : 36)).add_days(step(g));
        d.values["strategy_reviewed"] = quoted(reviewed.to_string());
    }
}

// The last Bronze exactly 18 or 24 months before, or a day outside.
void on_history(generator& g, doc& d)
{
    const date bronze = d.assessed_on.add_months(-(g.chance(50) ? 18 : 24)).add_days(step(g));
    d.history.clear();
    d.history.push_back({"bronze", bronze, bronze.add_years(2)});
    if (g.chance(30)) d.history.push_back({"bronze", bronze.add_months(-g.between(1, 30)), std::nullopt});
    if (g.chance(20)) d.values["improvements"] = g.improvement_areas();
}

void on_choice(generator& g, doc& d)
{
    switch (g.between(0, 5)) {
    case 0: d.values["strategy_process"] = quoted(g.one_of(processes)); break;
    case 1: d.values["s3_alignment"] = quoted(g.one_of(s3)); break;
    case 2: d.values["member_kinds"] = g.subset(kinds, 40); break;
    case 3: d.values["transition_services"] = g.subset(transitions, 40); break;
    case 4:  // the exemption, around 15 committed members
        d.values["programme_recognised"] = boolean(g.chance(50));
        d.values["committed"] = fixed(15 + step(g), 0);
        break;
    default: d.values["improvements"] = g.improvement_areas();
    }
}

void flip_boolean(generator& g, doc& d)
{
    static const std::vector<std::string> flags = {"upskilling_plan",       "financial_control", "strategy_document",
                                                   "implementation_plan",   "kpi_monitoring",    "management_evaluated",
                                                   "english_website",       "eccp_profile",      "programme_recognised",
                                                   "international_strategy"};
    const auto& f = g.one_of(flags);
    d.values[f] = d.values[f] == "true" ? "false" : "true";
}

void leave_out(generator& g, doc& d)
{
    const char* name = indicator_name(static_cast<int>(g.between(0, indicator_count - 1)));
    if (g.chance(50)) d.values.erase(name);
    else d.values[name] = "null";
}

// One operand of a tier's `and` or `or` left out while the other is on an edge: the
// tier is then false or unknown by Kleene's logic, and an unknown tier leaves the points
// undecided (no Gold), where a false one passes to the next tier.
void unknown_operand(generator& g, doc& d)
{
    switch (g.between(0, 3)) {
    case 0:
        d.values.erase("international_strategy");
        d.values["international_activities"] = fixed(g.between(0, 5), 0);
        break;
    case 1:
        d.values.erase("transition_services");
        d.values["service_types"] = fixed(g.between(3, 7), 0);
        d.values["events"] = fixed(g.between(9, 10), 0);
        break;
    case 2:
        d.values["newsletters"] = "null";
        d.values["web_updates"] = fixed(g.between(5, 11), 0);
        break;
    default: d.values.erase("research_orgs"); d.values["smes"] = fixed(g.between(30, 70), 0);
    }
}

doc perturbed_doc(generator& g, std::size_t i)
{
    using edit = void (*)(generator&, doc&);
    static const std::vector<edit> edits = {on_threshold, on_threshold, on_threshold, on_share,  on_date,
                                            on_history,   on_choice,    flip_boolean, leave_out, unknown_operand};
    doc d = template_doc(g, i);
    for (auto n = g.between(1, 3); n > 0; --n) g.one_of(edits)(g, d);
    return d;
}

}  // namespace

std::vector<corpus_line> corpus(std::size_t portfolio, std::size_t perturbed)
{
    std::vector<corpus_line> out;
    std::vector<std::filesystem::path> examples;
    for (const auto& f : std::filesystem::directory_iterator(HALLMARK_SOURCE_DIR "/examples/assessments"))
        if (f.path().extension() == ".json") examples.push_back(f.path());
    std::sort(examples.begin(), examples.end());
    for (const auto& path : examples) {
        auto a = hallmark::read_assessment_file(path.string());
        if (!a.ok()) throw std::runtime_error(path.string() + ": " + hallmark::render_all(a.diagnostics()));
        out.push_back({"examples/assessments/" + path.filename().string(), a.value().canonical});
    }
    generator g{20261207};
    for (std::size_t i = 0; i < portfolio; ++i)
        out.push_back({fmt::format("portfolio {}", i), portfolio_doc(g, i).json()});
    for (std::size_t i = 0; i < perturbed; ++i)
        out.push_back({fmt::format("perturbed {}", i), perturbed_doc(g, i).json()});
    return out;
}

}  // namespace bench::ecei
