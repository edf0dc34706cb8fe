// SPDX-License-Identifier: Apache-2.0
// ECEI 2020 decided by hand: every criterion and label of rules/ecei/2013.rules, as
// 2019.rules and 2020.rules change them, written as a C++ programmer would, with the
// language's three-valued logic (docs/semantics.md, sections 4 to 6) spelt out.
#include "bench/ecei_native.hpp"

#include <hallmark/decimal.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <bit>
#include <stdexcept>
#include <string_view>
#include <vector>

namespace bench::ecei {
namespace {

// Kleene's three values: an unknown operand decides nothing on its own.
enum tri : std::int8_t { no = 0, yes = 1, unknown = 2 };

tri of(bool b) { return b ? yes : no; }

tri both(tri a, tri b)
{
    if (a == no || b == no) return no;
    return a == yes && b == yes ? yes : unknown;
}

tri either(tri a, tri b)
{
    if (a == yes || b == yes) return yes;
    return a == no && b == no ? no : unknown;
}

// Comparisons of one indicator with a constant: unknown when it was not reported.
tri at_least(const record& r, int i, std::int64_t c) { return r.has(i) ? of(r.v[i] >= c) : unknown; }
tri at_most(const record& r, int i, std::int64_t c) { return r.has(i) ? of(r.v[i] <= c) : unknown; }
tri is_true(const record& r, int i) { return r.has(i) ? of(r.v[i] != 0) : unknown; }
tri is_choice(const record& r, int i, std::int64_t c) { return r.has(i) ? of(r.v[i] == c) : unknown; }
tri set_size_at_least(const record& r, int i, int n)
{
    return r.has(i) ? of(std::popcount(static_cast<std::uint64_t>(r.v[i])) >= n) : unknown;
}

// `a >= p% of b` for counts a and b: a * 100 >= p * b, exact on integers.
tri share_at_least(const record& r, int a, int b, std::int64_t p)
{
    return r.has(a) && r.has(b) ? of(r.v[a] * 100 >= p * r.v[b]) : unknown;
}

tri share_at_most(const record& r, int a, int b, std::int64_t p)
{
    return r.has(a) && r.has(b) ? of(r.v[a] * 100 <= p * r.v[b]) : unknown;
}

// --- Calendar: months_between as docs/semantics.md defines it, on YYYYMMDD ---------------------

int days_in_month(int y, int m)
{
    static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : days[m - 1];
}

// `from` plus n >= 0 months, the day clamped to the end of the month.
std::int32_t add_months(std::int32_t from, std::int64_t n)
{
    const std::int64_t months = (from / 10000) * 12 + (from / 100 % 100 - 1) + n;
    const int y = static_cast<int>(months / 12), m = static_cast<int>(months % 12) + 1;
    const int d = std::min(from % 100, days_in_month(y, m));
    return y * 10000 + m * 100 + d;
}

// The largest n with from + n months <= to; mirrored when to < from.
std::int64_t months_between(std::int32_t from, std::int32_t to)
{
    if (to < from) return -months_between(to, from);
    std::int64_t n = (to / 10000 - from / 10000) * 12 + (to / 100 % 100 - from / 100 % 100);
    if (add_months(from, n) > to) --n;
    return n;
}

// --- Points ----------------------------------------------------------------------------------

constexpr int undecided = -1;

// The first tier whose condition holds gives its points; an unknown condition stops the
// search (a later tier is never a guess); `otherwise` is 0 in every ECEI criterion.
int tiers(tri first, int first_points, tri second, int second_points)
{
    if (first == yes) return first_points;
    if (first == unknown) return undecided;
    if (second == yes) return second_points;
    return second == unknown ? undecided : 0;
}

int tiers(tri first, int first_points)
{
    if (first == unknown) return undecided;
    return first == yes ? first_points : 0;
}

constexpr std::int64_t pct(std::int64_t p) { return p * percent_point; }

// Points of every quality criterion (undecided when a tier could not be decided).
struct quality_points {
    std::array<int, criterion_count> points{};
};

// The points each quality criterion's `gold when points >= N` needs: 5, or 4 where the
// best tier gives 4.
constexpr int gold_at(int c) { return c == Q2_4 || c == Q2_5 || c == Q3_3 || c == Q4_8 || c == Q5_1 ? 4 : 5; }

void structure_points(const record& r, quality_points& q)
{
    q.points[Q1_1] =
        tiers(share_at_least(r, committed, participants, 75), 5, share_at_least(r, committed, participants, 50), 3);
    q.points[Q1_2] = tiers(both(share_at_least(r, smes, participants, 50), at_least(r, research_orgs, 3)), 5,
                           both(share_at_least(r, smes, participants, 30), at_least(r, research_orgs, 1)), 3);
    q.points[Q1_3] = tiers(at_least(r, participants, 80), 5, at_least(r, participants, 50), 3);
    q.points[Q1_5] =
        tiers(share_at_most(r, companies_left, companies, 5), 5, share_at_most(r, companies_left, companies, 10), 3);
}

void management_points(const record& r, quality_points& q)
{
    tri age5 = unknown, age3 = unknown;
    if (r.has(founded)) {
        const std::int64_t age = months_between(static_cast<std::int32_t>(r.v[founded]), r.assessed_on) / 12;
        age5 = of(age >= 5);
        age3 = of(age >= 3);
    }
    q.points[Q2_1] = tiers(age5, 5, age3, 3);
    q.points[Q2_2] = tiers(at_least(r, staff, 3 * unit), 5, at_least(r, staff, 2 * unit), 3);
    q.points[Q2_3] = tiers(both(at_least(r, staff_degree_share, pct(75)), at_least(r, manager_experience, 5)), 5,
                           at_least(r, staff_degree_share, pct(50)), 3);
    q.points[Q2_4] = tiers(is_true(r, upskilling_plan), 4);
    q.points[Q2_5] = tiers(at_most(r, staff_departures, 1), 4, at_most(r, staff_departures, 2), 2);
    q.points[Q2_6] = tiers(both(at_least(r, board_industry_share, pct(50)), at_least(r, board_meetings, 4)), 5,
                           both(at_least(r, board_industry_share, pct(30)), at_least(r, board_meetings, 2)), 3);
    q.points[Q2_7] = tiers(at_least(r, contacted_share, pct(80)), 5, at_least(r, contacted_share, pct(50)), 3);
    q.points[Q2_8] = tiers(at_least(r, cooperating_share, pct(40)), 5, at_least(r, cooperating_share, pct(20)), 3);
    q.points[Q2_9] = tiers(at_least(r, partner_organisations, 10), 5, at_least(r, partner_organisations, 5), 3);
    q.points[Q2_10] = tiers(both(at_least(r, working_groups, 3), at_least(r, wg_share, pct(30))), 5,
                            at_least(r, working_groups, 1), 3);
}

void financing_points(const record& r, quality_points& q)
{
    q.points[Q3_1] = tiers(at_least(r, financing_secured, 3), 5, at_least(r, financing_secured, 2), 3);
    // private_share = 100% - public_share
    q.points[Q3_2] =
        tiers(at_most(r, public_share, pct(100) - pct(50)), 5, at_most(r, public_share, pct(100) - pct(30)), 3);
    q.points[Q3_3] = tiers(is_true(r, financial_control), 4);
}

void strategy_points(const record& r, quality_points& q)
{
    q.points[Q4_1] = tiers(is_choice(r, strategy_process, 3), 5, is_choice(r, strategy_process, 2), 3);
    q.points[Q4_2] = tiers(is_true(r, strategy_document), 5);
    q.points[Q4_3] = tiers(is_true(r, implementation_plan), 5);
    tri review24 = unknown, review36 = unknown;
    if (r.has(strategy_reviewed)) {
        const std::int64_t months = months_between(static_cast<std::int32_t>(r.v[strategy_reviewed]), r.assessed_on);
        review24 = of(months <= 24);
        review36 = of(months <= 36);
    }
    q.points[Q4_4] = tiers(review24, 5, review36, 3);
    q.points[Q4_5] = tiers(is_true(r, kpi_monitoring), 5);
    q.points[Q4_6] = tiers(at_least(r, strategy_goals, 3), 5, at_least(r, strategy_goals, 1), 3);
    q.points[Q4_7] = tiers(both(both(at_least(r, service_types, 6), at_least(r, events, 10)),
                                set_size_at_least(r, transition_services, 1)),
                           5, at_least(r, service_types, 4), 3);
    q.points[Q4_8] = tiers(is_true(r, management_evaluated), 4);
    q.points[Q4_10] = tiers(both(is_true(r, international_strategy), at_least(r, international_activities, 4)), 5,
                            either(is_true(r, international_strategy), at_least(r, international_activities, 2)), 3);
    q.points[Q4_11] = tiers(is_choice(r, s3_alignment, 3), 5, is_choice(r, s3_alignment, 2), 3);
}

void recognition_points(const record& r, quality_points& q)
{
    q.points[Q5_1] = tiers(both(at_least(r, web_updates, 10), at_least(r, newsletters, 10)), 4,
                           both(at_least(r, web_updates, 6), at_least(r, newsletters, 4)), 2);
    q.points[Q5_2] = tiers(at_least(r, media_reports, 10), 5, at_least(r, media_reports, 4), 3);
    q.points[Q5_3] = tiers(at_least(r, satisfaction, pct(80)), 5, at_least(r, satisfaction, pct(60)), 3);
    q.points[Q5_4] = tiers(at_least(r, success_stories, 3), 5, at_least(r, success_stories, 1), 3);
}

quality_points all_points(const record& r)
{
    quality_points q;
    structure_points(r, q);
    management_points(r, q);
    financing_points(r, q);
    strategy_points(r, q);
    recognition_points(r, q);
    return q;
}

// --- Groups ------------------------------------------------------------------------------------

// all(eligibility): E1 to E5, as 2019.rules states them.
bool eligible(const record& r)
{
    const tri recognised = is_true(r, programme_recognised);
    return at_least(r, staff, unit / 2) == yes && either(recognised, at_least(r, committed, 15)) == yes &&
           either(recognised, set_size_at_least(r, member_kinds, 2)) == yes && is_true(r, english_website) == yes &&
           is_true(r, eccp_profile) == yes;
}

constexpr std::uint64_t bits(int from, int to) { return ((std::uint64_t{1} << (to - from)) - 1) << from; }

// all(benchmarking): every indicator of the six benchmarking areas reported.
bool interview_complete(const record& r)
{
    constexpr std::uint64_t areas = bits(participants, upskilling_plan);  // structure .. recognition
    return (r.known & areas) == areas;
}

// all(baseline): the minimum requirements of Q1_3, Q2_2, Q3_3, Q4_2, Q4_5 and Q4_7.
bool baseline_met(const record& r)
{
    return at_least(r, participants, 30) == yes && at_least(r, staff, unit) == yes &&
           is_true(r, financial_control) == yes && is_true(r, strategy_document) == yes &&
           is_true(r, kpi_monitoring) == yes && at_least(r, service_types, 3) == yes;
}

constexpr std::uint64_t quality_mask = bits(Q1_1, criterion_count);

// points(quality) >= 120, unknown (so not met) when one criterion's points are.
bool gold_points(const quality_points& q)
{
    int sum = 0;
    for (int c = Q1_1; c < criterion_count; ++c) {
        if (q.points[c] == undecided) return false;
        sum += q.points[c];
    }
    return sum >= 120;
}

// history.bronze.assessed_on: the Bronze entry with the latest date before the assessment.
std::int32_t last_bronze(const record& r)
{
    std::int32_t last = 0;
    for (int i = 0; i < r.history_count; ++i)
        if (r.history[i].label == bronze && r.history[i].assessed_on < r.assessed_on && r.history[i].assessed_on > last)
            last = r.history[i].assessed_on;
    return last;
}

// Silver's parts beyond the minimum requirements: a Bronze 18 to 24 months before, and
// three improvement areas, all quality criteria at their Gold threshold.
bool silver_history_and_improvements(const record& r, const quality_points& q)
{
    const std::int32_t bronze_on = last_bronze(r);
    if (bronze_on == 0) return false;
    const std::int64_t months = months_between(bronze_on, r.assessed_on);
    if (months < 18 || months > 24 || !r.has(improvements)) return false;
    const auto chosen = static_cast<std::uint64_t>(r.v[improvements]);
    if (std::popcount(chosen) != 3 || (chosen & ~quality_mask) != 0) return false;
    for (int c = Q1_1; c < criterion_count; ++c)
        if ((chosen >> c & 1U) && (q.points[c] == undecided || q.points[c] < gold_at(c))) return false;
    return true;
}

}  // namespace

int decide(const record& r)
{
    if (!eligible(r) || !interview_complete(r)) return none;
    if (!baseline_met(r)) return bronze;
    const quality_points q = all_points(r);
    if (gold_points(q)) return gold;
    return silver_history_and_improvements(r, q) ? silver : bronze;
}

}  // namespace bench::ecei

// --- Conversion from an assessment (ahead of timing) -------------------------------------------

namespace bench::ecei {
namespace {

enum class kind { count, percent, amount, date, boolean, choice, set };

kind kind_of(int i)
{
    switch (i) {
    case regional_share:
    case staff_degree_share:
    case board_industry_share:
    case public_share:
    case fee_share:
    case service_income_share:
    case contacted_share:
    case wg_share:
    case cooperating_share:
    case satisfaction: return kind::percent;
    case staff:
    case budget: return kind::amount;
    case founded:
    case strategy_reviewed: return kind::date;
    case upskilling_plan:
    case financial_control:
    case strategy_document:
    case implementation_plan:
    case kpi_monitoring:
    case management_evaluated:
    case english_website:
    case eccp_profile:
    case programme_recognised:
    case international_strategy: return kind::boolean;
    case strategy_process:
    case s3_alignment: return kind::choice;
    case improvements:
    case member_kinds:
    case transition_services: return kind::set;
    default: return kind::count;
    }
}

constexpr const char* names[indicator_count] = {"participants",
                                                "committed",
                                                "companies",
                                                "smes",
                                                "research_orgs",
                                                "regional_share",
                                                "founded",
                                                "staff",
                                                "staff_degree_share",
                                                "manager_experience",
                                                "staff_departures",
                                                "board_industry_share",
                                                "board_meetings",
                                                "budget",
                                                "public_share",
                                                "fee_share",
                                                "service_income_share",
                                                "financing_secured",
                                                "service_types",
                                                "events",
                                                "training_days",
                                                "projects",
                                                "international_activities",
                                                "newsletters",
                                                "contacted_share",
                                                "working_groups",
                                                "wg_share",
                                                "cooperating_share",
                                                "partner_organisations",
                                                "satisfaction",
                                                "media_reports",
                                                "success_stories",
                                                "awards",
                                                "new_participants",
                                                "companies_left",
                                                "web_updates",
                                                "upskilling_plan",
                                                "financial_control",
                                                "strategy_process",
                                                "strategy_document",
                                                "implementation_plan",
                                                "strategy_reviewed",
                                                "kpi_monitoring",
                                                "strategy_goals",
                                                "management_evaluated",
                                                "improvements",
                                                "member_kinds",
                                                "english_website",
                                                "eccp_profile",
                                                "programme_recognised",
                                                "international_strategy",
                                                "s3_alignment",
                                                "transition_services"};

constexpr const char* criterion_names[criterion_count] = {
    "E1",   "E2",   "E3",   "E4",   "E5",   "B1",   "B2",   "B3",   "B4",    "B5",    "B6",    "Q1_1", "Q1_2", "Q1_3",
    "Q1_5", "Q2_1", "Q2_2", "Q2_3", "Q2_4", "Q2_5", "Q2_6", "Q2_7", "Q2_8",  "Q2_9",  "Q2_10", "Q3_1", "Q3_2", "Q3_3",
    "Q4_1", "Q4_2", "Q4_3", "Q4_4", "Q4_5", "Q4_6", "Q4_7", "Q4_8", "Q4_10", "Q4_11", "Q5_1",  "Q5_2", "Q5_3", "Q5_4"};

int find(const char* const* table, int n, std::string_view name)
{
    for (int i = 0; i < n; ++i)
        if (name == table[i]) return i;
    return -1;
}

std::int32_t yyyymmdd(const hallmark::date& d) { return d.year() * 10000 + d.month() * 100 + d.day(); }

// A number at `places` digits after the point, or an exception: the record holds no other.
std::int64_t scaled_exactly(const std::string& text, int places, const std::string& what)
{
    const auto d = hallmark::decimal::parse(text);
    bool inexact = false;
    const auto v = d ? d->floor_scaled(places, inexact) : std::nullopt;
    if (!v || inexact) throw std::runtime_error(fmt::format("{}: {} does not fit {} places", what, text, places));
    return *v;
}

std::int64_t bit_set(int indicator, const std::vector<std::string>& items, const std::string& what)
{
    std::uint64_t out = 0;
    for (const auto& item : items) {
        const int bit =
            indicator == improvements ? find(criterion_names, criterion_count, item) : choice_index(indicator, item);
        if (bit < 0) throw std::runtime_error(fmt::format("{}: unknown item {}", what, item));
        out |= std::uint64_t{1} << bit;
    }
    return static_cast<std::int64_t>(out);
}

std::int64_t value_of(int i, const hallmark::raw_value& raw, const std::string& what)
{
    switch (kind_of(i)) {
    case kind::count: return scaled_exactly(raw.text, 0, what);
    case kind::percent: return scaled_exactly(raw.text, 4, what);
    case kind::amount: return scaled_exactly(raw.text, 4, what);
    case kind::date: {
        const auto d = hallmark::date::parse(raw.text);
        if (!d) throw std::runtime_error(what + ": not a date");
        return yyyymmdd(*d);
    }
    case kind::boolean: return raw.boolean ? 1 : 0;
    case kind::choice: {
        const int c = choice_index(i, raw.text);
        if (c < 0) throw std::runtime_error(what + ": unknown choice " + raw.text);
        return c;
    }
    case kind::set: return bit_set(i, raw.items, what);
    }
    throw std::logic_error("unreachable");
}

}  // namespace

const char* indicator_name(int i) { return names[i]; }

const char* criterion_name(int c) { return criterion_names[c]; }

int choice_index(int indicator, const std::string& choice)
{
    static constexpr const char* process[] = {"none", "management", "board", "participants"};
    static constexpr const char* s3[] = {"none", "mentioned", "aligned", "co_designed"};
    static constexpr const char* kinds[] = {"industry", "research", "public", "civil_society"};
    static constexpr const char* transitions[] = {"digital", "green"};
    switch (indicator) {
    case strategy_process: return find(process, 4, choice);
    case s3_alignment: return find(s3, 4, choice);
    case member_kinds: return find(kinds, 4, choice);
    case transition_services: return find(transitions, 2, choice);
    default: return -1;
    }
}

record from_assessment(const hallmark::assessment& a, const std::string& what)
{
    record r;
    r.assessed_on = yyyymmdd(a.assessed_on);
    for (const auto& [name, raw] : a.indicators) {
        const int i = find(names, indicator_count, name);
        if (i < 0) throw std::runtime_error(fmt::format("{}: {} is not an ECEI 2020 indicator", what, name));
        if (raw.type == hallmark::raw_value::kind::null) continue;
        r.v[i] = value_of(i, raw, what + ": " + name);
        r.known |= std::uint64_t{1} << i;
    }
    if (a.history.size() > r.history.size()) throw std::runtime_error(what + ": too many history entries");
    for (const auto& h : a.history) {
        const int code = h.label == "gold" ? gold : h.label == "silver" ? silver : h.label == "bronze" ? bronze : none;
        r.history[r.history_count++] = {code, yyyymmdd(h.assessed_on)};
    }
    return r;
}

}  // namespace bench::ecei
