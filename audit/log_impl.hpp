// SPDX-License-Identifier: Apache-2.0
#pragma once
// What an open decision log holds, for the files of audit/ that read it directly.
#include "audit/sqlite.hpp"

#include <hallmark/decision_log.hpp>

#include <mutex>

namespace hallmark {

struct decision_log::impl {
    audit::connection db;
    std::recursive_mutex lock;  // one connection; for_each callbacks may read more
    bool appending = false;     // opened for appending, and the log checked
    impl(const std::string& path, audit::connection::mode m) : db(path, m) {}
    // The docs promise one file: committed records leave -wal when a writer closes.
    ~impl()
    {
        if (appending) db.checkpoint();
    }
};

/// The open file behind a log, for the proofs (audit/proofs.cpp).
struct log_access {
    static decision_log::impl& of(const decision_log& log) { return *log.impl_; }
};

}  // namespace hallmark
