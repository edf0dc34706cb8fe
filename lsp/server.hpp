// SPDX-License-Identifier: Apache-2.0
#pragma once
// The protocol's lifecycle and the dispatch of each method to what answers it.
#include "lsp/features.hpp"
#include "lsp/workspace.hpp"

#include <iosfwd>
#include <optional>
#include <stdexcept>
#include <string>

namespace hallmark::lsp {

/// A JSON-RPC error answered to a request (codes of the JSON-RPC and LSP specifications).
struct rpc_error : std::runtime_error {
    int code;
    rpc_error(int c, const std::string& message) : std::runtime_error(message), code(c) {}
};

namespace error_code {
constexpr int parse_error = -32700, invalid_request = -32600, method_not_found = -32601, invalid_params = -32602,
              internal_error = -32603, server_not_initialized = -32002, request_failed = -32803;
}

class server {
public:
    explicit server(std::ostream& out) : out_(out) {}
    /// Handles one message's text; the exit status once `exit` arrived.
    std::optional<int> handle(const std::string& body);
    /// Answers a request that could not be read with `code` (id null).
    void refuse(int code, const std::string& message);
    /// The exit status when the input ends without `exit`.
    [[nodiscard]] int exit_status() const { return shut_down_ ? 0 : 1; }

private:
    std::optional<int> dispatch(const json& message);
    json request(const std::string& method, const json& params);
    void notification(const std::string& method, const json& params);
    void send(const json& message);
    void publish(const std::string& uri);
    json definition(const json& params) const;
    json references(const json& params) const;
    json formatting(const json& params) const;
    json run_test(const json& params);
    const document& doc(const json& params) const;

    std::ostream& out_;
    workspace ws_;
    bool initialized_ = false, shut_down_ = false;
};

}  // namespace hallmark::lsp
