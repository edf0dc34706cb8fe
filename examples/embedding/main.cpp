// SPDX-License-Identifier: Apache-2.0
// Embedding hallmark: compile a rule set once, then evaluate assessments with it.
//
//   embedding_example RULES ASSESSMENT.json
//
// Prints the label (or "none") and exits 0, or prints diagnostics and exits 2.
#include <hallmark/hallmark.hpp>

#include <iostream>

int main(int argc, char** argv)
{
    if (argc != 3) {
        std::cerr << "usage: embedding_example RULES ASSESSMENT.json\n";
        return 2;
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
    const hallmark::decision& d = result.value();
    std::cout << compiled->name() << " " << compiled->version() << ": " << (d.label ? *d.label : "none");
    if (d.valid_until) std::cout << " until " << d.valid_until->to_string();
    std::cout << "\n";
    return 0;
}
