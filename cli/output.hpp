// SPDX-License-Identifier: Apache-2.0
#pragma once
// Output files written whole or not at all, and how an input file's format is told.
#include <hallmark/diagnostic.hpp>
#include <hallmark/rule_set.hpp>

#include <string>
#include <vector>

namespace hallmark::cli {

// Writes the whole output or nothing: an unnamed file that gets a name only when
// complete, so a killed run leaves nothing behind. An existing target keeps its
// permissions; a symlink is written through (its target is replaced, the link stays);
// a directory is refused (`ok()` false); a device or pipe is written as a stream.
class atomic_output {
public:
    /// An empty path or `-` writes to standard output. A path naming a pipe, a terminal or
    /// another device (e.g. /dev/stdout) is written as a stream; a directory is refused.
    explicit atomic_output(std::string path);
    ~atomic_output();
    atomic_output(const atomic_output&) = delete;
    bool ok() const { return path_.empty() || fd_ >= 0; }
    /// Standard output or a device: what is written is out at once, and cannot be undone.
    bool streams() const { return path_.empty() || direct_; }
    bool write(const std::string& text);
    /// Makes the output visible under its name; false (and nothing visible) on failure.
    bool commit();

private:
    std::string path_, target_, temp_;  // as given; after symlinks; the temporary name
    int fd_ = -1;
    bool done_ = false;
    bool direct_ = false;  // not a file: written in place, nothing to rename
};

/// Writes the whole text or nothing.
bool write_atomically(const std::string& path, const std::string& text);

/// One rule file as `hallmark check` saw it, for the machine-readable formats.
struct checked_file {
    std::string path;                          ///< as named on the command line
    const compile_result* compiled = nullptr;  ///< null when the file could not be read
    std::string unreadable;                    ///< why, then
};

/// `check --format json`: each file's outcome and every diagnostic, one object.
std::string diagnostics_json(const std::vector<checked_file>& files);

/// `check --format sarif`: SARIF 2.1.0 (OASIS), which CI code-scanning tools read; one run,
/// one result per diagnostic, columns in Unicode code points.
std::string diagnostics_sarif(const std::vector<checked_file>& files);

/// CSV by its extension; anything else is read as JSON Lines.
bool is_csv(const std::string& path);

}  // namespace hallmark::cli
