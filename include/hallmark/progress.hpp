// SPDX-License-Identifier: Apache-2.0
#pragma once
// How a long operation (verifying or replaying a log, importing an export, comparing a
// corpus under two rule sets) tells its caller how far it has come, so that a command
// line can show a progress bar. Display only: nothing computed depends on it.
#include <cstddef>
#include <functional>

namespace hallmark {

/// Called with `done` of `total` units (records, rows) after each unit, on the thread
/// doing the work; `total` is 0 when it is not known in advance (a corpus read from a
/// stream). It should return quickly. An empty function is never called.
using progress_callback = std::function<void(std::size_t done, std::size_t total)>;

}  // namespace hallmark
