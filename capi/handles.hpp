// SPDX-License-Identifier: Apache-2.0
#pragma once
// What the C API's opaque handles hold, and the one way every hm_ function turns C++
// results and exceptions into an hm_status and an hm_error (include/hallmark/hallmark.h).
#include <hallmark/decision_log.hpp>
#include <hallmark/hallmark.h>
#include <hallmark/hallmark.hpp>
#include <hallmark/text.hpp>

#include <new>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

struct hm_rules {
    hallmark::rule_set set;
    std::string warnings;  ///< rendered, as the command prints them on success
};

struct hm_input {
    hallmark::rule_set set;  ///< keeps the compiled rules alive as long as the input
    hallmark::typed_input values;
    std::vector<std::string> names;    ///< indicator ids by index, for messages
    std::optional<std::string> label;  ///< what hm_input_label last pointed to
};

struct hm_error {
    hm_status status = HM_INTERNAL;
    std::string message;
    std::vector<hallmark::diagnostic> diagnostics;
};

namespace hallmark::capi {

/// A failure to hand back: the status, the text, the diagnostics behind it.
struct failure {
    hm_status status;
    std::string message;
    std::vector<diagnostic> diagnostics;
};

/// Diagnostics rendered as the command renders them (`source_text`: the rule text, for
/// the caret lines of a compile).
failure bad_input(std::vector<diagnostic> ds, std::string_view source_text = {});
/// A failure with one message and no diagnostic.
failure plain(hm_status status, std::string message);

/// Stores `f` in *error (when the caller asked for it); returns its status. Never throws:
/// when even the error object cannot be made, *error stays NULL.
hm_status report(hm_error** error, failure f) noexcept;

/// A copy of `text` the caller frees with hm_string_free.
char* copy_out(std::string_view text);

/// The view of (text, length); a NULL text is an empty one.
inline std::string_view view(const char* text, size_t length) { return text ? std::string_view(text, length) : ""; }

/// Runs `body` (which returns an hm_status or a failure) so that nothing is thrown out of
/// it: every exception becomes a status and a message.
template <class body_fn>
hm_status guarded(hm_error** error, body_fn&& body) noexcept
{
    if (error) *error = nullptr;
    try {
        return body();
    } catch (const std::bad_alloc&) {
        return report(error, {HM_NO_MEMORY, "error: out of memory\n", {}});
    } catch (const log_error& e) {
        return report(error, {HM_ENVIRONMENT, std::string("error: ") + e.what() + "\n", {}});
    } catch (const std::exception& e) {
        return report(error, {HM_INTERNAL, std::string("error: internal error: ") + e.what() + "\n", {}});
    } catch (...) {
        return report(error, {HM_INTERNAL, "error: internal error: an unknown exception\n", {}});
    }
}

/// HM_MISUSE naming the argument that must not be NULL.
hm_status null_argument(hm_error** error, const char* what) noexcept;

}  // namespace hallmark::capi
