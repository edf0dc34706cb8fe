// SPDX-License-Identifier: Apache-2.0
#pragma once
// Every limit of the language and the engine, in one place. Each has a test in
// tests/unit/limits_test.cpp that goes one past it and expects a clear error.
#include <cstddef>
#include <cstdint>

namespace hallmark::limits {

/// Largest rule file or assessment document read, in bytes.
inline constexpr std::size_t max_file_bytes = 8 * 1024 * 1024;
/// Deepest nesting of brackets, calls, `if`, `not` and unary minus in one expression.
/// Parsing recurses per level (about 9 KiB of stack per bracket); with `stack_bytes`
/// this bound keeps parsing within the stack budget.
inline constexpr std::size_t max_nesting_depth = 64;
/// Deepest expression tree after operator chains are built (`a + b + c` nests).
inline constexpr std::size_t max_expression_depth = 256;
/// Longest chain of `let`s referring to `let`s (a uses b uses c ...).
inline constexpr std::size_t max_let_depth = 64;
/// Deepest compiled evaluation tree, counting through `let`s. Evaluation recurses per
/// level (about 0.5 KiB of stack each); the bound keeps it within the stack budget.
inline constexpr std::size_t max_evaluation_depth = 1024;
/// Longest name (indicator, criterion, label, area, unit, group).
inline constexpr std::size_t max_identifier_length = 64;
/// Most digits in a number literal, before and after the point together.
inline constexpr std::size_t max_number_digits = 36;
/// Most digits after the decimal point in a number literal or input value.
inline constexpr std::size_t max_fraction_digits = 18;
/// Longest string literal, in bytes.
inline constexpr std::size_t max_string_bytes = 4096;
/// Most choices in a `one of (...)` or `set of (...)` type.
inline constexpr std::size_t max_choices = 64;
/// Longest duration literal (`valid 9999 years`), in each of its units: the span of the
/// calendar (0001-01-01..9999-12-31), so every shift a rule file can write fits 64-bit
/// arithmetic with room to spare. Longer durations are an error where they are written.
inline constexpr std::int64_t max_duration_years = 9999;
inline constexpr std::int64_t max_duration_months = max_duration_years * 12;
/// 9999 years of 365.2425 days, rounded up.
inline constexpr std::int64_t max_duration_days = 3652060;
/// Most syntax errors reported for one rule file. Each one after the first costs another
/// parse of the file (the parser skips the broken declaration and reads on), so a file of
/// nothing but errors stops here, with a last message saying so.
inline constexpr std::size_t max_syntax_errors = 50;
/// Longest chain of `extends` from a revision down to its first version.
inline constexpr std::size_t max_extends_depth = 32;
/// Longest expression text quoted in a decision's explanations (`because`, errors);
/// longer ones are cut with "...". Bounds memory too: every node keeps its text.
inline constexpr std::size_t max_explanation_length = 200;
/// The stack any input may need: compiling, formatting or evaluating the deepest rule
/// file the limits above allow, in an optimized build, on a thread with this much
/// stack, is tested (tests/unit/limits_test.cpp). Sanitizer builds need several times more.
inline constexpr std::size_t stack_bytes = 1024 * 1024;
/// Fewest peer values from which a report gives quartiles and percentiles; below it the
/// report says how many peers there are instead, since a spread of four says little.
inline constexpr std::size_t min_peers_for_quartiles = 5;
/// Longest record of a corpus (a JSON Lines line or a CSV record, line end not counted),
/// in bytes. A longer one is an error naming its line, found while it is read; the rows
/// after it are still read. Bounds what one record can cost in memory.
inline constexpr std::size_t max_record_bytes = 1024 * 1024;
/// Most bytes of records `batch` holds at once (read, not yet decided): it writes out
/// what it has before reading more, so its memory does not grow with line length.
inline constexpr std::size_t batch_buffer_bytes = 64 * 1024 * 1024;
/// Deepest nesting of JSON arrays and objects in an assessment document.
inline constexpr std::size_t max_json_depth = 64;
/// Most threads one batch call of the C API (`hm_evaluate_many`) or the Python module
/// (`evaluate_many`) may be asked to start; more is refused, as a mistake (the default,
/// one per core, stays below it).
inline constexpr unsigned max_evaluation_threads = 256;
/// Most evaluations of a target label's requirement one recourse plan may spend
/// (`hallmark plan`): past it the search stops and the plan says so, keeping the best
/// found. Three changes among forty indicators with a few candidate values each fit.
inline constexpr std::size_t max_plan_evaluations = 2'000'000;

/// Largest request body `hallmark serve` reads (an assessment is a few KiB); a larger
/// one is answered 413 without being read.
inline constexpr std::size_t max_request_bytes = 1024 * 1024;
/// How long `hallmark serve` waits for a request to arrive or a response to leave, and
/// keeps an idle connection open, in seconds.
inline constexpr int request_timeout_seconds = 10;

/// Largest message body `hallmark lsp` reads: a rule file at `max_file_bytes` fits twice
/// over (JSON escapes a quote or a line end in two bytes) with room for the envelope. A
/// larger message is skipped unread and answered with a JSON-RPC error.
inline constexpr std::size_t max_lsp_message_bytes = 2 * max_file_bytes + 64 * 1024;
/// Most bytes of header lines before one message of `hallmark lsp` (a client sends one
/// or two short lines); past it the headers are refused and skipped to their blank line.
inline constexpr std::size_t max_lsp_header_bytes = 4096;
/// Deepest nesting of JSON arrays and objects in one message of `hallmark lsp` (a
/// client's capabilities nest about eight levels). Checked before the message is parsed:
/// nlohmann_json parses and frees without recursion but copies a value recursively, and
/// a copy of 100,000 nested arrays overflowed the stack.
inline constexpr std::size_t max_lsp_json_depth = 64;
}  // namespace hallmark::limits
