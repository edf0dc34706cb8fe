// SPDX-License-Identifier: Apache-2.0
// The exact JSON tree: building it from nlohmann's SAX events, paths and positions for
// messages, and what to say about text that is not JSON.
#include "engine/input/json_tree.hpp"

#include <hallmark/limits.hpp>

#include "engine/values/json_text.hpp"
#include "engine/values/names.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <iterator>
#include <optional>
#include <tuple>

namespace hallmark::detail {

namespace {

// Real assessments nest three levels; the bound keeps tree building and the recursive
// walks over the tree from exhausting the stack.
using limits::max_json_depth;

bool is_plain_name(std::string_view name)
{
    if (name.empty()) return false;
    return std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    });
}

}  // namespace

// ---------------------------------------------------------------------------------
// The tree and its paths

const char* kind_name(json_node::kind k)
{
    switch (k) {
    case json_node::kind::null: return "null";
    case json_node::kind::boolean: return "a boolean";
    case json_node::kind::number: return "a number";
    case json_node::kind::string: return "a string";
    case json_node::kind::array: return "an array";
    case json_node::kind::object: return "an object";
    }
    return "a value";
}

// `indicators.staff`, `history[0].label`; names that would be ambiguous after a dot
// are quoted: `indicators["a.b"]`.
std::string render_path(const path_link* link)
{
    std::vector<const path_link*> chain;
    for (; link != nullptr; link = link->parent) chain.push_back(link);
    std::string out;
    for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
        const path_link& step = **it;
        if (step.is_index) {
            out += '[' + std::to_string(step.index) + ']';
        } else if (is_plain_name(step.name)) {
            if (!out.empty()) out += '.';
            out += step.name;
        } else {
            out += '[' + json_quote(step.name) + ']';
        }
    }
    return out.empty() ? std::string("(document)") : out;
}

// ---------------------------------------------------------------------------------
// Positions

std::pair<std::size_t, std::size_t> line_index::locate(std::size_t offset)
{
    if (starts_.empty()) build();
    offset = std::min(offset, text_.size());
    const auto next = std::upper_bound(starts_.begin(), starts_.end(), offset);
    const auto line = static_cast<std::size_t>(next - starts_.begin());
    return {line, offset - starts_[line - 1] + 1};
}

void line_index::build()
{
    starts_.push_back(0);
    for (std::size_t i = 0; i < text_.size(); ++i) {
        if (text_[i] == '\n') starts_.push_back(i + 1);
    }
}

std::string inexact_number_message(std::string_view text)
{
    return excerpt(text) + " is not an exact decimal within the limits (at most " +
           std::to_string(limits::max_number_digits) + " digits, " + std::to_string(limits::max_fraction_digits) +
           " after the point)";
}

namespace {

// ---------------------------------------------------------------------------------
// Positions while parsing

/// Feeds the text to nlohmann's parser and records how far it has read. SAX events
/// carry no position, so this is how the builder learns where each value lies.
class tracking_iterator {
public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = char;
    using difference_type = std::ptrdiff_t;
    using pointer = const char*;
    using reference = const char&;

    tracking_iterator() = default;
    tracking_iterator(const char* at, const char** cursor) : at_(at), cursor_(cursor) {}

    reference operator*() const { return *at_; }
    tracking_iterator& operator++()
    {
        ++at_;
        if (cursor_ != nullptr) *cursor_ = at_;
        return *this;
    }
    tracking_iterator operator++(int)
    {
        tracking_iterator old = *this;
        ++*this;
        return old;
    }
    friend bool operator==(const tracking_iterator& a, const tracking_iterator& b) { return a.at_ == b.at_; }

private:
    const char* at_ = nullptr;
    const char** cursor_ = nullptr;
};

// ---------------------------------------------------------------------------------
// Building the tree from SAX events

struct syntax_failure {
    std::size_t byte = 0;  // nlohmann: 1-based index of the last character read
    std::string last_token;
    std::string what;
};

struct huge_number {
    std::size_t offset = 0;
    std::string path;
    std::string text;
};

class tree_builder {
public:
    tree_builder(std::string_view text, const char* const* cursor) : text_(text), cursor_(cursor)
    {
        // A UTF-8 byte order mark is skipped by the parser; skip it here too so the
        // first value is placed after it.
        if (text.substr(0, 3) == "\xEF\xBB\xBF") prev_end_ = 3;
    }

    // The SAX interface (nlohmann::json_sax).
    bool null()
    {
        add(json_node::kind::null);
        return true;
    }
    bool boolean(bool value)
    {
        add(json_node::kind::boolean)->boolean = value;
        return true;
    }
    bool number_integer(std::int64_t value) { return number(std::to_string(value)); }
    bool number_unsigned(std::uint64_t value) { return number(std::to_string(value)); }
    // The double is nlohmann's lossy reading and deliberately ignored: `text` is exact.
    bool number_float(nlohmann::json::number_float_t /*lossy: ignored*/, const std::string& text)
    {
        return number(text);
    }
    bool string(std::string& value)
    {
        add(json_node::kind::string)->text = std::move(value);
        return true;
    }
    bool binary(nlohmann::json::binary_t& /*unused*/) { return false; }  // not in JSON text
    bool start_object(std::size_t /*unknown*/) { return open(json_node::kind::object); }
    bool key(std::string& name)
    {
        const std::size_t at = here();
        stack_.back()->names.push_back({std::move(name), at});
        return true;
    }
    bool end_object() { return close(); }
    bool start_array(std::size_t /*unknown*/) { return open(json_node::kind::array); }
    bool end_array() { return close(); }
    bool parse_error(std::size_t byte, const std::string& last_token, const nlohmann::json::exception& error)
    {
        // nlohmann stops at numbers beyond the range of a double (out_of_range.406).
        // They are valid JSON, so they are reported like other inexact numbers.
        constexpr int number_overflow = 406;
        if (error.id == number_overflow) {
            const std::size_t at = here();
            huge_number_ = huge_number{at, pending_path(), last_token};
        } else {
            failure_ = syntax_failure{byte, last_token, error.what()};
        }
        return false;
    }

    json_node& root() { return root_; }
    const std::optional<syntax_failure>& failure() const { return failure_; }
    const std::optional<huge_number>& number_too_large() const { return huge_number_; }
    /// Where the container that went past `max_json_depth` starts, if one did.
    std::optional<std::size_t> too_deep_at() const { return too_deep_at_; }

private:
    static bool is_filler(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ',' || c == ':'; }

    // Start of the token behind the current event: events come right after their token
    // is read, and only whitespace, ',' and ':' lie between one event's token and the
    // next. (After a number the parser has read one character ahead; that character
    // is filler or a closing bracket, whose own event needs no position.)
    std::size_t here()
    {
        std::size_t at = prev_end_;
        while (at < text_.size() && is_filler(text_[at])) ++at;
        prev_end_ = static_cast<std::size_t>(*cursor_ - text_.data());
        return at;
    }

    json_node* add(json_node::kind type)
    {
        const std::size_t at = here();
        json_node* node = &root_;
        if (!stack_.empty()) node = &stack_.back()->children.emplace_back();
        node->type = type;
        node->offset = at;
        return node;
    }

    bool number(std::string text)
    {
        add(json_node::kind::number)->text = std::move(text);
        return true;
    }

    bool open(json_node::kind type)
    {
        if (stack_.size() >= max_json_depth) {
            too_deep_at_ = here();
            return false;  // stops the parser: nothing deeper is ever built
        }
        // Pointers on the stack stay valid: only the top's children vector grows, and
        // no stacked node lives in it.
        stack_.push_back(add(type));
        return true;
    }

    // The path of the value being added, for a message while the tree is unfinished.
    std::string pending_path() const
    {
        std::vector<path_link> links(stack_.size());
        for (std::size_t i = 0; i < stack_.size(); ++i) {
            const json_node& container = *stack_[i];
            const path_link* parent = i == 0 ? nullptr : &links[i - 1];
            if (container.type == json_node::kind::object) {
                links[i] = path_link{parent, container.names.back().text};
            } else {
                const bool pending_here = i + 1 == stack_.size();
                const std::size_t count = container.children.size();
                links[i] = path_link{parent, {}, pending_here ? count : count - 1, true};
            }
        }
        return render_path(links.empty() ? nullptr : &links.back());
    }

    bool close()
    {
        stack_.pop_back();
        prev_end_ = static_cast<std::size_t>(*cursor_ - text_.data());
        return true;
    }

    std::string_view text_;
    const char* const* cursor_;
    std::size_t prev_end_ = 0;
    json_node root_;
    std::vector<json_node*> stack_;
    std::optional<syntax_failure> failure_;
    std::optional<huge_number> huge_number_;
    std::optional<std::size_t> too_deep_at_;
};

// ---------------------------------------------------------------------------------
// Messages for malformed JSON

void replace_all(std::string& text, std::string_view from, std::string_view to)
{
    auto at = text.find(from);
    while (at != std::string::npos) {
        text.replace(at, from.size(), to);
        at = text.find(from, at + to.size());
    }
}

// nlohmann says e.g. "[json.exception.parse_error.101] parse error at line 1, column 9:
// syntax error while parsing object - unexpected end of input; expected '}'". We keep
// the part after " - ", drop the echo of the text read (we give the position instead)
// and say what may really follow inside objects and arrays.
std::string describe_syntax_error(std::string_view what, const std::string& last_token)
{
    const auto syntax = what.find("syntax error ");
    const auto dash = syntax == std::string_view::npos ? syntax : what.find("- ", syntax);
    if (dash == std::string_view::npos) return "malformed JSON";
    const std::string_view context = what.substr(syntax, dash - syntax);
    std::string detail(what.substr(dash + 2));
    // A lexer error ("invalid literal", "invalid number; expected digit after '-'") is
    // echoed with "last read"; what the parser wanted next would only muddle it.
    const auto echo = detail.find("; last read: '" + last_token + "'");
    if (echo != std::string::npos) return "malformed JSON: " + detail.substr(0, echo);
    if (context.ends_with("parsing object key ")) {
        replace_all(detail, "; expected string literal", "; expected a quoted member name");
    } else if (context.ends_with("parsing object ")) {
        replace_all(detail, "; expected '}'", "; expected ',' or '}'");
    } else if (context.ends_with("parsing array ")) {
        replace_all(detail, "; expected ']'", "; expected ',' or ']'");
    }
    replace_all(detail, "'[', '{', or a literal", "a value");
    return "malformed JSON: " + detail;
}

std::size_t last_non_space_end(std::string_view text)
{
    const auto at = text.find_last_not_of(" \t\r\n");
    return at == std::string_view::npos ? 0 : at + 1;
}

// Where to point for a syntax error: the start of an unexpected complete token, else
// the character the lexer stopped at; "end of input" points just past the last text.
std::size_t syntax_error_offset(std::string_view text, const syntax_failure& failure, std::string_view message)
{
    const auto says = [&](std::string_view s) { return message.find(s) != std::string_view::npos; };
    if (says(": unexpected end of input")) return last_non_space_end(text);
    std::size_t length = 1;
    // nlohmann restarts its token text at strings and numbers, so there it is exact.
    if (says(": unexpected string literal") || says(": unexpected number literal")) {
        length = std::max<std::size_t>(failure.last_token.size(), 1);
    } else if (says(": unexpected true literal") || says(": unexpected null literal")) {
        length = 4;
    } else if (says(": unexpected false literal")) {
        length = 5;
    }
    std::size_t at = std::min(failure.byte >= length ? failure.byte - length : 0, text.size());
    // A misspelt literal (`tru`, `nul`, `yes`) is reported where the word starts.
    if (says(": invalid literal")) {
        while (at > 0 && std::isalpha(static_cast<unsigned char>(text[at - 1]))) --at;
    }
    return at;
}

// Why the parser stopped: the message and the offset it concerns.
std::pair<std::size_t, std::string> explain_failure(std::string_view text, const tree_builder& builder)
{
    if (const auto& failure = builder.failure()) {
        std::string message = describe_syntax_error(failure->what, failure->last_token);
        const std::size_t offset = syntax_error_offset(text, *failure, message);
        return {offset, std::move(message)};
    }
    if (const auto& huge = builder.number_too_large()) {
        return {huge->offset, huge->path + ": " + inexact_number_message(huge->text)};
    }
    if (const auto at = builder.too_deep_at()) {
        return {*at,
                "malformed JSON: arrays and objects nest deeper than " + std::to_string(max_json_depth) + " levels"};
    }
    return {0, "malformed JSON"};
}

}  // namespace

std::variant<json_node, json_failure> parse_json_tree(std::string_view text)
{
    const char* cursor = text.data();
    tree_builder builder(text, &cursor);
    const tracking_iterator first(text.data(), &cursor);
    const tracking_iterator last(text.data() + text.size(), nullptr);
    if (nlohmann::json::sax_parse(first, last, &builder)) return std::move(builder.root());
    auto [offset, message] = explain_failure(text, builder);
    json_failure failure;
    // A failure ends reading with this one message, so its position is handed over
    // ready for a diagnostic rather than as an offset.
    std::tie(failure.line, failure.column) = line_index(text).locate(offset);
    failure.message = std::move(message);
    return failure;
}

}  // namespace hallmark::detail
