// SPDX-License-Identifier: Apache-2.0
#pragma once
// The one HTML page every report is written in: the decision report, the expert's
// report with peers and the decision log's record view. Self-contained: the style sheet
// (screen and print) is inline; no scripts, fonts or images from anywhere.
#include <string>
#include <string_view>

namespace hallmark::report {

/// A whole HTML document: doctype, head (charset, viewport, `title` escaped, the style
/// sheet) and `body` (HTML, written as given) inside `<main>`.
std::string html_page(std::string_view title, std::string_view body);

}  // namespace hallmark::report
