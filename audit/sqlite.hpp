// SPDX-License-Identifier: Apache-2.0
#pragma once
// A thin RAII layer over SQLite's C API: a connection, prepared statements, and
// errors that become `log_error` naming the log file.
#include <hallmark/decision_log.hpp>

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace hallmark::audit {

class statement;

/// The file is not a decision log, or SQLite finds it damaged: a verdict on what the
/// file holds (like tampering), unlike a `log_error` that says it cannot be read.
struct log_damaged : log_error {
    using log_error::log_error;
};

class connection {
public:
    /// `read_only` never writes the file; in a directory it cannot write to (or under a
    /// file size limit) it reads the file as immutable when no `-wal` file holds records.
    enum class mode { read_only, read_write_create };
    connection(const std::string& path, mode m);
    connection(const connection&) = delete;
    connection& operator=(const connection&) = delete;
    ~connection();

    /// Runs SQL with no result rows (may hold several statements); a failure says
    /// what was being done, e.g. "cannot write to".
    void exec(const char* sql, std::string_view doing = "cannot use");
    statement prepare(const char* sql);
    /// A `log_error` for the last failure, with what was being done; a `log_damaged`
    /// when SQLite says the file is corrupt or not a database.
    [[noreturn]] void fail(std::string_view doing) const;
    /// Moves committed records from the `-wal` file into the log file, so that the log
    /// is one file; waits briefly for readers, and gives up quietly (the next writer to
    /// close does it).
    void checkpoint() noexcept;
    /// Puts the file in WAL mode, waiting (up to the busy timeout) while other
    /// connections hold it: SQLite does not wait there itself, and answers a switch it
    /// could not make with the old mode, not an error, which would leave a log in
    /// rollback mode where concurrent writers fail with "database is locked".
    void use_wal();
    const std::string& path() const { return path_; }
    sqlite3* handle() const { return db_; }

private:
    void open_reader();
    void open_writer();
    sqlite3* db_ = nullptr;
    std::string path_;
};

/// One prepared statement; `bind_*` take 1-based parameter indexes.
class statement {
public:
    statement(connection& c, const char* sql);
    statement(statement&& other) noexcept;
    statement(const statement&) = delete;
    ~statement();

    statement& bind(int i, std::string_view text);
    statement& bind(int i, std::int64_t n);
    statement& bind_optional(int i, const std::optional<std::string>& text);
    statement& bind_null(int i);
    /// Advances to the next row; false when there is none.
    bool step();
    /// Runs a statement that returns no rows, then resets it.
    void run();
    void reset();

    std::string text(int col) const;
    std::optional<std::string> optional_text(int col) const;
    std::int64_t integer(int col) const;
    bool is_null(int col) const;

private:
    connection* c_;
    sqlite3_stmt* s_ = nullptr;
};

/// Commits on `commit()`, rolls back otherwise (an exception on the way out).
class transaction {
public:
    /// `immediate` takes the write lock at once, so reading the chain's head and
    /// appending after it cannot interleave with another writer.
    explicit transaction(connection& c, bool immediate = true);
    transaction(const transaction&) = delete;
    ~transaction();
    void commit();

private:
    connection& c_;
    bool done_ = false;
};

/// Binds a record's index columns, body and hash to an INSERT INTO records(...) of
/// nine parameters.
void bind_record(statement& q, const log_record& r);

/// Builds a new log from an export, checking the chain as it goes. Nothing is visible
/// at `path` unless finish() succeeds; otherwise the file is removed.
class importer {
public:
    explicit importer(const std::string& path);
    importer(const importer&) = delete;
    ~importer();
    /// Each throws `std::runtime_error` saying what is wrong with the line's content.
    void add_source(const std::string& sha256, const std::string& text);
    void add_record(const log_record& r);
    /// A signed checkpoint, after the records it signs: their root, one origin for all.
    void add_checkpoint(const std::string& note);
    std::int64_t finish(std::int64_t records, const std::string& head);

private:
    struct state;
    std::string path_;
    std::unique_ptr<state> s_;
};

/// True when the file holds no table at all: a new file, or the empty shell left by a
/// creator killed before its schema transaction committed. Such a file is an empty log.
bool is_empty_database(connection& db);

/// Throws `log_damaged` unless the file is a decision log of the format this engine
/// reads (or an empty database), `log_error` when it cannot be read.
void check_log_format(connection& db);

/// `verify_log` on an open connection: the format, SQLite's check of the file, and
/// every record of the chain, in one snapshot. Throws `log_error` when the file cannot
/// be read at all (`verify_log` turns it into a diagnostic).
/// `roots`, when given, receives the Merkle root recomputed from the records at each of
/// its sizes (keys) that the log reaches. `progress`: as for `verify_log`.
verify_result verify_chain(connection& db, const std::optional<std::string>& anchor,
                           std::map<std::uint64_t, std::string>* roots = nullptr,
                           const progress_callback& progress = {});

}  // namespace hallmark::audit
