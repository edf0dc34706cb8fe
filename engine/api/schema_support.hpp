// SPDX-License-Identifier: Apache-2.0
#pragma once
// What the schema, the templates and the catalogue JSON share (hallmark/schema.hpp).
#include <hallmark/catalogue.hpp>
#include <hallmark/json_writer.hpp>

#include <cstddef>
#include <string_view>
#include <vector>

namespace hallmark::schema_support {

/// The type as catalogue JSON names it: count ... choice, choice_set, criterion_set.
const char* type_name(indicator_type t);

/// Indexes into `c.indicators` in area order: each area's indicators in turn, then those
/// in no area, in declaration order.
std::vector<std::size_t> area_order(const rule_catalogue& c);

/// A string, or null when it is empty.
void string_or_null(json_writer& w, std::string_view text);

/// What the indicator's values are, in words: "a whole number of 0 or more".
std::string type_words(const indicator_entry& ind);

/// The declared range in words ("0..100000", "..1000 FTE", "0%..100%"); empty when open.
std::string range_words(const indicator_entry& ind);

}  // namespace hallmark::schema_support
