// SPDX-License-Identifier: Apache-2.0
// The decision log through the C API: record as `hallmark eval --record` does, verify as
// `hallmark verify --format json` does (hallmark/decision_log.hpp, docs/auditing.md).
#include "capi/evaluate.hpp"

#include <hallmark/decision_log.hpp>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <memory>

struct hm_log {
    hallmark::decision_log log;
};

using namespace hallmark::capi;

extern "C" {

hm_status hm_log_open(const char* path, hm_log** log, hm_error** error)
{
    if (!path) return null_argument(error, "path");
    if (!log) return null_argument(error, "log");
    return guarded(error, [&] {
        *log = new hm_log{hallmark::decision_log::open(path)};
        return HM_OK;
    });
}

void hm_log_close(hm_log* log) { delete log; }

hm_status hm_log_record(hm_log* log, const hm_rules* rules, const char* json, size_t length, const char* name,
                        const char* expert, int64_t* id, char** decision, hm_error** error)
{
    if (!log) return null_argument(error, "log");
    if (!rules) return null_argument(error, "rules");
    if (!json && length > 0) return null_argument(error, "json");
    if (!id) return null_argument(error, "id");
    return guarded(error, [&] {
        auto made = decide(rules->set, view(json, length), name);
        if (auto* f = std::get_if<failure>(&made)) return report(error, std::move(*f));
        const auto& d = std::get<decision_text>(made);
        // Made before recording, so that a decision recorded is always handed back.
        char* text = decision ? copy_out(hallmark::to_json(d.made)) : nullptr;
        try {
            const std::optional<std::string> who = expert ? std::optional<std::string>(expert) : std::nullopt;
            *id = log->log.record(rules->set, d.input, d.made, {who, std::nullopt});
        } catch (const hallmark::log_error& e) {
            hm_string_free(text);
            return report(error,
                          plain(HM_ENVIRONMENT, std::string("error: cannot record the decision: ") + e.what() + "\n"));
        } catch (...) {
            hm_string_free(text);
            throw;
        }
        if (decision) *decision = text;
        return HM_OK;
    });
}

hm_status hm_log_verify(const char* path, const char* head, char** verdict, hm_error** error)
{
    if (!path) return null_argument(error, "path");
    if (!verdict) return null_argument(error, "verdict");
    return guarded(error, [&] {
        // The command's checks and words (`hallmark verify`).
        if (head && !hallmark::is_hash(head))
            return report(error, plain(HM_BAD_INPUT, "error: --head \"" + hallmark::escape_control(head) +
                                                         "\" is not a head hash (64 hex digits)\n"));
        if (!std::ifstream(path))
            return report(error, plain(HM_ENVIRONMENT, "error: cannot read the decision log '" + std::string(path) +
                                                           "': " + std::strerror(errno) + "\n"));
        const auto r = hallmark::verify_log(path, head ? std::optional<std::string>(head) : std::nullopt);
        if (!r.ok())
            return report(error,
                          {HM_ENVIRONMENT, "error: " + hallmark::escape_control(r.diagnostics().front().message) + "\n",
                           r.diagnostics()});
        *verdict = copy_out(hallmark::to_json(r.value(), path) + "\n");
        return r->intact ? HM_OK : HM_NO;
    });
}

}  // extern "C"
