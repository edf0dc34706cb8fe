// SPDX-License-Identifier: Apache-2.0
// RFC 9162's Merkle tree: hashing with domain separation (0x00 leaf, 0x01 node), the
// split at the largest power of two below the size, audit and consistency paths and
// their verification (sections 2.1.1 to 2.1.4.2).
#include "audit/merkle.hpp"

#include <hallmark/log_proofs.hpp>

#include <sodium.h>

#include <bit>
#include <stdexcept>

namespace hallmark {
namespace audit {

std::string sha256_raw(std::string_view bytes)
{
    unsigned char out[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(out, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
    return std::string(reinterpret_cast<const char*>(out), sizeof out);
}

namespace {

// The largest power of two smaller than n (n >= 2): RFC 9162's k.
std::uint64_t split(std::uint64_t n) { return std::bit_floor(n - 1); }

void path_into(const subtree_fn& subtree, std::uint64_t index, std::uint64_t begin, std::uint64_t end,
               std::vector<std::string>& out)
{
    const std::uint64_t n = end - begin;
    if (n == 1) return;
    const std::uint64_t k = split(n);
    if (index < begin + k) {
        path_into(subtree, index, begin, begin + k, out);
        out.push_back(range_hash(subtree, begin + k, end));
    } else {
        path_into(subtree, index, begin + k, end, out);
        out.push_back(range_hash(subtree, begin, begin + k));
    }
}

// SUBPROOF(m, D[begin:end], whole): `whole` is true while D[begin:end] starts the tree
// of the old size, whose root the verifier already holds.
void subproof_into(const subtree_fn& subtree, std::uint64_t m, std::uint64_t begin, std::uint64_t end, bool whole,
                   std::vector<std::string>& out)
{
    const std::uint64_t n = end - begin;
    if (m == n) {
        if (!whole) out.push_back(range_hash(subtree, begin, end));
        return;
    }
    const std::uint64_t k = split(n);
    if (m <= k) {
        subproof_into(subtree, m, begin, begin + k, whole, out);
        out.push_back(range_hash(subtree, begin + k, end));
    } else {
        subproof_into(subtree, m - k, begin + k, end, false, out);
        out.push_back(range_hash(subtree, begin, begin + k));
    }
}

}  // namespace

std::string range_hash(const subtree_fn& subtree, std::uint64_t begin, std::uint64_t end)
{
    const std::uint64_t n = end - begin;
    if (std::has_single_bit(n)) {
        const int level = std::countr_zero(n);
        return subtree(level, begin >> level);
    }
    const std::uint64_t k = split(n);
    return merkle::node_hash(range_hash(subtree, begin, begin + k), range_hash(subtree, begin + k, end));
}

std::vector<std::string> audit_path(const subtree_fn& subtree, std::uint64_t index, std::uint64_t size)
{
    std::vector<std::string> out;
    path_into(subtree, index, 0, size, out);
    return out;
}

std::vector<std::string> consistency_path(const subtree_fn& subtree, std::uint64_t old_size, std::uint64_t new_size)
{
    std::vector<std::string> out;
    if (old_size < new_size) subproof_into(subtree, old_size, 0, new_size, true, out);
    return out;
}

void compact_tree::push(const std::string& leaf,
                        const std::function<void(int, std::uint64_t, const std::string&)>& made)
{
    std::string h = leaf;
    int level = 0;
    if (made) made(0, size_, h);
    while (!stack_.empty() && stack_.back().first == level) {
        h = merkle::node_hash(stack_.back().second, h);
        stack_.pop_back();
        ++level;
        if (made) made(level, size_ >> level, h);
    }
    stack_.emplace_back(level, std::move(h));
    ++size_;
}

std::string compact_tree::root() const
{
    if (stack_.empty()) return sha256_raw("");
    std::string h = stack_.back().second;
    for (auto i = stack_.size() - 1; i-- > 0;) h = merkle::node_hash(stack_[i].second, h);
    return h;
}

}  // namespace audit

namespace merkle {

std::string leaf_hash(std::string_view data)
{
    std::string in(1, '\x00');
    in.append(data);
    return audit::sha256_raw(in);
}

std::string node_hash(std::string_view left, std::string_view right)
{
    std::string in(1, '\x01');
    in.append(left).append(right);
    return audit::sha256_raw(in);
}

namespace {

audit::subtree_fn from_leaves(const std::vector<std::string>& leaves)
{
    return [&leaves](int level, std::uint64_t index) {
        audit::compact_tree t;
        const std::uint64_t width = std::uint64_t{1} << level;
        for (std::uint64_t i = index * width; i < (index + 1) * width; ++i) t.push(leaves.at(i));
        return t.root();
    };
}

}  // namespace

std::string root_of(const std::vector<std::string>& leaf_hashes)
{
    if (leaf_hashes.empty()) return audit::sha256_raw("");
    return audit::range_hash(from_leaves(leaf_hashes), 0, leaf_hashes.size());
}

std::vector<std::string> inclusion_proof(const std::vector<std::string>& leaf_hashes, std::uint64_t index,
                                         std::uint64_t size)
{
    if (index >= size || size > leaf_hashes.size()) throw std::out_of_range("no such leaf in the tree");
    return audit::audit_path(from_leaves(leaf_hashes), index, size);
}

std::vector<std::string> consistency_proof(const std::vector<std::string>& leaf_hashes, std::uint64_t old_size,
                                           std::uint64_t new_size)
{
    if (old_size == 0 || old_size > new_size || new_size > leaf_hashes.size())
        throw std::out_of_range("no consistency proof between these sizes");
    return audit::consistency_path(from_leaves(leaf_hashes), old_size, new_size);
}

namespace {

constexpr std::size_t hash_size = 32;

bool all_hashes(const std::vector<std::string>& proof)
{
    for (const auto& p : proof)
        if (p.size() != hash_size) return false;
    return true;
}

// Shifts both right until fn's lowest bit is set or fn is 0 (RFC 9162's loop).
void shift_while_even(std::uint64_t& fn, std::uint64_t& sn)
{
    while ((fn & 1) == 0 && fn != 0) fn >>= 1, sn >>= 1;
}

}  // namespace

bool verify_inclusion(std::uint64_t index, std::uint64_t size, std::string_view leaf,
                      const std::vector<std::string>& proof, std::string_view root)
{
    if (index >= size || leaf.size() != hash_size || root.size() != hash_size || !all_hashes(proof)) return false;
    std::uint64_t fn = index, sn = size - 1;
    std::string r(leaf);
    for (const auto& p : proof) {
        if (sn == 0) return false;
        if ((fn & 1) || fn == sn) {
            r = node_hash(p, r);
            if (!(fn & 1)) shift_while_even(fn, sn);
        } else {
            r = node_hash(r, p);
        }
        fn >>= 1, sn >>= 1;
    }
    return sn == 0 && r == root;
}

bool verify_consistency(std::uint64_t old_size, std::uint64_t new_size, std::string_view old_root,
                        std::string_view new_root, const std::vector<std::string>& proof)
{
    if (old_root.size() != hash_size || new_root.size() != hash_size || !all_hashes(proof)) return false;
    // A tree of no leaves proves nothing about any other (as transparency-dev/merkle decides).
    if (old_size > new_size || old_size == 0) return false;
    if (old_size == new_size) return proof.empty() && old_root == new_root;
    std::vector<std::string> path;
    if (std::has_single_bit(old_size)) path.emplace_back(old_root);
    path.insert(path.end(), proof.begin(), proof.end());
    if (path.empty()) return false;
    std::uint64_t fn = old_size - 1, sn = new_size - 1;
    while (fn & 1) fn >>= 1, sn >>= 1;
    std::string fr = path[0], sr = path[0];
    for (std::size_t i = 1; i < path.size(); ++i) {
        const auto& c = path[i];
        if (sn == 0) return false;
        if ((fn & 1) || fn == sn) {
            fr = node_hash(c, fr);
            sr = node_hash(c, sr);
            if (!(fn & 1)) shift_while_even(fn, sn);
        } else {
            sr = node_hash(sr, c);
        }
        fn >>= 1, sn >>= 1;
    }
    return fr == old_root && sr == new_root && sn == 0;
}

}  // namespace merkle

std::string to_hex(std::string_view bytes)
{
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(bytes.size() * 2);
    for (const unsigned char c : bytes) out += digits[c >> 4], out += digits[c & 15];
    return out;
}

std::optional<std::string> from_hex(std::string_view hex)
{
    auto value = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    };
    if (hex.size() % 2) return std::nullopt;
    std::string out;
    for (std::size_t i = 0; i < hex.size(); i += 2) {
        const int hi = value(hex[i]), lo = value(hex[i + 1]);
        if (hi < 0 || lo < 0) return std::nullopt;
        out += static_cast<char>(hi * 16 + lo);
    }
    return out;
}

namespace {
constexpr std::string_view b64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
}

std::string to_base64(std::string_view bytes)
{
    std::string out;
    for (std::size_t i = 0; i < bytes.size(); i += 3) {
        const std::size_t n = std::min<std::size_t>(3, bytes.size() - i);
        std::uint32_t v = 0;
        for (std::size_t j = 0; j < 3; ++j) v = v << 8 | (j < n ? static_cast<unsigned char>(bytes[i + j]) : 0);
        for (std::size_t j = 0; j < 4; ++j) out += j <= n ? b64[(v >> (18 - 6 * j)) & 63] : '=';
    }
    return out;
}

std::optional<std::string> from_base64(std::string_view text)
{
    if (text.size() % 4) return std::nullopt;
    std::string out;
    for (std::size_t i = 0; i < text.size(); i += 4) {
        std::uint32_t v = 0;
        int pad = 0;
        for (std::size_t j = 0; j < 4; ++j) {
            const char c = text[i + j];
            const bool last = i + 4 == text.size();
            if (c == '=' && last && j >= 2 && (j == 3 || text[i + 3] == '=')) {
                ++pad;
                v <<= 6;
                continue;
            }
            const auto at = b64.find(c);
            if (at == std::string_view::npos || pad) return std::nullopt;
            v = v << 6 | static_cast<std::uint32_t>(at);
        }
        const std::string three{static_cast<char>(v >> 16), static_cast<char>(v >> 8), static_cast<char>(v)};
        out.append(three, 0, 3 - pad);
        // Canonical: the bits that padding drops are zero, so one text means one value.
        if (pad && (v & ((1u << (8 * pad)) - 1)) != 0) return std::nullopt;
    }
    return out;
}

}  // namespace hallmark
