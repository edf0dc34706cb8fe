// SPDX-License-Identifier: Apache-2.0
// `hallmark-serve`: the program `hallmark serve` runs (cli/serve_command.hpp says why it
// is one of its own). It takes the same arguments, `serve` first.
#include "cli/commands.hpp"
#include "cli/serve_command.hpp"

#include <CLI/CLI.hpp>

int main(int argc, char** argv)
{
    CLI::App app{"hallmark-serve: the service `hallmark serve` starts (docs/service.md)"};
    app.require_subcommand(1);
    hallmark::serve::serve_options o;
    hallmark::cli::add_serve_command(app, o);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);
        return code == 0 ? hallmark::cli::exit_ok : hallmark::cli::exit_bad_input;
    }
    return hallmark::serve::run_serve(o);
}
