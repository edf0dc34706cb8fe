// SPDX-License-Identifier: Apache-2.0
#pragma once
// Shared by the fuzz targets: fixed inputs read once, and a check that aborts loudly.
#include <hallmark/hallmark.hpp>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

namespace fuzz_support {

inline std::string read_source_file(const std::string& relative)
{
    std::ifstream in(std::string(HALLMARK_SOURCE_DIR) + "/" + relative, std::ios::binary);
    if (!in) {
        std::fprintf(stderr, "fuzz: cannot read %s\n", relative.c_str());
        std::abort();
    }
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

/// An invariant the engine promises; a broken one is a finding, so stop with a message
/// libFuzzer keeps next to the crashing input.
inline void require(bool ok, const char* what)
{
    if (ok) return;
    std::fprintf(stderr, "fuzz invariant broken: %s\n", what);
    std::abort();
}

/// Every diagnostic must say what and where: a message, and a position when it has a line.
inline void require_well_formed(const std::vector<hallmark::diagnostic>& ds)
{
    for (const auto& d : ds) {
        require(!d.message.empty(), "diagnostic without a message");
        require(d.line == 0 || d.column >= 1, "diagnostic with a line but no column");
        (void)hallmark::render(d);
    }
}

/// What a decision decides, without the texts quoted from the rule source (which change
/// with layout): label, validity, and every label's and criterion's outcome and points.
inline std::string decision_substance(const hallmark::decision& d)
{
    std::string out = d.label.value_or("none") + "|" + (d.valid_until ? d.valid_until->to_string() : "-");
    for (const auto& l : d.labels) out += "|" + l.id + "=" + hallmark::to_string(l.result);
    for (const auto& c : d.criteria) {
        out += "|" + c.id + "=" + hallmark::to_string(c.result);
        if (c.points) out += ":" + c.points->to_string();
        if (c.gold) out += *c.gold ? ":gold" : ":not-gold";
    }
    for (const auto& p : d.points) out += "|" + p.group + "=" + p.earned.to_string() + "/" + p.max.to_string();
    return out;
}

}  // namespace fuzz_support
