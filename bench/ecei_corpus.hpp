// SPDX-License-Identifier: Apache-2.0
#pragma once
// The ECEI corpus of issue 18: the example assessments, then portfolio-like and
// perturbed assessments generated from fixed seeds, one JSON document per line, so every
// path of a run reads the same bytes. Perturbed assessments put values exactly on the
// thresholds of the 2020 rules and one smallest step beside them, leave values out,
// and place earlier labels on the edges of Silver's 18..24 months.
#include <cstddef>
#include <string>
#include <vector>

namespace bench::ecei {

struct corpus_line {
    std::string name;  // "examples/assessments/litek.json", "portfolio 17", "perturbed 4"
    std::string json;  // one line
};

/// Every example assessment (examples/assessments/*.json), each as its canonical JSON,
/// then `portfolio` portfolio-like and `perturbed` perturbed assessments.
std::vector<corpus_line> corpus(std::size_t portfolio, std::size_t perturbed);

}  // namespace bench::ecei
