// SPDX-License-Identifier: Apache-2.0
// One reader for every input file, so that every command refuses the same things the
// same way (a directory, /dev/zero, a FIFO named as a rule file) with the same words.
#include <hallmark/input_file.hpp>

#include <fmt/format.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>

namespace hallmark {
namespace {

std::string type_problem(const struct stat& st, bool fifo_ok)
{
    if (S_ISDIR(st.st_mode)) return "is a directory";
    if (S_ISREG(st.st_mode) || (fifo_ok && S_ISFIFO(st.st_mode))) return {};
    return "not a regular file";
}

std::string too_large(std::size_t limit) { return fmt::format("larger than the limit of {} bytes", limit); }

// Reads `fd` to its end, stopping one byte past `limit` so memory stays bounded.
file_text read_fd(int fd, std::size_t limit)
{
    std::string bytes;
    char chunk[64 * 1024];
    for (;;) {
        const auto n = ::read(fd, chunk, sizeof chunk);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return {std::nullopt, std::strerror(errno)};
        if (n == 0) break;
        bytes.append(chunk, static_cast<std::size_t>(n));
        if (bytes.size() > limit) return {std::nullopt, too_large(limit)};
    }
    return {std::move(bytes), {}};
}

}  // namespace

std::string input_name(const std::string& path) { return path == "-" ? "<stdin>" : path; }

file_text read_input_file(const std::string& path, std::size_t limit)
{
    if (path == "-") return read_fd(STDIN_FILENO, limit);
    // O_NONBLOCK: opening a FIFO must not wait for a writer before its type is seen.
    const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) return {std::nullopt, std::strerror(errno)};
    struct stat st {};
    file_text out;
    if (::fstat(fd, &st) != 0) out.reason = std::strerror(errno);
    else out.reason = type_problem(st, false);
    if (out.reason.empty() && static_cast<std::size_t>(st.st_size) > limit) out.reason = too_large(limit);
    if (out.reason.empty()) out = read_fd(fd, limit);  // the size is checked again: files grow
    ::close(fd);
    return out;
}

input_stream open_input_stream(const std::string& path)
{
    input_stream out;
    if (path == "-") {
        out.stream = &std::cin;
        return out;
    }
    // Checked before opening: a FIFO is read as a stream (like `-`), and opening it waits
    // for its writer, which is what a stream should do.
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) out.reason = std::strerror(errno);
    else out.reason = type_problem(st, true);
    if (!out.reason.empty()) return out;
    auto file = std::make_unique<std::ifstream>(path, std::ios::binary);
    if (!*file) {
        out.reason = std::strerror(errno ? errno : EIO);
        return out;
    }
    out.stream = file.get();
    out.owned = std::move(file);
    return out;
}

}  // namespace hallmark
