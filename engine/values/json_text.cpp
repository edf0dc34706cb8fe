// SPDX-License-Identifier: Apache-2.0
#include "engine/values/json_text.hpp"

#include <array>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <stdexcept>

namespace hallmark {

namespace {

// The escape for `c`, or nullptr when the byte is copied as is. Only the characters
// RFC 8259 requires are escaped, so UTF-8 text stays readable in the output.
const char* short_escape(unsigned char c)
{
    switch (c) {
    case '"': return "\\\"";
    case '\\': return "\\\\";
    case '\b': return "\\b";
    case '\f': return "\\f";
    case '\n': return "\\n";
    case '\r': return "\\r";
    case '\t': return "\\t";
    default: return nullptr;
    }
}

}  // namespace

std::size_t json_escape(unsigned char c, char* out)
{
    if (const char* escape = short_escape(c)) {
        out[0] = escape[0];
        out[1] = escape[1];
        return 2;
    }
    static constexpr char hex[] = "0123456789abcdef";
    std::memcpy(out, "\\u00", 4);
    out[4] = hex[c >> 4];
    out[5] = hex[c & 0xF];
    return 6;
}

void append_json_string(std::string& out, std::string_view text)
{
    std::size_t i = 0;
    while (i < text.size() && json_escape_free(static_cast<unsigned char>(text[i]))) ++i;
    // Most text needs no escape at all: copied in one piece.
    out.reserve(out.size() + text.size() + 2);
    out += '"';
    std::size_t run = 0;
    for (; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (json_escape_free(c)) continue;
        out.append(text.data() + run, i - run);
        run = i + 1;
        char escape[6];
        out.append(escape, json_escape(c, escape));
    }
    out.append(text.data() + run, text.size() - run);
    out += '"';
}

std::size_t decimal_chars(const decimal& d, char* out)
{
    bool inexact = false;
    const int places = d.places();
    const auto scaled = d.floor_scaled(places, inexact);  // the coefficient, when it fits
    if (!scaled || inexact) return 0;
    return scaled_chars(*scaled, places, out);
}

std::size_t scaled_chars(std::int64_t coefficient, int places, char* out)
{
    char digits[20];
    const auto magnitude =
        coefficient < 0 ? 0 - static_cast<std::uint64_t>(coefficient) : static_cast<std::uint64_t>(coefficient);
    const auto n = static_cast<std::size_t>(std::to_chars(digits, digits + sizeof digits, magnitude).ptr - digits);
    const auto scale = static_cast<std::size_t>(places);
    char* p = out;
    if (coefficient < 0) *p++ = '-';
    if (scale == 0) {
        std::memcpy(p, digits, n);
        return static_cast<std::size_t>(p + n - out);
    }
    // As to_string: at least one digit before the point ("0.05", not ".05").
    if (n <= scale) {
        *p++ = '0';
        *p++ = '.';
        std::memset(p, '0', scale - n);
        p += scale - n;
        std::memcpy(p, digits, n);
        return static_cast<std::size_t>(p + n - out);
    }
    std::memcpy(p, digits, n - scale);
    p += n - scale;
    *p++ = '.';
    std::memcpy(p, digits + n - scale, scale);
    return static_cast<std::size_t>(p + scale - out);
}

void append_decimal(std::string& out, const decimal& d)
{
    char text[decimal_chars_max];
    if (const auto n = decimal_chars(d, text)) out.append(text, n);
    else out += d.to_string();
}

bool number_shaped(std::string_view t, bool json)
{
    std::size_t i = t.starts_with('-') ? 1 : 0;
    const auto digits = [&] {
        const std::size_t start = i;
        while (i < t.size() && t[i] >= '0' && t[i] <= '9') ++i;
        return i - start;
    };
    const std::size_t whole_from = i;
    const std::size_t whole = digits();
    if (whole == 0 || (json && whole > 1 && t[whole_from] == '0')) return false;
    if (i < t.size() && t[i] == '.' && (++i, digits() == 0)) return false;
    if (i < t.size() && (t[i] == 'e' || t[i] == 'E')) {
        ++i;
        if (i < t.size() && (t[i] == '+' || t[i] == '-')) ++i;
        if (digits() == 0) return false;
    }
    return i == t.size();
}

std::string json_quote(std::string_view text)
{
    std::string out;
    append_json_string(out, text);
    return out;
}

json_writer::json_writer(std::string& out, json_style style) : out_(out), style_(style) {}

void json_writer::line_break(std::size_t indent_level)
{
    out_ += '\n';
    out_.append(indent_level * 2, ' ');
}

// Called before every value and before every key: writes the separator that the
// position needs, or rejects a value where JSON does not allow one.
void json_writer::before_value()
{
    if (after_key_) {
        after_key_ = false;
        return;
    }
    if (frames_.empty()) return;
    frame& top = frames_.back();
    if (top.is_object) throw std::logic_error("json_writer: object member without a key");
    if (top.count++ > 0) out_ += ',';
    if (style_ == json_style::pretty) line_break(frames_.size());
}

json_writer& json_writer::key(std::string_view name)
{
    if (frames_.empty() || !frames_.back().is_object || after_key_) {
        throw std::logic_error("json_writer: key outside an object or twice in a row");
    }
    frame& top = frames_.back();
    if (top.count++ > 0) out_ += ',';
    if (style_ == json_style::pretty) line_break(frames_.size());
    append_json_string(out_, name);
    out_ += style_ == json_style::pretty ? ": " : ":";
    after_key_ = true;
    return *this;
}

json_writer& json_writer::begin_object()
{
    before_value();
    out_ += '{';
    frames_.push_back({true, 0});
    return *this;
}

json_writer& json_writer::begin_array()
{
    before_value();
    out_ += '[';
    frames_.push_back({false, 0});
    return *this;
}

void json_writer::close(bool is_object, char bracket)
{
    if (frames_.empty() || frames_.back().is_object != is_object || after_key_) {
        throw std::logic_error("json_writer: mismatched end of object or array");
    }
    const bool had_items = frames_.back().count > 0;
    frames_.pop_back();
    // Empty containers stay on one line (`{}`, `[]`) even when pretty.
    if (had_items && style_ == json_style::pretty) line_break(frames_.size());
    out_ += bracket;
}

json_writer& json_writer::end_object()
{
    close(true, '}');
    return *this;
}

json_writer& json_writer::end_array()
{
    close(false, ']');
    return *this;
}

json_writer& json_writer::string(std::string_view value)
{
    before_value();
    append_json_string(out_, value);
    return *this;
}

json_writer& json_writer::raw_number(std::string_view text)
{
    before_value();
    out_ += text;
    return *this;
}

json_writer& json_writer::boolean(bool value)
{
    before_value();
    out_ += value ? "true" : "false";
    return *this;
}

json_writer& json_writer::null()
{
    before_value();
    out_ += "null";
    return *this;
}

}  // namespace hallmark
