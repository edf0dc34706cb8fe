// SPDX-License-Identifier: Apache-2.0
#pragma once
// The decision as a line of JSON, written straight from the evaluation into a string
// (hallmark batch). The text that depends only on the program (ids as keys and values,
// the methodology, group maxima) is escaped once per program, in `decision_text`, and
// copied into every line; only what depends on the input is escaped per decision.
#include "engine/run/explain.hpp"

#include <array>
#include <string>
#include <vector>

namespace hallmark::engine {

/// The program's part of a decision line, escaped and keyed once. Indexes follow the
/// program's: label_head[i] is labels[i]'s, and so on.
struct decision_text {
    std::string head;                                        // {"engine":…,"methodology":{…},"input_sha256":
    std::array<std::string, 3> outcome;                      // "met", "not_met", "not_assessable"
    std::vector<std::array<std::string, 3>> label_head;      // per outcome: {"id":"gold","outcome":"met","because":
    std::vector<std::string> label_id;                       // "gold"
    std::vector<std::array<std::string, 3>> criterion_head;  // per outcome: {"id":"B1","outcome":"met","points":
    std::vector<std::vector<std::string>> tier_points;       // per criterion, per tier: "15"
    std::vector<std::string> criterion_id;                   // "B1"
    std::vector<std::string> indicator_key;                  // "participants":
    std::vector<std::string> indicator_id;                   // "participants"
    std::vector<std::vector<std::string>> choices;           // per indicator: "industry", …
    std::vector<std::string> group_open;                     // "quality":{"earned":
    std::vector<std::string> group_max;                      // ,"max":"120","complete":
};

/// Builds `p`'s decision text; make_rule_set keeps one on the program.
decision_text make_decision_text(const program& p);

/// Appends the decision explained by `ev` and `e` for `a` to `out`: the bytes of
/// to_json_line without its final newline. Throws arithmetic_error, before writing
/// anything, when the label's validity cannot be computed, as decide() does.
void append_decision(const program& p, const bound_input& in, const assessment& a, evaluator& ev, const explanation& e,
                     std::string& out);

}  // namespace hallmark::engine
