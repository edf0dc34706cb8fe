// SPDX-License-Identifier: Apache-2.0
// `hallmark serve` hands over to the `hallmark-serve` program (serve_command.hpp says why).
#include "cli/serve_command.hpp"

#include "cli/commands.hpp"

#include <hallmark/text.hpp>

#include <fmt/format.h>

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <vector>

namespace hallmark::cli {

CLI::App* add_serve_command(CLI::App& app, hallmark::serve::serve_options& o)
{
    auto* serve = app.add_subcommand("serve", "decisions over HTTP, and the questionnaire page (docs/service.md)");
    serve->add_option("--rules-dir", o.rules_dir, "directory of rule files, compiled once at start")
        ->required()
        ->check(CLI::ExistingDirectory);
    serve->add_option("--listen", o.listen, "HOST:PORT to listen on (default 127.0.0.1:8080; port 0: any free port)");
    serve->add_option("--log", o.log, "record decisions in this decision log (created if missing)");
    serve->add_option("--token-file", o.token_file,
                      "a file holding the bearer token that recording and reloading need (required beyond loopback)");
    serve->add_option("--threads", o.threads, "worker threads (default: 4 per core, at least 8)")
        ->check(CLI::Range(1, 1024));
    return serve;
}

namespace {

// Where the program is: beside `hallmark` in a build tree, in libexec once installed
// (HALLMARK_SERVE_FROM_BIN, the path from the installed bin directory).
std::vector<std::filesystem::path> serve_program_places()
{
    std::error_code ec;
    const auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (ec) return {};
    const auto dir = self.parent_path();
    return {dir / "hallmark-serve", (dir / HALLMARK_SERVE_FROM_BIN / "hallmark-serve").lexically_normal()};
}

}  // namespace

int exec_serve_program(int argc, char** argv)
{
    const auto places = serve_program_places();
    std::vector<char*> args(argv, argv + argc);
    args.push_back(nullptr);
    std::string tried;
    for (const auto& p : places) {
        if (::access(p.c_str(), X_OK) != 0) {
            tried += fmt::format("{}'{}'", tried.empty() ? "" : ", ", escape_control(p.string()));
            continue;
        }
        args[0] = const_cast<char*>(p.c_str());
        ::execv(p.c_str(), args.data());
        std::cerr << fmt::format("error: cannot start '{}': {}\n", escape_control(p.string()), std::strerror(errno));
        return exit_bad_input;
    }
    std::cerr << fmt::format("error: cannot find hallmark-serve, the program `hallmark serve` runs (looked at {}); "
                             "install it with the hallmark command\n",
                             tried.empty() ? "nothing: /proc/self/exe is unreadable" : tried);
    return exit_bad_input;
}

}  // namespace hallmark::cli
