// SPDX-License-Identifier: Apache-2.0
#pragma once
// How a report names things to a reader: in the rule file's words (label titles,
// criterion titles, indicator questions, the words of each part of a label's
// requirement), falling back to ids and rule text only where the rules give no words.
// Without the rules (a decision alone) it says what the decision carries.
#include <hallmark/catalogue.hpp>
#include <hallmark/decision.hpp>

#include <functional>
#include <string>

namespace hallmark::report {

/// How an indicator is named to a reader: by its question when the caller knows the
/// rules, else by its id.
using indicator_namer = std::function<std::string(const std::string& id)>;

/// A number with its unit: "45%", "1.5 FTE", "57".
std::string with_unit(const decimal& d, const std::string& unit);

struct words {
    const rule_catalogue* rules = nullptr;  ///< nothing: ids and rule text
    const decision& d;

    /// The indicator's question, or its id.
    std::string indicator(const std::string& id) const;
    /// "%" for percentages, the declared unit, or "".
    std::string unit(const std::string& id) const;
    /// The label's title, or its id.
    std::string label(const std::string& id) const;
    /// A part of a label's requirement in the rule file's words (`... "WORDS"`); the rule
    /// text itself only when the rule file gives none (`check --strict` warns of that).
    std::string requirement_part(const std::string& label_id, const std::string& part) const;
    /// What a label lacks or was decided by: a criterion by name, anything else by its
    /// words.
    std::string part(const std::string& label_id, const std::string& item) const;
    /// "Next label up: SILVER; still needs: Q3_3 Financial control, benchmarked again
    /// ..."; empty when there is no next label.
    std::string next_line() const;
    indicator_namer namer() const;
    /// "What share ...? 45%", "How many ...? 57", or "wg_share = 45".
    std::string value(const reported_value& v) const;
};

}  // namespace hallmark::report
