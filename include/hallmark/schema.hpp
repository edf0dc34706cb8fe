// SPDX-License-Identifier: Apache-2.0
#pragma once
// What an expert, a form or a web service needs to start an assessment of one rule
// version, generated from its public catalogue (hallmark/catalogue.hpp): the catalogue as
// JSON, a JSON Schema of the assessment document, and blank assessments to fill in.
// Nothing here reads the engine's program, so the output describes exactly what
// `rule_set::catalogue()` says.
#include <hallmark/catalogue.hpp>
#include <hallmark/export.hpp>

#include <string>

namespace hallmark {

/// The catalogue as JSON (pretty, keys in this order; decimals as JSON strings, so they
/// stay exact; what is absent is null or []):
///
///     {"name", "version", "title", "effective", "until" (YYYY-MM-DD or null), "sha256",
///      "extends": ["NAME VERSION", ...]  (the lineage, nearest first),
///      "areas": [{"id", "title", "indicators": [indicator ids]}],
///      "indicators": [{"id", "type", "unit", "minimum", "maximum", "choices": [...],
///                      "question", "area"}],
///      "criteria": [{"id", "title", "area", "groups": [...], "requirement", "gold",
///                    "max_points", "inputs": [indicator ids], "advice"}],
///      "labels": [{"id", "title", "rank", "requirement": [...],
///                  "valid": {"months", "days"} or null}]}
///
/// `type` is count, integer, decimal, percent, boolean, date, choice, choice_set or
/// criterion_set; for criterion_set `choices` lists the criterion ids. `minimum` and
/// `maximum` are in the units an assessment document uses (percentage points for
/// percent). `area` is the area's id or null; empty titles, units, questions and advice
/// are null. `months` and `days` of `valid` and `rank` are JSON numbers.
[[nodiscard]] HALLMARK_API std::string catalogue_json(const rule_catalogue& c);

/// JSON Schema (draft 2020-12) of the assessment document of that version: the keys the
/// reader accepts, every declared indicator (null allowed: not reported) with its type,
/// range, choices, unit, question and area, and no undeclared indicators. What a schema
/// cannot say (exact decimal digit limits, duplicate keys, history dates before the
/// assessment date) is still checked by the engine only.
[[nodiscard]] HALLMARK_API std::string assessment_schema(const rule_catalogue& c);

enum class template_format { json, csv, md };

/// A blank assessment: json (every indicator null, area order, readable by `hallmark
/// eval` as is), csv (the header line of a `hallmark batch` CSV file), md (a printable
/// interview sheet: area by area, each question with its indicator id, type, unit, range,
/// choices and a blank to fill).
[[nodiscard]] HALLMARK_API std::string assessment_template(const rule_catalogue& c, template_format f);

}  // namespace hallmark
