// SPDX-License-Identifier: Apache-2.0
#pragma once
// What every benchmark reads, built once before anything is timed: the synthetic
// workload in each engine's own format, the shipped ECEI rules with the example
// assessments, and the peers. Building it checks that every engine gives the same
// labels; a disagreement stops the run.
#include "bench/peers/peer.hpp"
#include "bench/workload.hpp"

#include "engine/run/bind.hpp"
#include "engine/run/decide.hpp"

#include <hallmark/hallmark.hpp>
#include <hallmark/typed_input.hpp>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace bench {

struct synthetic_fixture {
    std::vector<record> records;
    std::vector<std::string> json;  // one document per record
    std::vector<std::string> csv;   // one row per record, header first
    std::optional<hallmark::rule_set> rules;
    std::vector<hallmark::assessment> assessments;
    std::vector<hallmark::engine::bound_input> bound;
    std::vector<hallmark::engine::slots> slots;  // the plan's own format, packed together
};

struct ecei_fixture {
    std::string file;  // rules/ecei/2019.rules
    std::optional<hallmark::rule_set> rules;
    std::vector<hallmark::assessment> assessments;  // the examples this version can read
    std::vector<hallmark::engine::bound_input> bound;
};

struct loaded_peer {
    std::unique_ptr<peer> engine;
    bool has_loaded = false, has_converting = false;
};

struct fixture {
    synthetic_fixture synthetic;
    std::vector<ecei_fixture> ecei;
    std::vector<loaded_peer> peers;
    std::vector<std::string> missing_peers;  // "LuaJIT: not installed ..."
};

/// Builds everything, or throws std::runtime_error naming what disagreed.
const fixture& the_fixture(std::size_t records);

/// A record as an assessment, through the public API only: what a host converting its
/// own data for hallmark does.
hallmark::assessment assessment_of(const record& r);

/// A host's conversion into hallmark's own format: the record's values set on a
/// typed_input (kept between records, as a form keeps it), by indicator index.
class record_setter {
public:
    explicit record_setter(const hallmark::rule_set& rules);
    const hallmark::typed_input& set(const record& r);

private:
    hallmark::typed_input in_;
    int participants_, sme_share_, n_[24], b_[32], e_[40];
};

/// Labels as hand_written_label gives them (3 gold .. 0 none) from a label index.
int label_code(int label_index);

}  // namespace bench
