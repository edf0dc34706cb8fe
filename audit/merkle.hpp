// SPDX-License-Identifier: Apache-2.0
#pragma once
// The RFC 9162 tree algorithms written once over a source of complete subtrees, so that
// the log (subtrees stored in SQLite) and the reference (leaves in memory) share them.
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace hallmark::audit {

/// SHA-256 of the bytes, 32 raw bytes.
std::string sha256_raw(std::string_view bytes);

/// The hash of the complete subtree of 2^level leaves starting at leaf index << level.
using subtree_fn = std::function<std::string(int level, std::uint64_t index)>;

/// MTH(D[begin:end]) for the ranges RFC 9162's recursion meets (begin aligned to the
/// largest power of two <= end - begin). `end > begin`.
std::string range_hash(const subtree_fn& subtree, std::uint64_t begin, std::uint64_t end);
/// PATH(index, D[0:size]).
std::vector<std::string> audit_path(const subtree_fn& subtree, std::uint64_t index, std::uint64_t size);
/// PROOF(old_size, D[0:new_size]), 0 < old_size <= new_size.
std::vector<std::string> consistency_path(const subtree_fn& subtree, std::uint64_t old_size, std::uint64_t new_size);

/// A tree built leaf by leaf, holding only the complete subtrees of its size (at most 64
/// hashes): what verification needs to recompute roots from the records alone.
class compact_tree {
public:
    /// Adds a leaf hash; `made` sees every complete subtree that the leaf completes
    /// (level, index, hash), the leaf itself first.
    void push(const std::string& leaf,
              const std::function<void(int, std::uint64_t, const std::string&)>& made = nullptr);
    /// MTH of the leaves pushed so far.
    std::string root() const;
    std::uint64_t size() const { return size_; }

private:
    std::vector<std::pair<int, std::string>> stack_;  // complete subtrees, largest first
    std::uint64_t size_ = 0;
};

}  // namespace hallmark::audit
