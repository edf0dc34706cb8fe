// SPDX-License-Identifier: Apache-2.0
#pragma once
// The decision log: decisions recorded in one SQLite file, each record hash-chained to
// the one before, with every rule source a decision used stored beside it, so that an
// auditor can show years later that the same rules and input give the same bytes and
// that nobody altered the record. The format is specified in docs/auditing.md.
#include <hallmark/assessment.hpp>
#include <hallmark/decision.hpp>
#include <hallmark/export.hpp>
#include <hallmark/progress.hpp>
#include <hallmark/rule_set.hpp>

#include <cstdint>
#include <functional>
#include <iosfwd>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace hallmark {

/// A log could not be opened, read or written (read-only file, full disk, not a log,
/// a corrupt file). `what()` names the file and the reason. Nothing was written.
struct HALLMARK_API log_error : std::runtime_error {
    using std::runtime_error::runtime_error;
};

/// A rule file a recorded decision used; its text is stored once per log, by hash.
struct HALLMARK_API log_source {
    std::string sha256;
    std::string path;  ///< the name it was read under when the decision was made
    std::string methodology, version;
};

/// One record of the log. Its `body()` is the exact text that is hashed.
struct HALLMARK_API log_record {
    std::int64_t id = 0;      ///< 1, 2, 3 ... in chain order
    std::string prev;         ///< hash of the record before (64 zeros for the first)
    std::string kind;         ///< "decision" or "override"
    std::string recorded_at;  ///< UTC, "YYYY-MM-DDTHH:MM:SSZ"; metadata, never an input
    std::optional<std::string> expert;

    // A decision record.
    std::string engine;
    std::string methodology, version, rules_sha256;
    std::vector<log_source> sources;  ///< top file first
    std::string cluster_id, assessed_on;
    std::string input;     ///< the canonical input JSON
    std::string decision;  ///< the decision JSON, byte for byte as `to_json` wrote it

    // An override record: an expert's decision that replaces a recorded one.
    std::int64_t overrides = 0;        ///< the id of the decision record it overrides
    std::optional<std::string> label;  ///< the label the expert decided; none: no label
    /// The validity the override grants, "YYYY-MM-DD" (none: no label, or a label without
    /// validity), computed when it was recorded, so a later engine shows the same. Only
    /// overrides recorded by log format 3 state it (`granted_recorded`); for older ones
    /// `validity_granted` computes it from the decision it overrides.
    bool granted_recorded = false;
    std::optional<std::string> granted_valid_until;
    std::string justification;

    std::string hash;  ///< lowercase hex SHA-256 of `body()`

    /// The canonical JSON text that `hash` covers (docs/auditing.md, "The format").
    [[nodiscard]] std::string body() const;
};

/// Lowercase hex SHA-256 of the body; what `hash` must equal.
[[nodiscard]] HALLMARK_API std::string hash_of(const log_record& r);

struct HALLMARK_API record_options {
    std::optional<std::string> expert;
    /// When the record is made, UTC "YYYY-MM-DDTHH:MM:SSZ"; default: the system clock.
    std::optional<std::string> recorded_at;
};

/// An open decision log. Appends are transactions: a record is stored whole or not at
/// all, even when the process is killed, and several processes may append to one log
/// at once (each waits for the others). One object per thread.
class HALLMARK_API decision_log {
public:
    /// Opens the log at `path` for appending, creating it when it does not exist.
    [[nodiscard]] static decision_log open(const std::string& path);
    /// Opens an existing log without writing to it.
    [[nodiscard]] static decision_log open_read_only(const std::string& path);

    decision_log(decision_log&&) noexcept;
    decision_log& operator=(decision_log&&) noexcept;
    ~decision_log();

    /// Appends a decision made by `rules` for `input`, storing the rule sources it
    /// used when the log does not hold them yet. Returns the new record's id.
    /// Throws `log_error` when the decision does not come from these rules and input.
    std::int64_t record(const rule_set& rules, const assessment& input, const decision& d,
                        const record_options& options = {});

    /// Appends an expert's override of decision record `decision_id`: the label decided
    /// (none: no label), why, and who (`options.expert`, required). Returns its id.
    std::int64_t record_override(std::int64_t decision_id, const std::optional<std::string>& label,
                                 const std::string& justification, const record_options& options);

    /// The record with this id, as stored (not checked: see `verify_log`).
    [[nodiscard]] std::optional<log_record> find(std::int64_t id) const;
    /// Calls `f` for every record in chain order.
    void for_each(const std::function<void(const log_record&)>& f) const;
    /// The overrides recorded for decision record `id`, oldest first.
    [[nodiscard]] std::vector<log_record> overrides_of(std::int64_t id) const;
    /// Calls `f` for every stored rule source, by hash.
    void for_each_source(const std::function<void(const std::string& sha256, const std::string& text)>& f) const;
    /// The stored text of a rule source.
    [[nodiscard]] std::optional<std::string> source_text(const std::string& sha256) const;
    /// Number of records.
    [[nodiscard]] std::int64_t size() const;
    [[nodiscard]] const std::string& path() const;

    struct impl;

private:
    friend struct log_access;  // audit/log_impl.hpp: the proofs read the open file
    explicit decision_log(std::unique_ptr<impl> p);
    std::unique_ptr<impl> impl_;
};

/// Compiles the rule set a decision record used from the sources stored in the log,
/// never from files on disk.
[[nodiscard]] HALLMARK_API compile_result rules_of(const decision_log& log, const log_record& r);

/// One problem `verify_log` found.
struct HALLMARK_API verify_problem {
    std::int64_t record = 0;  ///< the record altered, removed or out of order; 0 for the log as a whole
    std::string what;         ///< for people, without the record number
};

/// What `verify_log` found: an answer, not an error. A file that is damaged, altered or
/// not a log has been verified and is not intact.
struct HALLMARK_API verify_result {
    bool intact = false;
    std::int64_t records = 0, decisions = 0, overrides = 0;
    std::string head;                      ///< hash of the last record
    std::string root;                      ///< hex Merkle root of all records (docs/auditing.md, section 9)
    std::int64_t checkpoints = 0;          ///< signed checkpoints stored in the log, each checked against the records
    std::int64_t first_bad = 0;            ///< first record altered, removed or out of order; 0 when none is named
    std::string problem;                   ///< the first problem, for people ("record 3: ...")
    std::vector<verify_problem> problems;  ///< every problem found, in chain order (at most `max_problems`)
    static constexpr std::size_t max_problems = 1000;
};

/// Walks the chain: every record's hash, its place after the one before, the stored
/// rule sources, the head. When `anchor` is given (a hash published earlier), it must
/// be the hash of a record in the log. Reports every problem, not only the first. Never
/// writes to the file; reads a read-only copy too. An empty SQLite file (a log whose
/// creator was killed before its first commit) is an intact empty log.
///
/// The verdict, or diagnostics when there is none: the file cannot be read at all
/// (permissions, I/O error, a file size limit; SQLite's reason) or `anchor` is not 64
/// hex digits.
///
/// `progress`, when given, is told the records checked of the records in the log.
[[nodiscard]] HALLMARK_API result<verify_result> verify_log(const std::string& path,
                                                            const std::optional<std::string>& anchor = std::nullopt,
                                                            const progress_callback& progress = {});

/// The verdict as `hallmark verify --format json` prints it (docs/auditing.md), without
/// the final newline; `log_name` is the name it gives the log.
[[nodiscard]] HALLMARK_API std::string to_json(const verify_result& r, std::string_view log_name);

/// True for 64 lowercase or uppercase hex digits: the shape of a head hash.
[[nodiscard]] HALLMARK_API bool is_hash(const std::string& text);

/// Which decision records to replay; empty fields select everything.
struct HALLMARK_API replay_filter {
    std::optional<std::string> methodology, version;
    std::optional<std::string> cluster;
    std::optional<std::string> since;  ///< recorded at or after this UTC date or time (`recorded_at`)
    /// Assessed on or after / on or before this date, "YYYY-MM-DD" (`assessed_on`).
    std::optional<std::string> assessed_since, assessed_until;
};

/// The validity an override grants: as the record states it (log format 3), or else its
/// label's validity rule applied to the input of the decision it overrides, with the
/// rules stored for that decision. Empty `valid_until` and `error`: no label, or a label
/// without validity.
struct HALLMARK_API granted_validity {
    std::optional<std::string> valid_until;  ///< "YYYY-MM-DD"
    std::string error;                       ///< why it cannot be computed (altered records, say)
};

/// What override record `override_record` of `log` grants (see `granted_validity`).
[[nodiscard]] HALLMARK_API granted_validity validity_granted(const decision_log& log,
                                                             const log_record& override_record);

/// What a record says was decided, for listings (`hallmark log list`): a decision's
/// label and validity as recorded, an override's label and the validity it grants.
struct HALLMARK_API record_outcome {
    std::optional<std::string> label;        ///< none: no label
    std::optional<std::string> valid_until;  ///< "YYYY-MM-DD"; none: no label or no validity
    bool hash_matches = true;                ///< the record's content hashes to its stored hash
    std::string error;                       ///< why label or validity cannot be read
};

[[nodiscard]] HALLMARK_API record_outcome outcome_of(const decision_log& log, const log_record& r);

/// A criterion whose outcome differs: `met`, `not_met`, `not_assessable` or `absent`.
struct HALLMARK_API criterion_change {
    std::string id, before, after;
};

struct HALLMARK_API replayed_decision {
    log_record record;  ///< what was recorded (input and decision included)
    bool identical = false;
    std::optional<std::string> label_before, label_after;
    std::vector<criterion_change> criteria;  ///< outcomes that changed
    std::vector<std::string> fields;         ///< other top-level fields of the decision that differ
    std::string error;                       ///< why it could not be evaluated again
};

struct HALLMARK_API replay_result {
    std::vector<replayed_decision> decisions;  ///< in record order
    std::int64_t overrides = 0;                ///< override records among the selection (not replayed)
};

/// Evaluates every selected decision again, with the rule sources stored in the log or,
/// when `new_rules` is given, with those rules instead, and compares the result with
/// what was recorded.
[[nodiscard]] HALLMARK_API replay_result replay_log(const decision_log& log, const replay_filter& filter,
                                                    const rule_set* new_rules = nullptr);

/// The same, one decision at a time: `f` sees each replayed decision in record order
/// and nothing is kept, so memory stays flat however long the log. Returns the number
/// of override records met. `progress`, when given, is told the records read (selected
/// or not) of the records in the log.
HALLMARK_API std::int64_t replay_each(const decision_log& log, const replay_filter& filter, const rule_set* new_rules,
                                      const std::function<void(const replayed_decision&)>& f,
                                      const progress_callback& progress = {});

/// One record for an auditor: what was recorded, overrides of it, and each criterion
/// next to the line of the rule source that declares it. `format`: text, md or html.
[[nodiscard]] HALLMARK_API std::string show_record(const decision_log& log, std::int64_t id, const std::string& format);

/// Writes every rule source and record as JSON Lines (docs/auditing.md).
HALLMARK_API void export_log(const decision_log& log, std::ostream& out);

/// Reads an export into a new log at `path`, which must not exist. Every line is
/// checked (hashes, chain) before anything is written; the log appears whole or not
/// at all. Returns the number of records. Errors name `source` and the line.
/// `progress`, when given, is told the records read of those the export's header announces.
HALLMARK_API std::int64_t import_log(std::istream& in, const std::string& source, const std::string& path,
                                     const progress_callback& progress = {});

/// True for "YYYY-MM-DDTHH:MM:SSZ" naming a real day and time of day: the form of a
/// record's recording time (`recorded_at`).
[[nodiscard]] HALLMARK_API bool is_utc_time(std::string_view s);

}  // namespace hallmark
