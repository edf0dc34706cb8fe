// SPDX-License-Identifier: Apache-2.0
#pragma once
// The recourse plan (`hallmark plan`): the fewest changes to an assessment's answers
// that make a target label's requirements hold, each plan checked by evaluating the
// changed assessment with the same rules. Its own document: a decision's JSON never
// carries it, so recorded decisions keep their bytes.
#include <hallmark/assessment.hpp>
#include <hallmark/export.hpp>
#include <hallmark/result.hpp>
#include <hallmark/rule_set.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hallmark {

struct HALLMARK_API plan_options {
    /// The label to reach; nothing: the next label up (the one ranked just above the
    /// label decided, or the lowest label when none is).
    std::optional<std::string> target;
    /// Indicators the plan may not change.
    std::vector<std::string> keep;
    /// At most this many indicators changed.
    std::size_t max_changes = 3;
};

/// One answer to change, or (when `from` is empty) a question left unanswered.
struct HALLMARK_API plan_change {
    std::string indicator;
    std::string question;             ///< the indicator's question as the rules word it; may be empty
    std::optional<std::string> from;  ///< as shown to people ("75 %", "0.4 FTE"); nothing: unanswered
    std::string to;                   ///< the least answer that suffices, shown the same way
    raw_value value;                  ///< `to` as an assessment document holds it
    /// e.g. "Q2_7 Direct contacts with participants: met", "... : 5 points (was 3)"
    std::vector<std::string> earns;
};

enum class plan_status {
    already_holds,  ///< the target's requirements hold as answered
    plan,           ///< `changes` (and `conditions`) reach it, verified
    no_plan,        ///< none within the options; `why` says what stands in the way
};

/// `already_holds`, `plan` or `no_plan`.
[[nodiscard]] HALLMARK_API const char* to_string(plan_status s);

struct HALLMARK_API recourse_plan {
    std::string methodology, version, rules_sha256, input_sha256;
    std::string cluster_id;
    date assessed_on;
    std::optional<std::string> decided;  ///< the label decided as answered
    std::optional<std::string> decided_title;
    std::string target;
    std::string target_title;  ///< the label's title; its id when it has none
    plan_status status = plan_status::no_plan;
    std::vector<plan_change> changes;  ///< declaration order
    /// Requirements that are not answers (time since an earlier label, a history
    /// entry), in words with the dates they imply.
    std::vector<std::string> conditions;
    /// The date the plan was verified at, when a condition moves the assessment's date.
    std::optional<date> reassess_on;
    std::vector<std::string> earns;  ///< the whole plan: criteria met, points gained, label
    bool verified = false;           ///< the changed assessment was evaluated and reaches the target
    bool minimal = false;            ///< fewest changes and least values proven (every comparison monotone)
    /// Fewest changes proven even where `minimal` is not: one change, and the target does
    /// not hold with none; the values chosen may still not be the least.
    bool fewest_changes = false;
    std::string not_minimal_because;
    std::string why;             ///< no_plan: what stands in the way
    bool bound_reached = false;  ///< limits::max_plan_evaluations stopped the search
    std::size_t evaluations = 0;
};

/// How make_plan's diagnostic for a plan that does not verify begins: a bug in hallmark,
/// not in the input (the service answers it with 500, not 400).
inline constexpr std::string_view plan_internal_error = "internal error: ";

/// The plan to reach `options.target`. Fails (diagnostics) when the assessment does not
/// fit the rules, the target is not a label, or a kept indicator is not declared, and
/// with an "internal error" when the plan found does not verify (a bug, never a plan).
[[nodiscard]] HALLMARK_API result<recourse_plan> make_plan(const rule_set& rules, const assessment& a,
                                                           const plan_options& options = {});

/// The assessment with the plan's changes applied (and its date moved to
/// `reassess_on` when set): what the plan was verified with.
[[nodiscard]] HALLMARK_API assessment apply_plan(const assessment& a, const recourse_plan& p);

/// The plan as JSON (two-space indentation, a final newline).
[[nodiscard]] HALLMARK_API std::string to_json(const recourse_plan& p);

/// What the plan asks in a few words: "change 2 answers and answer 1 question", or
/// "change no answer".
[[nodiscard]] HALLMARK_API std::string what_to_do(const recourse_plan& p);

/// The plan for people: "To reach Silver (verified, minimal): change 2 answers: ...".
[[nodiscard]] HALLMARK_API std::string to_text(const recourse_plan& p);

}  // namespace hallmark
