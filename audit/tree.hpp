// SPDX-License-Identifier: Apache-2.0
#pragma once
// The Merkle tree as the log stores it: the hash of every complete subtree, written in
// the transaction that appends the record, so that the root at any size and any proof
// are O(log² n) lookups and nothing is ever hashed twice.
#include "audit/merkle.hpp"
#include "audit/sqlite.hpp"

#include <cstdint>
#include <string>

namespace hallmark::audit {

/// The tables of format 2 that format 1 lacks.
extern const char* const tree_schema;

/// Stores the leaf of the record with index `index` (its id - 1) and every subtree it
/// completes. Called inside the append's transaction, after every earlier leaf.
void add_leaf(connection& db, std::uint64_t index, const std::string& body);

/// Complete subtrees read from the stored tree; throws `log_damaged` for one missing.
subtree_fn stored_subtrees(connection& db);

/// An older log becomes format 3, in one transaction: a format 1 log (before the tree)
/// gets the tables and the tree of every record; from format 2 only the number changes
/// (format 3 overrides state the validity they grant, which older engines must refuse).
/// Nothing happens to a format 3 log.
void upgrade_to_current(connection& db);

/// The stored format ("1", "2" or "3").
std::string format_of(connection& db);
/// Formats 2 and 3 store the Merkle tree.
bool stores_tree(connection& db);

/// The checkpoints stored, ordered by size then id: (size, note).
std::vector<std::pair<std::uint64_t, std::string>> stored_notes(connection& db);

/// Stores a signed checkpoint note (a second copy of the same note is not stored).
void store_note(connection& db, std::uint64_t size, const std::string& note);

}  // namespace hallmark::audit
