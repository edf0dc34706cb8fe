// SPDX-License-Identifier: Apache-2.0
// Records one assessment's decision N times through the library, one transaction per
// record: the batch that faults_test.py kills and runs side by side.
// Usage: log_writer LOG RULES ASSESSMENT N [EXPERT]
#include <hallmark/decision_log.hpp>
#include <hallmark/hallmark.hpp>

#include <cstdlib>
#include <iostream>

int main(int argc, char** argv)
{
    if (argc < 5) {
        std::cerr << "usage: log_writer LOG RULES ASSESSMENT N [EXPERT]\n";
        return 2;
    }
    auto compiled = hallmark::compile_file(argv[2]);
    auto input = hallmark::read_assessment_file(argv[3]);
    if (!compiled.ok() || !input.ok()) {
        std::cerr << "log_writer: the rules or the assessment do not load\n";
        return 2;
    }
    const auto& a = input.value();
    const auto result = compiled->evaluate(a);
    if (!result.ok()) return 2;
    const auto* d = &result.value();
    hallmark::record_options o;
    if (argc > 5) o.expert = argv[5];
    try {
        auto log = hallmark::decision_log::open(argv[1]);
        for (long i = 0, n = std::atol(argv[4]); i < n; ++i) log.record(*compiled, a, *d, o);
    } catch (const hallmark::log_error& e) {
        std::cerr << "log_writer: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
