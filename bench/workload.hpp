// SPDX-License-Identifier: Apache-2.0
#pragma once
// The reference workload of shared/brief/performance.md ("synthetic-40/30"): 40
// indicators, 30 criteria, labels by how many criteria are met. Generated from a fixed
// seed so every engine in a run sees the same records.
#include <cstdint>
#include <string>
#include <vector>

namespace bench {

/// One record in plain form: decimals as integers scaled by 10^4 (exact for the
/// four-digit values generated), choices as 0..3.
struct record {
    std::size_t id;  // the cluster id is SYN-<id>
    std::int64_t participants;
    std::int64_t sme_share;  // scaled 10^4
    std::int64_t n[24];      // n[2..23], scaled 10^4
    bool b[32];              // b[24..31]
    int e[40];               // e[32..39]
};

/// A value scaled by 10^4 as decimal text: 123456 is "12.3456".
std::string scaled(std::int64_t v);

std::vector<record> generate(std::size_t count, std::uint64_t seed = 20261123);

/// The rules in hallmark's language: bench/synthetic-40-30.rules.
std::string rules_text();

/// A record as an assessment document, as users would send it.
std::string to_json(const record& r);

/// A record as one CSV line (header: csv_header()).
std::string csv_header();
std::string to_csv(const record& r);

/// A rule file `copies` times the size of `text`: the first copy whole, then copies of
/// its areas, indicators, lets and criteria under new names (`NAME_c2`, ...), without
/// header, labels or tests, so the decision is the same as for `text` alone. Used to
/// show that compiling grows linearly with the size of a real methodology file.
std::string scaled_rules(const std::string& text, int copies);

/// The hand-written loop: the limit. 3 gold, 2 silver, 1 bronze, 0 none.
int hand_written_label(const record& r);

}  // namespace bench
