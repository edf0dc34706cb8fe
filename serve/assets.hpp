// SPDX-License-Identifier: Apache-2.0
#pragma once
// The questionnaire page's files, built into the program (cmake/embed_files.cmake), so
// that the service needs nothing beside its binary and the page nothing from the network.
#include <string_view>

namespace hallmark::serve {

struct asset {
    std::string_view path;          ///< as requested: "/", "/questionnaire.js"
    std::string_view content_type;  ///< with its charset
    std::string_view body;
};

/// The asset served at `path`, or nullptr.
const asset* find_asset(std::string_view path);

}  // namespace hallmark::serve
