// SPDX-License-Identifier: Apache-2.0
// TEMPORARY stand-in until the schema branch lands.
#pragma once
#include <hallmark/catalogue.hpp>
#include <hallmark/export.hpp>
#include <string>
namespace hallmark {
[[nodiscard]] HALLMARK_API std::string catalogue_json(const rule_catalogue& c);
[[nodiscard]] HALLMARK_API std::string assessment_schema(const rule_catalogue& c);
enum class template_format { json, csv, md };
[[nodiscard]] HALLMARK_API std::string assessment_template(const rule_catalogue& c, template_format f);
}
