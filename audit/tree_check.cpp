// SPDX-License-Identifier: Apache-2.0
// Checks the stored tree and checkpoints against the records themselves: a stored node
// is never trusted, it is recomputed from the bodies and compared.
#include "audit/tree_check.hpp"
#include "audit/tree.hpp"

#include <hallmark/log_proofs.hpp>

#include <fmt/format.h>

#include <bit>

namespace hallmark::audit {

tree_check::tree_check(connection& db, std::map<std::uint64_t, std::string>* roots) : db_(db), roots_(roots)
{
    stored_ = stores_tree(db);
    auto t = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'merkle_nodes'");
    if (stored_ && t.step()) node_.emplace(db.prepare("SELECT hash FROM merkle_nodes WHERE level = ? AND idx = ?"));
    else if (stored_)
        node_problem_ = fmt::format("the log of format {} has no Merkle tree: its table was removed", format_of(db));
    notes_ = stored_notes(db);
}

void tree_check::compare(int level, std::uint64_t idx, const std::string& hash)
{
    if (!stored_ || node_problem_ || quiet_) return;
    node_->bind(1, std::int64_t{level}).bind(2, static_cast<std::int64_t>(idx));
    const bool same = node_->step() && node_->text(0) == to_hex(hash);
    node_->reset();
    if (!same)
        node_problem_ = fmt::format("altered: the stored Merkle tree disagrees with the records (node {}/{}): "
                                    "records or the tree were changed",
                                    level, idx);
}

std::optional<std::string> tree_check::add(const std::string& body, bool compare_tree)
{
    quiet_ = quiet_ || !compare_tree;
    const bool before = node_problem_.has_value();
    tree_.push(merkle::leaf_hash(body),
               [this](int level, std::uint64_t idx, const std::string& h) { compare(level, idx, h); });
    if (roots_)
        if (auto it = roots_->find(tree_.size()); it != roots_->end()) it->second = tree_.root();
    for (const auto& [size, note] : notes_) {
        if (size != tree_.size()) continue;
        const auto c = parse_checkpoint(note);
        if (c && c->root != tree_.root())
            problems_.push_back(fmt::format("the checkpoint of {} records signed another Merkle root: records 1 to {} "
                                            "were changed after it was signed",
                                            size, size));
    }
    if (!before && node_problem_) return node_problem_;
    return std::nullopt;
}

namespace {

std::optional<std::string> stored_origin(connection& db)
{
    auto q = db.prepare("SELECT value FROM hallmark_log WHERE key = 'origin'");
    if (q.step()) return q.text(0);
    return std::nullopt;
}

}  // namespace

std::vector<std::string> tree_check::finish()
{
    const std::uint64_t n = tree_.size();
    if (node_problem_ && !node_) problems_.push_back(*node_problem_);
    if (stored_ && !node_problem_ && !quiet_) {
        std::uint64_t expected = 0;
        for (std::uint64_t k = n; k; k >>= 1) expected += k;
        auto q = db_.prepare("SELECT count(*) FROM merkle_nodes");
        q.step();
        if (static_cast<std::uint64_t>(q.integer(0)) != expected)
            problems_.push_back(fmt::format("the stored Merkle tree has {} nodes where {} records make {}: records "
                                            "were removed from the end or the tree was altered",
                                            q.integer(0), n, expected));
    }
    const auto origin = stored_origin(db_);
    for (const auto& [size, note] : notes_) {
        const auto c = parse_checkpoint(note);
        if (!c || c->size != size)
            problems_.push_back(fmt::format("the stored checkpoint of {} records is not a checkpoint", size));
        else if (!origin || c->origin != *origin)
            problems_.push_back(fmt::format("the stored checkpoint of {} records names another log", size));
        else if (size > n)
            problems_.push_back(fmt::format("a checkpoint signed {} records, but the log has {}: records were removed "
                                            "from the end",
                                            size, n));
    }
    return std::move(problems_);
}

}  // namespace hallmark::audit
