// SPDX-License-Identifier: Apache-2.0
// Output written whole or not at all: an unnamed file (O_TMPFILE) that gets a name
// only when complete, so a killed process leaves nothing behind.
#include "cli/output.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <string_view>

#include <filesystem>
#include <iostream>

namespace hallmark::cli {

namespace {

// Where the output goes: through a symlink to its target, so that the link stays a link.
std::string resolved(const std::string& path)
{
    std::error_code ec;
    if (!std::filesystem::is_symlink(std::filesystem::symlink_status(path, ec))) return path;
    const auto target = std::filesystem::weakly_canonical(path, ec);
    return ec ? path : target.string();
}

// The descriptor /dev/stdout, /dev/stderr, /dev/fd/N or /proc/self/fd/N names, or -1.
// Such a name is written through a copy of the descriptor: opened again it would start
// at offset 0 of a file the shell opened with `>>`, and replaced it would drop the file.
int descriptor_named(const std::string& path)
{
    if (path == "/dev/stdout") return 1;
    if (path == "/dev/stderr") return 2;
    for (const std::string_view prefix : {"/dev/fd/", "/proc/self/fd/"}) {
        if (!path.starts_with(prefix)) continue;
        const auto digits = std::string_view(path).substr(prefix.size());
        int fd = 0;
        const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), fd);
        if (ec == std::errc() && end == digits.data() + digits.size() && !digits.empty()) return fd;
    }
    return -1;
}

}  // namespace

atomic_output::atomic_output(std::string path) : path_(path == "-" ? std::string() : std::move(path))
{
    if (path_.empty()) return;
    struct stat st {};
    const bool exists = ::stat(path_.c_str(), &st) == 0;
    // A pipe, a terminal or a device (/dev/null), or a name for a descriptor already open
    // (/dev/stdout, perhaps a file the shell opened): written as a stream, as standard
    // output would be; never a directory.
    const int named = descriptor_named(path_);
    if (exists && (!S_ISREG(st.st_mode) || named >= 0)) {
        if (S_ISDIR(st.st_mode)) return;
        direct_ = true;
        fd_ = named >= 0 ? ::fcntl(named, F_DUPFD_CLOEXEC, 0) : ::open(path_.c_str(), O_WRONLY | O_CLOEXEC);
        return;
    }
    target_ = resolved(path_);
    const bool target_exists = ::stat(target_.c_str(), &st) == 0;
    auto dir = std::filesystem::path(target_).parent_path();
    if (dir.empty()) dir = ".";
    fd_ = ::open(dir.c_str(), O_TMPFILE | O_WRONLY | O_CLOEXEC, 0644);
    if (fd_ < 0) {
        // Filesystems without O_TMPFILE: a named temporary beside the target.
        temp_ = target_ + ".tmp-hallmark-" + std::to_string(::getpid());
        fd_ = ::open(temp_.c_str(), O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0644);
    }
    // The new file takes the old one's place with its permissions (and owner, when allowed).
    if (fd_ >= 0 && target_exists) {
        ::fchmod(fd_, st.st_mode & 07777);
        // Another owner may not be ours to give; the mode is kept all the same.
        if (::fchown(fd_, st.st_uid, st.st_gid) != 0) errno = 0;
    }
}
atomic_output::~atomic_output()
{
    if (fd_ >= 0) ::close(fd_);
    if (!temp_.empty() && !done_) std::filesystem::remove(temp_);
}

bool atomic_output::write(const std::string& text)
{
    if (path_.empty()) return static_cast<bool>(std::cout << text);
    for (std::size_t at = 0; at < text.size();) {
        const auto n = ::write(fd_, text.data() + at, text.size() - at);
        if (n <= 0) return false;
        at += static_cast<std::size_t>(n);
    }
    return true;
}

bool atomic_output::commit()
{
    if (path_.empty()) return static_cast<bool>(std::cout.flush());
    if (direct_) return true;  // a stream: every write has gone out already
    if (::fsync(fd_) != 0) return false;
    std::error_code ec;
    if (temp_.empty()) {
        // Give the unnamed file a name, then move it over the target in one step.
        temp_ = target_ + ".tmp-hallmark-" + std::to_string(::getpid());
        const auto proc = "/proc/self/fd/" + std::to_string(fd_);
        if (::linkat(AT_FDCWD, proc.c_str(), AT_FDCWD, temp_.c_str(), AT_SYMLINK_FOLLOW) != 0) return false;
    }
    std::filesystem::rename(temp_, target_, ec);
    done_ = !ec;
    return done_;
}

bool write_atomically(const std::string& path, const std::string& text)
{
    atomic_output out(path);
    return out.ok() && out.write(text) && out.commit();
}

bool is_csv(const std::string& path) { return path.size() >= 4 && path.compare(path.size() - 4, 4, ".csv") == 0; }

}  // namespace hallmark::cli
