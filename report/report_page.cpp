// SPDX-License-Identifier: Apache-2.0
// The page skeleton shared by every HTML report (report_page.hpp).
#include "report/report_page.hpp"

#include "report/report_table.hpp"

namespace hallmark::report {
namespace {

// Screen first, then print: A4 with 18 mm margins, no table row, chart or short section
// cut by a page break, charts scaled to the page width.
constexpr const char* style =
    R"css(body{font-family:system-ui,sans-serif;margin:2em auto;max-width:64em;padding:0 1em;color:#222;line-height:1.4}
table{border-collapse:collapse;margin:.5em 0 1.5em}td,th{border:1px solid #ccc;padding:.25em .5em;text-align:left;vertical-align:top}
th{background:#f3f3f3}table.numbers td+td{text-align:right}table.numbers td:first-child{width:40%}.met{color:#17693a}.not_met{color:#a3201b}.not_assessable{color:#8a6d00}
.decision{font-size:1.3em}.chart{display:block;width:100%;max-width:720px;height:auto;margin:.25em 0 .25em}
.axis{stroke:#999}.tick{font-size:11px;fill:#666;text-anchor:middle}.caption{font-size:12px;fill:#333}
.whisker{stroke:#777;stroke-width:2}.box{fill:#cfe0f5;stroke:#4a78b5}.median{stroke:#1d3f73;stroke-width:3}
.cluster{fill:#d9480f;stroke:#fff;stroke-width:2}.note{color:#555;font-style:italic}.chart-note{color:#555;font-size:.9em;margin:0 0 1em}
.warning{border-left:4px solid #c77c00;background:#fff6e0;padding:.5em 1em}
figure{margin:0 0 1em}.placeholder{border:1px dashed #aaa;padding:.5em 1em;color:#555}footer{color:#666;font-size:.85em;overflow-wrap:anywhere}
@media print{
@page{size:A4;margin:18mm 15mm}
body{margin:0;max-width:none;padding:0;font-size:10pt}
table{font-size:8.5pt}td,th{padding:.15em .35em}
h1,h2,h3{break-after:avoid;page-break-after:avoid}
tr,li,figure,.chart,.placeholder{break-inside:avoid;page-break-inside:avoid}
thead{display:table-header-group}
table{width:100%}
.chart{max-width:100%}
a{color:inherit;text-decoration:none}
}
)css";

}  // namespace

std::string html_page(std::string_view title, std::string_view body)
{
    std::string out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
    out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
    out += "<title>" + html_escape(title) + "</title>\n<style>\n";
    out += style;
    out += "</style>\n</head>\n<body>\n<main>\n";
    out += body;
    return out + "</main>\n</body>\n</html>\n";
}

}  // namespace hallmark::report
