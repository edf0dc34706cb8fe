// SPDX-License-Identifier: Apache-2.0
#pragma once
// The progress line of long commands (batch, diff --corpus, verify, replay, log import).
#include <hallmark/progress.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <memory>
#include <string>
#include <string_view>

namespace hallmark::cli {

// One line on stderr, redrawn in place at most every 100 ms, when stderr is a terminal;
// nothing at all otherwise, so a script's stderr holds only messages. With a total it
// shows "done/total unit (pct%), m:ss left"; without, a count and a rate. The clock is
// read for this line alone: it never decides anything or reaches an output.
// While it is shown, whatever else is written to std::cerr (and to std::cout, when that
// is a terminal too) first erases the line, so that a message never runs into it.
class progress {
public:
    // `task` names the command ("verify"), `unit` what is counted ("records").
    progress(std::string task, std::string unit);
    // Erases a line that was not finished: an error message follows.
    ~progress();
    progress(const progress&) = delete;
    progress& operator=(const progress&) = delete;

    bool shown() const { return shown_; }
    // When the count has no total: the share of `path` read so far, when it is a regular
    // file, from the position of `in` in it (not standard input, not a pipe).
    void measure(const std::string& path, std::istream& in);
    // `done` of `total` units (0: not known); `detail` is appended ("3 with errors").
    void update(std::size_t done, std::size_t total, std::string_view detail = {});
    // For the library: updates this line with another unit's name; empty (so never
    // called) when nothing is shown.
    progress_callback callback(std::string unit);
    // Erases the line (before another message); an update redraws it, 100 ms after the last.
    void clear();
    // The last line, drawn even when the work took less than one redraw, and a newline.
    void finish();

private:
    void draw(bool last);
    std::string line(bool last) const;

    bool shown_;
    std::string task_, unit_, detail_;
    std::size_t done_ = 0, total_ = 0;
    std::istream* input_ = nullptr;  // measured: its position in a file of `size_` bytes
    std::uint64_t size_ = 0;
    bool visible_ = false, finished_ = false;
    std::chrono::steady_clock::time_point start_, drawn_{};
    // std::cout's and std::cerr's own buffers, while writes go through ones that erase
    // the line first.
    std::unique_ptr<std::streambuf> out_, err_;
    std::streambuf *out_before_ = nullptr, *err_before_ = nullptr;
};

}  // namespace hallmark::cli
