// SPDX-License-Identifier: Apache-2.0
#pragma once
// What a third party can check without trusting the operator of a decision log: a
// Merkle tree over the records (RFC 9162 hashing), checkpoints signed with Ed25519 in
// the C2SP signed-note format, inclusion proofs (this record is in the log) and
// consistency proofs (this log extends the one an earlier checkpoint signed). The
// formats are specified in docs/auditing.md, section 9.
#include <hallmark/decision_log.hpp>
#include <hallmark/export.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hallmark {

/// The log disagrees with a checkpoint it is asked to prove something against: an
/// answer (the history was rewritten), unlike a `log_error` for what cannot be done.
struct HALLMARK_API proof_failure : log_error {
    using log_error::log_error;
};

/// RFC 9162 Merkle tree hashing over SHA-256. Hashes are 32 raw bytes.
namespace merkle {

/// SHA-256(0x00 || data): the hash of a leaf. A record's leaf data is its body.
[[nodiscard]] HALLMARK_API std::string leaf_hash(std::string_view data);
/// SHA-256(0x01 || left || right): the hash of an interior node.
[[nodiscard]] HALLMARK_API std::string node_hash(std::string_view left, std::string_view right);
/// The root of a tree with these leaf hashes (SHA-256 of nothing for none). Reference
/// implementation, linear in the size: the log itself stores subtrees instead.
[[nodiscard]] HALLMARK_API std::string root_of(const std::vector<std::string>& leaf_hashes);
/// RFC 9162 2.1.3.1: the audit path of leaf `index` in the tree of the first `size` leaves.
[[nodiscard]] HALLMARK_API std::vector<std::string> inclusion_proof(const std::vector<std::string>& leaf_hashes,
                                                                    std::uint64_t index, std::uint64_t size);
/// RFC 9162 2.1.4.1: the proof that the tree of `old_size` leaves is a prefix of the
/// tree of `new_size` leaves (0 < old_size <= new_size).
[[nodiscard]] HALLMARK_API std::vector<std::string> consistency_proof(const std::vector<std::string>& leaf_hashes,
                                                                      std::uint64_t old_size, std::uint64_t new_size);
/// RFC 9162 2.1.3.2. False for any hash that is not 32 bytes.
[[nodiscard]] HALLMARK_API bool verify_inclusion(std::uint64_t index, std::uint64_t size, std::string_view leaf,
                                                 const std::vector<std::string>& proof, std::string_view root);
/// RFC 9162 2.1.4.2; equal sizes need equal roots and an empty proof; an old size of 0
/// is refused (an empty tree proves nothing).
[[nodiscard]] HALLMARK_API bool verify_consistency(std::uint64_t old_size, std::uint64_t new_size,
                                                   std::string_view old_root, std::string_view new_root,
                                                   const std::vector<std::string>& proof);

}  // namespace merkle

/// Lowercase hex of bytes, and back (nothing unless an even number of hex digits).
[[nodiscard]] HALLMARK_API std::string to_hex(std::string_view bytes);
[[nodiscard]] HALLMARK_API std::optional<std::string> from_hex(std::string_view hex);
/// Standard base64 (RFC 4648, padded), and back (nothing unless canonical base64).
[[nodiscard]] HALLMARK_API std::string to_base64(std::string_view bytes);
[[nodiscard]] HALLMARK_API std::optional<std::string> from_base64(std::string_view text);

/// An Ed25519 key pair in the C2SP signed-note text forms: the signer key
/// `PRIVATE+KEY+NAME+ID+BASE64` (secret) and the verifier key `NAME+ID+BASE64` (public).
struct HALLMARK_API note_keys {
    std::string signer, verifier;
};

/// A new key pair named `name` (no spaces, no '+'). Throws `log_error` on a bad name.
[[nodiscard]] HALLMARK_API note_keys generate_note_keys(const std::string& name);

/// Signs `text` (ending in a newline) with a signer key: the signed note. Throws
/// `log_error` when the key is malformed.
[[nodiscard]] HALLMARK_API std::string sign_note(const std::string& text, const std::string& signer_key);

/// The text of a signed note when `verifier_key` signed it; otherwise the reason, for
/// people. Throws `log_error` when the verifier key is malformed.
struct HALLMARK_API opened_note {
    bool ok = false;
    std::string text;     ///< the signed text, when ok
    std::string problem;  ///< why not, when not ok
};
[[nodiscard]] HALLMARK_API opened_note open_note(const std::string& note, const std::string& verifier_key);

/// A checkpoint's content: the log's identity, its number of records and its root.
struct HALLMARK_API checkpoint {
    std::string origin;
    std::uint64_t size = 0;
    std::string root;  ///< 32 raw bytes
};

/// The checkpoint body "ORIGIN\nSIZE\nBASE64(ROOT)\n" (C2SP tlog-checkpoint).
[[nodiscard]] HALLMARK_API std::string checkpoint_text(const checkpoint& c);
/// Reads a checkpoint body, or the body of a signed note without checking signatures;
/// nothing when it is not one.
[[nodiscard]] HALLMARK_API std::optional<checkpoint> parse_checkpoint(std::string_view text);

/// Signs the log's current size and root with `signer_key`, stores the checkpoint in the
/// log and returns the signed note. Throws `log_error` (a log that does not verify, an
/// empty log, a malformed key).
HALLMARK_API std::string add_checkpoint(decision_log& log, const std::string& signer_key);

/// A stored checkpoint.
struct HALLMARK_API stored_checkpoint {
    checkpoint content;
    std::string note;  ///< the signed note, as stored
};
/// Every checkpoint stored in the log, by size, then in the order made.
[[nodiscard]] HALLMARK_API std::vector<stored_checkpoint> checkpoints_of(const decision_log& log);
/// The log's identity: the origin its checkpoints carry (made at its first checkpoint).
[[nodiscard]] HALLMARK_API std::optional<std::string> origin_of(const decision_log& log);

/// The Merkle root of the first `size` records, from the stored tree.
[[nodiscard]] HALLMARK_API std::string log_root(const decision_log& log, std::uint64_t size);

/// `hallmark log prove`: the self-contained inclusion proof of record `id` (JSON text,
/// docs/auditing.md) against the latest stored checkpoint that covers it. Throws
/// `log_error` when none does or the record is not in the log.
[[nodiscard]] HALLMARK_API std::string prove_inclusion(const decision_log& log, std::int64_t id);

/// `hallmark log consistency`: the proof (JSON text) that the latest stored checkpoint
/// extends `old_note`, a checkpoint of this log signed earlier. Throws `log_error` when
/// `old_note` is not a checkpoint of this log's origin, or no later checkpoint is stored;
/// `proof_failure` when the log's first records are not those `old_note` signed.
[[nodiscard]] HALLMARK_API std::string prove_consistency(const decision_log& log, const std::string& old_note);

/// What `check_proof` found.
struct HALLMARK_API proof_verdict {
    bool valid = false;
    std::string kind;            ///< "inclusion" or "consistency" (empty: not a proof)
    std::int64_t record = 0;     ///< the record proved (inclusion)
    std::uint64_t size = 0;      ///< the tree size of the (newer) checkpoint
    std::uint64_t old_size = 0;  ///< consistency: the older checkpoint's size
    std::string origin;
    std::string problem;  ///< why not valid, for people
};

/// Checks a proof file's text with nothing but the verifier key: the checkpoints'
/// signatures, the audit path or the consistency path, and the record's place. Throws
/// `log_error` when the verifier key is malformed.
[[nodiscard]] HALLMARK_API proof_verdict check_proof(const std::string& proof_text, const std::string& verifier_key);

/// `verify --since-checkpoint`: the chain as `verify_log` checks it, then the checkpoint
/// `old_note` (signed by `verifier_key`): its origin is the log's, its root is the root
/// of the first records recomputed from them, and the stored tree proves the current
/// log consistent with it. A problem is added to the verdict for each failure.
[[nodiscard]] HALLMARK_API result<verify_result> verify_since(const std::string& path, const std::string& old_note,
                                                              const std::string& verifier_key);

}  // namespace hallmark
