// SPDX-License-Identifier: Apache-2.0
#pragma once
// A peer engine running the synthetic-40/30 workload (shared/brief/performance.md), so
// that hallmark is timed beside it in the same run. Each peer states the same 30
// criteria and label thresholds in its own language.
#include "bench/workload.hpp"

#include <memory>
#include <string>
#include <vector>

namespace bench {

class peer {
public:
    virtual ~peer() = default;

    /// Name and version as printed in BENCHMARKS.md, e.g. "Lua 5.4.4".
    virtual std::string name() const = 0;

    /// Converts every record into the peer's own format ahead of timing.
    virtual void load(const std::vector<record>& records) = 0;

    /// The label of loaded record `i` (3 gold, 2 silver, 1 bronze, 0 none), with the
    /// values already in the peer's format. Returns -1 when the peer has no such mode.
    virtual int label_loaded(std::size_t i) = 0;

    /// The label of `r`, converting it into the peer's format first (the conversion
    /// is part of what is timed). Returns -1 when the peer has no such mode.
    virtual int label_converting(const record& r) = 0;
};

/// Each returns nullptr with `why` set when the peer cannot run here.
std::unique_ptr<peer> make_lua_peer(std::string& why);
std::unique_ptr<peer> make_luajit_peer(std::string& why);
std::unique_ptr<peer> make_muparser_peer(std::string& why);
std::unique_ptr<peer> make_clips_peer(std::string& why);

}  // namespace bench
