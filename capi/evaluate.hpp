// SPDX-License-Identifier: Apache-2.0
#pragma once
// One assessment document decided as `hallmark eval` decides it: shared by hm_evaluate,
// hm_evaluate_many and hm_log_record.
#include "capi/handles.hpp"

#include <variant>

namespace hallmark::capi {

/// The document read and the decision made of it.
struct decision_text {
    assessment input;
    decision made;
};

/// Reads `json` (named `name` in messages; NULL: "<input>") and evaluates it, or says why
/// not with the command's messages.
std::variant<decision_text, failure> decide(const rule_set& rules, std::string_view json, const char* name);

}  // namespace hallmark::capi
