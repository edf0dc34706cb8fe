// SPDX-License-Identifier: Apache-2.0
// Synthetic peer clusters for the ECEI methodology (rules/ecei), for benchmarking
// reports, batch runs and "which decisions would flip" corpora.
//
// Deterministic: a splitmix64 generator with a fixed seed and integer arithmetic only,
// so the output is the same bytes on every machine and compiler. No clock, no
// std::random_device, no floating point.
//
//   g++ -std=c++20 -O2 examples/portfolio/generate.cpp -o generate
//   ./generate [--count N] [--seed S] [--out DIR]      (defaults: 600, 2013, .)
//
// In the CMake build it is the target portfolio_generator (build/examples/portfolio/generate),
// and the test portfolio_is_reproducible compares its default output with the committed files.
//
// Writes DIR/peers.jsonl (one assessment per line, the format of examples/assessments)
// and DIR/peers.csv (header: cluster_id,name,country,portfolio,assessed_on, then one
// column per indicator; an empty cell is not reported, an empty set is "[]"). Every
// cluster is assessed between 2021-01-01 and 2024-12-31, so the ECEI 2020 rules are in
// force for all of them and they carry its indicators.
#include <array>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace {

// --- randomness ------------------------------------------------------------------------

struct splitmix64 {
    std::uint64_t state;
    std::uint64_t next()
    {
        std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }
};

class dice {
public:
    explicit dice(std::uint64_t seed) : rng_{seed} {}
    // Uniform in lo..hi, both included.
    std::int64_t uniform(std::int64_t lo, std::int64_t hi)
    {
        if (hi <= lo) return lo;
        const auto span = static_cast<std::uint64_t>(hi - lo) + 1;
        return lo + static_cast<std::int64_t>(rng_.next() % span);
    }
    // Bell-shaped in lo..hi: the mean of three uniform draws.
    std::int64_t bell(std::int64_t lo, std::int64_t hi)
    {
        const std::int64_t sum = uniform(lo, hi) + uniform(lo, hi) + uniform(lo, hi);
        return (sum + (sum >= 0 ? 1 : -1)) / 3;
    }
    // True with a probability of permille / 1000.
    bool chance(std::int64_t permille) { return uniform(0, 999) < permille; }

private:
    splitmix64 rng_;
};

std::int64_t clamp(std::int64_t v, std::int64_t lo, std::int64_t hi) { return v < lo ? lo : v > hi ? hi : v; }
// lo + (hi - lo) * q / 1000, for a quality level q in 0..1000.
std::int64_t lerp(std::int64_t lo, std::int64_t hi, std::int64_t q) { return lo + (hi - lo) * q / 1000; }

// --- calendar ----------------------------------------------------------------------------

// Days since 1970-01-01 of a civil date, and back (H. Hinnant's algorithms).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

std::string civil_from_days(std::int64_t z)
{
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const auto doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    char buf[48];
    std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u", static_cast<long long>(y + (m <= 2)), m, d);
    return buf;
}

// --- the peer population -----------------------------------------------------------------

struct portfolio {
    const char* name;
    const char* code;
    int median_participants;
    int research_permille;    // research organisations among participants
    int sme_permille;         // SMEs among companies
    int public_share_tenths;  // typical public share of the budget, in 0.1 %
    int international;        // typical international activities a year
};

// The comparative portfolios named in the domain brief.
constexpr std::array<portfolio, 5> portfolios{{
    {"Aviation and space", "AVI", 70, 120, 550, 520, 10},
    {"Micro, nano and optical technologies", "MNO", 50, 180, 650, 600, 7},
    {"ICT", "ICT", 90, 80, 780, 430, 6},
    {"Food industry", "FOO", 60, 70, 720, 580, 5},
    {"Energy and environment", "ENE", 75, 120, 560, 560, 5},
}};

struct country {
    const char* code;
    int cost_per_tenth_fte;  // EUR of budget per 0.1 FTE of staff
    int public_offset;       // added to the portfolio's public share, in 0.1 %
    int quality_offset;      // added to the latent quality level, of 1000
};

// The BIGINN partners' countries (Denmark, Spain, Lithuania) and those of the ECEI and
// "perfect cluster programme" partners in the seed documents.
constexpr std::array<country, 10> countries{{
    {"DK", 9500, 20, 40},
    {"ES", 6500, -40, 0},
    {"LT", 4000, 60, -30},
    {"DE", 9000, -20, 50},
    {"EE", 4500, 80, -20},
    {"FI", 8500, 40, 20},
    {"IS", 9000, 60, -10},
    {"NO", 10000, 50, 30},
    {"PL", 4200, 40, -40},
    {"SE", 9000, 30, 30},
}};

// One indicator value as text, or not reported. `json` is the JSON spelling, `csv` the
// CSV cell.
struct cell {
    std::string name;
    std::optional<std::string> json, csv;
};

std::string quoted(std::string_view s)
{
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out + "\"";
}

std::string csv_field(std::string_view s)
{
    if (s.find_first_of(",\"\n") == std::string_view::npos) return std::string(s);
    std::string out = "\"";
    for (char c : s) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

// A number in tenths as plain decimal text: 25 -> "2.5", 30 -> "3".
std::string tenths(std::int64_t v)
{
    std::string s = std::to_string(v / 10);
    if (v % 10) s += "." + std::to_string(v % 10);
    return s;
}

class row {
public:
    void count(const char* n, std::int64_t v) { add(n, std::to_string(v), std::to_string(v)); }
    void decimal_text(const char* n, const std::string& v) { add(n, v, v); }  // JSON number
    void string_value(const char* n, const std::string& v)
    {
        add(n, quoted(v), v);
    }  // dates, choices, decimals with a unit
    void boolean(const char* n, bool v) { add(n, v ? "true" : "false", v ? "true" : "false"); }
    // A set: a JSON array; in CSV its items separated by ';', and an empty set "[]" so
    // that it differs from the empty cell of an indicator that is not reported.
    void set(const char* n, const std::vector<std::string>& items)
    {
        std::string j = "[", c;
        for (std::size_t i = 0; i < items.size(); ++i) {
            j += (i ? ", " : "") + quoted(items[i]);
            c += (i ? ";" : "") + items[i];
        }
        add(n, j + "]", items.empty() ? "[]" : c);
    }
    void missing(const char* n) { cells.push_back({n, std::nullopt, std::nullopt}); }
    std::vector<cell> cells;

private:
    void add(const char* n, std::string j, std::string c) { cells.push_back({n, std::move(j), std::move(c)}); }
};

struct cluster {
    std::string id, name, country, portfolio, assessed_on;
    row values;
};

cluster make_cluster(dice& d, const portfolio& p, const country& c, int index)
{
    cluster k;
    char id[64];
    std::snprintf(id, sizeof id, "SYN-%s-%s-%03d", c.code, p.code, index);
    k.id = id;
    k.name = std::string(p.name) + " peer " + c.code + "-" + std::to_string(index) + " (synthetic)";
    k.country = c.code;
    k.portfolio = p.name;

    const std::int64_t day0 = days_from_civil(2021, 1, 1), day1 = days_from_civil(2024, 12, 31);
    const std::int64_t today = d.uniform(day0, day1);
    k.assessed_on = civil_from_days(today);

    // A latent quality level of the cluster management, 0..1000: most clusters are
    // average, a few excellent, a few weak.
    const std::int64_t q = clamp(d.bell(0, 1000) + c.quality_offset, 0, 1000);
    auto noisy = [&](std::int64_t lo, std::int64_t hi, std::int64_t spread, std::int64_t min, std::int64_t max) {
        return clamp(lerp(lo, hi, q) + d.bell(-spread, spread), min, max);
    };
    auto& v = k.values;

    // 1. Structure: sizes are skewed to the right (a product of two bells).
    // (Each draw is its own statement: C++ leaves the order of operands unspecified.)
    // About one cluster in eight is a large one, two to four times the usual size.
    const std::int64_t size_a = d.bell(30, 170);
    const std::int64_t size_b = d.bell(45, 155);
    const std::int64_t size_c = d.chance(125) ? d.uniform(2, 4) : 1;
    const std::int64_t participants = clamp(p.median_participants * size_a / 100 * size_b / 100 * size_c, 12, 900);
    const std::int64_t committed = clamp(participants * noisy(550, 1000, 150, 300, 1000) / 1000, 5, participants);
    const std::int64_t research =
        clamp(participants * p.research_permille / 1000 * d.bell(50, 150) / 100, 0, participants / 3);
    const std::int64_t companies = clamp(participants * d.bell(620, 900) / 1000, 1, participants - research);
    const std::int64_t smes =
        clamp(companies * clamp(p.sme_permille + d.bell(-150, 150), 200, 980) / 1000, 0, companies);
    const std::int64_t age_years = d.bell(1, 22);
    const std::int64_t age_days = age_years * 365 + d.uniform(0, 364);
    v.count("participants", participants);
    v.count("committed", committed);
    v.count("companies", companies);
    v.count("smes", smes);
    v.count("research_orgs", research);
    v.decimal_text("regional_share", tenths(d.bell(250, 980)));
    v.string_value("founded", civil_from_days(today - age_days));

    // 2. Management and governance. Staff in 0.1 FTE; about one cluster in twenty-five
    // falls below the 0.5 FTE of the eligibility criteria.
    std::int64_t staff = clamp((participants / 15 + 5) * 3 * noisy(40, 160, 35, 10, 250) / 100, 2, 400);
    if (d.chance(40)) staff = d.uniform(2, 4);
    v.string_value("staff", tenths(staff));
    v.decimal_text("staff_degree_share", tenths(noisy(450, 1000, 150, 0, 1000) / 50 * 50));
    v.count("manager_experience", noisy(1, 15, 4, 0, 40));
    v.count("staff_departures", clamp(d.bell(0, 4) - (q > 600), 0, 10));
    v.decimal_text("board_industry_share", tenths(noisy(250, 800, 200, 0, 1000) / 10 * 10));
    v.count("board_meetings", noisy(1, 8, 2, 0, 24));

    // 3. Financing: the three shares add up to exactly 100 %.
    const std::int64_t budget = (staff * c.cost_per_tenth_fte * d.bell(80, 130) / 100) / 1000 * 1000;
    const std::int64_t public_share =
        clamp(p.public_share_tenths + c.public_offset - lerp(-150, 150, q) + d.bell(-200, 200), 0, 1000);
    const std::int64_t fee_share = (1000 - public_share) * d.bell(250, 850) / 1000;
    v.string_value("budget", std::to_string(budget));
    v.decimal_text("public_share", tenths(public_share));
    v.decimal_text("fee_share", tenths(fee_share));
    v.decimal_text("service_income_share", tenths(1000 - public_share - fee_share));
    v.count("financing_secured", noisy(0, 4, 1, 0, 10));

    // 4. Services.
    v.count("service_types", noisy(2, 8, 1, 1, 8));
    v.count("events", noisy(3, 30, 6, 0, 120));
    v.count("training_days", noisy(0, 20, 5, 0, 100));
    v.count("projects", noisy(0, 15, 4, 0, 80));
    v.count("international_activities", clamp(p.international * noisy(20, 180, 40, 0, 400) / 100, 0, 200));
    v.count("newsletters", noisy(2, 14, 3, 0, 52));

    // 5. Contacts and interaction; one cluster in twenty-five has no participant survey.
    v.decimal_text("contacted_share", tenths(noisy(300, 950, 120, 50, 1000)));
    v.count("working_groups", noisy(0, 6, 2, 0, 30));
    v.decimal_text("wg_share", tenths(noisy(100, 500, 100, 0, 1000)));
    v.decimal_text("cooperating_share", tenths(noisy(100, 550, 120, 0, 1000)));
    v.count("partner_organisations", noisy(2, 16, 4, 0, 80));
    if (d.chance(40)) v.missing("satisfaction");
    else v.decimal_text("satisfaction", tenths(noisy(550, 950, 80, 300, 1000)));

    // 6. Achievements and recognition.
    v.count("media_reports", noisy(1, 18, 5, 0, 200));
    v.count("success_stories", noisy(0, 5, 1, 0, 30));
    v.count("awards", clamp(d.bell(0, 3) + (q > 800), 0, 10));
    v.count("new_participants", clamp(participants * d.bell(20, 160) / 1000, 0, participants));
    v.count("companies_left", clamp(companies * noisy(120, 10, 30, 0, 300) / 1000, 0, companies));
    v.count("web_updates", noisy(3, 12, 2, 0, 12));

    // Questions of the Gold on-site assessment: asked of the clusters that apply for
    // Gold, which are mostly the better ones.
    const bool gold_applicant = d.chance(q > 650 ? 600 : q > 450 ? 150 : 20);
    const char* gold_only[] = {"upskilling_plan",        "financial_control",   "strategy_process",
                               "strategy_document",      "implementation_plan", "strategy_reviewed",
                               "kpi_monitoring",         "strategy_goals",      "management_evaluated",
                               "international_strategy", "s3_alignment",        "transition_services"};
    if (gold_applicant) {
        v.boolean("upskilling_plan", d.chance(lerp(300, 950, q)));
        v.boolean("financial_control", d.chance(lerp(700, 1000, q)));
        static const char* processes[] = {"none", "management", "board", "participants"};
        v.string_value("strategy_process", processes[clamp(lerp(0, 3, q) + d.uniform(0, 1), 0, 3)]);
        v.boolean("strategy_document", d.chance(lerp(750, 1000, q)));
        v.boolean("implementation_plan", d.chance(lerp(400, 980, q)));
        v.string_value("strategy_reviewed", civil_from_days(today - d.bell(30, 1300)));
        v.boolean("kpi_monitoring", d.chance(lerp(600, 1000, q)));
        v.count("strategy_goals", noisy(0, 8, 2, 0, 30));
        v.boolean("management_evaluated", d.chance(lerp(300, 950, q)));
        v.boolean("international_strategy", d.chance(lerp(200, 900, q)));
        static const char* s3[] = {"none", "mentioned", "aligned", "co_designed"};
        v.string_value("s3_alignment", s3[clamp(lerp(0, 3, q) + d.uniform(-1, 1), 0, 3)]);
        std::vector<std::string> transitions;
        if (d.chance(lerp(300, 900, q))) transitions.push_back("digital");
        if (d.chance(lerp(250, 850, q))) transitions.push_back("green");
        v.set("transition_services", transitions);
    } else {
        for (const char* n : gold_only) v.missing(n);
    }

    // Eligibility (since 15 November 2019).
    std::vector<std::string> kinds;
    if (companies > 0) kinds.push_back("industry");
    if (research > 0) kinds.push_back("research");
    if (d.chance(450)) kinds.push_back("public");
    if (d.chance(120)) kinds.push_back("civil_society");
    v.set("member_kinds", kinds);
    v.boolean("english_website", d.chance(960));
    v.boolean("eccp_profile", d.chance(960));
    v.boolean("programme_recognised", d.chance(400));
    v.missing("improvements");
    return k;
}

std::string jsonl_line(const cluster& k)
{
    std::string s = "{\"cluster\": {\"id\": " + quoted(k.id) + ", \"name\": " + quoted(k.name) +
                    ", \"country\": " + quoted(k.country) + ", \"portfolio\": " + quoted(k.portfolio) +
                    "}, \"assessed_on\": " + quoted(k.assessed_on) + ", \"indicators\": {";
    bool first = true;
    for (const auto& c : k.values.cells) {
        if (!c.json) continue;
        s += (first ? "" : ", ") + quoted(c.name) + ": " + *c.json;
        first = false;
    }
    return s + "}}";
}

}  // namespace

int main(int argc, char** argv)
{
    int count = 600;
    std::uint64_t seed = 2013;
    std::string out = ".";
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (i + 1 < argc && a == "--count") count = std::atoi(argv[++i]);
        else if (i + 1 < argc && a == "--seed") seed = std::strtoull(argv[++i], nullptr, 10);
        else if (i + 1 < argc && a == "--out") out = argv[++i];
        else {
            std::cerr << "usage: generate [--count N] [--seed S] [--out DIR]\n";
            return 2;
        }
    }
    if (count < 1) {
        std::cerr << "generate: --count must be at least 1\n";
        return 2;
    }
    dice d(seed);
    std::vector<cluster> all;
    for (int i = 0; i < count; ++i) {
        // Round-robin over portfolios and countries, so every pair is represented.
        const auto& p = portfolios[static_cast<std::size_t>(i) % portfolios.size()];
        const auto& c = countries[static_cast<std::size_t>(i / static_cast<int>(portfolios.size())) % countries.size()];
        const int index = i / static_cast<int>(portfolios.size() * countries.size()) + 1;
        all.push_back(make_cluster(d, p, c, index));
    }

    std::ofstream jsonl(out + "/peers.jsonl", std::ios::binary);
    std::ofstream csv(out + "/peers.csv", std::ios::binary);
    if (!jsonl || !csv) {
        std::cerr << "generate: cannot write to " << out << "\n";
        return 1;
    }
    csv << "cluster_id,name,country,portfolio,assessed_on";
    for (const auto& c : all.front().values.cells) csv << "," << c.name;
    csv << "\n";
    for (const auto& k : all) {
        jsonl << jsonl_line(k) << "\n";
        csv << csv_field(k.id) << "," << csv_field(k.name) << "," << k.country << "," << csv_field(k.portfolio) << ","
            << k.assessed_on;
        for (const auto& c : k.values.cells) csv << "," << (c.csv ? csv_field(*c.csv) : "");
        csv << "\n";
    }
    std::cerr << "generate: " << all.size() << " clusters written to " << out << "/peers.jsonl and " << out
              << "/peers.csv\n";
    return 0;
}
