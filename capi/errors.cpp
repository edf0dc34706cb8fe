// SPDX-License-Identifier: Apache-2.0
// Errors, strings and the library's version: what every other hm_ function relies on.
#include "capi/handles.hpp"

#include <cstdlib>
#include <cstring>

namespace hallmark::capi {

failure bad_input(std::vector<diagnostic> ds, std::string_view source_text)
{
    std::string message = render_all(ds, source_text);
    return {HM_BAD_INPUT, std::move(message), std::move(ds)};
}

failure plain(hm_status status, std::string message) { return {status, std::move(message), {}}; }

hm_status report(hm_error** error, failure f) noexcept
{
    if (!error) return f.status;
    try {
        *error = new hm_error{f.status, std::move(f.message), std::move(f.diagnostics)};
    } catch (...) {
        *error = nullptr;
    }
    return f.status;
}

char* copy_out(std::string_view text)
{
    // malloc, not new[]: hm_string_free is the one way back, and C callers may be tempted
    // to call free(); both then work.
    auto* out = static_cast<char*>(std::malloc(text.size() + 1));
    if (!out) throw std::bad_alloc();
    std::memcpy(out, text.data(), text.size());
    out[text.size()] = '\0';
    return out;
}

hm_status null_argument(hm_error** error, const char* what) noexcept
{
    if (error) *error = nullptr;
    try {
        return report(error, plain(HM_MISUSE, std::string("error: ") + what + " must not be NULL\n"));
    } catch (...) {
        return HM_MISUSE;
    }
}

}  // namespace hallmark::capi

using namespace hallmark::capi;

extern "C" {

// The same text as hallmark::engine_version(), but in static storage.
const char* hm_version(void) { return "hallmark " HALLMARK_VERSION_STRING; }

const char* hm_status_name(hm_status status)
{
    switch (status) {
    case HM_OK: return "ok";
    case HM_NO: return "no";
    case HM_BAD_INPUT: return "bad input";
    case HM_ENVIRONMENT: return "environment";
    case HM_MISUSE: return "misuse";
    case HM_NO_MEMORY: return "no memory";
    case HM_INTERNAL: return "internal";
    }
    return "unknown status";
}

hm_status hm_error_status(const hm_error* error) { return error ? error->status : HM_MISUSE; }

const char* hm_error_message(const hm_error* error) { return error ? error->message.c_str() : ""; }

size_t hm_error_diagnostic_count(const hm_error* error) { return error ? error->diagnostics.size() : 0; }

hm_status hm_error_diagnostic(const hm_error* error, size_t index, hm_diagnostic* out)
{
    if (!error || !out || index >= error->diagnostics.size()) return HM_MISUSE;
    const auto& d = error->diagnostics[index];
    out->severity = d.level == hallmark::severity::error     ? HM_SEVERITY_ERROR
                    : d.level == hallmark::severity::warning ? HM_SEVERITY_WARNING
                                                             : HM_SEVERITY_NOTE;
    out->source = d.source.c_str();
    out->line = d.line;
    out->column = d.column;
    out->message = d.message.c_str();
    return HM_OK;
}

void hm_error_free(hm_error* error) { delete error; }

void hm_string_free(char* text) { std::free(text); }

}  // extern "C"
