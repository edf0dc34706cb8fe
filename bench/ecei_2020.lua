-- SPDX-License-Identifier: Apache-2.0
-- ECEI 2020 (rules/ecei/2020.rules with its bases) as a Lua user would write it: one
-- function, called once per record, returning 3 gold, 2 silver, 1 bronze or 0 none.
-- Runs unchanged on Lua 5.4 and LuaJIT (Lua 5.1 syntax, no integer division).
--
-- A record is a table of values already bound: numbers as integers scaled like
-- bench/ecei_native.hpp's record (percentages in 10^-4 points, FTE in 10^-4), so every
-- comparison is exact in both engines (all values stay far below 2^53); choices as
-- strings, sets as arrays of strings, booleans as booleans, dates as YYYYMMDD integers,
-- `history` as an array of {label = ..., assessed_on = ...}. An indicator not
-- reported is nil, and nil is also the third value of the rules' logic.
local floor = math.floor

local PCT = 10000 -- one percentage point
local UNIT = 10000 -- one FTE

local function ge(x, c) if x == nil then return nil end return x >= c end
local function le(x, c) if x == nil then return nil end return x <= c end
local function eq(x, c) if x == nil then return nil end return x == c end
local function size_ge(s, n) if s == nil then return nil end return #s >= n end

-- a >= p% of b, on counts
local function share_ge(a, b, p) if a == nil or b == nil then return nil end return a * 100 >= p * b end
local function share_le(a, b, p) if a == nil or b == nil then return nil end return a * 100 <= p * b end

local function both(a, b)
  if a == false or b == false then return false end
  if a == nil or b == nil then return nil end
  return true
end

local function either(a, b)
  if a == true or b == true then return true end
  if a == nil or b == nil then return nil end
  return false
end

-- The first tier that holds gives its points; an unknown tier leaves them unknown (nil).
local function tiers(c1, p1, c2, p2)
  if c1 == true then return p1 elseif c1 == nil then return nil end
  if c2 == true then return p2 elseif c2 == nil then return nil end
  return 0
end

local function days_in_month(y, m)
  if m == 2 then
    if (y % 4 == 0 and y % 100 ~= 0) or y % 400 == 0 then return 29 end
    return 28
  end
  if m == 4 or m == 6 or m == 9 or m == 11 then return 30 end
  return 31
end

local function add_months(from, n)
  local months = floor(from / 10000) * 12 + (floor(from / 100) % 100 - 1) + n
  local y = floor(months / 12)
  local m = months % 12 + 1
  local d = from % 100
  local last = days_in_month(y, m)
  if d > last then d = last end
  return y * 10000 + m * 100 + d
end

-- The largest n with from + n months <= to; mirrored when to < from.
local function months_between(from, to)
  if to < from then return -months_between(to, from) end
  local n = (floor(to / 10000) - floor(from / 10000)) * 12 + (floor(to / 100) % 100 - floor(from / 100) % 100)
  if add_months(from, n) > to then n = n - 1 end
  return n
end

local function years_between(from, to)
  local m = months_between(from, to)
  if m >= 0 then return floor(m / 12) end
  return -floor(-m / 12)
end

local BENCHMARKING = {
  "participants", "committed", "companies", "smes", "research_orgs", "regional_share", "founded",
  "staff", "staff_degree_share", "manager_experience", "staff_departures", "board_industry_share", "board_meetings",
  "budget", "public_share", "fee_share", "service_income_share", "financing_secured",
  "service_types", "events", "training_days", "projects", "international_activities", "newsletters",
  "contacted_share", "working_groups", "wg_share", "cooperating_share", "partner_organisations", "satisfaction",
  "media_reports", "success_stories", "awards", "new_participants", "companies_left", "web_updates",
}

local QUALITY = {
  "Q1_1", "Q1_2", "Q1_3", "Q1_5", "Q2_1", "Q2_2", "Q2_3", "Q2_4", "Q2_5", "Q2_6", "Q2_7", "Q2_8", "Q2_9", "Q2_10",
  "Q3_1", "Q3_2", "Q3_3", "Q4_1", "Q4_2", "Q4_3", "Q4_4", "Q4_5", "Q4_6", "Q4_7", "Q4_8", "Q4_10", "Q4_11",
  "Q5_1", "Q5_2", "Q5_3", "Q5_4",
}

local GOLD_AT = {}
for _, c in ipairs(QUALITY) do GOLD_AT[c] = 5 end
GOLD_AT.Q2_4, GOLD_AT.Q2_5, GOLD_AT.Q3_3, GOLD_AT.Q4_8, GOLD_AT.Q5_1 = 4, 4, 4, 4, 4

-- all(eligibility): E1 to E5
local function eligible(r)
  local recognised = r.programme_recognised
  return ge(r.staff, UNIT / 2) == true
    and either(recognised, ge(r.committed, 15)) == true
    and either(recognised, size_ge(r.member_kinds, 2)) == true
    and r.english_website == true and r.eccp_profile == true
end

-- all(benchmarking): complete(area) for the six interview areas
local function interview_complete(r)
  for i = 1, #BENCHMARKING do
    if r[BENCHMARKING[i]] == nil then return false end
  end
  return true
end

-- all(baseline): the minimum requirements
local function baseline(r)
  return ge(r.participants, 30) == true and ge(r.staff, UNIT) == true and r.financial_control == true
    and r.strategy_document == true and r.kpi_monitoring == true and ge(r.service_types, 3) == true
end

-- Points of every quality criterion, nil where undecided; the table is reused.
local P = {}
local function points(r)
  P.Q1_1 = tiers(share_ge(r.committed, r.participants, 75), 5, share_ge(r.committed, r.participants, 50), 3)
  P.Q1_2 = tiers(both(share_ge(r.smes, r.participants, 50), ge(r.research_orgs, 3)), 5,
                 both(share_ge(r.smes, r.participants, 30), ge(r.research_orgs, 1)), 3)
  P.Q1_3 = tiers(ge(r.participants, 80), 5, ge(r.participants, 50), 3)
  P.Q1_5 = tiers(share_le(r.companies_left, r.companies, 5), 5, share_le(r.companies_left, r.companies, 10), 3)
  local age = r.founded and years_between(r.founded, r.assessed_on)
  P.Q2_1 = tiers(ge(age, 5), 5, ge(age, 3), 3)
  P.Q2_2 = tiers(ge(r.staff, 3 * UNIT), 5, ge(r.staff, 2 * UNIT), 3)
  P.Q2_3 = tiers(both(ge(r.staff_degree_share, 75 * PCT), ge(r.manager_experience, 5)), 5,
                 ge(r.staff_degree_share, 50 * PCT), 3)
  P.Q2_4 = tiers(r.upskilling_plan, 4, false, 0)
  P.Q2_5 = tiers(le(r.staff_departures, 1), 4, le(r.staff_departures, 2), 2)
  P.Q2_6 = tiers(both(ge(r.board_industry_share, 50 * PCT), ge(r.board_meetings, 4)), 5,
                 both(ge(r.board_industry_share, 30 * PCT), ge(r.board_meetings, 2)), 3)
  P.Q2_7 = tiers(ge(r.contacted_share, 80 * PCT), 5, ge(r.contacted_share, 50 * PCT), 3)
  P.Q2_8 = tiers(ge(r.cooperating_share, 40 * PCT), 5, ge(r.cooperating_share, 20 * PCT), 3)
  P.Q2_9 = tiers(ge(r.partner_organisations, 10), 5, ge(r.partner_organisations, 5), 3)
  P.Q2_10 = tiers(both(ge(r.working_groups, 3), ge(r.wg_share, 30 * PCT)), 5, ge(r.working_groups, 1), 3)
  P.Q3_1 = tiers(ge(r.financing_secured, 3), 5, ge(r.financing_secured, 2), 3)
  local private = r.public_share and 100 * PCT - r.public_share
  P.Q3_2 = tiers(ge(private, 50 * PCT), 5, ge(private, 30 * PCT), 3)
  P.Q3_3 = tiers(r.financial_control, 4, false, 0)
  P.Q4_1 = tiers(eq(r.strategy_process, "participants"), 5, eq(r.strategy_process, "board"), 3)
  P.Q4_2 = tiers(r.strategy_document, 5, false, 0)
  P.Q4_3 = tiers(r.implementation_plan, 5, false, 0)
  local review = r.strategy_reviewed and months_between(r.strategy_reviewed, r.assessed_on)
  P.Q4_4 = tiers(le(review, 24), 5, le(review, 36), 3)
  P.Q4_5 = tiers(r.kpi_monitoring, 5, false, 0)
  P.Q4_6 = tiers(ge(r.strategy_goals, 3), 5, ge(r.strategy_goals, 1), 3)
  P.Q4_7 = tiers(both(both(ge(r.service_types, 6), ge(r.events, 10)), size_ge(r.transition_services, 1)), 5,
                 ge(r.service_types, 4), 3)
  P.Q4_8 = tiers(r.management_evaluated, 4, false, 0)
  P.Q4_10 = tiers(both(r.international_strategy, ge(r.international_activities, 4)), 5,
                  either(r.international_strategy, ge(r.international_activities, 2)), 3)
  P.Q4_11 = tiers(eq(r.s3_alignment, "co_designed"), 5, eq(r.s3_alignment, "aligned"), 3)
  P.Q5_1 = tiers(both(ge(r.web_updates, 10), ge(r.newsletters, 10)), 4,
                 both(ge(r.web_updates, 6), ge(r.newsletters, 4)), 2)
  P.Q5_2 = tiers(ge(r.media_reports, 10), 5, ge(r.media_reports, 4), 3)
  P.Q5_3 = tiers(ge(r.satisfaction, 80 * PCT), 5, ge(r.satisfaction, 60 * PCT), 3)
  P.Q5_4 = tiers(ge(r.success_stories, 3), 5, ge(r.success_stories, 1), 3)
  return P
end

-- points(quality) >= 120; unknown, so not met, when any points are undecided
local function gold_points(p)
  local sum = 0
  for i = 1, #QUALITY do
    local v = p[QUALITY[i]]
    if v == nil then return false end
    sum = sum + v
  end
  return sum >= 120
end

-- history.bronze.assessed_on: the latest Bronze before the assessment
local function last_bronze(r)
  local last
  local h = r.history
  if h == nil then return nil end
  for i = 1, #h do
    local e = h[i]
    if e.label == "bronze" and e.assessed_on < r.assessed_on and (last == nil or e.assessed_on > last) then
      last = e.assessed_on
    end
  end
  return last
end

local function silver_parts(r, p)
  local bronze_on = last_bronze(r)
  if bronze_on == nil then return false end
  local months = months_between(bronze_on, r.assessed_on)
  if months < 18 or months > 24 then return false end
  local chosen = r.improvements
  if chosen == nil or #chosen ~= 3 then return false end
  for i = 1, 3 do
    local c = chosen[i]
    local at = GOLD_AT[c] -- nil: not a quality criterion
    local v = p[c]
    if at == nil or v == nil or v < at then return false end
  end
  return true
end

local function label(r)
  if not eligible(r) or not interview_complete(r) then return 0 end
  if not baseline(r) then return 1 end
  local p = points(r)
  if gold_points(p) then return 3 end
  if silver_parts(r, p) then return 2 end
  return 1
end

-- `jit` is LuaJIT's own library; plain Lua has no such global.
return label, jit and jit.version or _VERSION
