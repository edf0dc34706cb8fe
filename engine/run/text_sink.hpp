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
        std::memcpy(cur_, text.data(), text.size());
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

private:
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
