// SPDX-License-Identifier: Apache-2.0
#pragma once
// `hallmark serve`: decisions over HTTP and the questionnaire page (docs/service.md).
#include <cstddef>
#include <string>

namespace hallmark::serve {

struct serve_options {
    std::string rules_dir;
    std::string listen = "127.0.0.1:8080";  ///< HOST:PORT; port 0 picks a free one
    std::string log;                        ///< decision log; empty: none
    std::string token_file;                 ///< bearer token for writes; required beyond loopback
    std::size_t threads = 0;                ///< worker threads; 0: the default
};

/// Serves until SIGINT or SIGTERM; SIGHUP reloads the rules. The exit status: 0 after a
/// signal to stop, 2 when it cannot start (bad options, rules that do not compile, a
/// port in use, a log that does not verify).
int run_serve(const serve_options& o);

}  // namespace hallmark::serve
