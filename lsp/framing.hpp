// SPDX-License-Identifier: Apache-2.0
#pragma once
// The base protocol: `Content-Length: N` headers, a blank line, N bytes of JSON.
#include <cstddef>
#include <iosfwd>
#include <string>

namespace hallmark::lsp {

enum class frame_status {
    message,     ///< `body` holds one message
    end,         ///< the input ended (between messages or inside one)
    too_large,   ///< the body was over limits::max_lsp_message_bytes; it was skipped
    bad_header,  ///< no usable Content-Length, or headers over limits::max_lsp_header_bytes
};

struct frame {
    frame_status status = frame_status::end;
    std::string body;
    std::size_t length = 0;  ///< the declared length (for too_large)
};

/// Reads the next message. A bad header block is consumed up to its blank line, so the
/// next call starts at the next message when the client framed that one right.
frame read_frame(std::istream& in);

/// Writes one message with its header, and flushes.
void write_frame(std::ostream& out, const std::string& body);

}  // namespace hallmark::lsp
