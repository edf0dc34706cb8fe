// Reading an assessment document: JSON text -> a small exact tree -> checked
// `assessment` plus its canonical form.
//
// nlohmann's SAX parser does the lexing; we build our own tree so that numbers keep the
// exact text they were written with (no value ever passes through a double) and every
// value remembers where it starts in the source for messages.
#include <hallmark/assessment.hpp>
#include <hallmark/decimal.hpp>
#include <hallmark/limits.hpp>

#include "engine/json_text.hpp"

#include <nlohmann/json.hpp>
#include <openssl/evp.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <numeric>
#include <span>
#include <stdexcept>

namespace hallmark {

namespace {

// Real assessments nest three levels; the bound keeps tree building and the recursive
// walks below from exhausting the stack.
using limits::max_json_depth;

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
    std::size_t offset = 0;            // byte offset where the value starts
    std::string text;                  // number: as written; string: decoded value
    std::vector<member_name> names;    // object: member names in document order
    std::vector<json_node> children;   // object: values parallel to `names`; array: elements
};

const char* kind_name(json_node::kind k) {
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

// ---------------------------------------------------------------------------------
// Paths: built as a chain on the stack while walking, rendered only for messages, so a
// clean document costs no string building.

struct path_link {
    const path_link* parent = nullptr;
    std::string_view name;  // member name, unless `is_index`
    std::size_t index = 0;
    bool is_index = false;
};

bool is_plain_name(std::string_view name) {
    if (name.empty()) return false;
    return std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '_' || c == '-';
    });
}

// `indicators.staff`, `history[0].label`; names that would be ambiguous after a dot
// are quoted: `indicators["a.b"]`.
std::string render_path(const path_link* link) {
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
    tracking_iterator& operator++() {
        ++at_;
        if (cursor_ != nullptr) *cursor_ = at_;
        return *this;
    }
    tracking_iterator operator++(int) {
        tracking_iterator old = *this;
        ++*this;
        return old;
    }
    friend bool operator==(const tracking_iterator& a, const tracking_iterator& b) {
        return a.at_ == b.at_;
    }

private:
    const char* at_ = nullptr;
    const char** cursor_ = nullptr;
};

/// Converts byte offsets to 1-based line and column (columns count bytes). The table
/// of line starts is built on the first request: clean documents never need it.
class line_index {
public:
    explicit line_index(std::string_view text) : text_(text) {}

    std::pair<std::size_t, std::size_t> locate(std::size_t offset) {
        if (starts_.empty()) build();
        offset = std::min(offset, text_.size());
        const auto next = std::upper_bound(starts_.begin(), starts_.end(), offset);
        const auto line = static_cast<std::size_t>(next - starts_.begin());
        return {line, offset - starts_[line - 1] + 1};
    }

private:
    void build() {
        starts_.push_back(0);
        for (std::size_t i = 0; i < text_.size(); ++i) {
            if (text_[i] == '\n') starts_.push_back(i + 1);
        }
    }

    std::string_view text_;
    std::vector<std::size_t> starts_;
};

std::string inexact_number_message(std::string_view text) {
    return std::string(text) + " is not an exact decimal within the limits (at most " +
           std::to_string(limits::max_number_digits) + " digits, " +
           std::to_string(limits::max_fraction_digits) + " after the point)";
}

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
    tree_builder(std::string_view text, const char* const* cursor)
        : text_(text), cursor_(cursor) {
        // A UTF-8 byte order mark is skipped by the parser; skip it here too so the
        // first value is placed after it.
        if (text.substr(0, 3) == "\xEF\xBB\xBF") prev_end_ = 3;
    }

    // The SAX interface (nlohmann::json_sax).
    bool null() {
        add(json_node::kind::null);
        return true;
    }
    bool boolean(bool value) {
        add(json_node::kind::boolean)->boolean = value;
        return true;
    }
    bool number_integer(std::int64_t value) { return number(std::to_string(value)); }
    bool number_unsigned(std::uint64_t value) { return number(std::to_string(value)); }
    // The double is nlohmann's lossy reading and deliberately ignored: `text` is exact.
    bool number_float(double /*lossy*/, const std::string& text) { return number(text); }
    bool string(std::string& value) {
        add(json_node::kind::string)->text = std::move(value);
        return true;
    }
    bool binary(nlohmann::json::binary_t& /*unused*/) { return false; }  // not in JSON text
    bool start_object(std::size_t /*unknown*/) { return open(json_node::kind::object); }
    bool key(std::string& name) {
        const std::size_t at = here();
        stack_.back()->names.push_back({std::move(name), at});
        return true;
    }
    bool end_object() { return close(); }
    bool start_array(std::size_t /*unknown*/) { return open(json_node::kind::array); }
    bool end_array() { return close(); }
    bool parse_error(std::size_t byte, const std::string& last_token,
                     const nlohmann::json::exception& error) {
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
    static bool is_filler(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ',' || c == ':';
    }

    // Start of the token behind the current event: events come right after their token
    // is read, and only whitespace, ',' and ':' lie between one event's token and the
    // next. (After a number the parser has read one character ahead; that character
    // is filler or a closing bracket, whose own event needs no position.)
    std::size_t here() {
        std::size_t at = prev_end_;
        while (at < text_.size() && is_filler(text_[at])) ++at;
        prev_end_ = static_cast<std::size_t>(*cursor_ - text_.data());
        return at;
    }

    json_node* add(json_node::kind type) {
        const std::size_t at = here();
        json_node* node = &root_;
        if (!stack_.empty()) node = &stack_.back()->children.emplace_back();
        node->type = type;
        node->offset = at;
        return node;
    }

    bool number(std::string text) {
        add(json_node::kind::number)->text = std::move(text);
        return true;
    }

    bool open(json_node::kind type) {
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
    std::string pending_path() const {
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

    bool close() {
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

void replace_all(std::string& text, std::string_view from, std::string_view to) {
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
std::string describe_syntax_error(std::string_view what, const std::string& last_token) {
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

std::size_t last_non_space_end(std::string_view text) {
    const auto at = text.find_last_not_of(" \t\r\n");
    return at == std::string_view::npos ? 0 : at + 1;
}

// Where to point for a syntax error: the start of an unexpected complete token, else
// the character the lexer stopped at; "end of input" points just past the last text.
std::size_t syntax_error_offset(std::string_view text, const syntax_failure& failure,
                                std::string_view message) {
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

// ---------------------------------------------------------------------------------
// Reading the tree into an assessment

struct key_spec {
    std::string_view name;
    bool required = false;
};

constexpr key_spec top_level_keys[] = {
    {"cluster", false}, {"assessed_on", true}, {"history", false}, {"indicators", true}};
constexpr key_spec history_keys[] = {
    {"label", true}, {"assessed_on", true}, {"valid_until", false}};

std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    std::iota(row.begin(), row.end(), std::size_t{0});
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t above = row[j];
            const std::size_t substitute = diagonal + (a[i - 1] == b[j - 1] ? 0 : 1);
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, substitute});
            diagonal = above;
        }
    }
    return row[b.size()];
}

// "unknown key; did you mean "assessed_on"?" for a likely typo, else the allowed keys.
std::string unknown_key_message(std::string_view name, std::span<const key_spec> keys) {
    for (const key_spec& k : keys) {
        if (edit_distance(name, k.name) <= 2) {
            return "unknown key; did you mean " + json_quote(k.name) + "?";
        }
    }
    std::string list;
    for (std::size_t i = 0; i < keys.size(); ++i) {
        list += i == 0 ? "" : i + 1 == keys.size() ? " or " : ", ";
        list += keys[i].name;
    }
    return "unknown key; expected " + list;
}

// Why `text` is not a date: its shape or the calendar.
std::string bad_date_message(std::string_view text) {
    const bool shaped = text.size() == 10 && text[4] == '-' && text[7] == '-' &&
                        std::all_of(text.begin(), text.end(), [](char c) {
                            return c == '-' || (c >= '0' && c <= '9');
                        });
    return json_quote(text) +
           (shaped ? " is not a day of the calendar" : " is not a date of the form YYYY-MM-DD");
}

class document_reader {
public:
    document_reader(std::string_view text, std::string_view source)
        : text_(text), source_(source), lines_(text) {}

    std::variant<assessment, std::vector<diagnostic>> read();

private:
    void problem(std::size_t offset, std::string message);
    void error(std::size_t offset, const path_link* path, std::string_view message);
    bool parse(json_node& root);
    void report_syntax_error(const syntax_failure& failure);

    template <class ReadMember>
    void read_members(const json_node& object, const path_link* parent,
                      std::span<const key_spec> keys, ReadMember&& read_member);
    bool expect(const json_node& node, json_node::kind type, const path_link* path,
                std::string_view what);
    void read_document(const json_node& root);
    void read_cluster(const json_node& cluster, const path_link* path);
    std::optional<date> read_date(const json_node& node, const path_link* path);
    void read_history(const json_node& history, const path_link* path);
    void read_history_entry(const json_node& entry, const path_link* path);
    void read_indicators(const json_node& indicators, const path_link* path);
    raw_value read_indicator(const json_node& value, const path_link* path);

    void write_canonical(json_writer& out, const json_node& node, const path_link* path,
                         bool report);
    void write_canonical_number(json_writer& out, const json_node& node, const path_link* path,
                                bool report);
    void write_canonical_object(json_writer& out, const json_node& node,
                                const path_link* path, bool report);

    std::string_view text_;
    std::string_view source_;
    line_index lines_;
    std::vector<std::pair<std::size_t, diagnostic>> problems_;  // with their offsets
    assessment result_;
};

void document_reader::problem(std::size_t offset, std::string message) {
    diagnostic d;
    d.source = std::string(source_);
    std::tie(d.line, d.column) = lines_.locate(offset);
    d.message = std::move(message);
    problems_.emplace_back(offset, std::move(d));
}

// Every message about the data starts with the JSON path it concerns.
void document_reader::error(std::size_t offset, const path_link* path,
                            std::string_view message) {
    problem(offset, render_path(path) + ": " + std::string(message));
}

void document_reader::report_syntax_error(const syntax_failure& failure) {
    std::string message = describe_syntax_error(failure.what, failure.last_token);
    const std::size_t offset = syntax_error_offset(text_, failure, message);
    problem(offset, std::move(message));
}

// Runs the SAX parser over the text; false (with a diagnostic) when it is not JSON or
// nests too deeply.
bool document_reader::parse(json_node& root) {
    const char* cursor = text_.data();
    tree_builder builder(text_, &cursor);
    const tracking_iterator first(text_.data(), &cursor);
    const tracking_iterator last(text_.data() + text_.size(), nullptr);
    if (nlohmann::json::sax_parse(first, last, &builder)) {
        root = std::move(builder.root());
        return true;
    }
    if (const auto& failure = builder.failure()) {
        report_syntax_error(*failure);
    } else if (const auto& huge = builder.number_too_large()) {
        problem(huge->offset, huge->path + ": " + inexact_number_message(huge->text));
    } else if (const auto at = builder.too_deep_at()) {
        problem(*at, "malformed JSON: arrays and objects nest deeper than " +
                         std::to_string(max_json_depth) + " levels");
    } else {
        problem(0, "malformed JSON");
    }
    return false;
}

std::variant<assessment, std::vector<diagnostic>> document_reader::read() {
    json_node root;
    if (parse(root)) {
        read_document(root);
        json_writer out(result_.canonical);
        write_canonical(out, root, nullptr, true);
    }
    if (problems_.empty()) {
        result_.source = std::string(source_);
        return std::move(result_);
    }
    // Report in document order, whichever check found the problem.
    std::stable_sort(problems_.begin(), problems_.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<diagnostic> out;
    out.reserve(problems_.size());
    for (auto& [offset, d] : problems_) out.push_back(std::move(d));
    return out;
}

// Calls `read_member(name, value, path)` for each member whose name is in `keys`;
// reports unknown members (typos should not pass silently) and missing required ones.
template <class ReadMember>
void document_reader::read_members(const json_node& object, const path_link* parent,
                                   std::span<const key_spec> keys, ReadMember&& read_member) {
    std::vector<bool> seen(keys.size(), false);
    for (std::size_t i = 0; i < object.names.size(); ++i) {
        const member_name& name = object.names[i];
        const path_link path{parent, name.text};
        const auto known = std::find_if(keys.begin(), keys.end(),
                                        [&](const key_spec& k) { return k.name == name.text; });
        if (known == keys.end()) {
            error(name.offset, &path, unknown_key_message(name.text, keys));
            continue;
        }
        seen[static_cast<std::size_t>(known - keys.begin())] = true;
        read_member(name.text, object.children[i], &path);
    }
    for (std::size_t k = 0; k < keys.size(); ++k) {
        if (keys[k].required && !seen[k]) {
            const path_link path{parent, keys[k].name};
            error(object.offset, &path, "required key is missing");
        }
    }
}

bool document_reader::expect(const json_node& node, json_node::kind type,
                             const path_link* path, std::string_view what) {
    if (node.type == type) return true;
    error(node.offset, path, "expected " + std::string(what) + ", got " + kind_name(node.type));
    return false;
}

void document_reader::read_document(const json_node& root) {
    if (!expect(root, json_node::kind::object, nullptr, "an object at the top level")) return;
    result_.cluster_json = "{}";
    read_members(root, nullptr, top_level_keys,
                 [&](std::string_view name, const json_node& value, const path_link* path) {
                     if (name == "cluster") read_cluster(value, path);
                     if (name == "history") read_history(value, path);
                     if (name == "indicators") read_indicators(value, path);
                     if (name == "assessed_on") {
                         if (auto d = read_date(value, path)) result_.assessed_on = *d;
                     }
                 });
}

// "cluster": optional (null counts as absent); any object, of which only "id" is read.
void document_reader::read_cluster(const json_node& cluster, const path_link* path) {
    if (cluster.type == json_node::kind::null) return;
    if (!expect(cluster, json_node::kind::object, path, "an object")) return;
    for (std::size_t i = 0; i < cluster.names.size(); ++i) {
        if (cluster.names[i].text != "id") continue;
        const json_node& id = cluster.children[i];
        const path_link id_path{path, "id"};
        if (id.type == json_node::kind::null) continue;
        if (expect(id, json_node::kind::string, &id_path, "a string")) result_.cluster_id = id.text;
    }
    result_.cluster_json.clear();
    json_writer out(result_.cluster_json);
    write_canonical(out, cluster, path, false);  // the whole-document pass reports
}

std::optional<date> document_reader::read_date(const json_node& node, const path_link* path) {
    if (!expect(node, json_node::kind::string, path, "a date string \"YYYY-MM-DD\"")) {
        return std::nullopt;
    }
    auto parsed = date::parse(node.text);
    if (!parsed) error(node.offset, path, bad_date_message(node.text));
    return parsed;
}

// "history": optional (null counts as absent); an array of earlier labels.
void document_reader::read_history(const json_node& history, const path_link* path) {
    if (history.type == json_node::kind::null) return;
    if (!expect(history, json_node::kind::array, path, "an array of earlier labels")) return;
    for (std::size_t i = 0; i < history.children.size(); ++i) {
        const path_link entry_path{path, {}, i, true};
        read_history_entry(history.children[i], &entry_path);
    }
}

// {"label": string, "assessed_on": date, "valid_until": date or null, optional}
void document_reader::read_history_entry(const json_node& entry, const path_link* path) {
    if (!expect(entry, json_node::kind::object, path, "an object")) return;
    history_entry result;
    read_members(entry, path, history_keys,
                 [&](std::string_view name, const json_node& value, const path_link* member) {
                     if (name == "label" &&
                         expect(value, json_node::kind::string, member, "a string")) {
                         result.label = value.text;
                     }
                     if (name == "assessed_on") {
                         if (auto d = read_date(value, member)) result.assessed_on = *d;
                     }
                     if (name == "valid_until" && value.type != json_node::kind::null) {
                         result.valid_until = read_date(value, member);
                     }
                 });
    result_.history.push_back(std::move(result));
}

void document_reader::read_indicators(const json_node& indicators, const path_link* path) {
    if (!expect(indicators, json_node::kind::object, path, "an object of indicator values")) return;
    for (std::size_t i = 0; i < indicators.names.size(); ++i) {
        const path_link member{path, indicators.names[i].text};
        result_.indicators.emplace_back(indicators.names[i].text,
                                        read_indicator(indicators.children[i], &member));
    }
    // Byte order, as in the canonical form; duplicates are reported by that pass.
    std::stable_sort(result_.indicators.begin(), result_.indicators.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
}

raw_value document_reader::read_indicator(const json_node& value, const path_link* path) {
    raw_value out;
    switch (value.type) {
        case json_node::kind::null: break;
        case json_node::kind::boolean:
            out.type = raw_value::kind::boolean;
            out.boolean = value.boolean;
            break;
        case json_node::kind::number:
            out.type = raw_value::kind::number;
            out.text = value.text;
            break;
        case json_node::kind::string:
            out.type = raw_value::kind::string;
            out.text = value.text;
            break;
        case json_node::kind::array:
            out.type = raw_value::kind::array;
            for (std::size_t i = 0; i < value.children.size(); ++i) {
                const path_link item{path, {}, i, true};
                if (expect(value.children[i], json_node::kind::string, &item, "a string")) {
                    out.items.push_back(value.children[i].text);
                }
            }
            break;
        case json_node::kind::object:
            error(value.offset, path,
                  "expected null, a boolean, a number, a string or an array of strings, "
                  "got an object");
            break;
    }
    return out;
}

// Canonical JSON: keys in byte order, no whitespace, numbers as canonical decimals.
// With `report`, duplicate keys and numbers without an exact decimal are diagnosed.
void document_reader::write_canonical(json_writer& out, const json_node& node,
                                      const path_link* path, bool report) {
    switch (node.type) {
        case json_node::kind::null: out.null(); break;
        case json_node::kind::boolean: out.boolean(node.boolean); break;
        case json_node::kind::string: out.string(node.text); break;
        case json_node::kind::number: write_canonical_number(out, node, path, report); break;
        case json_node::kind::array:
            out.begin_array();
            for (std::size_t i = 0; i < node.children.size(); ++i) {
                const path_link item{path, {}, i, true};
                write_canonical(out, node.children[i], &item, report);
            }
            out.end_array();
            break;
        case json_node::kind::object: write_canonical_object(out, node, path, report); break;
    }
}

void document_reader::write_canonical_number(json_writer& out, const json_node& node,
                                             const path_link* path, bool report) {
    std::optional<decimal> value;
    try {
        value = decimal::parse(node.text);
    } catch (const arithmetic_error&) {  // an absurd exponent may overflow
    }
    if (value) {
        out.raw_number(value->to_string());
        return;
    }
    out.raw_number(node.text);
    if (report) error(node.offset, path, inexact_number_message(node.text));
}

void document_reader::write_canonical_object(json_writer& out, const json_node& node,
                                             const path_link* path, bool report) {
    std::vector<std::size_t> order(node.names.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    // Stable, so of two equal keys the first written one comes first and the second
    // is the one reported as the duplicate.
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return node.names[a].text < node.names[b].text;
    });
    out.begin_object();
    for (std::size_t k = 0; k < order.size(); ++k) {
        const member_name& name = node.names[order[k]];
        const path_link member{path, name.text};
        if (report && k > 0 && node.names[order[k - 1]].text == name.text) {
            error(name.offset, &member, "duplicate key");
        }
        out.key(name.text);
        write_canonical(out, node.children[order[k]], &member, report);
    }
    out.end_object();
}

}  // namespace

namespace {

std::vector<diagnostic> whole_source_error(std::string_view source, std::string message) {
    diagnostic d;
    d.source = std::string(source);
    d.message = std::move(message);
    return {std::move(d)};
}

std::string too_large_message() {
    return "document is larger than " + std::to_string(limits::max_file_bytes) + " bytes";
}

}  // namespace

std::variant<assessment, std::vector<diagnostic>> read_assessment(std::string_view json_text,
                                                                  std::string_view source) {
    if (json_text.size() > limits::max_file_bytes) {
        return whole_source_error(source, too_large_message());
    }
    return document_reader(json_text, source).read();
}

std::variant<assessment, std::vector<diagnostic>> read_assessment_file(const std::string& path) {
    std::error_code ec;
    // A directory opens fine as a stream on POSIX and then reads as nothing.
    if (std::filesystem::is_directory(path, ec)) {
        return whole_source_error(path, "cannot open file: it is a directory");
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) return whole_source_error(path, "cannot open file");
    std::string bytes;
    char chunk[64 * 1024];
    // Read in chunks and stop one past the limit, so a huge file is never held whole.
    while (bytes.size() <= limits::max_file_bytes && in.read(chunk, sizeof chunk).gcount() > 0) {
        bytes.append(chunk, static_cast<std::size_t>(in.gcount()));
    }
    if (in.bad()) return whole_source_error(path, "cannot read file");
    if (bytes.size() > limits::max_file_bytes) return whole_source_error(path, too_large_message());
    return read_assessment(bytes, path);
}

std::string sha256_hex(std::string_view bytes) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (EVP_Digest(bytes.data(), bytes.size(), digest, &length, EVP_sha256(), nullptr) != 1) {
        throw std::runtime_error("sha256: OpenSSL digest failed");
    }
    static constexpr char hex[] = "0123456789abcdef";
    std::string out;
    out.reserve(length * 2);
    for (unsigned int i = 0; i < length; ++i) {
        out += hex[digest[i] >> 4];
        out += hex[digest[i] & 0xF];
    }
    return out;
}

}  // namespace hallmark
