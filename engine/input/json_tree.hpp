// SPDX-License-Identifier: Apache-2.0
#pragma once
// An exact JSON tree for reading assessment documents.
//
// nlohmann's SAX parser does the lexing; we build our own tree so that numbers keep the
// exact text they were written with (no value ever passes through a double) and every
// value remembers where it starts in the source for messages.
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace hallmark::detail {

// ---------------------------------------------------------------------------------
// The tree

struct member_name {
    std::string text;
    std::size_t offset = 0;  // byte offset of the opening quote
};

struct json_node {
    enum class kind { null, boolean, number, string, array, object };
    kind type = kind::null;
    bool boolean = false;
    std::size_t offset = 0;           // byte offset where the value starts
    std::string text;                 // number: as written; string: decoded value
    std::vector<member_name> names;   // object: member names in document order
    std::vector<json_node> children;  // object: values parallel to `names`; array: elements
};

/// "null", "a boolean", "an object"...: for "expected X, got Y" messages.
const char* kind_name(json_node::kind k);

// ---------------------------------------------------------------------------------
// Paths: built as a chain on the stack while walking, rendered only for messages, so a
// clean document costs no string building.

struct path_link {
    const path_link* parent = nullptr;
    std::string_view name;  // member name, unless `is_index`
    std::size_t index = 0;
    bool is_index = false;
};

/// `indicators.staff`, `history[0].label`, `indicators["a.b"]`; "(document)" for none.
std::string render_path(const path_link* link);

// ---------------------------------------------------------------------------------
// Positions

/// Converts byte offsets to 1-based line and column (columns count bytes). The table
/// of line starts is built on the first request: clean documents never need it.
class line_index {
public:
    explicit line_index(std::string_view text) : text_(text) {}

    std::pair<std::size_t, std::size_t> locate(std::size_t offset);

private:
    void build();

    std::string_view text_;
    std::vector<std::size_t> starts_;
};

// ---------------------------------------------------------------------------------
// Parsing

/// Why a number cannot be read exactly. Shared by the parser (numbers beyond a double's
/// range) and the reader (numbers beyond `decimal`'s limits), which say it alike.
std::string inexact_number_message(std::string_view text);

/// Why the text is not a tree: a single message, placed where the problem starts.
struct json_failure {
    std::size_t line = 0;
    std::size_t column = 0;
    std::string message;
};

/// Parses `text` into a tree, or says why it cannot: malformed JSON, a number beyond a
/// double's range, or arrays and objects nested deeper than `limits::max_json_depth`.
/// A tree that is returned is therefore at most that deep, so recursive walks over it
/// cannot exhaust the stack.
std::variant<json_node, json_failure> parse_json_tree(std::string_view text);

}  // namespace hallmark::detail
