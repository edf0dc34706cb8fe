// SPDX-License-Identifier: Apache-2.0
// The public entry points: compile rule files into rule sets, evaluate assessments.
#include <hallmark/rule_set.hpp>
#include <hallmark/version.hpp>

#include "engine/api/rule_set_access.hpp"
#include "engine/compile/compiler.hpp"
#include "engine/load/load.hpp"
#include "engine/run/bind.hpp"
#include "engine/run/decide.hpp"
#include <hallmark/input_file.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace hallmark {

std::string engine_version() { return "hallmark " HALLMARK_VERSION_STRING; }

rule_set::rule_set(std::shared_ptr<const state> s) : state_(std::move(s)) {}
const rule_catalogue& rule_set::catalogue() const
{
    std::call_once(state_->catalogue_built, [this] {
        // Built whole before anything is kept or given up: should it throw (out of
        // memory), call_once lets the next call start again from the same declarations.
        auto catalogue = engine::make_catalogue(state_->program);
        auto& declarations = catalogue.declarations;
        declarations.reserve(state_->declarations.size());
        for (const auto& d : state_->declarations)
            declarations.push_back({ast::to_string(d.kind), d.id, engine::unpack_fields(d.fields)});
        state_->catalogue = std::move(catalogue);
        // Nothing else reads the packed declarations (issue 18, compile memory).
        state_->declarations = {};
    });
    return state_->catalogue;
}

const std::string& rule_set::name() const { return state_->program.name; }
const std::string& rule_set::version() const { return state_->program.version; }
const std::string& rule_set::title() const { return state_->program.title; }
std::optional<date> rule_set::effective() const { return state_->program.effective; }
std::optional<date> rule_set::until() const { return state_->program.until; }
const std::string& rule_set::sha256() const { return state_->program.sha256; }
std::size_t rule_set::test_count() const { return state_->program.tests.size(); }
const std::vector<rule_file>& rule_set::files() const { return state_->program.files; }
bool rule_set::declares(std::string_view id) const { return state_->program.find_indicator(id) >= 0; }

bool rule_set::holds_set(std::string_view id) const
{
    const int i = state_->program.find_indicator(id);
    if (i < 0) return false;
    const auto k = state_->program.indicators[i].kind;
    return k == ast::type_kind::choice_set || k == ast::type_kind::criterion_set;
}

std::optional<source_location> rule_set::criterion_location(std::string_view id) const
{
    const int i = state_->program.find_criterion(id);
    if (i < 0) return std::nullopt;
    return catalogue().criteria[static_cast<std::size_t>(i)].location;
}

std::optional<source_location> rule_set::label_location(std::string_view id) const
{
    const int i = state_->program.find_label(id);
    if (i < 0) return std::nullopt;
    return catalogue().labels[static_cast<std::size_t>(i)].location;
}

result<decision> rule_set::evaluate(const assessment& a) const
{
    auto bound = engine::bind(state_->program, a);
    if (auto* problems = std::get_if<std::vector<diagnostic>>(&bound)) return std::move(*problems);
    try {
        return engine::decide(state_->program, std::get<engine::bound_input>(bound), a);
    } catch (const arithmetic_error& e) {
        // Only validity dates are computed outside the evaluator's own error capture.
        return std::vector<diagnostic>{
            {severity::error, a.source, 0, 0, std::string("the label's validity cannot be computed: ") + e.what()}};
    }
}

result<std::optional<std::string>> rule_set::label_of(const assessment& a) const
{
    auto bound = engine::bind(state_->program, a);
    if (auto* problems = std::get_if<std::vector<diagnostic>>(&bound)) return std::move(*problems);
    const int label = engine::decide_label(state_->program, std::get<engine::bound_input>(bound));
    if (label < 0) return std::optional<std::string>();
    return std::optional<std::string>(state_->program.labels[label].id);
}

std::optional<date> rule_set::valid_until(std::string_view label, const assessment& a) const
{
    const int i = state_->program.find_label(label);
    if (i < 0) return std::nullopt;
    return engine::label_valid_until(state_->program, a, static_cast<std::uint32_t>(i));
}

std::string compile_result::render() const
{
    std::string out;
    for (const auto& d : diagnostics()) {
        std::string_view text;
        for (const auto& s : sources)
            if (s.name == d.source) text = s.text;
        out += hallmark::render(d, text);
    }
    return out;
}

namespace {

// Phases find problems in their own order; readers want them in the order of the text.
void sort_by_position(std::vector<diagnostic>& diags, const std::vector<rule_source>& sources)
{
    auto file_rank = [&](const std::string& name) {
        for (std::size_t i = 0; i < sources.size(); ++i)
            if (sources[i].name == name) return i;
        return sources.size();
    };
    std::stable_sort(diags.begin(), diags.end(), [&](const diagnostic& a, const diagnostic& b) {
        const auto fa = file_rank(a.source), fb = file_rank(b.source);
        if (fa != fb) return fa < fb;
        if (a.line != b.line) return a.line < b.line;
        return a.column < b.column;
    });
}

compile_result compile_source(engine::source_text top, const compile_options& options)
{
    std::vector<diagnostic> diags;
    std::vector<rule_source> sources;
    engine::base_finder finder = engine::directory_finder(options.search_dirs);
    if (options.find_base)
        finder = [&options](const std::string& n, const std::string& v, const std::string&,
                            engine::base_search&) -> std::optional<engine::source_text> {
            auto s = options.find_base(n, v);
            if (!s) return std::nullopt;
            return engine::source_text{s->name, s->text};
        };
    engine::loaded_rules loaded;
    const bool ok = engine::load(std::move(top), finder, loaded, diags, {options.read_tests, options.strict});
    std::optional<engine::program> program;
    if (ok) program = engine::compile(loaded, diags, options.strict);
    // The syntax tree goes before the rule set's catalogue is built: holding both was
    // the peak of compiling a large file (issue 18, compile memory).
    for (auto& s : loaded.sources) sources.push_back({std::move(s.name), std::move(s.text)});
    loaded = {};
    std::optional<rule_set> rules;
    if (program && !has_errors(diags)) rules = engine::make_rule_set(std::move(*program));
    sort_by_position(diags, sources);
    if (rules) return compile_result(std::move(*rules), std::move(diags), std::move(sources));
    return compile_result(std::move(diags), std::move(sources));
}

}  // namespace

compile_result compile_string(std::string_view text, std::string_view name, const compile_options& options)
{
    return compile_source({std::string(name), std::string(text)}, options);
}

compile_result compile_file(const std::string& path, const compile_options& options)
{
    auto read = read_input_file(path);
    if (!read.text) {
        return compile_result({{severity::error, input_name(path), 0, 0, "cannot read the file: " + read.reason}}, {});
    }
    return compile_string(*read.text, input_name(path), options);
}

}  // namespace hallmark
