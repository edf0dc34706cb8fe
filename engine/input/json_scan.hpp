// SPDX-License-Identifier: Apache-2.0
#pragma once
// The single-pass JSON scanner of the assessment reader's fast path.
//
// It reads the bytes once into a flat list of values (no tree of allocations, no
// nlohmann): strings without escapes and numbers stay slices of the source, and every
// value notes its line and column as the scanner passes, so no line table is built.
// It accepts only what the reference parser (json_tree.hpp, nlohmann) accepts as it is;
// at anything else it merely stops, and the reference reader reads the text again to
// say why, in its exact words and positions (errors are rare; their messages are not
// worth a second implementation).
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace hallmark::detail {

/// One value of a scanned document. A container's members or elements follow it in
/// the list (an object's as key, value, key, value...); `next` is past all of them.
struct scan_node {
    enum class kind : std::uint8_t { null, boolean, number, string, array, object };
    kind type = kind::null;
    bool boolean = false;
    bool decoded = false;      // string: its text lies in the decoded buffer, not the source
    bool canonical = false;    // number, array, object: its source text is its canonical text;
                               // an object's key: so is that of `"key":value`
    bool ordered = false;      // object: its keys come in strictly increasing byte order
    std::uint32_t offset = 0;  // byte offset where the value starts
    std::uint32_t line = 0;    // 1-based line and byte column of `offset`
    std::uint32_t column = 0;
    std::uint32_t begin = 0;  // string: decoded text; number: as written
    std::uint32_t length = 0;
    std::uint32_t count = 0;   // array: elements; object: members; key: where its member ends
    std::uint32_t next = 0;    // index just past this value and everything in it
    std::uint32_t sorted = 0;  // object not `canonical`: where its keys, in byte order, start in `order`
};

class json_scanner {
public:
    /// Scans `text` (a UTF-8 byte order mark skipped) into `nodes()`, the first being the
    /// top-level value. False at anything that is not plain valid JSON for the reference
    /// parser: a syntax error, ill-formed UTF-8, a bad escape, a raw control character,
    /// nesting deeper than `limits::max_json_depth`, text after the value.
    bool scan(std::string_view text);

    std::span<const scan_node> nodes() const { return {nodes_.data(), count_}; }
    /// Lets go of the memory of an unusually large document, which a thread's scanner
    /// would otherwise keep for the rest of its life.
    void trim();

    /// A string's value (decoded) or a number's text as written.
    std::string_view text(const scan_node& n) const
    {
        return {(n.decoded ? decoded_.data() : source_.data()) + n.begin, n.length};
    }
    std::string_view source() const { return source_; }
    /// A string read without escapes, quotes included, as it stands in the source.
    std::string_view quoted(const scan_node& n) const { return {source_.data() + n.begin - 1, n.length + 2}; }
    /// Indexes of keys in `nodes()`: filled by `write_canonical` (json_canonical.cpp).
    std::vector<std::uint32_t>& order() { return order_; }
    scan_node& node(std::uint32_t i) { return nodes_[i]; }

private:
    bool value(unsigned depth);
    bool object(std::uint32_t at, unsigned depth);
    bool array(std::uint32_t at, unsigned depth);
    bool member(unsigned depth);
    inline bool string(std::uint32_t at);  // inline: defined and used in json_scan.cpp only
    bool escaped_string(std::uint32_t at, const char* start);
    bool escape();
    bool unicode_escape();
    bool number(std::uint32_t at);
    bool literal(std::string_view word);
    bool utf8_sequence();
    inline std::uint32_t add(scan_node::kind type);
    void skip_space()
    {
        if (p_ == end_ || static_cast<unsigned char>(*p_) > ' ') return;  // compact text
        skip_some_space();
    }
    void skip_some_space();
    bool take(char c);
    void close(std::uint32_t at, std::uint32_t count, std::uint32_t irregular_before, bool ordered);

    std::string_view source_;
    const char* p_ = nullptr;
    const char* end_ = nullptr;
    std::uint32_t line_ = 1, line_start_ = 0;
    // Things met that make a source text differ from its canonical text: whitespace,
    // escapes, keys out of order, numbers not in canonical form. A container during
    // which none was met is copied to the canonical text as it is.
    std::uint32_t irregular_ = 0;
    // Grown, never shrunk, and filled up to `count_`: a thread's scanner stops allocating
    // after its first records, and adding a value costs one comparison.
    std::vector<scan_node> nodes_;
    std::uint32_t count_ = 0;
    std::vector<std::uint32_t> order_;
    std::string decoded_;
};

/// Writes the canonical JSON of the value at `index` (keys in byte order, no whitespace,
/// numbers as canonical decimals) and records the key order of each object that is not
/// `canonical` in `order()` (a canonical one has its keys in order already).
/// False at what the reference reader reports: a duplicate key, a number that is not an
/// exact decimal within the limits.
bool write_canonical(json_scanner& scan, std::uint32_t index, std::string& out);

/// The canonical decimal text of a JSON number, as `decimal::parse(text)->to_string()`;
/// false when it has none.
bool canonical_number(std::string_view text, std::string& out);

}  // namespace hallmark::detail
