// SPDX-License-Identifier: Apache-2.0
#pragma once
// Appending many short pieces to a string through a cursor: one bounds check and a
// memcpy per piece, all inline, where std::string's append is an out-of-line call that
// checks lengths and stores the size every time. A decision line is ~900 such pieces.
#include "engine/values/json_text.hpp"

#include <hallmark/decimal.hpp>

#include <algorithm>
#include <cstring>
#include <string>
#include <string_view>

namespace hallmark::engine {

class text_sink {
public:
    /// Appends after what `s` holds. `s` has its final size once the sink is gone
    /// (room is made by resizing it, and given back at the end).
    explicit text_sink(std::string& s) : s_(s), start_(s.size()) { grow(4096); }
    ~text_sink() { s_.resize(size()); }
    text_sink(const text_sink&) = delete;
    text_sink& operator=(const text_sink&) = delete;

    text_sink& operator+=(std::string_view text)
    {
        room(text.size());
        copy(cur_, text.data(), text.size());
        cur_ += text.size();
        return *this;
    }
    text_sink& operator+=(const std::string& text) { return *this += std::string_view(text); }
    text_sink& operator+=(const char* text) { return *this += std::string_view(text); }
    text_sink& operator+=(char c)
    {
        room(1);
        *cur_++ = c;
        return *this;
    }

    /// `text` as a JSON string, escaped as append_json_string escapes it.
    void quoted(std::string_view text)
    {
        room(text.size() * 6 + 2);  // the longest escape, \u00XX, is six bytes
        *cur_++ = '"';
        for (const char c : text) {
            if (json_escape_free(static_cast<unsigned char>(c))) *cur_++ = c;
            else cur_ += json_escape(static_cast<unsigned char>(c), cur_);
        }
        *cur_++ = '"';
    }

    /// `d.to_string()` as a JSON string.
    void quoted(const decimal& d)
    {
        room(decimal_chars_max + 2);
        const auto n = decimal_chars(d, cur_ + 1);
        if (n == 0) return quoted(std::string_view(d.to_string()));  // beyond 60 bits: rare
        *cur_ = '"';
        cur_ += n + 1;
        *cur_++ = '"';
    }

    /// `d * 100` as a JSON string: a percentage as its decision shows it. Moves the
    /// point rather than multiplying, when the coefficient fits 60 bits.
    void quoted_percent(const decimal& d)
    {
        bool inexact = false;
        int places = d.places();
        auto scaled = d.floor_scaled(places, inexact);
        constexpr std::int64_t limit = std::int64_t{1} << 53;  // times 100 still fits
        if (!scaled || inexact || (places < 2 && (*scaled > limit || *scaled < -limit)))
            return quoted(d * decimal::from_int(100));
        if (places >= 2) {
            places -= 2;
        } else {
            *scaled *= places == 1 ? 10 : 100;
            places = 0;
        }
        room(decimal_chars_max + 2);
        *cur_ = '"';
        cur_ += scaled_chars(*scaled, places, cur_ + 1) + 1;
        *cur_++ = '"';
    }

private:
    // Most pieces are short: copied inline in two overlapping moves, as memcpy would
    // after a call and a dispatch on the size.
    static void copy(char* to, const char* from, std::size_t n)
    {
        if (n >= 8 && n <= 16) return copy_two<8>(to, from, n);
        if (n > 16 && n <= 32) return copy_two<16>(to, from, n);
        if (n >= 4 && n < 8) return copy_two<4>(to, from, n);
        if (n > 32) return static_cast<void>(std::memcpy(to, from, n));
        if (n == 0) return;
        to[0] = from[0];
        to[n / 2] = from[n / 2];
        to[n - 1] = from[n - 1];
    }
    template <std::size_t k>
    static void copy_two(char* to, const char* from, std::size_t n)
    {
        char head[k], tail[k];
        std::memcpy(head, from, k);
        std::memcpy(tail, from + n - k, k);
        std::memcpy(to, head, k);
        std::memcpy(to + n - k, tail, k);
    }

    std::size_t size() const { return static_cast<std::size_t>(cur_ - s_.data()); }
    void room(std::size_t n)
    {
        if (static_cast<std::size_t>(end_ - cur_) < n) grow(n);
    }
    // Room for `n` more bytes and as many again as this sink has written: growing with
    // what it writes, not with what `s` held before (a batch's lines share one string).
    void grow(std::size_t n)
    {
        const std::size_t used = cur_ ? size() : start_;
        s_.resize(used + std::max(n + 4096, used - start_));
        cur_ = s_.data() + used;
        end_ = s_.data() + s_.size();
    }

    std::string& s_;
    std::size_t start_;
    char* cur_ = nullptr;
    char* end_ = nullptr;
};

}  // namespace hallmark::engine
