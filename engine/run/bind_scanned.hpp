// SPDX-License-Identifier: Apache-2.0
#pragma once
// Reading and binding in one go, for many records on one thread (`hallmark batch`): the
// values go from the scanner's slices straight to the indicator slots, without the
// strings of an `assessment`'s indicators, and every buffer is kept from one record to
// the next. Only a record with nothing to report passes: for any other the caller reads
// and binds as before (read_assessment, bind), which finds every problem and words it,
// so messages and positions are theirs alone.
#include "engine/run/evaluate.hpp"

#include <hallmark/assessment.hpp>

#include <cstdint>
#include <memory>
#include <string_view>

namespace hallmark::detail {
class json_scanner;  // engine/input/json_scan.hpp, not a header this stage offers
}

namespace hallmark::engine {

class record_binder {
public:
    record_binder();
    ~record_binder();
    record_binder(const record_binder&) = delete;
    record_binder& operator=(const record_binder&) = delete;

    /// Reads JSON document `text`; false at anything read_assessment would report. Then
    /// document() is what it would give, but for the indicators (empty) and `source`
    /// (left as the caller set it).
    bool read(std::string_view text);

    /// Binds the indicators of the document read last under `p` into bound(); false at
    /// anything `bind` would report.
    bool bind(const program& p);

    const assessment& document() const { return doc_; }
    assessment& document() { return doc_; }
    const bound_input& bound() const { return in_; }

private:
    bool bind_at(const program& p, std::uint32_t indicator, std::uint32_t node);

    std::unique_ptr<detail::json_scanner> scan_;
    assessment doc_;
    bound_input in_;
    raw_value raw_;                 // one value at a time, its strings reused
    std::uint32_t indicators_ = 0;  // the node of the "indicators" object
};

}  // namespace hallmark::engine
