// SPDX-License-Identifier: Apache-2.0
#include "lsp/framing.hpp"

#include <hallmark/limits.hpp>

#include <cctype>
#include <istream>
#include <optional>
#include <ostream>

namespace hallmark::lsp {
namespace {

// One header line without its line end; nothing at the end of the input. `budget`
// counts every header byte of the message (line ends too), so a client cannot make us
// hold a long line: past it the line is read to its end and nothing kept.
std::optional<std::string> header_line(std::istream& in, std::size_t& budget, bool& over)
{
    std::string line;
    for (int c = in.get(); c != EOF; c = in.get()) {
        if (budget == 0) over = true;
        else --budget;
        if (c == '\n') {
            if (!line.empty() && line.back() == '\r') line.pop_back();
            return line;
        }
        if (!over) line += static_cast<char>(c);
    }
    return std::nullopt;
}

// The value of `Content-Length` (name case-insensitive), or nothing when it is not one.
std::optional<std::size_t> content_length(const std::string& line)
{
    static const std::string name = "content-length:";
    if (line.size() <= name.size()) return std::nullopt;
    for (std::size_t i = 0; i < name.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(line[i])) != name[i]) return std::nullopt;
    std::size_t i = name.size(), value = 0;
    while (i < line.size() && line[i] == ' ') ++i;
    if (i == line.size()) return std::nullopt;
    for (; i < line.size(); ++i) {
        if (!std::isdigit(static_cast<unsigned char>(line[i]))) return std::nullopt;
        if (value > limits::max_lsp_message_bytes) return value;  // already over: stop before it overflows
        value = value * 10 + static_cast<std::size_t>(line[i] - '0');
    }
    return value;
}

}  // namespace

frame read_frame(std::istream& in)
{
    std::size_t budget = limits::max_lsp_header_bytes;
    bool over = false, started = false;
    std::optional<std::size_t> length;
    for (;;) {
        auto line = header_line(in, budget, over);
        if (!line) return {};
        if (line->empty()) {
            if (!started) continue;  // stray line ends between messages
            break;
        }
        started = true;
        if (auto n = content_length(*line)) length = n;
    }
    if (!length) return {frame_status::bad_header, {}, 0};
    if (over) {
        // The length came before the headers ran over: skip the body too, so that the
        // next message is read from its start.
        if (*length <= limits::max_lsp_message_bytes) in.ignore(static_cast<std::streamsize>(*length));
        return {frame_status::bad_header, {}, *length};
    }
    if (*length > limits::max_lsp_message_bytes) {
        in.ignore(static_cast<std::streamsize>(*length));
        return {frame_status::too_large, {}, *length};
    }
    std::string body(*length, '\0');
    in.read(body.data(), static_cast<std::streamsize>(*length));
    if (static_cast<std::size_t>(in.gcount()) != *length) return {};
    return {frame_status::message, std::move(body), *length};
}

void write_frame(std::ostream& out, const std::string& body)
{
    out << "Content-Length: " << body.size() << "\r\n\r\n" << body;
    out.flush();
}

}  // namespace hallmark::lsp
