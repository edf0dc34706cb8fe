// SPDX-License-Identifier: Apache-2.0
#pragma once
// The public API's one error convention (docs/embedding.md, "Errors").
//
// A function that can fail because of what it was given (rule text, a rule file or
// directory, a document, a value that does not fit an indicator, a log file to verify)
// returns `result<T>`: the value, or the diagnostics that say why there is none.
// Warnings may come with a value. `compile_result` is a `result<rule_set>` that also keeps
// the files read, to render diagnostics with their source lines.
//
// A function whose answer may be "no" returns an answer type, not a failed result: a
// `verify_result` that is not intact, a failing `test_result`, an empty optional from a
// lookup. A result fails only when there is no answer at all.
//
// Exceptions are for programming errors (reading the value of a failed result, handing a
// rule set an input made for another one) and for two failures a caller cannot check for
// in advance: `arithmetic_error` from `decimal` and `date` arithmetic, and `log_error`,
// the one exception kind for a failing environment: a decision log that cannot be
// opened, read or written (a full disk, a read-only file, a damaged or altered log).
#include <hallmark/diagnostic.hpp>
#include <hallmark/export.hpp>

#include <optional>
#include <stdexcept>
#include <utility>
#include <vector>

namespace hallmark {

/// Thrown when a failed `result` is asked for its value: the caller did not check `ok()`.
class HALLMARK_API bad_result_access : public std::logic_error {
public:
    bad_result_access() : std::logic_error("hallmark::result: value() of a failed result (check ok() first)") {}
};

/// A value of type `T`, or the diagnostics that explain why there is none.
///
///     auto input = hallmark::read_assessment_file(path);
///     if (!input.ok()) { std::cerr << hallmark::render_all(input.diagnostics()); return 2; }
///     use(input.value());
template <class T>
class [[nodiscard]] result {
public:
    /// Success, with any warnings that did not prevent it.
    result(T value, std::vector<diagnostic> warnings = {}) : value_(std::move(value)), diagnostics_(std::move(warnings))
    {}
    /// Failure: why, at least one diagnostic of `severity::error`.
    result(std::vector<diagnostic> problems) : diagnostics_(std::move(problems)) {}

    [[nodiscard]] bool ok() const noexcept { return value_.has_value(); }
    explicit operator bool() const noexcept { return ok(); }

    /// The value; throws `bad_result_access` when there is none.
    [[nodiscard]] const T& value() const& { return checked(); }
    [[nodiscard]] T& value() & { return checked(); }
    [[nodiscard]] T&& value() && { return std::move(checked()); }
    const T& operator*() const& { return value(); }
    T& operator*() & { return value(); }
    T&& operator*() && { return std::move(*this).value(); }
    const T* operator->() const { return &value(); }
    T* operator->() { return &value(); }

    /// Why it failed, or the warnings of a success (often none). Mutable, so that a
    /// caller can point them at its own source (a corpus line, say).
    [[nodiscard]] const std::vector<diagnostic>& diagnostics() const& noexcept { return diagnostics_; }
    [[nodiscard]] std::vector<diagnostic>& diagnostics() & noexcept { return diagnostics_; }
    [[nodiscard]] std::vector<diagnostic>&& diagnostics() && noexcept { return std::move(diagnostics_); }

private:
    const T& checked() const
    {
        if (!value_) throw bad_result_access();
        return *value_;
    }
    T& checked()
    {
        if (!value_) throw bad_result_access();
        return *value_;
    }

    std::optional<T> value_;
    std::vector<diagnostic> diagnostics_;
};

/// Success or the reasons for failure, for operations with nothing to hand back.
template <>
class [[nodiscard]] result<void> {
public:
    /// Success.
    result() = default;
    /// Failure: why, at least one diagnostic of `severity::error`.
    result(std::vector<diagnostic> problems) : ok_(false), diagnostics_(std::move(problems)) {}

    [[nodiscard]] bool ok() const noexcept { return ok_; }
    explicit operator bool() const noexcept { return ok_; }
    /// Throws `bad_result_access` on a failed result, like `result<T>::value()`.
    void value() const
    {
        if (!ok_) throw bad_result_access();
    }
    [[nodiscard]] const std::vector<diagnostic>& diagnostics() const& noexcept { return diagnostics_; }
    [[nodiscard]] std::vector<diagnostic>& diagnostics() & noexcept { return diagnostics_; }
    [[nodiscard]] std::vector<diagnostic>&& diagnostics() && noexcept { return std::move(diagnostics_); }

private:
    bool ok_ = true;
    std::vector<diagnostic> diagnostics_;
};

}  // namespace hallmark
