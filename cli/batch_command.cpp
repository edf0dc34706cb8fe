// SPDX-License-Identifier: Apache-2.0
// batch: many assessments in, one decision per line out, in input order, on N threads.
// Input is streamed in chunks, so memory stays flat however long the file.
#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "cli/progress.hpp"

#include <hallmark/corpus.hpp>
#include <hallmark/hallmark.hpp>
#include <hallmark/limits.hpp>

#include <hallmark/input_file.hpp>
#include <hallmark/json_writer.hpp>
#include <hallmark/text.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <iostream>
#include <map>
#include <thread>
#include <utility>
#include <variant>

namespace hallmark::cli {
namespace {

// Rows evaluated between two writes, per thread: enough to keep threads busy, small
// enough that memory does not grow with the input.
constexpr std::size_t rows_per_thread = 512;

// The rule set for each assessment: one file, or by methodology and date.
class rule_chooser {
public:
    static std::optional<rule_chooser> make(const batch_options& o)
    {
        rule_chooser c;
        std::vector<std::string> paths;
        if (!o.rules.empty()) paths.push_back(o.rules);
        else {
            const auto at = o.methodology.find('@');
            c.name_ = o.methodology.substr(0, at);
            if (at != std::string::npos) c.version_ = o.methodology.substr(at + 1);
            auto catalogue = find_versions(o.rules_dir);
            std::cerr << render_all(catalogue.diagnostics());
            if (!catalogue.ok()) return std::nullopt;
            c.versions_ = std::move(catalogue).value();
            for (const auto& v : c.versions_)
                if (v.name == c.name_ && (!c.version_ || v.version == *c.version_)) paths.push_back(v.path);
            if (paths.empty()) {
                std::cerr << fmt::format("error: no rule file in '{}' for methodology \"{}\"\n", o.rules_dir, c.name_);
                return std::nullopt;
            }
        }
        // Every candidate is compiled up front: threads then only read.
        for (const auto& p : paths) {
            auto r = compile_file(p, to_decide());
            std::cerr << r.render();
            if (!r.ok()) return std::nullopt;
            c.compiled_.emplace(p, r.value());
        }
        // Found once: looking the path up in the map for every row was measurable.
        c.single_ = o.rules.empty() ? nullptr : &c.compiled_.at(o.rules);
        return std::optional<rule_chooser>(std::move(c));  // moved: single_ points into compiled_
    }

    rule_chooser() = default;
    rule_chooser(rule_chooser&&) = default;
    rule_chooser(const rule_chooser&) = delete;
    rule_chooser& operator=(const rule_chooser&) = delete;

    // The rules for this assessment, or why there are none.
    std::variant<const rule_set*, std::string> choose(const assessment& a) const
    {
        if (single_) return single_;
        const auto v = select_version(versions_, name_, version_, a.assessed_on);
        if (!v) return fmt::format("no version of \"{}\" is in force on {}", name_, a.assessed_on.to_string());
        return &compiled_.at(v->path);
    }

    bool is_set(const std::string& id) const
    {
        for (const auto& [path, r] : compiled_)
            if (r.declares(id)) return r.holds_set(id);
        return false;
    }

    // What any of the rule sets declares: the indicators a CSV header may name, and the
    // labels of the summary, best first.
    std::vector<std::string> indicators() const
    {
        return ids([](const auto& c) { return c.indicators; });
    }
    std::vector<std::string> labels() const
    {
        return ids([](const auto& c) { return c.labels; });
    }

private:
    template <class entries>
    std::vector<std::string> ids(entries of) const
    {
        std::vector<std::string> out;
        for (const auto& [path, r] : compiled_)
            for (const auto& e : of(r.catalogue()))
                if (std::find(out.begin(), out.end(), e.id) == out.end()) out.push_back(e.id);
        return out;
    }

    const rule_set* single_ = nullptr;  // with --rules: the one rule set
    std::string name_;
    std::optional<std::string> version_;
    std::vector<version_entry> versions_;
    std::map<std::string, rule_set> compiled_;
};

struct row_result {
    std::vector<diagnostic> errors;    // why there is no decision
    std::optional<std::string> label;  // of the decision
};

std::string error_line(std::size_t line, const std::string& cluster_id, const std::vector<diagnostic>& errors)
{
    std::string out;
    json_writer w(out);
    w.begin_object().key("line").raw_number(std::to_string(line));
    if (!cluster_id.empty()) w.key("cluster_id").string(cluster_id);
    w.key("errors").begin_array();
    for (const auto& d : errors) w.string(d.message);
    w.end_array().end_object();
    return out;
}

// The error line appended to `text`; errors name the cluster, when the row gives one,
// on stderr as in the output line.
row_result failed(std::size_t line, const std::string& cluster_id, std::vector<diagnostic> errors, std::string& text)
{
    text += error_line(line, cluster_id, errors);
    if (!cluster_id.empty())
        for (auto& d : errors) d.message = fmt::format("cluster {}: {}", escape_control(cluster_id), d.message);
    return {std::move(errors), std::nullopt};
}

// Appends the row's output line, without its newline, to `text`.
row_result evaluate(const rule_chooser& rules, corpus_item item, const std::string& source, std::string& text)
{
    if (!item.read.ok()) return failed(item.line, item.cluster_id, std::move(item.read).diagnostics(), text);
    const auto* a = &item.read.value();
    const auto chosen = rules.choose(*a);
    if (auto* why = std::get_if<std::string>(&chosen))
        return failed(item.line, item.cluster_id, {{severity::error, source, item.line, 1, *why}}, text);
    // Straight from the evaluation to the line: the same bytes as to_json_line(evaluate(a)).
    // A failure leaves `text` as it was.
    auto result = append_json_line(*std::get<const rule_set*>(chosen), *a, text);
    if (!result.ok()) {
        for (auto& d : result.diagnostics()) d.line = item.line, d.source = source;
        return failed(item.line, item.cluster_id, std::move(result).diagnostics(), text);
    }
    return {{}, std::move(result).value()};
}

std::size_t record_bytes(const corpus_reader::record& r)
{
    std::size_t n = r.text.capacity();
    for (const auto& c : r.cells) n += c.size();
    return n;
}

// Evaluates a chunk of records on `jobs` threads and writes the results in order.
// Splitting records is cheap and stays on the reading thread, in order; reading each
// one (JSON parsing) and evaluating it run on the workers.
struct chunk_runner {
    const rule_chooser& rules;
    const corpus_reader& reader;
    const std::string& source;
    std::size_t jobs;
    atomic_output& out;
    bool json_lines;  // records are JSON documents (not CSV rows)
    std::vector<corpus_reader::record> chunk = std::vector<corpus_reader::record>(rows_per_thread * jobs);
    std::vector<row_result> results = std::vector<row_result>(chunk.size());
    std::size_t rows = 0, bad = 0, messages = 0;
    std::map<std::string, std::size_t, std::less<>> labels{};  // decisions per label ("no label" for none)
    bool written = true;
    // Per thread, the lines of its rows, kept from one chunk to the next.
    std::vector<std::string> texts = std::vector<std::string>(jobs);
    // Per thread, a reader and decider of clean JSON documents, kept likewise.
    std::vector<line_decider> deciders = std::vector<line_decider>(jobs);
    line_decider::chooser choose = [&r = rules](const assessment& a) -> const rule_set* {
        const auto chosen = r.choose(a);
        const auto* rules = std::get_if<const rule_set*>(&chosen);
        return rules ? *rules : nullptr;
    };
    progress bar{"batch", "assessments"};

    void tally(std::string_view label)
    {
        // Without a temporary string per row: looked up by view, added once per label.
        const auto it = labels.find(label);
        if (it != labels.end()) ++it->second;
        else labels.emplace(label, 1);
    }

    // Row `i` on thread `t`: a JSON document with nothing to report goes straight from its
    // text to its line; any other is read and evaluated as before, which reports why.
    void decide(std::size_t t, std::size_t i, std::string& text)
    {
        const auto& r = chunk[i];
        auto& result = results[i];
        result.errors.clear();
        if (json_lines && r.problem.empty() && deciders[t].decide(r.text, choose, text, result.label)) return;
        result = evaluate(rules, reader.read(r), source, text);
    }

    void flush(std::size_t count)
    {
        // Each thread a run of consecutive rows, its lines appended to its own text: the
        // texts in thread order are the output, written without copying a line again.
        // A thread's exception (out of memory) is kept and thrown here once every thread
        // has stopped: thrown inside a thread, or past a joinable one, it would abort.
        std::vector<std::exception_ptr> failed(jobs);
        auto work = [&](std::size_t t) {
            try {
                auto& text = texts[t];
                text.clear();
                for (std::size_t i = count * t / jobs; i < count * (t + 1) / jobs; ++i) {
                    decide(t, i, text);
                    text += '\n';
                }
            } catch (...) {
                failed[t] = std::current_exception();
            }
        };
        {
            std::vector<std::jthread> pool;
            pool.reserve(jobs);
            try {
                for (std::size_t t = 1; t < jobs; ++t) pool.emplace_back(work, t);
            } catch (...) {
                failed[0] = std::current_exception();  // no thread: the others are joined below
            }
            if (!failed[0]) work(0);
        }  // jthreads join here
        for (const auto& e : failed)
            if (e) std::rethrow_exception(e);
        for (std::size_t i = 0; i < count; ++i) {
            if (results[i].errors.empty()) {
                tally(results[i].label ? std::string_view(*results[i].label) : std::string_view("no label"));
                continue;
            }
            ++bad;
            messages += results[i].errors.size();
            std::cerr << render_all(results[i].errors);
        }
        // Long records give their memory back, so the chunk's slots do not each keep the
        // longest record they ever held.
        for (std::size_t i = 0; i < count; ++i)
            if (chunk[i].text.capacity() > 64 * 1024) std::string().swap(chunk[i].text);
        for (auto& text : texts) {
            written = written && out.write(text);
            if (text.capacity() > 64 * 1024 * 1024) std::string().swap(text);  // after a chunk of huge lines
        }
        rows += count;
        bar.update(rows, 0, bad == 0 ? "" : fmt::format("{} with errors", bad));
    }
};

// Label counts, best label first, then "no label".
std::vector<std::pair<std::string, std::size_t>> label_counts(const chunk_runner& run, const rule_chooser& rules)
{
    std::vector<std::pair<std::string, std::size_t>> out;
    auto ids = rules.labels();
    ids.emplace_back("no label");
    for (const auto& id : ids) {
        const auto it = run.labels.find(id);
        out.emplace_back(id, it == run.labels.end() ? 0 : it->second);
    }
    return out;
}

// After every row's messages, on stderr: stdout may be the decisions themselves.
void print_summary(const chunk_runner& run, const rule_chooser& rules, const std::string& format)
{
    const auto counts = label_counts(run, rules);
    if (format == "json") {
        std::string out;
        json_writer w(out);
        w.begin_object().key("rows").raw_number(std::to_string(run.rows));
        w.key("decided").raw_number(std::to_string(run.rows - run.bad)).key("labels").begin_object();
        for (const auto& [id, n] : counts) w.key(id).raw_number(std::to_string(n));
        w.end_object().key("error_rows").raw_number(std::to_string(run.bad));
        w.key("errors").raw_number(std::to_string(run.messages)).end_object();
        std::cerr << out << "\n";
        return;
    }
    std::cerr << fmt::format("summary: {} row{}, {} decided, {} with errors\n", run.rows, run.rows == 1 ? "" : "s",
                             run.rows - run.bad, run.bad);
    for (const auto& [id, n] : counts) std::cerr << fmt::format("  {}: {}\n", id, n);
    std::cerr << fmt::format("  errors: {} in {} row{}\n", run.messages, run.bad, run.bad == 1 ? "" : "s");
}

}  // namespace

int run_batch(const batch_options& o)
{
    if (!one_rules_source(o.rules, o.methodology)) return exit_bad_input;
    const auto rules = rule_chooser::make(o);
    if (!rules) return exit_bad_input;
    auto in = open_input_stream(o.input);
    if (!in.stream) {
        std::cerr << fmt::format("error: cannot read '{}': {}\n", o.input, in.reason);
        return exit_bad_input;
    }
    const std::string source = input_name(o.input);
    atomic_output out(o.out);
    if (!out.ok()) {
        std::cerr << fmt::format("error: cannot write '{}'\n", o.out);
        return exit_bad_input;
    }
    const std::size_t jobs = std::max<std::size_t>(1, o.jobs);
    // A CSV header naming no indicator of the rules is reported once, not in every row.
    const bool csv = is_csv(o.input);
    corpus_reader reader(
        *in.stream, source, csv,
        {[&](const std::string& id) { return rules->is_set(id); }, o.csv_delimiter, rules->indicators()});
    chunk_runner run{*rules, reader, source, jobs, out, !csv};
    run.bar.measure(o.input, *in.stream);
    // Written out when the chunk is full or holds batch_buffer_bytes, whichever comes
    // first: memory is bounded by that setting, not by line length times chunk size.
    std::size_t filled = 0, held = 0;
    while (reader.next(run.chunk[filled])) {
        held += record_bytes(run.chunk[filled]);
        if (++filled == run.chunk.size() || held >= limits::batch_buffer_bytes) {
            run.flush(std::exchange(filled, 0));
            held = 0;
        }
    }
    if (filled > 0) run.flush(filled);
    run.bar.finish();
    if (o.summary) print_summary(run, *rules, o.format);
    if (!run.written || !out.commit()) {
        std::cerr << fmt::format("error: cannot write '{}'; nothing was written\n", o.out.empty() ? "stdout" : o.out);
        return exit_bad_input;
    }
    return run.bad == 0 ? exit_ok : exit_bad_input;
}

}  // namespace hallmark::cli
