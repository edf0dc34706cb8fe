// SQLite, used the careful way: every call checked, every failure named.
#include "audit/sqlite.hpp"

#include <fmt/format.h>
#include <sqlite3.h>

#include <unistd.h>

namespace hallmark::audit {
namespace {

// Another process holding the write lock makes us wait, not fail. SQLite's waiting is
// not fair: with many writers on a slow disk one may wait long, so the bound is only
// there to turn a hung holder of the lock into an error.
constexpr int busy_timeout_ms = 300'000;

}  // namespace

connection::connection(const std::string& path, mode m) : path_(path)
{
    const bool write = m == mode::read_write_create;
    if (write && access(path.c_str(), F_OK) == 0 && access(path.c_str(), W_OK) != 0)
        throw log_error(fmt::format("cannot write to the decision log '{}': the file is read-only", path));
    const int flags = write ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE : SQLITE_OPEN_READONLY;
    const int rc = sqlite3_open_v2(path.c_str(), &db_, flags | SQLITE_OPEN_FULLMUTEX, nullptr);
    if (rc != SQLITE_OK) {
        std::string why = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
        sqlite3_close(db_);
        db_ = nullptr;
        throw log_error(fmt::format("cannot open the decision log '{}': {}", path, why));
    }
    sqlite3_extended_result_codes(db_, 1);
    sqlite3_busy_timeout(db_, busy_timeout_ms);
    if (write && sqlite3_db_readonly(db_, "main") == 1) {
        sqlite3_close(db_);
        db_ = nullptr;
        throw log_error(fmt::format("cannot write to the decision log '{}': the file is read-only", path));
    }
}

// close_v2 defers the close until every statement is finalized, so a statement that
// outlives its connection cannot leak it.
connection::~connection() { sqlite3_close_v2(db_); }

void connection::fail(std::string_view doing) const
{
    throw log_error(fmt::format("{} the decision log '{}': {}", doing, path_, sqlite3_errmsg(db_)));
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
