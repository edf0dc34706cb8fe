// SPDX-License-Identifier: Apache-2.0
// The assessment reader's fast path: the scanner's flat list of values -> the canonical
// text and the `assessment`, declining (false) at the first thing to report so that the
// reference reader can report it. Each check mirrors one of assessment_reader.cpp.
#include "engine/input/json_scan.hpp"
#include "engine/input/readers.hpp"

#include <algorithm>
#include <tuple>
#include <utility>

namespace hallmark::detail {

namespace {

using kind = scan_node::kind;

class clean_reader {
public:
    clean_reader(json_scanner& scan, assessment& out, bool with_indicators)
        : scan_(scan), nodes_(scan.nodes()), out_(out), with_indicators_(with_indicators)
    {}

    bool read();
    std::uint32_t indicators() const { return indicators_; }

private:
    std::string_view text(std::uint32_t i) const { return scan_.text(nodes_[i]); }
    bool is(std::uint32_t i, kind type) const { return nodes_[i].type == type; }
    bool read_member(std::string_view name, std::uint32_t value, unsigned& seen);
    bool read_cluster(std::uint32_t cluster);
    bool read_date(std::uint32_t i, date& out) const;
    bool read_history(std::uint32_t history);
    bool read_history_entry(std::uint32_t entry);
    bool read_indicators(std::uint32_t indicators);
    bool read_indicator(std::uint32_t value, raw_value& out) const;

    json_scanner& scan_;
    std::span<const scan_node> nodes_;
    assessment& out_;
    bool with_indicators_;
    std::uint32_t indicators_ = 0;  // the node of "indicators"
};

bool clean_reader::read()
{
    // `out` may be one reused from record to record: what a document may leave out is
    // reset here, keeping the strings' capacity.
    out_.cluster_id.clear();
    out_.history.clear();
    out_.indicators.clear();
    out_.canonical.clear();
    out_.canonical.reserve(nodes_[0].length + 16);
    // The canonical text first: it checks every key and number, and sorts the keys.
    if (!write_canonical(scan_, 0, out_.canonical) || !is(0, kind::object)) return false;
    out_.cluster_json.assign("{}");
    unsigned seen = 0;
    for (std::uint32_t key = 1; key < nodes_[0].next; key = nodes_[key + 1].next) {
        if (!read_member(text(key), key + 1, seen)) return false;
    }
    // Both "assessed_on" and "indicators" are required.
    if ((seen & 3u) != 3u) return false;
    return true;
}

bool clean_reader::read_member(std::string_view name, std::uint32_t value, unsigned& seen)
{
    if (name == "assessed_on") return (seen |= 1u), read_date(value, out_.assessed_on);
    if (name == "indicators") {
        seen |= 2u;
        indicators_ = value;
        return with_indicators_ ? read_indicators(value) : is(value, kind::object);
    }
    if (name == "cluster") return read_cluster(value);
    if (name == "history") return read_history(value);
    return false;  // an unknown key
}

// "cluster": null or an object whose "id", if any, is null or a string.
bool clean_reader::read_cluster(std::uint32_t cluster)
{
    if (is(cluster, kind::null)) return true;
    if (!is(cluster, kind::object)) return false;
    for (std::uint32_t key = cluster + 1; key < nodes_[cluster].next; key = nodes_[key + 1].next) {
        if (text(key) != "id" || is(key + 1, kind::null)) continue;
        if (!is(key + 1, kind::string)) return false;
        out_.cluster_id = text(key + 1);
    }
    // Its canonical text, written again on its own: a cluster is a few short members.
    out_.cluster_json.clear();
    return write_canonical(scan_, cluster, out_.cluster_json);
}

bool clean_reader::read_date(std::uint32_t i, date& out) const
{
    if (!is(i, kind::string)) return false;
    const auto parsed = date::parse(text(i));
    if (!parsed) return false;
    out = *parsed;
    return true;
}

bool clean_reader::read_history(std::uint32_t history)
{
    if (is(history, kind::null)) return true;
    if (!is(history, kind::array)) return false;
    out_.history.reserve(nodes_[history].count);
    for (std::uint32_t i = history + 1; i < nodes_[history].next; i = nodes_[i].next) {
        if (!read_history_entry(i)) return false;
    }
    return true;
}

// {"label": string, "assessed_on": date, "valid_until": date or null, optional}
bool clean_reader::read_history_entry(std::uint32_t entry)
{
    if (!is(entry, kind::object)) return false;
    history_entry& h = out_.history.emplace_back();
    h.line = nodes_[entry].line;
    h.column = nodes_[entry].column;
    unsigned seen = 0;
    for (std::uint32_t key = entry + 1; key < nodes_[entry].next; key = nodes_[key + 1].next) {
        const std::string_view name = text(key);
        const std::uint32_t value = key + 1;
        if (name == "label") {
            if (!is(value, kind::string)) return false;
            h.label = text(value);
            seen |= 1u;
        } else if (name == "assessed_on") {
            if (!read_date(value, h.assessed_on)) return false;
            seen |= 2u;
        } else if (name == "valid_until") {
            if (is(value, kind::null)) continue;
            date until;
            if (!read_date(value, until)) return false;
            h.valid_until = until;
        } else {
            return false;  // an unknown key
        }
    }
    return seen == 3u;
}

// In byte order of their names, the order the canonical writer sorted them in.
bool clean_reader::read_indicators(std::uint32_t indicators)
{
    if (!is(indicators, kind::object)) return false;
    const scan_node& object = nodes_[indicators];
    out_.indicators.reserve(object.count);
    std::uint32_t key = indicators + 1;
    for (std::uint32_t k = 0; k < object.count; ++k, key = nodes_[key + 1].next) {
        // A canonical object was copied whole, its keys already in order; the writer
        // sorted the keys of any other.
        if (!object.canonical) key = scan_.order()[object.sorted + k];
        auto& [name, value] = out_.indicators.emplace_back(std::piecewise_construct, std::forward_as_tuple(text(key)),
                                                           std::forward_as_tuple());
        if (!read_indicator(key + 1, value)) return false;
    }
    return true;
}

bool clean_reader::read_indicator(std::uint32_t value, raw_value& out) const
{
    const scan_node& n = nodes_[value];
    out.line = n.line;
    out.column = n.column;
    switch (n.type) {
    case kind::null: break;
    case kind::boolean:
        out.type = raw_value::kind::boolean;
        out.boolean = n.boolean;
        break;
    case kind::number:
        out.type = raw_value::kind::number;
        // As the reference parser gives it: an integer in range as printed back from
        // its value (the same text, but "-0" is 0), anything else as written.
        out.text = std::string(text(value) == "-0" ? std::string_view("0") : text(value));
        break;
    case kind::string:
        out.type = raw_value::kind::string;
        out.text = std::string(text(value));  // constructed and moved: cheaper than assigned
        break;
    case kind::array:
        out.type = raw_value::kind::array;
        out.items.reserve(n.count);
        for (std::uint32_t i = value + 1; i < n.next; i = nodes_[i].next) {
            if (!is(i, kind::string)) return false;
            out.items.emplace_back(text(i));
        }
        break;
    case kind::object: return false;
    }
    return true;
}

}  // namespace

bool read_clean_assessment(std::string_view text, assessment& out)
{
    // One scanner per thread: its lists keep their capacity from record to record.
    thread_local json_scanner scan;
    const bool clean = scan.scan(text) && clean_reader(scan, out, true).read();
    scan.trim();
    return clean;
}

bool read_clean_document(json_scanner& scan, std::string_view text, assessment& out, std::uint32_t& indicators)
{
    scan.trim();
    if (!scan.scan(text)) return false;
    clean_reader reader(scan, out, false);
    if (!reader.read()) return false;
    indicators = reader.indicators();
    return true;
}

}  // namespace hallmark::detail
