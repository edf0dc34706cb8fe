// SPDX-License-Identifier: Apache-2.0
/*
 * hallmark's C API: plain C11, for C programs and for every other language's foreign
 * function interface (Python's cffi, Go's cgo, Rust, Node, the JVM, .NET).
 *
 * Link with libhallmark_c (pkg-config hallmark-c, or the CMake target
 * hallmark::hallmark_c). It exports only the functions below, all prefixed hm_; the
 * engine inside it is C++, but no C++ exception ever leaves a function of this file.
 * docs/bindings.md is the guide.
 *
 * The conventions, the same for every function:
 *
 * - Failure is told by the return value, an hm_status: HM_OK (0) on success. A function
 *   that can fail takes a last argument `hm_error** error`; when it is not NULL and the
 *   call fails, *error receives an error object to read (hm_error_message: the same text
 *   the hallmark command prints on standard error, each diagnostic with its file, line
 *   and column; hm_error_diagnostic: each one on its own) and then to free with
 *   hm_error_free. On success *error is set to NULL. Pass NULL to ignore the details.
 * - Outputs are written only on success.
 * - Text going in is UTF-8; texts with a length (`text`, `length`) need not end in NUL.
 *   Text coming out is UTF-8 and NUL-terminated.
 * - Every allocation has its free function: hm_rules_free, hm_input_free, hm_log_close,
 *   hm_error_free, and hm_string_free for every `char*` handed out. All accept NULL.
 *   `const char*` results belong to the object they came from and live as long as it.
 * - Threads: an hm_rules is immutable and may be used from any number of threads at
 *   once. An hm_input, an hm_log and an hm_error belong to one thread at a time.
 * - Dates are "YYYY-MM-DD" text; decimals are exact decimal text ("1.5", "33.3"), never
 *   binary floating point.
 */
#ifndef HALLMARK_H
#define HALLMARK_H

#include <stddef.h>
#include <stdint.h>

#if defined(__GNUC__) || defined(__clang__)
#define HM_API __attribute__((visibility("default")))
#else
#define HM_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* What a call came to. The values are stable: they are part of the ABI. */
typedef enum hm_status {
    HM_OK = 0,
    /* The answer is no: a decision log that is not intact (hm_log_verify). */
    HM_NO = 1,
    /* What was given does not fit: rule text, an assessment, a value for an indicator,
       a rules directory without the version asked for. The error has diagnostics. */
    HM_BAD_INPUT = 2,
    /* The environment failed: a decision log that cannot be opened, read or written. */
    HM_ENVIRONMENT = 3,
    /* The call itself is wrong: a NULL where something is needed, an indicator index
       out of range. */
    HM_MISUSE = 4,
    /* Memory ran out. */
    HM_NO_MEMORY = 5,
    /* A fault inside hallmark (please report it). */
    HM_INTERNAL = 6
} hm_status;

/* A compiled rule set: immutable, shared by threads. */
typedef struct hm_rules hm_rules;
/* An assessment's values being filled, for the label-only path. */
typedef struct hm_input hm_input;
/* An open decision log. */
typedef struct hm_log hm_log;
/* Why a call failed. */
typedef struct hm_error hm_error;

typedef enum hm_severity { HM_SEVERITY_ERROR = 0, HM_SEVERITY_WARNING = 1, HM_SEVERITY_NOTE = 2 } hm_severity;

/* One diagnostic. Line and column are 1-based; line 0: it concerns the whole source.
   The strings belong to the error (or rule set) it was read from. */
typedef struct hm_diagnostic {
    hm_severity severity;
    const char* source; /* the file or name given, e.g. "labels.rules" */
    size_t line;
    size_t column;
    const char* message;
} hm_diagnostic;

/* ---- the library ---- */

/* "hallmark 0.1.0", as `hallmark --version` prints it. Static storage. */
HM_API const char* hm_version(void);
/* "ok", "no", "bad input", ...: a name for a status. Static storage. */
HM_API const char* hm_status_name(hm_status status);

/* ---- errors ---- */

HM_API hm_status hm_error_status(const hm_error* error);
/* Every diagnostic rendered as the command renders it (with the source line and a caret
   for rule files); or, for failures without diagnostics, one line saying why. */
HM_API const char* hm_error_message(const hm_error* error);
HM_API size_t hm_error_diagnostic_count(const hm_error* error);
/* Diagnostic `index` (0-based); HM_MISUSE when there is no such one. */
HM_API hm_status hm_error_diagnostic(const hm_error* error, size_t index, hm_diagnostic* out);
HM_API void hm_error_free(hm_error* error);

/* Frees a string handed out by this library. */
HM_API void hm_string_free(char* text);

/* ---- compiling ---- */

/* Compiles the rule file at `path` and the versions it extends. */
HM_API hm_status hm_compile_file(const char* path, hm_rules** rules, hm_error** error);
/* Compiles rule text; `name` names it in messages (NULL: "<string>") and is taken as its
   path: the versions it extends are looked for beside it. */
HM_API hm_status hm_compile_string(const char* text, size_t length, const char* name, hm_rules** rules,
                                   hm_error** error);
HM_API void hm_rules_free(hm_rules* rules);

/* The path of the rule file of methodology `name` in the directory `dir` (searched
   recursively): version `version` when not NULL; else the one in force on `on`
   ("YYYY-MM-DD") when not NULL; else the latest. Free the path with hm_string_free.
   HM_BAD_INPUT when the directory has a broken rule file or no such version. */
HM_API hm_status hm_select_version(const char* dir, const char* name, const char* version, const char* on, char** path,
                                   hm_error** error);
/* Every version in `dir` as a JSON array of {"path", "name", "version", "effective",
   "until", "extends"} (dates or null; extends "NAME VERSION" or null). */
HM_API hm_status hm_versions_json(const char* dir, char** json, hm_error** error);

/* What the rule set is: methodology name, version, title, SHA-256 of its sources. */
HM_API const char* hm_rules_name(const hm_rules* rules);
HM_API const char* hm_rules_version(const hm_rules* rules);
HM_API const char* hm_rules_title(const hm_rules* rules);
HM_API const char* hm_rules_sha256(const hm_rules* rules);
/* Warnings of a successful compile, rendered ("" when none). */
HM_API const char* hm_rules_warnings(const hm_rules* rules);
/* The catalogue (`hallmark/schema.hpp`: indicators, criteria, labels) as JSON. */
HM_API hm_status hm_rules_catalogue_json(const hm_rules* rules, char** json, hm_error** error);
/* JSON Schema of the assessment document, as `hallmark schema` prints it. */
HM_API hm_status hm_rules_schema_json(const hm_rules* rules, char** json, hm_error** error);
/* A blank assessment, as `hallmark template --format FORMAT` prints it: "json", "csv"
   or "md". */
HM_API hm_status hm_rules_template(const hm_rules* rules, const char* format, char** text, hm_error** error);

/* ---- deciding ---- */

/* Evaluates one assessment document (JSON text). *decision receives the decision JSON,
   the same bytes as `hallmark eval --format json`. `name` names the document in
   messages, as the command names the file (NULL: "<input>"). */
HM_API hm_status hm_evaluate(const hm_rules* rules, const char* json, size_t length, const char* name, char** decision,
                             hm_error** error);

/* Evaluates `count` documents spread over `threads` threads (0: one per core). For each
   i, decisions[i] receives the decision JSON and errors[i] NULL, or decisions[i] NULL
   and errors[i] why (both arrays have `count` slots, filled by the call; `errors` may be
   NULL). `names` may be NULL ("<input>"). More threads than
   hallmark::limits::max_evaluation_threads (256) is HM_MISUSE, each slot saying so.
   Returns HM_OK when every document was
   decided, HM_BAD_INPUT when some was not, another status when none could be tried. */
HM_API hm_status hm_evaluate_many(const hm_rules* rules, const char* const* jsons, const size_t* lengths,
                                  const char* const* names, size_t count, unsigned threads, char** decisions,
                                  hm_error** errors);

/* ---- the label alone, for hosts that decide on every change ---- */

/* Values for `rules`, all not reported; the input keeps the rule set alive. */
HM_API hm_status hm_input_new(const hm_rules* rules, hm_input** input, hm_error** error);
HM_API void hm_input_free(hm_input* input);
/* Number of indicators; their indexes run from 0. */
HM_API size_t hm_input_indicator_count(const hm_input* input);
/* The index of indicator `id` (HM_BAD_INPUT when there is none of that name). */
HM_API hm_status hm_input_indicator(const hm_input* input, const char* id, int* index, hm_error** error);
/* The typed setters: each checks the value as an assessment document's would be, and
   on failure leaves the value as it was. A decimal is exact text ("15.5"; a percentage
   as the document gives it: "33.3" for 33.3 %). */
HM_API hm_status hm_input_set_decimal(hm_input* input, int index, const char* decimal, hm_error** error);
HM_API hm_status hm_input_set_integer(hm_input* input, int index, int64_t value, hm_error** error);
HM_API hm_status hm_input_set_bool(hm_input* input, int index, int value, hm_error** error);
HM_API hm_status hm_input_set_date(hm_input* input, int index, int year, int month, int day, hm_error** error);
HM_API hm_status hm_input_set_choice(hm_input* input, int index, const char* choice, hm_error** error);
/* Back to not reported. */
HM_API hm_status hm_input_clear(hm_input* input, int index, hm_error** error);
HM_API hm_status hm_input_set_assessed_on(hm_input* input, int year, int month, int day, hm_error** error);
/* The label of the values set: *label points to the label's id, or is NULL when no label
   is reached. The text belongs to the input and is valid until its next call. */
HM_API hm_status hm_input_label(hm_input* input, const char** label, hm_error** error);

/* ---- the decision log (docs/auditing.md) ---- */

/* Opens the decision log at `path`, created when missing. */
HM_API hm_status hm_log_open(const char* path, hm_log** log, hm_error** error);
HM_API void hm_log_close(hm_log* log);
/* Evaluates the document as hm_evaluate does and appends the decision to the log, as
   `hallmark eval --record` does; `expert` may be NULL. *id receives the record's id and
   *decision (when `decision` is not NULL) the decision JSON. */
HM_API hm_status hm_log_record(hm_log* log, const hm_rules* rules, const char* json, size_t length, const char* name,
                               const char* expert, int64_t* id, char** decision, hm_error** error);
/* Verifies the log at `path` (`head`: a head hash published earlier, or NULL). *verdict
   receives the verdict JSON of `hallmark verify --format json`; the status is HM_OK when
   the log is intact, HM_NO when it is not (with a verdict), else why there is none. */
HM_API hm_status hm_log_verify(const char* path, const char* head, char** verdict, hm_error** error);

#ifdef __cplusplus
}
#endif

#endif /* HALLMARK_H */
