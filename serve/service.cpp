// SPDX-License-Identifier: Apache-2.0
#include "serve/service.hpp"

#include <hallmark/json_writer.hpp>
#include <hallmark/plan.hpp>
#include <hallmark/schema.hpp>
#include <hallmark/text.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <variant>

namespace hallmark::serve {

namespace {

// A diagnostic as `hallmark eval` prints its first line, without the line break.
std::string rendered(const diagnostic& d)
{
    auto text = render(d);
    while (!text.empty() && text.back() == '\n') text.pop_back();
    return text;
}

// "indicators.staff: expected ..." -> "indicators.staff": the JSON path a reader's
// message starts with, so a form can put the message beside its field.
std::string path_of(const std::string& message)
{
    const auto colon = message.find(": ");
    if (colon == std::string::npos) return {};
    const std::string head = message.substr(0, colon);
    return head.find(' ') == std::string::npos ? head : std::string{};
}

// "indicators.kinds[1]" -> "kinds".
std::string indicator_of(const std::string& path)
{
    constexpr std::string_view prefix = "indicators.";
    if (path.rfind(prefix, 0) != 0) return {};
    const auto rest = path.substr(prefix.size());
    return rest.substr(0, rest.find_first_of(".["));
}

void write_diagnostics(json_writer& w, const std::vector<diagnostic>& ds)
{
    w.key("diagnostics").begin_array();
    for (const auto& d : ds) {
        const auto path = path_of(d.message);
        const auto indicator = indicator_of(path);
        w.begin_object();
        w.key("severity")
            .string(d.level == severity::error     ? "error"
                    : d.level == severity::warning ? "warning"
                                                   : "note");
        w.key("source").string(d.source);
        w.key("line").raw_number(std::to_string(d.line));
        w.key("column").raw_number(std::to_string(d.column));
        w.key("path");
        path.empty() ? w.null() : w.string(path);
        w.key("indicator");
        indicator.empty() ? w.null() : w.string(indicator);
        w.key("message").string(d.message);
        // The line `hallmark eval` prints for it.
        w.key("text").string(rendered(d));
        w.end_object();
    }
    w.end_array();
}

reply diagnostics_reply(int status, std::string_view code, const std::vector<diagnostic>& ds,
                        std::optional<std::uint64_t> generation = std::nullopt)
{
    reply r;
    r.status = status;
    json_writer w(r.body);
    w.begin_object();
    w.key("error").string(code);
    w.key("message").string(ds.empty() ? std::string(code) : rendered(ds.front()));
    if (generation) w.key("generation").raw_number(std::to_string(*generation));
    write_diagnostics(w, ds);
    w.end_object();
    r.body += "\n";
    return r;
}

void optional_date(json_writer& w, std::string_view key, const std::optional<date>& d)
{
    w.key(key);
    d ? w.string(d->to_string()) : w.null();
}

void write_version(json_writer& w, const loaded_version& v)
{
    const auto& e = v.entry;
    w.begin_object();
    w.key("version").string(e.version);
    w.key("title").string(v.rules.catalogue().title);
    optional_date(w, "effective", e.effective);
    optional_date(w, "until", e.until);
    w.key("extends");
    e.base_name ? w.string(*e.base_name + " " + e.base_version.value_or("")) : w.null();
    w.key("sha256").string(v.rules.sha256());
    w.end_object();
}

reply json_reply(std::string body, int status = 200)
{
    reply r;
    r.status = status;
    r.body = std::move(body);
    if (r.body.empty() || r.body.back() != '\n') r.body += "\n";
    return r;
}

}  // namespace

reply error_reply(int status, std::string_view code, std::string_view message)
{
    reply r;
    r.status = status;
    json_writer w(r.body);
    w.begin_object().key("error").string(code).key("message").string(message).end_object();
    r.body += "\n";
    return r;
}

namespace {

reply no_log_reply()
{
    return error_reply(404, "no_log", "this service keeps no decision log (start it with --log FILE)");
}

}  // namespace

struct service::decided {
    std::shared_ptr<const rule_library> library;  // keeps `version` alive
    const loaded_version* version = nullptr;
    assessment input;
    decision result;
};

service::service(std::string rules_dir, std::string log_path)
    : rules_dir_(std::move(rules_dir)), log_path_(std::move(log_path))
{}

std::vector<diagnostic> service::start()
{
    auto loaded = rule_library::load(rules_dir_, 1);
    if (!loaded.ok()) return loaded.diagnostics();
    library_ = loaded.value();
    if (!log_path_.empty()) log_.emplace(decision_log::open(log_path_));
    return {};
}

std::shared_ptr<const rule_library> service::library() const
{
    std::lock_guard lock(library_mutex_);
    return library_;
}

reply service::health() const
{
    const auto lib = library();
    std::string body;
    json_writer w(body);
    w.begin_object();
    w.key("status").string("ok");
    w.key("engine").string(engine_version());
    w.key("generation").raw_number(std::to_string(lib->generation()));
    w.key("versions").raw_number(std::to_string(lib->versions().size()));
    w.key("log").boolean(log_.has_value());
    w.end_object();
    return json_reply(std::move(body));
}

reply service::methodologies() const
{
    const auto lib = library();
    std::string body;
    json_writer w(body);
    w.begin_object();
    w.key("generation").raw_number(std::to_string(lib->generation()));
    w.key("methodologies").begin_array();
    for (const auto& name : lib->names()) {
        w.begin_object().key("name").string(name).key("versions").begin_array();
        for (const auto& v : lib->versions())
            if (v.entry.name == name) write_version(w, v);
        w.end_array().end_object();
    }
    w.end_array().end_object();
    return json_reply(std::move(body));
}

reply service::version(const std::string& name, const std::string& version, const std::string& what,
                       const std::string& format) const
{
    const auto lib = library();
    const auto* v = lib->find(name, version);
    if (!v)
        return error_reply(404, "unknown_version",
                           fmt::format("no version \"{}\" of methodology \"{}\"; versions: {}", escape_control(version),
                                       escape_control(name), lib->version_list(name)));
    const auto& c = v->rules.catalogue();
    if (what.empty()) return json_reply(catalogue_json(c));
    if (what == "schema") {
        auto r = json_reply(assessment_schema(c));
        r.content_type = "application/schema+json";
        return r;
    }
    if (format == "csv") {
        reply r = json_reply(assessment_template(c, template_format::csv));
        r.content_type = "text/csv; charset=utf-8";
        return r;
    }
    if (format == "md") {
        reply r = json_reply(assessment_template(c, template_format::md));
        r.content_type = "text/markdown; charset=utf-8";
        return r;
    }
    if (format != "json")
        return error_reply(400, "bad_request",
                           fmt::format("format \"{}\" is not json, csv or md", escape_control(format)));
    return json_reply(assessment_template(c, template_format::json));
}

std::variant<service::decided, reply> service::decide(const evaluate_request& r) const
{
    decided out;
    out.library = library();
    auto read = read_assessment(r.body, "request");
    if (!read.ok()) return diagnostics_reply(400, "bad_assessment", read.diagnostics());
    out.input = std::move(read.value());
    std::string name = r.methodology.substr(0, r.methodology.find('@'));
    std::optional<std::string> version;
    if (const auto at = r.methodology.find('@'); at != std::string::npos) version = r.methodology.substr(at + 1);
    const auto names = out.library->names();
    if (name.empty() && names.size() == 1) name = names.front();
    if (name.empty())
        return error_reply(400, "bad_request",
                           fmt::format("give methodology=NAME[@VERSION]; this service has {}", fmt::join(names, ", ")));
    out.version = out.library->select(name, version, out.input.assessed_on);
    if (!out.version)
        return error_reply(404, "unknown_version",
                           fmt::format("no version of methodology \"{}\" {}; versions: {}", escape_control(name),
                                       version ? "called \"" + escape_control(*version) + "\""
                                               : "in force on " + out.input.assessed_on.to_string(),
                                       out.library->version_list(name)));
    auto evaluated = out.version->rules.evaluate(out.input);
    if (!evaluated.ok()) return diagnostics_reply(400, "bad_assessment", evaluated.diagnostics());
    out.result = std::move(evaluated.value());
    return out;
}

namespace {

// A plan that does not verify is hallmark's bug (500), not the request's (400).
reply plan_failed(const std::vector<diagnostic>& why)
{
    const bool ours = !why.empty() && why.front().message.starts_with(plan_internal_error);
    return diagnostics_reply(ours ? 500 : 400, ours ? "internal_error" : "bad_request", why);
}

}  // namespace

reply service::evaluate(const evaluate_request& r) const
{
    auto d = decide(r);
    if (auto* failed = std::get_if<reply>(&d)) return std::move(*failed);
    const auto& made = std::get<decided>(d);
    const auto& result = made.result;
    const auto& catalogue = made.version->rules.catalogue();
    reply out;
    if (r.format == "json") {
        out.body = to_json(result);
    } else if (r.format == "html" || r.format == "md") {
        // A report opens "What to improve" with the plan, as `hallmark eval` writes it.
        const auto plan = make_plan(made.version->rules, made.input);
        if (!plan.ok()) return plan_failed(plan.diagnostics());
        const bool html = r.format == "html";
        out.content_type = html ? "text/html; charset=utf-8" : "text/markdown; charset=utf-8";
        out.body = html ? to_html(result, catalogue, &plan.value()) : to_markdown(result, catalogue, &plan.value());
    } else {
        out.content_type = "text/plain; charset=utf-8";
        out.body = to_text(result);
    }
    return out;
}

reply service::plan(const evaluate_request& r) const
{
    auto d = decide(r);
    if (auto* failed = std::get_if<reply>(&d)) return std::move(*failed);
    const auto& chosen = std::get<decided>(d);
    plan_options o;
    o.target = r.target;
    auto made = make_plan(chosen.version->rules, chosen.input, o);
    if (!made.ok()) return plan_failed(made.diagnostics());
    if (r.format != "text") return json_reply(to_json(*made));
    reply out;
    out.content_type = "text/plain; charset=utf-8";
    out.body = to_text(*made);
    return out;
}

reply service::record(const evaluate_request& r, const std::string& expert)
{
    if (!log_) return no_log_reply();
    if (expert.empty())
        return error_reply(400, "bad_request", "give the expert's name: expert=NAME (who made this decision)");
    auto d = decide(r);
    if (auto* failed = std::get_if<reply>(&d)) return std::move(*failed);
    const auto& made = std::get<decided>(d);
    std::int64_t id = 0;
    std::string hash;
    try {
        std::lock_guard lock(log_mutex_);
        id = log_->record(made.version->rules, made.input, made.result, {expert, std::nullopt});
        hash = log_->find(id).value().hash;
    } catch (const log_error& e) {
        return error_reply(500, "log_error", fmt::format("the decision was not recorded: {}", e.what()));
    }
    reply out;
    out.status = 201;
    out.location = fmt::format("/api/v1/decisions/{}", id);
    out.body =
        fmt::format("{{\"record\":{},\"hash\":{},\"decision\":{}}}\n", id, json_quote(hash), to_json(made.result));
    return out;
}

reply service::find_record(std::int64_t id) const
{
    if (!log_) return no_log_reply();
    std::optional<log_record> found;
    {
        std::lock_guard lock(log_mutex_);
        found = log_->find(id);
    }
    if (!found) return error_reply(404, "unknown_record", fmt::format("the log has no record {}", id));
    // As `hallmark log export` writes it.
    return json_reply(fmt::format("{{\"record\":{},\"hash\":{}}}", found->body(), json_quote(found->hash)));
}

reply service::verify() const
{
    if (!log_) return no_log_reply();
    const auto v = verify_log(log_path_);
    if (!v.ok()) return diagnostics_reply(500, "log_error", v.diagnostics());
    return json_reply(to_json(v.value(), log_path_));
}

reply service::reload()
{
    std::lock_guard one_at_a_time(reload_mutex_);
    const auto current = library();
    auto loaded = rule_library::load(rules_dir_, current->generation() + 1);
    if (!loaded.ok())
        return diagnostics_reply(422, "rules_do_not_compile", loaded.diagnostics(), current->generation());
    {
        std::lock_guard lock(library_mutex_);
        library_ = loaded.value();
    }
    return json_reply(fmt::format("{{\"reloaded\":true,\"generation\":{},\"versions\":{}}}",
                                  loaded.value()->generation(), loaded.value()->versions().size()));
}

}  // namespace hallmark::serve
