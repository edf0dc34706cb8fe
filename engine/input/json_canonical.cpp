// SPDX-License-Identifier: Apache-2.0
// The canonical JSON of a scanned document, written from the scanner's flat list: the
// bytes of the reference reader's `write_canonical` (assessment_reader.cpp), which the
// fast path must reproduce exactly, since their SHA-256 identifies the input.
#include "engine/input/json_scan.hpp"

#include <hallmark/decimal.hpp>

#include "engine/values/json_text.hpp"

#include <algorithm>
#include <cstring>
#include <optional>

namespace hallmark::detail {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Numbers without an exponent and within the limits, the usual case, are trimmed as
// text: the whole part as written (JSON has no leading zeros), trailing fractional
// zeros dropped, no `-0`. Exactly what `decimal::to_string` gives for them.
bool plain_canonical(std::string_view text, std::string& out)
{
    const bool negative = text.starts_with('-');
    const std::string_view digits = text.substr(negative ? 1 : 0);
    const auto point = digits.find('.');
    const std::string_view whole = digits.substr(0, point);
    std::string_view fraction = point == std::string_view::npos ? std::string_view() : digits.substr(point + 1);
    if (whole.empty() || !std::all_of(whole.begin(), whole.end(), is_digit) ||
        !std::all_of(fraction.begin(), fraction.end(), is_digit) ||
        fraction.size() > static_cast<std::size_t>(decimal::max_scale) ||
        whole.size() + fraction.size() > static_cast<std::size_t>(decimal::max_digits)) {
        return false;
    }
    while (!fraction.empty() && fraction.back() == '0') fraction.remove_suffix(1);
    if (negative && !(whole == "0" && fraction.empty())) out += '-';
    out += whole;
    if (!fraction.empty()) {
        out += '.';
        out += fraction;
    }
    return true;
}

// Appends to a string through a cursor: a document is written in many small pieces,
// and a capacity check per piece costs less than `std::string`'s per append.
class sink {
public:
    explicit sink(std::string& out) : out_(out), size_(out.size())
    {
        out_.resize(std::max(out_.capacity(), size_ + 64));
    }
    ~sink() { out_.resize(size_); }
    sink(const sink&) = delete;
    sink& operator=(const sink&) = delete;

    void put(char c) { *room(1) = c, ++size_; }
    void put(std::string_view text)
    {
        std::memcpy(room(text.size()), text.data(), text.size());
        size_ += text.size();
    }

private:
    char* room(std::size_t n)
    {
        if (size_ + n > out_.size()) out_.resize(std::max(2 * out_.size(), size_ + n));
        return out_.data() + size_;
    }

    std::string& out_;
    std::size_t size_;
};

class canonical_writer {
public:
    canonical_writer(json_scanner& scan, std::string& out) : scan_(scan), out_(out) {}

    bool write(std::uint32_t index);

private:
    bool write_object(std::uint32_t index);
    bool write_array(std::uint32_t index);
    bool write_number(const scan_node& n);
    void write_string(const scan_node& n);
    bool sort_keys(std::uint32_t index);
    bool write_in_runs(std::uint32_t index);

    json_scanner& scan_;
    sink out_;
    std::string scratch_;  // a number or an escaped string, before it is put
};

bool canonical_writer::write(std::uint32_t index)
{
    const scan_node& n = scan_.nodes()[index];
    // The usual case: text written canonically (compact, keys sorted) is copied whole.
    if (n.canonical) {
        out_.put(scan_.text(n));
        return true;
    }
    switch (n.type) {
    case scan_node::kind::null: out_.put("null"); return true;
    case scan_node::kind::boolean: out_.put(n.boolean ? "true" : "false"); return true;
    case scan_node::kind::string: write_string(n); return true;
    case scan_node::kind::number: return write_number(n);
    case scan_node::kind::array: return write_array(index);
    case scan_node::kind::object: return write_object(index);
    }
    return false;
}

bool canonical_writer::write_number(const scan_node& n)
{
    scratch_.clear();
    if (!canonical_number(scan_.text(n), scratch_)) return false;
    out_.put(scratch_);
    return true;
}

// A string read without escapes holds no byte that needs one (no quote, backslash or
// control character): it is copied between quotes as it is.
void canonical_writer::write_string(const scan_node& n)
{
    if (n.decoded) {
        scratch_.clear();
        append_json_string(scratch_, scan_.text(n));
        out_.put(scratch_);
        return;
    }
    out_.put(scan_.quoted(n));
}

bool canonical_writer::write_array(std::uint32_t index)
{
    out_.put('[');
    const std::uint32_t end = scan_.nodes()[index].next;
    for (std::uint32_t i = index + 1; i < end; i = scan_.nodes()[i].next) {
        if (i != index + 1) out_.put(',');
        if (!write(i)) return false;
    }
    out_.put(']');
    return true;
}

// Notes the object's keys in byte order in `order()`; false when two are equal, the
// duplicate the reference reader reports. Keys the scanner saw in order need no sort.
bool canonical_writer::sort_keys(std::uint32_t index)
{
    const auto& nodes = scan_.nodes();
    auto& order = scan_.order();
    const auto first = static_cast<std::uint32_t>(order.size());
    scan_.node(index).sorted = first;
    const std::uint32_t end = nodes[index].next;
    for (std::uint32_t key = index + 1; key < end; key = nodes[key + 1].next) order.push_back(key);
    if (nodes[index].ordered) return true;  // strictly increasing: no two are equal
    const auto key_less = [&](std::uint32_t a, std::uint32_t b) { return scan_.text(nodes[a]) < scan_.text(nodes[b]); };
    const auto from = order.begin() + first;
    std::sort(from, order.end(), key_less);
    return std::adjacent_find(from, order.end(), [&](std::uint32_t a, std::uint32_t b) {
               return scan_.text(nodes[a]) == scan_.text(nodes[b]);
           }) == order.end();
}

bool canonical_writer::write_object(std::uint32_t index)
{
    if (!sort_keys(index)) return false;
    if (scan_.nodes()[index].ordered) return write_in_runs(index);
    const auto& nodes = scan_.nodes();
    const std::uint32_t first = nodes[index].sorted, count = nodes[index].count;
    out_.put('{');
    for (std::uint32_t k = 0; k < count; ++k) {
        // `order` grows as nested objects are written: index it, never hold an iterator.
        const std::uint32_t key = scan_.order()[first + k];
        if (k > 0) out_.put(',');
        write_string(nodes[key]);
        out_.put(':');
        if (!write(key + 1)) return false;
    }
    out_.put('}');
    return true;
}

// An object whose keys came in order, but not all of it canonical (a number to rewrite,
// whitespace somewhere): members canonical as written are copied, and neighbours that
// only a comma separates in the source are copied together.
bool canonical_writer::write_in_runs(std::uint32_t index)
{
    const auto& nodes = scan_.nodes();
    const std::string_view source = scan_.source();
    const std::uint32_t end = nodes[index].next;
    out_.put('{');
    for (std::uint32_t key = index + 1; key < end;) {
        if (key != index + 1) out_.put(',');
        if (!nodes[key].canonical) {
            write_string(nodes[key]);
            out_.put(':');
            if (!write(key + 1)) return false;
            key = nodes[key + 1].next;
            continue;
        }
        const std::uint32_t from = nodes[key].begin - 1;  // the key's opening quote
        std::uint32_t to = nodes[key].count;
        for (key = nodes[key + 1].next; key < end && nodes[key].canonical && nodes[key].begin == to + 2;
             key = nodes[key + 1].next) {
            to = nodes[key].count;
        }
        out_.put(source.substr(from, to - from));
    }
    out_.put('}');
    return true;
}

}  // namespace

bool canonical_number(std::string_view text, std::string& out)
{
    if (plain_canonical(text, out)) return true;
    std::optional<decimal> value;
    try {
        value = decimal::parse(text);
    } catch (const arithmetic_error&) {  // an absurd exponent may overflow
    }
    if (!value) return false;
    out += value->to_string();
    return true;
}

bool write_canonical(json_scanner& scan, std::uint32_t index, std::string& out)
{
    return canonical_writer(scan, out).write(index);
}

}  // namespace hallmark::detail
