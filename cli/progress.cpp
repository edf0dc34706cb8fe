// SPDX-License-Identifier: Apache-2.0
#include "cli/progress.hpp"

#include <fmt/format.h>

#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <iostream>
#include <utility>

namespace hallmark::cli {
namespace {

using clock = std::chrono::steady_clock;

// Often enough to look alive, rarely enough to cost nothing next to the work.
constexpr auto redraw_every = std::chrono::milliseconds(100);

// Back to the start of the line and erase it: the line is rewritten in place.
constexpr const char* erase_line = "\r\x1b[K";

// "0:07", "12:30", "2:05:00".
std::string duration_text(double seconds)
{
    const auto n = static_cast<long long>(std::clamp(seconds, 0.0, 1e9));  // an early guess can be huge
    if (n >= 3600) return fmt::format("{}:{:02}:{:02}", n / 3600, n / 60 % 60, n % 60);
    return fmt::format("{}:{:02}", n / 60, n % 60);
}

// "512 B", "3.4 kB", "12.0 MB".
std::string bytes_text(std::uint64_t n)
{
    if (n < 1000) return fmt::format("{} B", n);
    constexpr const char* units[] = {"kB", "MB", "GB", "TB"};
    double value = static_cast<double>(n) / 1000;
    std::size_t unit = 0;
    for (; value >= 1000 && unit + 1 < std::size(units); ++unit) value /= 1000;
    return fmt::format("{:.1f} {}", value, units[unit]);
}

// Writes all of `text` to standard error, past the std::cerr that erases the line.
void write_stderr(std::string_view text)
{
    while (!text.empty()) {
        const auto n = ::write(STDERR_FILENO, text.data(), text.size());
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return;  // nowhere to show it: the work goes on
        text.remove_prefix(static_cast<std::size_t>(n));
    }
}

// Forwards every write to another buffer, erasing the progress line before it.
class erasing_buffer : public std::streambuf {
public:
    erasing_buffer(std::streambuf* to, progress& bar) : to_(to), bar_(bar) {}

protected:
    int overflow(int c) override
    {
        if (traits_type::eq_int_type(c, traits_type::eof())) return to_->pubsync() == 0 ? 0 : c;
        bar_.clear();
        return to_->sputc(traits_type::to_char_type(c));
    }
    std::streamsize xsputn(const char* s, std::streamsize n) override
    {
        if (n > 0) bar_.clear();  // printing "" (no diagnostics) keeps the line
        return to_->sputn(s, n);
    }
    int sync() override { return to_->pubsync(); }

private:
    std::streambuf* to_;
    progress& bar_;
};

}  // namespace

progress::progress(std::string task, std::string unit)
    : shown_(::isatty(STDERR_FILENO) == 1), task_(std::move(task)), unit_(std::move(unit)), start_(clock::now())
{
    if (!shown_) return;
    err_ = std::make_unique<erasing_buffer>(std::cerr.rdbuf(), *this);
    err_before_ = std::cerr.rdbuf(err_.get());
    // Output to a file or a pipe cannot run into the line: only a terminal's is watched.
    if (::isatty(STDOUT_FILENO) != 1) return;
    out_ = std::make_unique<erasing_buffer>(std::cout.rdbuf(), *this);
    out_before_ = std::cout.rdbuf(out_.get());
}

progress::~progress()
{
    if (!finished_) clear();
    if (err_before_) std::cerr.rdbuf(err_before_);
    if (out_before_) std::cout.rdbuf(out_before_);
}

void progress::measure(const std::string& path, std::istream& in)
{
    struct stat st {};
    if (!shown_ || path == "-" || ::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return;
    input_ = &in;
    size_ = static_cast<std::uint64_t>(st.st_size);
}

void progress::update(std::size_t done, std::size_t total, std::string_view detail)
{
    if (!shown_) return;
    done_ = done;
    total_ = total;
    if (detail != detail_) detail_ = detail;
    draw(false);
}

progress_callback progress::callback(std::string unit)
{
    if (!shown_) return {};
    return [this, unit = std::move(unit)](std::size_t done, std::size_t total) {
        if (unit_ != unit) {  // a new stage of the work: its time left is its own
            unit_ = unit;
            start_ = clock::now();
        }
        update(done, total);
    };
}

void progress::clear()
{
    if (!visible_) return;
    visible_ = false;
    write_stderr(erase_line);
}

void progress::finish()
{
    if (!shown_ || finished_) return;
    draw(true);
    finished_ = true;
    visible_ = false;
}

void progress::draw(bool last)
{
    const auto now = clock::now();
    // Erased by a message or not, the line is drawn again only after the pause: many
    // messages in a row do not each bring a redraw.
    if (!last && now - drawn_ < redraw_every) return;
    drawn_ = now;
    std::cout.flush();  // what the command printed before goes first
    auto text = line(last);
    // A line wider than the terminal would wrap, and "\r" would then redraw only its end.
    winsize size{};
    if (::ioctl(STDERR_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 1 && text.size() >= size.ws_col)
        text.resize(size.ws_col - 1u);
    write_stderr(erase_line + text + (last ? "\n" : ""));
    visible_ = !last;
}

// Most telling first, so that a narrow terminal cuts the least: how far (and of what
// total), the percentage, then the count of a measured input, the detail, the time.
std::string progress::line(bool last) const
{
    std::uint64_t done = std::min(done_, total_), total = total_;
    std::string out = fmt::format("{}: ", task_), counted;
    if (total_ != 0) {
        out += fmt::format("{}/{} {}", done, total, unit_);
    } else if (input_ != nullptr) {  // the share of the file read
        const auto at = input_->rdbuf()->pubseekoff(0, std::ios::cur, std::ios::in);
        done = last || at < 0 ? size_ : std::min<std::uint64_t>(static_cast<std::uint64_t>(at), size_);
        total = size_;
        out += fmt::format("{}/{}", bytes_text(done), bytes_text(total));
        counted = fmt::format(", {} {}", done_, unit_);
    } else {
        out += fmt::format("{} {}", done_, unit_);
    }
    if (total != 0 || last) out += fmt::format(" ({}%)", total == 0 ? 100 : done * 100 / total);
    out += counted;
    if (!detail_.empty()) out += fmt::format(", {}", detail_);
    const double seconds = std::chrono::duration<double>(clock::now() - start_).count();
    if (last) return out + ", in " + duration_text(seconds);
    if (total != 0 && done != 0) return out + ", " + duration_text(seconds * (total - done) / done) + " left";
    if (total == 0 && seconds > 0) out += fmt::format(", {:.0f}/s", done_ / seconds);
    return out;
}

}  // namespace hallmark::cli
