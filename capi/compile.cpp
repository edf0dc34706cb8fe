// SPDX-License-Identifier: Apache-2.0
// Compiling rule sets, choosing a version from a directory, and what a rule set declares.
#include "capi/handles.hpp"

#include <hallmark/json_writer.hpp>
#include <hallmark/schema.hpp>

#include <memory>

using namespace hallmark::capi;

namespace {

// A compile's outcome as the C API hands it back: the rule set, or the diagnostics
// rendered as the command renders them (compile_result::render, with source lines).
hm_status hand_back(hallmark::compile_result compiled, hm_rules** rules, hm_error** error)
{
    if (!compiled.ok()) {
        auto rendered = compiled.render();
        return report(error, {HM_BAD_INPUT, std::move(rendered), std::move(compiled.diagnostics())});
    }
    auto made = std::make_unique<hm_rules>(hm_rules{compiled.value(), compiled.render()});
    *rules = made.release();
    return HM_OK;
}

// The latest version of `name` (as `hallmark eval --methodology NAME` chooses it).
std::optional<hallmark::version_entry> latest(const std::vector<hallmark::version_entry>& all, const std::string& name)
{
    std::optional<hallmark::version_entry> best;
    for (const auto& v : all)
        if (v.name == name && (!best || (v.effective && (!best->effective || *best->effective < *v.effective))))
            best = v;
    return best;
}

void optional_date(hallmark::json_writer& w, const std::optional<hallmark::date>& d)
{
    if (d) w.string(d->to_string());
    else w.null();
}

std::string versions_text(const std::vector<hallmark::version_entry>& all)
{
    std::string out;
    hallmark::json_writer w(out, hallmark::json_style::pretty);
    w.begin_array();
    for (const auto& v : all) {
        w.begin_object().key("path").string(v.path).key("name").string(v.name).key("version").string(v.version);
        w.key("effective");
        optional_date(w, v.effective);
        w.key("until");
        optional_date(w, v.until);
        w.key("extends");
        if (v.base_name) w.string(*v.base_name + " " + v.base_version.value_or(""));
        else w.null();
        w.end_object();
    }
    w.end_array();
    return out + "\n";
}

hm_status json_of(const hm_rules* rules, char** out, hm_error** error,
                  std::string (*make)(const hallmark::rule_catalogue&))
{
    if (!rules) return null_argument(error, "rules");
    if (!out) return null_argument(error, "the output");
    return guarded(error, [&] {
        *out = copy_out(make(rules->set.catalogue()));
        return HM_OK;
    });
}

}  // namespace

extern "C" {

hm_status hm_compile_file(const char* path, hm_rules** rules, hm_error** error)
{
    if (!path) return null_argument(error, "path");
    if (!rules) return null_argument(error, "rules");
    return guarded(error, [&] { return hand_back(hallmark::compile_file(path), rules, error); });
}

hm_status hm_compile_string(const char* text, size_t length, const char* name, hm_rules** rules, hm_error** error)
{
    if (!text && length > 0) return null_argument(error, "text");
    if (!rules) return null_argument(error, "rules");
    return guarded(error, [&] {
        return hand_back(hallmark::compile_string(view(text, length), name ? name : "<string>"), rules, error);
    });
}

void hm_rules_free(hm_rules* rules) { delete rules; }

hm_status hm_select_version(const char* dir, const char* name, const char* version, const char* on, char** path,
                            hm_error** error)
{
    if (!dir) return null_argument(error, "dir");
    if (!name) return null_argument(error, "name");
    if (!path) return null_argument(error, "path");
    return guarded(error, [&] {
        std::optional<hallmark::date> day;
        if (on && !(day = hallmark::date::parse(on)))
            return report(error, plain(HM_BAD_INPUT,
                                       "error: \"" + hallmark::escape_control(on) + "\" is not a date (YYYY-MM-DD)\n"));
        auto all = hallmark::find_versions(dir);
        if (!all.ok()) return report(error, bad_input(std::move(all.diagnostics())));
        const std::optional<std::string> wanted = version ? std::optional<std::string>(version) : std::nullopt;
        auto chosen = day || wanted ? hallmark::select_version(*all, name, wanted, day.value_or(hallmark::date{}))
                                    : latest(*all, name);
        if (!chosen) {
            // The command's words (`hallmark eval --methodology`).
            const std::string which = wanted ? " version \"" + *wanted + "\""
                                      : day  ? " in force on " + day->to_string()
                                             : "";
            return report(error, plain(HM_BAD_INPUT, "error: no rule file in '" + std::string(dir) +
                                                         "' for methodology \"" + name + "\"" + which + "\n"));
        }
        *path = copy_out(chosen->path);
        return HM_OK;
    });
}

hm_status hm_versions_json(const char* dir, char** json, hm_error** error)
{
    if (!dir) return null_argument(error, "dir");
    if (!json) return null_argument(error, "json");
    return guarded(error, [&] {
        auto all = hallmark::find_versions(dir);
        if (!all.ok()) return report(error, bad_input(std::move(all.diagnostics())));
        *json = copy_out(versions_text(*all));
        return HM_OK;
    });
}

const char* hm_rules_name(const hm_rules* rules) { return rules ? rules->set.name().c_str() : ""; }
const char* hm_rules_version(const hm_rules* rules) { return rules ? rules->set.version().c_str() : ""; }
const char* hm_rules_title(const hm_rules* rules) { return rules ? rules->set.title().c_str() : ""; }
const char* hm_rules_sha256(const hm_rules* rules) { return rules ? rules->set.sha256().c_str() : ""; }
const char* hm_rules_warnings(const hm_rules* rules) { return rules ? rules->warnings.c_str() : ""; }

hm_status hm_rules_catalogue_json(const hm_rules* rules, char** json, hm_error** error)
{
    return json_of(rules, json, error, hallmark::catalogue_json);
}

hm_status hm_rules_schema_json(const hm_rules* rules, char** json, hm_error** error)
{
    return json_of(rules, json, error, hallmark::assessment_schema);
}

hm_status hm_rules_template(const hm_rules* rules, const char* format, char** text, hm_error** error)
{
    if (!rules) return null_argument(error, "rules");
    if (!format) return null_argument(error, "format");
    if (!text) return null_argument(error, "text");
    return guarded(error, [&] {
        const std::string_view f = format;
        if (f != "json" && f != "csv" && f != "md")
            return report(error, plain(HM_BAD_INPUT, "error: the template format must be json, csv or md, not \"" +
                                                         hallmark::escape_control(f) + "\"\n"));
        const auto which = f == "csv"  ? hallmark::template_format::csv
                           : f == "md" ? hallmark::template_format::md
                                       : hallmark::template_format::json;
        *text = copy_out(hallmark::assessment_template(rules->set.catalogue(), which));
        return HM_OK;
    });
}

}  // extern "C"
