// SPDX-License-Identifier: Apache-2.0
#pragma once
// What a compiled rule set declares, read-only: the methodology, its areas, indicators,
// criteria, groups and labels, each with where it is written. Built once when the rules
// compile, so reports, `hallmark diff`, a JSON Schema generator or an editor's hover can
// describe the rules without reading the engine's internal program.
#include <hallmark/date.hpp>
#include <hallmark/decimal.hpp>
#include <hallmark/export.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hallmark {

/// Where something is declared in a rule file (1-based line and column).
struct HALLMARK_API source_location {
    std::string file;
    std::size_t line = 0, column = 0;
    friend bool operator==(const source_location&, const source_location&) = default;
};

/// An indicator's declared type, as the rule file spells it.
enum class indicator_type { count, integer, decimal, percent, boolean, date, choice, choice_set, criterion_set };

/// The keyword of the type: "count", "integer", "decimal", "percent", "boolean", "date",
/// "one of", "set of", "set of criterion".
[[nodiscard]] HALLMARK_API const char* to_string(indicator_type t);

/// A calendar span as rule files write it (`valid 3 years`): whole months (a year is 12)
/// and days.
struct HALLMARK_API calendar_span {
    std::int64_t months = 0;
    std::int64_t days = 0;
    friend bool operator==(const calendar_span&, const calendar_span&) = default;
};

struct HALLMARK_API area_entry {
    std::string id;
    std::string title;                    ///< empty when the area has none
    std::vector<std::size_t> indicators;  ///< indexes into `rule_catalogue::indicators`
    source_location location;
};

struct HALLMARK_API indicator_entry {
    std::string id;
    indicator_type type = indicator_type::count;
    /// The declared unit (`decimal FTE`: "FTE"); empty when none. Percentages have none:
    /// reports write them with "%".
    std::string unit;
    /// The declared range, in the units an assessment document uses (percentage points
    /// for percentages: 33.3 for 33.3 %); nothing for an open end.
    std::optional<decimal> low, high;
    std::vector<std::string> choices;  ///< for `one of` and `set of`, in declared order
    std::string question;              ///< the indicator's description: what the expert is asked
    std::optional<std::size_t> area;   ///< index into `rule_catalogue::areas`
    source_location location;
};

/// One line of a criterion's `points` table.
struct HALLMARK_API tier_entry {
    decimal points;
    std::optional<std::string> when;  ///< the condition as written; nothing for `otherwise`
};

struct HALLMARK_API criterion_entry {
    std::string id;
    std::string title;
    std::string advice;
    std::optional<std::size_t> area;  ///< index into `rule_catalogue::areas`
    std::vector<std::string> groups;  ///< the groups it belongs to, as written
    /// The expressions as written (quoted like a decision's explanations: at most
    /// `limits::max_explanation_length` characters); nothing when not given.
    std::optional<std::string> requirement, gold;
    std::vector<tier_entry> tiers;  ///< empty when the criterion earns no points
    decimal max_points;
    std::vector<std::size_t> inputs;  ///< indicators it reads, directly or through `let`s
    source_location location;
};

/// The criteria that name one group. Groups are not declared on their own.
struct HALLMARK_API group_entry {
    std::string id;
    std::vector<std::size_t> members;  ///< indexes into `rule_catalogue::criteria`
    bool has_points = false;
    decimal max_points;
};

struct HALLMARK_API label_entry {
    std::string id;
    std::string title;
    std::size_t rank = 0;  ///< 0 for the best label, then 1, 2 ...: its place in `labels`
    /// The requirement's top-level `and` operands as written, in order.
    std::vector<std::string> requirement;
    /// The words for the report of each part of `requirement` (`PART "WORDS"` in the rule
    /// file), parallel to it; "" for a part without words.
    std::vector<std::string> requirement_words;
    /// The criteria its requirement reads, directly or through a group (`all(G)`,
    /// `points(G)`): indexes into `rule_catalogue::criteria`, ascending.
    std::vector<std::size_t> criteria;
    std::optional<calendar_span> valid;  ///< how long a decision for it stays valid
    /// `renewal within W after expiry extends E from previous expiry` (docs/language.md).
    struct HALLMARK_API renewal {
        calendar_span within, extends;
    };
    std::optional<renewal> renews;
    source_location location;
};

/// A declaration's properties in canonical text, as `hallmark diff` compares them.
struct HALLMARK_API declaration_entry {
    std::string kind;  ///< "area", "indicator", "let", "criterion" or "label"
    std::string id;
    std::vector<std::pair<std::string, std::string>> fields;  ///< (property, canonical text), in order
};

/// The read-only description of a compiled rule set (`rule_set::catalogue()`). Indexes
/// are stable for the rule set's lifetime and match a decision's lists: criterion `i`
/// of a decision is `criteria[i]`, label `i` is `labels[i]`.
struct HALLMARK_API rule_catalogue {
    std::string name, version, title;  ///< the methodology
    std::optional<date> effective, until;
    std::string sha256;  ///< as `rule_set::sha256()`
    /// The versions this one extends, nearest first, each "NAME VERSION"; empty for a
    /// first version. `base()` is the first of them.
    std::vector<std::string> lineage;

    std::vector<area_entry> areas;
    std::vector<indicator_entry> indicators;  ///< in declaration order
    std::vector<criterion_entry> criteria;    ///< in declaration order
    std::vector<group_entry> groups;
    std::vector<label_entry> labels;  ///< best first
    /// Every declaration merged over the `extends` chain, in order.
    std::vector<declaration_entry> declarations;

    /// The version this one extends ("NAME VERSION"), or nothing.
    [[nodiscard]] std::optional<std::string> base() const;

    /// Lookup by id; nothing (a null pointer) when there is no such declaration.
    [[nodiscard]] const area_entry* find_area(std::string_view id) const;
    [[nodiscard]] const indicator_entry* find_indicator(std::string_view id) const;
    [[nodiscard]] const criterion_entry* find_criterion(std::string_view id) const;
    [[nodiscard]] const group_entry* find_group(std::string_view id) const;
    [[nodiscard]] const label_entry* find_label(std::string_view id) const;
};

}  // namespace hallmark
