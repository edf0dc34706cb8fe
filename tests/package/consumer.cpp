// SPDX-License-Identifier: Apache-2.0
// A program built outside hallmark's own build, the way a user builds one (find_package,
// pkg-config or add_subdirectory; see consumer_test.cmake).
//
//   consumer RULES ASSESSMENT.json
//
// Prints the decision as JSON, exactly as `hallmark eval --format json` does, and exits
// 0; or prints what went wrong and exits 1 (version mismatch) or 2 (bad input).
#include <hallmark/hallmark.hpp>

#include <iostream>
#include <string>

// The version macro reaches consumers and can be compared at compile time.
static_assert(HALLMARK_VERSION >= 100, "HALLMARK_VERSION is major * 10000 + minor * 100 + patch");

int main(int argc, char** argv)
{
    if (argc != 3) {
        std::cerr << "usage: consumer RULES ASSESSMENT.json\n";
        return 2;
    }
    // Headers and library from two different releases would be a packaging bug.
    if (hallmark::engine_version() != std::string("hallmark ") + HALLMARK_VERSION_STRING) {
        std::cerr << "headers say " << HALLMARK_VERSION_STRING << ", library says " << hallmark::engine_version()
                  << "\n";
        return 1;
    }
    const hallmark::compile_result compiled = hallmark::compile_file(argv[1]);
    if (!compiled.ok()) {
        std::cerr << compiled.render();
        return 2;
    }
    auto input = hallmark::read_assessment_file(argv[2]);
    if (!input.ok()) {
        std::cerr << hallmark::render_all(input.diagnostics());
        return 2;
    }
    auto result = compiled->evaluate(input.value());
    if (!result.ok()) {
        std::cerr << hallmark::render_all(result.diagnostics());
        return 2;
    }
    std::cout << hallmark::to_json(result.value());
    return 0;
}
