// SPDX-License-Identifier: Apache-2.0
#pragma once
// ECEI 2020 (rules/ecei/2020.rules with its bases 2019 and 2013) decided by hand in
// C++: the limit the engine is measured against on the real rules (issue 18). The
// record is a plain struct of values already bound: numbers as scaled integers, so
// every comparison is exact, choices as indexes, sets as bit masks, dates as
// YYYYMMDD integers, and a bit per indicator saying whether it was reported.
#include <hallmark/assessment.hpp>

#include <array>
#include <cstdint>
#include <string>

namespace bench::ecei {

// Every indicator of ECEI 2020, in the order of the rule files.
enum indicator : int {
    participants,
    committed,
    companies,
    smes,
    research_orgs,
    regional_share,
    founded,
    staff,
    staff_degree_share,
    manager_experience,
    staff_departures,
    board_industry_share,
    board_meetings,
    budget,
    public_share,
    fee_share,
    service_income_share,
    financing_secured,
    service_types,
    events,
    training_days,
    projects,
    international_activities,
    newsletters,
    contacted_share,
    working_groups,
    wg_share,
    cooperating_share,
    partner_organisations,
    satisfaction,
    media_reports,
    success_stories,
    awards,
    new_participants,
    companies_left,
    web_updates,
    upskilling_plan,
    financial_control,
    strategy_process,
    strategy_document,
    implementation_plan,
    strategy_reviewed,
    kpi_monitoring,
    strategy_goals,
    management_evaluated,
    improvements,
    member_kinds,
    english_website,
    eccp_profile,
    programme_recognised,
    international_strategy,
    s3_alignment,
    transition_services,
    indicator_count
};

/// The indicator's name in the rule files, e.g. "public_share".
const char* indicator_name(int i);

// Every criterion of ECEI 2020 in declaration order: bit i of `improvements`.
// One line per area (clang-format would give one line per criterion).
// clang-format off
enum criterion : int {
    E1, E2, E3, E4, E5,
    B1, B2, B3, B4, B5, B6,
    Q1_1, Q1_2, Q1_3, Q1_5,
    Q2_1, Q2_2, Q2_3, Q2_4, Q2_5, Q2_6, Q2_7, Q2_8, Q2_9, Q2_10,
    Q3_1, Q3_2, Q3_3,
    Q4_1, Q4_2, Q4_3, Q4_4, Q4_5, Q4_6, Q4_7, Q4_8, Q4_10, Q4_11,
    Q5_1, Q5_2, Q5_3, Q5_4,
    criterion_count
};
// clang-format on

const char* criterion_name(int c);

/// Scales of the numbers: percentages in 10^-4 percentage points (75.9 % is 759000),
/// FTE and EUR in 10^-4 units; counts as they are.
constexpr std::int64_t percent_point = 10'000;
constexpr std::int64_t unit = 10'000;

// Labels as codes, as bench::label_code gives them.
enum label : int { none = 0, bronze = 1, silver = 2, gold = 3 };

struct history_entry {
    int label = none;
    std::int32_t assessed_on = 0;  // YYYYMMDD
};

struct record {
    std::int32_t assessed_on = 0;  // YYYYMMDD
    std::uint64_t known = 0;       // bit i: indicator i was reported
    std::array<std::int64_t, indicator_count> v{};
    std::array<history_entry, 8> history{};
    int history_count = 0;

    bool has(int i) const { return (known >> i) & 1U; }
};

/// The label ECEI 2020 awards `r`: what `hallmark eval` decides, without validity.
int decide(const record& r);

/// An assessment (one the 2020 rules bind) as a record. Throws std::runtime_error naming
/// `what` when a value does not fit the record's scales exactly (the hand-written
/// decision would then not be exact) or names something the rules do not know.
record from_assessment(const hallmark::assessment& a, const std::string& what);

/// Choices in declaration order, as indexes in the record.
int choice_index(int indicator, const std::string& choice);

}  // namespace bench::ecei
