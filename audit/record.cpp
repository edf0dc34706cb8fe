// SPDX-License-Identifier: Apache-2.0
// The record body: compact JSON in a fixed key order, written by the engine's own
// JSON writer so that its bytes never depend on a library's choices.
#include "audit/record.hpp"

#include <hallmark/json_writer.hpp>

#include <hallmark/assessment.hpp>
#include <hallmark/date.hpp>
#include <hallmark/hashes.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <ctime>
#include <stdexcept>

namespace hallmark {

namespace {

void optional_string(json_writer& w, const std::optional<std::string>& s)
{
    if (s) w.string(*s);
    else w.null();
}

void decision_fields(json_writer& w, const log_record& r)
{
    w.key("engine").string(r.engine);
    w.key("methodology").begin_object().key("name").string(r.methodology).key("version").string(r.version);
    w.key("sha256").string(r.rules_sha256).end_object();
    w.key("sources").begin_array();
    for (const auto& s : r.sources) {
        w.begin_object().key("sha256").string(s.sha256).key("path").string(s.path);
        w.key("methodology").string(s.methodology).key("version").string(s.version).end_object();
    }
    w.end_array();
    w.key("cluster_id").string(r.cluster_id).key("assessed_on").string(r.assessed_on);
    w.key("input").string(r.input).key("decision").string(r.decision);
}

}  // namespace

std::string log_record::body() const
{
    std::string out;
    json_writer w(out);
    w.begin_object().key("id").raw_number(std::to_string(id)).key("prev").string(prev);
    w.key("kind").string(kind).key("recorded_at").string(recorded_at).key("expert");
    optional_string(w, expert);
    if (kind == "override") {
        w.key("overrides").raw_number(std::to_string(overrides)).key("label");
        optional_string(w, label);
        if (granted_recorded) {
            w.key("valid_until");
            optional_string(w, granted_valid_until);
        }
        w.key("justification").string(justification);
    } else {
        decision_fields(w, *this);
    }
    w.end_object();
    return out;
}

std::string hash_of(const log_record& r) { return sha256_hex(r.body()); }

namespace audit {
namespace {

using json = nlohmann::json;

const json& member(const json& o, const char* key)
{
    if (!o.is_object() || !o.contains(key)) throw std::runtime_error(fmt::format("the record has no \"{}\"", key));
    return o.at(key);
}

std::string str(const json& o, const char* key)
{
    const auto& v = member(o, key);
    if (!v.is_string()) throw std::runtime_error(fmt::format("\"{}\" is not a string", key));
    return v.get<std::string>();
}

std::optional<std::string> optional_str(const json& o, const char* key)
{
    if (member(o, key).is_null()) return std::nullopt;
    return str(o, key);
}

std::int64_t integer(const json& o, const char* key)
{
    const auto& v = member(o, key);
    if (!v.is_number_integer()) throw std::runtime_error(fmt::format("\"{}\" is not an integer", key));
    return v.get<std::int64_t>();
}

void read_decision(const json& o, log_record& r)
{
    r.engine = str(o, "engine");
    const auto& m = member(o, "methodology");
    r.methodology = str(m, "name");
    r.version = str(m, "version");
    r.rules_sha256 = str(m, "sha256");
    const auto& srcs = member(o, "sources");
    if (!srcs.is_array()) throw std::runtime_error("\"sources\" is not an array");
    for (const auto& s : srcs)
        r.sources.push_back({str(s, "sha256"), str(s, "path"), str(s, "methodology"), str(s, "version")});
    r.cluster_id = str(o, "cluster_id");
    r.assessed_on = str(o, "assessed_on");
    r.input = str(o, "input");
    r.decision = str(o, "decision");
}

}  // namespace

log_record parse_body(std::string_view body)
{
    json o;
    try {
        o = json::parse(body);
    } catch (const json::exception&) {
        throw std::runtime_error("the record is not valid JSON");
    }
    log_record r;
    r.id = integer(o, "id");
    r.prev = str(o, "prev");
    r.kind = str(o, "kind");
    r.recorded_at = str(o, "recorded_at");
    r.expert = optional_str(o, "expert");
    if (r.kind == "override") {
        r.overrides = integer(o, "overrides");
        r.label = optional_str(o, "label");
        if (o.contains("valid_until")) {
            r.granted_recorded = true;
            r.granted_valid_until = optional_str(o, "valid_until");
        }
        r.justification = str(o, "justification");
    } else if (r.kind == "decision") {
        read_decision(o, r);
    } else {
        throw std::runtime_error(fmt::format("unknown record kind {}", json_quote(r.kind)));
    }
    return r;
}

std::string chain_sha256(const std::vector<log_source>& sources)
{
    std::vector<std::string> hashes;
    for (const auto& s : sources) hashes.push_back(s.sha256);
    return rules_sha256(hashes);
}

std::string utc_now()
{
    const std::time_t t = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&t, &tm);
    return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                       tm.tm_min, tm.tm_sec);
}

}  // namespace audit

bool is_utc_time(std::string_view s)
{
    static constexpr std::string_view shape = "dddd-dd-ddTdd:dd:ddZ";
    if (s.size() != shape.size()) return false;
    for (std::size_t i = 0; i < s.size(); ++i)
        if (shape[i] == 'd' ? (s[i] < '0' || s[i] > '9') : s[i] != shape[i]) return false;
    // The shape alone would take 2026-02-31 or 25:61: a real day and time of day.
    auto two = [&](std::size_t at) { return (s[at] - '0') * 10 + (s[at + 1] - '0'); };
    return date::parse(s.substr(0, 10)).has_value() && two(11) < 24 && two(14) < 60 && two(17) < 60;
}

}  // namespace hallmark
