// SPDX-License-Identifier: Apache-2.0
#pragma once
// JSON text inside the engine: the public writer, and how numbers are recognised.
#include <hallmark/json_writer.hpp>

#include <string_view>

namespace hallmark {

/// True when `text` is spelt as a number, `-?digits(.digits)?([eE][+-]?digits)?`,
/// whatever its size. With `json`, only as JSON spells one: no leading zeros ("007").
bool number_shaped(std::string_view text, bool json = false);

}  // namespace hallmark
