// SPDX-License-Identifier: Apache-2.0
// SQLite, used the careful way: every call checked, every failure named.
#include "audit/sqlite.hpp"

#include <fmt/format.h>
#include <sqlite3.h>

#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <filesystem>

namespace hallmark::audit {
namespace {

// Another process holding the write lock makes us wait, not fail. SQLite's waiting is
// not fair: with many writers on a slow disk one may wait long, so the bound is only
// there to turn a hung holder of the lock into an error.
constexpr int busy_timeout_ms = 300'000;

// A log path is a file path: a name like "file:x?mode=memory" must not be read as an
// SQLite URI (whatever the library's compile-time default), so it is made relative.
std::string file_name(const std::string& path) { return path.rfind("file:", 0) == 0 ? "./" + path : path; }

// The URI SQLite needs for immutable=1, built by us from the path, every byte that
// could mean something in a URI percent-encoded.
std::string immutable_uri(const std::string& path)
{
    std::string out = "file:";
    for (const unsigned char c : std::filesystem::absolute(path).string()) {
        if (std::isalnum(c) || c == '/' || c == '-' || c == '.' || c == '_' || c == '~') out += static_cast<char>(c);
        else out += fmt::format("%{:02X}", c);
    }
    return out + "?immutable=1";
}

bool is_damage(int code) { return (code & 0xff) == SQLITE_CORRUPT || (code & 0xff) == SQLITE_NOTADB; }

// A reader may treat the file as immutable only when nothing committed waits in -wal.
bool wal_holds_records(const std::string& path)
{
    struct stat st {};
    return ::stat((path + "-wal").c_str(), &st) == 0 && st.st_size > 0;
}

}  // namespace

connection::connection(const std::string& path, mode m) : path_(path)
{
    if (m == mode::read_only) open_reader();
    else open_writer();
    sqlite3_extended_result_codes(db_, 1);
    sqlite3_busy_timeout(db_, busy_timeout_ms);
}

// Reading a WAL log needs its -shm file, which a reader cannot create in a read-only
// directory or under a file size limit: then the file is read as immutable, which is
// exact when no -wal file holds committed records (a writer that closed checkpointed).
void connection::open_reader()
{
    int rc = sqlite3_open_v2(file_name(path_).c_str(), &db_, SQLITE_OPEN_READONLY | SQLITE_OPEN_FULLMUTEX, nullptr);
    if (rc == SQLITE_OK) {
        sqlite3_extended_result_codes(db_, 1);
        rc = sqlite3_exec(db_, "SELECT count(*) FROM sqlite_master", nullptr, nullptr, nullptr);
        if (rc == SQLITE_OK || is_damage(sqlite3_extended_errcode(db_))) return;
    }
    const std::string why = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
    sqlite3_close(db_);
    db_ = nullptr;
    if (!wal_holds_records(path_)) {
        const int flags = SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_FULLMUTEX;
        if (sqlite3_open_v2(immutable_uri(path_).c_str(), &db_, flags, nullptr) == SQLITE_OK &&
            sqlite3_exec(db_, "SELECT count(*) FROM sqlite_master", nullptr, nullptr, nullptr) == SQLITE_OK)
            return;
        sqlite3_close(db_);
        db_ = nullptr;
    }
    throw log_error(fmt::format("cannot read the decision log '{}': {}", path_, why));
}

void connection::open_writer()
{
    if (access(path_.c_str(), F_OK) == 0 && access(path_.c_str(), W_OK) != 0)
        throw log_error(fmt::format("cannot write to the decision log '{}': the file is read-only", path_));
    const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX;
    const int rc = sqlite3_open_v2(file_name(path_).c_str(), &db_, flags, nullptr);
    if (rc != SQLITE_OK) {
        std::string why = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
        sqlite3_close(db_);
        db_ = nullptr;
        throw log_error(fmt::format("cannot open the decision log '{}': {}", path_, why));
    }
    if (sqlite3_db_readonly(db_, "main") == 1) {
        sqlite3_close(db_);
        db_ = nullptr;
        throw log_error(fmt::format("cannot write to the decision log '{}': the file is read-only", path_));
    }
}

// close_v2 defers the close until every statement is finalized, so a statement that
// outlives its connection cannot leak it.
connection::~connection() { sqlite3_close_v2(db_); }

void connection::fail(std::string_view doing) const
{
    if (is_damage(sqlite3_extended_errcode(db_)))
        throw log_damaged(fmt::format("the decision log '{}' is damaged: {}", path_, sqlite3_errmsg(db_)));
    throw log_error(fmt::format("{} the decision log '{}': {}", doing, path_, sqlite3_errmsg(db_)));
}

void connection::checkpoint() noexcept
{
    // A reader holding an old snapshot would make TRUNCATE wait: wait briefly only.
    sqlite3_busy_timeout(db_, 200);
    sqlite3_wal_checkpoint_v2(db_, nullptr, SQLITE_CHECKPOINT_TRUNCATE, nullptr, nullptr);
    sqlite3_busy_timeout(db_, busy_timeout_ms);
}

void connection::use_wal()
{
    for (int waited_ms = 0;; waited_ms += 5) {
        sqlite3_stmt* q = nullptr;
        int rc = sqlite3_prepare_v2(db_, "PRAGMA journal_mode=WAL", -1, &q, nullptr);
        if (rc == SQLITE_OK) rc = sqlite3_step(q);
        const bool wal = rc == SQLITE_ROW && sqlite3_column_text(q, 0) != nullptr &&
                         std::string_view(reinterpret_cast<const char*>(sqlite3_column_text(q, 0))) == "wal";
        sqlite3_finalize(q);
        if (wal) return;
        const bool busy = rc == SQLITE_ROW || (rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED;
        if (!busy) fail("cannot write to");
        if (waited_ms >= busy_timeout_ms)
            throw log_error(fmt::format("cannot write to the decision log '{}': other programs kept it busy for {} s",
                                        path_, busy_timeout_ms / 1000));
        sqlite3_sleep(5);
    }
}

void connection::exec(const char* sql, std::string_view doing)
{
    if (sqlite3_exec(db_, sql, nullptr, nullptr, nullptr) != SQLITE_OK) fail(doing);
}

statement connection::prepare(const char* sql) { return statement(*this, sql); }

statement::statement(connection& c, const char* sql) : c_(&c)
{
    if (sqlite3_prepare_v2(c.handle(), sql, -1, &s_, nullptr) != SQLITE_OK) c.fail("cannot read");
}

statement::statement(statement&& other) noexcept : c_(other.c_), s_(other.s_) { other.s_ = nullptr; }

statement::~statement() { sqlite3_finalize(s_); }

statement& statement::bind(int i, std::string_view text)
{
    if (sqlite3_bind_text(s_, i, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT) != SQLITE_OK)
        c_->fail("cannot write to");
    return *this;
}

statement& statement::bind(int i, std::int64_t n)
{
    if (sqlite3_bind_int64(s_, i, n) != SQLITE_OK) c_->fail("cannot write to");
    return *this;
}

statement& statement::bind_optional(int i, const std::optional<std::string>& text)
{
    return text ? bind(i, std::string_view(*text)) : bind_null(i);
}

statement& statement::bind_null(int i)
{
    if (sqlite3_bind_null(s_, i) != SQLITE_OK) c_->fail("cannot write to");
    return *this;
}

bool statement::step()
{
    const int rc = sqlite3_step(s_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    const bool read = sqlite3_stmt_readonly(s_);
    sqlite3_reset(s_);
    c_->fail(read ? "cannot read" : "cannot write to");
}

void statement::run()
{
    while (step()) {}
    reset();
}

void statement::reset()
{
    sqlite3_reset(s_);
    sqlite3_clear_bindings(s_);
}

std::string statement::text(int col) const
{
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(s_, col));
    return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(s_, col))) : std::string();
}

std::optional<std::string> statement::optional_text(int col) const
{
    if (is_null(col)) return std::nullopt;
    return text(col);
}

std::int64_t statement::integer(int col) const { return sqlite3_column_int64(s_, col); }

bool statement::is_null(int col) const { return sqlite3_column_type(s_, col) == SQLITE_NULL; }

transaction::transaction(connection& c, bool immediate) : c_(c) { c_.exec(immediate ? "BEGIN IMMEDIATE" : "BEGIN"); }

transaction::~transaction()
{
    // Rolling back cannot meaningfully fail here; if it does, SQLite rolls back the
    // unfinished transaction itself when the connection closes or the process dies.
    if (!done_) sqlite3_exec(c_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

void transaction::commit()
{
    c_.exec("COMMIT", "cannot write to");
    done_ = true;
}

}  // namespace hallmark::audit
