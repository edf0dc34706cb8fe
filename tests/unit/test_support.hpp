// SPDX-License-Identifier: Apache-2.0
#pragma once
// Helpers shared by the unit tests.
#include <hallmark/hallmark.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <unistd.h>

namespace test_support {

/// Compiles rule text, failing the calling test with the rendered diagnostics.
inline hallmark::rule_set rules(const std::string& text)
{
    auto r = hallmark::compile_string(text, "test.rules");
    if (!r.ok()) throw std::runtime_error("rules do not compile:\n" + r.render());
    return *r;
}

/// Compiles rule text that must fail; returns all diagnostics rendered.
inline std::string errors(const std::string& text)
{
    auto r = hallmark::compile_string(text, "test.rules");
    if (r.ok()) return "(compiled)";
    return r.render();
}

/// Runs a shell command; returns its exit status and captures stdout+stderr.
inline int run(const std::string& command, std::string& output)
{
    output.clear();
    FILE* p = popen((command + " 2>&1").c_str(), "r");
    if (!p) return -1;
    char buffer[4096];
    std::size_t n;
    while ((n = fread(buffer, 1, sizeof buffer, p)) > 0) output.append(buffer, n);
    const int status = pclose(p);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

inline std::string source_path(const std::string& relative)
{
    return std::string(HALLMARK_SOURCE_DIR) + "/" + relative;
}

/// The whole file as bytes (empty when it cannot be read).
inline std::string slurp(const std::filesystem::path& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

/// A directory of one test's own (named by `purpose` and the process), emptied when the
/// test starts and removed when it ends.
struct scratch_dir {
    std::filesystem::path dir;
    explicit scratch_dir(const std::string& purpose)
        : dir(std::filesystem::temp_directory_path() / ("hallmark-" + purpose + "-" + std::to_string(::getpid())))
    {
        std::filesystem::remove_all(dir);
        std::filesystem::create_directories(dir);
    }
    ~scratch_dir() { std::filesystem::remove_all(dir); }
    scratch_dir(const scratch_dir&) = delete;
    scratch_dir& operator=(const scratch_dir&) = delete;

    std::string path(const std::string& name) const { return (dir / name).string(); }
    /// Writes `text` to `name` in the directory; returns its path.
    std::string write(const std::string& name, const std::string& text) const
    {
        std::ofstream(path(name), std::ios::binary) << text;
        return path(name);
    }
};

}  // namespace test_support
