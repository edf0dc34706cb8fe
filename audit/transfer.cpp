// SPDX-License-Identifier: Apache-2.0
// Export to JSON Lines and import back: a log that leaves SQLite keeps its hashes, so
// the imported log has the same head and verifies like the original.
#include "audit/record.hpp"
#include "audit/sqlite.hpp"

#include <hallmark/json_writer.hpp>

#include <hallmark/decision_log.hpp>
#include <hallmark/log_proofs.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <istream>
#include <ostream>

namespace hallmark {

void export_log(const decision_log& log, std::ostream& out)
{
    // Records are only ever appended, so records 1..n read after the head stay the
    // ones the head covers while other processes keep appending.
    const std::int64_t n = log.size();
    const std::string head = n ? log.find(n).value().hash : audit::genesis_hash;
    out << fmt::format("{{\"hallmark_log\":1,\"records\":{},\"head\":\"{}\"}}\n", n, head);
    log.for_each_source([&](const std::string& sha, const std::string& text) {
        std::string line = "{\"source\":{\"sha256\":";
        append_json_string(line, sha);
        line += ",\"text\":";
        append_json_string(line, text);
        out << line << "}}\n";
    });
    log.for_each([&](const log_record& r) {
        if (r.id > n) return;
        out << "{\"record\":" << r.body() << ",\"hash\":";
        std::string h;
        append_json_string(h, r.hash);
        out << h << "}\n";
    });
    // The signed checkpoints travel with the records they sign.
    for (const auto& c : checkpoints_of(log))
        if (c.content.size <= static_cast<std::uint64_t>(n)) out << "{\"checkpoint\":" << json_quote(c.note) << "}\n";
    if (!out) throw log_error("cannot write the export");
}

namespace {

using json = nlohmann::json;

struct header {
    std::int64_t records = 0;
    std::string head;
};

header read_header(const json& j)
{
    if (!j.is_object() || j.value("hallmark_log", 0) != 1 || !j.contains("records") ||
        !j["records"].is_number_integer() || !j.contains("head") || !j["head"].is_string())
        throw std::runtime_error("the first line is not the header of a hallmark log export");
    return {j["records"].get<std::int64_t>(), j["head"].get<std::string>()};
}

// True for a record line (counted for progress), false for a source or a checkpoint.
bool read_line(const json& j, audit::importer& imp)
{
    if (j.is_object() && j.contains("source")) {
        const auto& s = j["source"];
        if (!s.is_object() || !s.value("sha256", json()).is_string() || !s.value("text", json()).is_string())
            throw std::runtime_error("a source line needs \"sha256\" and \"text\" strings");
        imp.add_source(s["sha256"].get<std::string>(), s["text"].get<std::string>());
        return false;
    }
    if (j.is_object() && j.size() == 1 && j.contains("checkpoint") && j["checkpoint"].is_string()) {
        imp.add_checkpoint(j["checkpoint"].get<std::string>());
        return false;
    }
    if (!j.is_object() || !j.contains("record") || !j.value("hash", json()).is_string())
        throw std::runtime_error("expected a source, a record or a checkpoint line");
    auto r = audit::parse_body(j["record"].dump(-1, ' ', false, json::error_handler_t::strict));
    r.hash = j["hash"].get<std::string>();
    imp.add_record(r);
    return true;
}

}  // namespace

namespace {

// A private temporary beside the target, made with O_EXCL: never someone else's file.
std::string unique_temp(const std::string& path)
{
    std::string name = path + ".importing-XXXXXX";
    const int fd = ::mkstemp(name.data());
    if (fd < 0) throw log_error(fmt::format("cannot create '{}': {}", path, std::strerror(errno)));
    ::close(fd);
    return name;
}

std::int64_t read_export(std::istream& in, const std::string& source, audit::importer& imp,
                         const progress_callback& progress)
{
    std::string line;
    std::size_t number = 0, records = 0;
    header h;
    try {
        while (std::getline(in, line)) {
            ++number;
            const auto j = json::parse(line);
            if (number == 1) h = read_header(j);
            else if (read_line(j, imp) && progress)
                progress(++records, static_cast<std::size_t>(std::max<std::int64_t>(h.records, 0)));
        }
        if (number == 0) throw std::runtime_error("the file is empty");
        ++number;
        return imp.finish(h.records, h.head);
    } catch (const json::exception&) {
        throw log_error(fmt::format("{}:{}: error: not valid JSON", source, number));
    } catch (const log_error&) {
        throw;
    } catch (const std::exception& e) {
        throw log_error(fmt::format("{}:{}: error: {}", source, number, e.what()));
    }
}

}  // namespace

std::int64_t import_log(std::istream& in, const std::string& source, const std::string& path,
                        const progress_callback& progress)
{
    namespace fs = std::filesystem;
    std::error_code ec;
    if (fs::exists(fs::symlink_status(path, ec)))
        throw log_error(fmt::format("'{}' already exists; import makes a new log", path));
    const std::string temp = unique_temp(path);
    std::int64_t count = 0;
    try {
        audit::importer imp(temp);
        count = read_export(in, source, imp, progress);
    } catch (...) {
        fs::remove(temp, ec);
        throw;
    }
    // link(2), unlike rename(2), fails when the target exists: a file that appeared
    // while the import ran is left as it is.
    const int linked = ::link(temp.c_str(), path.c_str()) == 0 ? 0 : errno;
    fs::remove(temp, ec);
    if (linked == EEXIST)
        throw log_error(fmt::format("'{}' appeared while the import ran; it was left untouched", path));
    if (linked) throw log_error(fmt::format("cannot create '{}': {}", path, std::strerror(linked)));
    return count;
}

}  // namespace hallmark
