// SPDX-License-Identifier: Apache-2.0
// A reused reader and binder of clean records (bind_scanned.hpp). Each value is typed by
// `bind_value`, the code `bind` runs, so that a value passes here exactly when it binds
// there, to the same value.
#include "engine/run/bind_scanned.hpp"

#include "engine/input/json_scan.hpp"
#include "engine/input/readers.hpp"
#include "engine/run/bind.hpp"

#include <hallmark/decimal.hpp>
#include <hallmark/limits.hpp>

namespace hallmark::engine {
namespace {

bool digits_only(std::string_view t)
{
    for (const char c : t)
        if (c < '0' || c > '9') return false;
    return true;
}

// A number as JSON spells one, -?(0|[1-9][0-9]*)(\.[0-9]+)?, of at most 18 digits (its
// coefficient fits 64 bits): the coefficient and places decimal::parse reads in it, read
// without its general syntax and 128-bit arithmetic. Anything else is left to parse.
bool plain_number(std::string_view t, std::int64_t& coefficient, int& places)
{
    const bool negative = t.starts_with('-');
    if (negative) t.remove_prefix(1);
    const auto point = t.find('.');
    const auto whole = t.substr(0, point);
    const auto fraction = point == std::string_view::npos ? std::string_view() : t.substr(point + 1);
    if (whole.empty() || (whole.size() > 1 && whole[0] == '0') ||
        (point != std::string_view::npos && fraction.empty()) || whole.size() + fraction.size() > 18 ||
        !digits_only(whole) || !digits_only(fraction))
        return false;
    std::int64_t c = 0;
    for (const char d : whole) c = c * 10 + (d - '0');
    for (const char d : fraction) c = c * 10 + (d - '0');
    coefficient = negative ? -c : c;
    places = static_cast<int>(fraction.size());
    return true;
}

}  // namespace

record_binder::record_binder() : scan_(std::make_unique<detail::json_scanner>()) {}
record_binder::~record_binder() = default;

bool record_binder::read(std::string_view text)
{
    if (text.size() > limits::max_file_bytes) return false;
    // Nor is an unusually large record's canonical text kept for the rest of the run
    // (the scanner lets go of its lists likewise).
    constexpr std::size_t kept_bytes = std::size_t{1} << 20;
    if (doc_.canonical.capacity() > kept_bytes) doc_.canonical = std::string();
    if (doc_.cluster_json.capacity() > kept_bytes) doc_.cluster_json = std::string();
    return detail::read_clean_document(*scan_, text, doc_, indicators_);
}

// The indicators in byte order of their names, as the reader lists them in an
// assessment (fast_reader.cpp, read_indicators), so that `next_indicator` walks along.
bool record_binder::bind(const program& p)
{
    const auto nodes = scan_->nodes();
    const detail::scan_node& object = nodes[indicators_];
    in_.values.assign(p.indicators.size(), value::unknown());
    in_.assessed_on = doc_.assessed_on;
    // Criterion-set values point into criterion_sets; reserving keeps them in place.
    in_.criterion_sets.clear();
    in_.criterion_sets.reserve(object.count);
    std::size_t cursor = 0;
    std::uint32_t key = indicators_ + 1;
    for (std::uint32_t k = 0; k < object.count; ++k, key = nodes[key + 1].next) {
        if (!object.canonical) key = scan_->order()[object.sorted + k];
        const int i = next_indicator(p, scan_->text(nodes[key]), cursor);
        if (i < 0 || !bind_at(p, static_cast<std::uint32_t>(i), key + 1)) return false;
    }
    if (!history_clean(p, doc_)) return false;
    bind_history(p, doc_, in_);
    return true;
}

// The value at `node` as the reader gives it (fast_reader.cpp, read_indicator), then
// typed for indicator `indicator`.
bool record_binder::bind_at(const program& p, std::uint32_t indicator, std::uint32_t node)
{
    using kind = detail::scan_node::kind;
    const auto nodes = scan_->nodes();
    const detail::scan_node& n = nodes[node];
    // A plain number (or one sent as a string) for a number indicator, the usual value:
    // typed by the code `bind_value` runs once it has the number (typed_number).
    std::int64_t coefficient = 0;
    int places = 0;
    if ((n.type == kind::number || n.type == kind::string) &&
        p.indicators[indicator].static_type.kind == vtype::number && plain_number(scan_->text(n), coefficient, places))
        return typed_number(p, indicator, decimal::from_scaled(coefficient, places), in_.values[indicator]).empty();
    switch (n.type) {
    case kind::null: raw_.type = raw_value::kind::null; break;
    case kind::boolean:
        raw_.type = raw_value::kind::boolean;
        raw_.boolean = n.boolean;
        break;
    case kind::number: {
        raw_.type = raw_value::kind::number;
        const std::string_view text = scan_->text(n);
        raw_.text.assign(text == "-0" ? std::string_view("0") : text);
        break;
    }
    case kind::string:
        raw_.type = raw_value::kind::string;
        raw_.text.assign(scan_->text(n));
        break;
    case kind::array: {
        raw_.type = raw_value::kind::array;
        raw_.items.resize(n.count);
        std::size_t k = 0;
        for (std::uint32_t i = node + 1; i < n.next; i = nodes[i].next) {
            if (nodes[i].type != kind::string) return false;
            raw_.items[k++].assign(scan_->text(nodes[i]));
        }
        break;
    }
    case kind::object: return false;
    }
    return bind_value(p, indicator, raw_, in_).empty();
}

}  // namespace hallmark::engine
