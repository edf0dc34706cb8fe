// SPDX-License-Identifier: Apache-2.0
// Output written whole or not at all: an unnamed file (O_TMPFILE) that gets a name
// only when complete, so a killed process leaves nothing behind.
#include "cli/output.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

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

}  // namespace

atomic_output::atomic_output(std::string path) : path_(path == "-" ? std::string() : std::move(path))
{
    if (path_.empty()) return;
    struct stat st {};
    if (::stat(path_.c_str(), &st) == 0 && !S_ISREG(st.st_mode)) {
        // A pipe, a terminal, /dev/stdout or /dev/null: written as a stream, as standard
        // output would be (there is no file to replace); never a directory.
        if (S_ISDIR(st.st_mode)) return;
        direct_ = true;
        fd_ = ::open(path_.c_str(), O_WRONLY | O_CLOEXEC);
        return;
    }
    target_ = resolved(path_);
    const bool exists = ::stat(target_.c_str(), &st) == 0;
    auto dir = std::filesystem::path(target_).parent_path();
    if (dir.empty()) dir = ".";
    fd_ = ::open(dir.c_str(), O_TMPFILE | O_WRONLY | O_CLOEXEC, 0644);
    if (fd_ < 0) {
        // Filesystems without O_TMPFILE: a named temporary beside the target.
        temp_ = target_ + ".tmp-hallmark-" + std::to_string(::getpid());
        fd_ = ::open(temp_.c_str(), O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0644);
    }
    // The new file takes the old one's place with its permissions (and owner, when allowed).
    if (fd_ >= 0 && exists) {
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
