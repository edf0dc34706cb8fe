// SPDX-License-Identifier: Apache-2.0
#pragma once
// `hallmark log keygen | checkpoint | checkpoints | prove | consistency | check-proof`
// and `verify --since-checkpoint` (docs/auditing.md, section 9).
#include <hallmark/decision_log.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace CLI {
class App;
}

namespace hallmark::cli {

struct proof_commands {
    CLI::App* keygen = nullptr;
    CLI::App* checkpoint = nullptr;
    CLI::App* checkpoints = nullptr;
    CLI::App* prove = nullptr;
    CLI::App* consistency = nullptr;
    CLI::App* check_proof = nullptr;
    CLI::App* verify = nullptr;  ///< given: `--since-checkpoint` and `--key` are added to it
    std::string log, key, out, name, file, since, format = "text";
    std::int64_t id = 0;
    std::uint64_t size = 0;
};

/// Adds the subcommands to `log` and the options to `verify`.
void add_proof_commands(CLI::App& log, CLI::App& verify, proof_commands& c);
/// The exit status of the command chosen, or nothing when none of these was.
std::optional<int> run_proof_command(const proof_commands& c);

/// Prints a verdict as `hallmark verify` does (cli/log_commands.cpp); its exit status.
int report_verdict(const std::string& log, const result<verify_result>& r, const std::string& format);

}  // namespace hallmark::cli
