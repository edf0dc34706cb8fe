// SPDX-License-Identifier: Apache-2.0
#pragma once
// `hallmark lsp`: a Language Server Protocol server for rule files, over standard input
// and output (JSON-RPC with Content-Length framing). Built only from the public API.
#include <iosfwd>

namespace hallmark::lsp {

/// Serves one client until `exit` or the end of `in`. Returns the process's exit status:
/// 0 after `shutdown` then `exit`, 1 when the client went away without `shutdown` (as the
/// protocol asks).
int run_lsp(std::istream& in, std::ostream& out);

}  // namespace hallmark::lsp
