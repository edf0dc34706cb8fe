// SPDX-License-Identifier: Apache-2.0
#pragma once
// Writing JSON text by hand, byte for byte: canonical input hashes and decision output
// must be the same bytes on every platform and library version, so hallmark does not
// leave the layout to a JSON library. Public so that hosts, the command and the decision
// log write JSON the one way the engine does.
#include <cstddef>
#include <hallmark/export.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace hallmark {

/// Appends `text` to `out` as a JSON string literal, quotes included (RFC 8259).
/// `"` and `\` are escaped, control characters use the short forms `\b \f \n \r \t`
/// or `\u00XX`; every other byte, including UTF-8 sequences, is copied unchanged.
HALLMARK_API void append_json_string(std::string& out, std::string_view text);

/// `text` as a JSON string literal, quotes included. Handy for quoting user text in
/// messages, where a raw control character or quote would garble the output.
HALLMARK_API std::string json_quote(std::string_view text);

/// How a `json_writer` lays out its output.
enum class json_style {
    compact,  ///< no whitespace at all: `{"a":[1,2]}`
    pretty,   ///< one member or element per line, indented by two spaces
};

/// Appends JSON to a string, inserting commas, colons and (when pretty) line breaks
/// and indentation. The caller decides the order of members, so the output is exactly
/// as deterministic as the calls made.
///
/// Misuse that would produce invalid JSON (a value in an object without a key, a key
/// outside an object, a mismatched or missing `end_*`) throws `std::logic_error`.
/// Nothing is written between consecutive top-level values and no final newline is
/// added; the caller writes its own separators (e.g. `\n` for JSON Lines).
class HALLMARK_API json_writer {
public:
    /// Writes into `out`, after whatever it already holds. `out` must outlive the writer.
    explicit json_writer(std::string& out, json_style style = json_style::compact);

    json_writer& begin_object();
    json_writer& end_object();
    json_writer& begin_array();
    json_writer& end_array();

    /// The name of the next object member; the member's value must follow.
    json_writer& key(std::string_view name);

    /// A string value, escaped by `append_json_string`.
    json_writer& string(std::string_view value);
    /// A number written exactly as `text`; the caller guarantees it is a JSON number
    /// (for instance `decimal::to_string()`), since any reformatting here could change
    /// the bytes that get hashed.
    json_writer& raw_number(std::string_view text);
    json_writer& boolean(bool value);
    json_writer& null();

    /// Number of containers opened and not yet closed.
    std::size_t depth() const { return frames_.size(); }

    /// True when every container is closed and no key awaits its value.
    bool complete() const { return frames_.empty() && !after_key_; }

private:
    struct HALLMARK_API frame {
        bool is_object = false;
        std::size_t count = 0;  // members or elements written so far
    };

    void before_value();
    void close(bool is_object, char bracket);
    void line_break(std::size_t indent_level);

    std::string& out_;
    json_style style_;
    std::vector<frame> frames_;
    bool after_key_ = false;  // a key was written and its value has not been
};

}  // namespace hallmark
