// SPDX-License-Identifier: Apache-2.0
#pragma once
// Verification's view of the tree: recomputed from the records as the chain is walked,
// compared node by node with the stored tree, and with every stored checkpoint's root.
#include "audit/merkle.hpp"
#include "audit/sqlite.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace hallmark::audit {

class tree_check {
public:
    /// `roots`, when given, receives the recomputed root at each of its sizes.
    tree_check(connection& db, std::map<std::uint64_t, std::string>* roots);
    /// The next record's body; a problem of this record's part of the tree, if any.
    /// Without `compare_tree`, the stored tree is no longer compared (nor its size at the end).
    std::optional<std::string> add(const std::string& body, bool compare_tree = true);
    /// Problems of the log as a whole (node count, checkpoints), after the last record.
    std::vector<std::string> finish();
    std::string root() const { return tree_.root(); }
    std::int64_t checkpoints() const { return static_cast<std::int64_t>(notes_.size()); }

private:
    void compare(int level, std::uint64_t idx, const std::string& hash);
    connection& db_;
    std::map<std::uint64_t, std::string>* roots_;
    bool stored_ = false;  // format 2: the tree is stored and must agree
    std::optional<statement> node_;
    compact_tree tree_;
    std::optional<std::string> node_problem_;  // the first stored node that disagrees
    bool quiet_ = false;                       // the records disagree already: the tree is not compared
    std::vector<std::pair<std::uint64_t, std::string>> notes_;
    std::vector<std::string> problems_;
};

}  // namespace hallmark::audit
