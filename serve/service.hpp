// SPDX-License-Identifier: Apache-2.0
#pragma once
// What `hallmark serve` answers, without the HTTP: each endpoint of docs/service.md is
// a function from its parsed arguments to a reply. serve/http.cpp maps requests onto
// these, so that everything about decisions, versions and the log is here and
// everything about sockets, limits and headers is there.
#include "serve/library.hpp"

#include <hallmark/decision_log.hpp>

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <variant>

namespace hallmark::serve {

struct reply {
    int status = 200;
    std::string content_type = "application/json";
    std::string body;
    std::string location;  ///< a Location header, when not empty
};

/// A reply with `{"error": CODE, "message": MESSAGE}`.
[[nodiscard]] reply error_reply(int status, std::string_view code, std::string_view message);

struct evaluate_request {
    std::string body;         ///< the assessment document
    std::string methodology;  ///< NAME or NAME@VERSION; empty: the only methodology
    std::string format = "json";
    std::optional<std::string> target;  ///< `plan`: the label to reach; empty: the next one up
};

class service {
public:
    /// `log_path` empty: no log; recording and reading records answer 404.
    service(std::string rules_dir, std::string log_path);

    /// Loads the rules for the first time; the diagnostics when they do not compile.
    std::vector<diagnostic> start();

    reply health() const;
    /// Number of rule versions loaded now.
    [[nodiscard]] std::size_t version_count() const { return library()->versions().size(); }
    reply methodologies() const;
    /// `what`: "" (the catalogue), "schema" or "template"; `format` for the template.
    reply version(const std::string& name, const std::string& version, const std::string& what,
                  const std::string& format) const;
    reply evaluate(const evaluate_request& r) const;
    /// The recourse plan to `r.target` (hallmark/plan.hpp): 200 with the plan whatever its
    /// status, 400 for an assessment that does not fit or a target that is not a label.
    reply plan(const evaluate_request& r) const;
    /// Evaluates and appends the decision to the log; `expert` is required.
    reply record(const evaluate_request& r, const std::string& expert);
    reply find_record(std::int64_t id) const;
    reply verify() const;
    /// Compiles the directory again and swaps it in; the old rules stay when it fails.
    reply reload();

private:
    struct decided;
    std::shared_ptr<const rule_library> library() const;
    std::variant<decided, reply> decide(const evaluate_request& r) const;

    std::string rules_dir_, log_path_;
    mutable std::mutex library_mutex_;  // guards the pointer only, never the rules
    std::shared_ptr<const rule_library> library_;
    std::mutex reload_mutex_;       // one reload at a time
    mutable std::mutex log_mutex_;  // one writer: records are appended in the order acknowledged
    std::optional<decision_log> log_;
};

}  // namespace hallmark::serve
