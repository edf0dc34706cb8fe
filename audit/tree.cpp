// SPDX-License-Identifier: Apache-2.0
// The stored Merkle tree (docs/auditing.md, section 9): rows (level, idx, hash) for
// every complete subtree, 2n - popcount(n) rows for n records, hashes in lowercase hex.
#include "audit/tree.hpp"

#include <hallmark/log_proofs.hpp>

#include <fmt/format.h>

namespace hallmark::audit {

const char* const tree_schema = R"sql(
CREATE TABLE IF NOT EXISTS merkle_nodes(level INTEGER NOT NULL, idx INTEGER NOT NULL, hash TEXT NOT NULL,
  PRIMARY KEY (level, idx)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS checkpoints(id INTEGER PRIMARY KEY, size INTEGER NOT NULL, note TEXT NOT NULL UNIQUE);
)sql";

namespace {

void insert_node(statement& q, int level, std::uint64_t idx, const std::string& hash)
{
    q.bind(1, std::int64_t{level}).bind(2, static_cast<std::int64_t>(idx)).bind(3, to_hex(hash));
    q.run();
}

std::string read_node(statement& q, const std::string& path, int level, std::uint64_t idx)
{
    q.bind(1, std::int64_t{level}).bind(2, static_cast<std::int64_t>(idx));
    std::optional<std::string> h;
    if (q.step()) h = from_hex(q.text(0));
    q.reset();
    if (!h || h->size() != 32)
        throw log_damaged(
            fmt::format("the decision log '{}' is damaged: its Merkle tree lacks node {}/{}", path, level, idx));
    return *h;
}

}  // namespace

void add_leaf(connection& db, std::uint64_t index, const std::string& body)
{
    auto get = db.prepare("SELECT hash FROM merkle_nodes WHERE level = ? AND idx = ?");
    auto put = db.prepare("INSERT INTO merkle_nodes(level, idx, hash) VALUES (?, ?, ?)");
    std::string h = merkle::leaf_hash(body);
    insert_node(put, 0, index, h);
    // Each time the new node is a right child, its parent is complete: store it too.
    for (int level = 0; index & 1; ++level, index >>= 1) {
        h = merkle::node_hash(read_node(get, db.path(), level, index - 1), h);
        insert_node(put, level + 1, index >> 1, h);
    }
}

subtree_fn stored_subtrees(connection& db)
{
    auto q = std::make_shared<statement>(db.prepare("SELECT hash FROM merkle_nodes WHERE level = ? AND idx = ?"));
    return [q, &db](int level, std::uint64_t idx) { return read_node(*q, db.path(), level, idx); };
}

std::string format_of(connection& db)
{
    auto q = db.prepare("SELECT value FROM hallmark_log WHERE key = 'format'");
    return q.step() ? q.text(0) : std::string();
}

void upgrade_to_current(connection& db)
{
    if (format_of(db) == "3") return;  // without the write lock: the common case
    transaction t(db);
    const auto format = format_of(db);
    if (format == "3") return;  // another writer upgraded it meanwhile
    if (format == "1") {
        db.exec(tree_schema, "cannot write to");
        auto put = db.prepare("INSERT INTO merkle_nodes(level, idx, hash) VALUES (?, ?, ?)");
        compact_tree tree;
        auto rows = db.prepare("SELECT body FROM records ORDER BY id");
        while (rows.step())
            tree.push(merkle::leaf_hash(rows.text(0)),
                      [&](int level, std::uint64_t idx, const std::string& h) { insert_node(put, level, idx, h); });
    }
    db.exec("UPDATE hallmark_log SET value = '3' WHERE key = 'format'", "cannot write to");
    t.commit();
}

bool stores_tree(connection& db)
{
    const auto f = format_of(db);
    return f == "2" || f == "3";
}

std::vector<std::pair<std::uint64_t, std::string>> stored_notes(connection& db)
{
    std::vector<std::pair<std::uint64_t, std::string>> out;
    auto t = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'checkpoints'");
    if (!t.step()) return out;
    auto q = db.prepare("SELECT size, note FROM checkpoints ORDER BY size, id");
    while (q.step()) out.emplace_back(static_cast<std::uint64_t>(q.integer(0)), q.text(1));
    return out;
}

void store_note(connection& db, std::uint64_t size, const std::string& note)
{
    auto q = db.prepare("INSERT OR IGNORE INTO checkpoints(size, note) VALUES (?, ?)");
    q.bind(1, static_cast<std::int64_t>(size)).bind(2, note);
    q.run();
}

}  // namespace hallmark::audit
