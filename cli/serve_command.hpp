// SPDX-License-Identifier: Apache-2.0
#pragma once
// `hallmark serve`: its options, declared once for the `hallmark` command (which checks
// them and answers --help) and for `hallmark-serve`, the program that serves.
//
// The service is a program of its own because the HTTP library (cpp-httplib, with
// OpenSSL, zlib and brotli behind it) costs every process about 4 ms to load: `hallmark
// eval` would pay for a server it never starts (issue 18). `hallmark serve` replaces
// itself with `hallmark-serve` (execv: the same process id, so signals reach the server).
#include "serve/serve.hpp"

#include <CLI/CLI.hpp>

namespace hallmark::cli {

CLI::App* add_serve_command(CLI::App& app, hallmark::serve::serve_options& o);

/// Runs `hallmark-serve` with this command's arguments in place of the current
/// process; returns (exit 2, after saying why) only when it cannot.
int exec_serve_program(int argc, char** argv);

}  // namespace hallmark::cli
