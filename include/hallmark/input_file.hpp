// SPDX-License-Identifier: Apache-2.0
#pragma once
// Reading input files: the one way every command reads a rule file, an assessment, a
// corpus, a portfolio or a log export. `-` is standard input. Directories, devices and
// (for whole-file reads) FIFOs are refused with a reason instead of hanging, reading
// forever or reading as empty; sizes are checked while reading, never after.
#include <hallmark/export.hpp>
#include <hallmark/limits.hpp>

#include <cstddef>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>

namespace hallmark {

/// A whole file's bytes, or why they could not be had.
struct HALLMARK_API file_text {
    std::optional<std::string> text;  ///< set when the file was read whole
    std::string reason;               ///< otherwise: "is a directory", "not a regular file", ...

    /// "PATH: REASON", for messages that do not carry the path elsewhere.
    std::string message(const std::string& path) const { return path + ": " + reason; }
};

/// Reads the whole of `path` (`-`: standard input), refusing it as soon as it holds more
/// than `limit` bytes. Only regular files (and standard input, whatever it is) are read:
/// a directory, a FIFO or a device gives a reason at once, without blocking.
HALLMARK_API file_text read_input_file(const std::string& path, std::size_t limit = limits::max_file_bytes);

/// A stream to read a long input (a corpus) from, or why there is none.
struct HALLMARK_API input_stream {
    std::istream* stream = nullptr;  ///< set when the input could be opened
    std::string reason;              ///< otherwise
    std::unique_ptr<std::istream> owned;
};

/// Opens `path` (`-`: standard input) to be read as a stream: a regular file or a FIFO.
/// Directories and devices (such as /dev/zero) are refused; line lengths are for the
/// reader to bound (see limits::max_record_bytes).
HALLMARK_API input_stream open_input_stream(const std::string& path);

/// The name diagnostics give an input: `<stdin>` for `-`, else the path.
HALLMARK_API std::string input_name(const std::string& path);

}  // namespace hallmark
