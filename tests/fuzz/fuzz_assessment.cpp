// SPDX-License-Identifier: Apache-2.0
// Arbitrary bytes as an assessment document: read it, check that the reader's fast path
// agrees with the reference reader, then evaluate it against each shipped ECEI version
// and render every output format.
#include "fuzz_support.hpp"

#include "engine/input/readers.hpp"

#include <hallmark/corpus.hpp>
#include <hallmark/decision.hpp>

#include <cstddef>
#include <cstdint>

namespace {

using namespace hallmark;
using fuzz_support::require;

const std::vector<rule_set>& versions()
{
    static const std::vector<rule_set> all = [] {
        std::vector<rule_set> out;
        for (const char* v : {"2013", "2019", "2020"}) {
            auto r = compile_file(std::string(HALLMARK_SOURCE_DIR) + "/rules/ecei/" + v + ".rules");
            require(r.ok(), "shipped ECEI rules must compile");
            out.push_back(*r);
        }
        return out;
    }();
    return all;
}

// Every field of an assessment, for comparing two readings.
std::string fields(const assessment& a)
{
    std::string out = a.cluster_json + "|" + a.cluster_id + "|" + a.assessed_on.to_string() + "|" + a.canonical;
    for (const auto& h : a.history) {
        out += "|" + h.label + " " + h.assessed_on.to_string() + " " +
               (h.valid_until ? h.valid_until->to_string() : "") + " " + std::to_string(h.line) + ":" +
               std::to_string(h.column);
    }
    for (const auto& [name, v] : a.indicators) {
        out += "|" + name + " " + std::to_string(static_cast<int>(v.type)) + std::to_string(v.boolean) + v.text + " " +
               std::to_string(v.line) + ":" + std::to_string(v.column);
        for (const auto& item : v.items) out += "," + item;
    }
    return out;
}

// The fast path reads exactly what the reference reader reads, and declines the rest.
void require_agreement(std::string_view text, const result<assessment>& read)
{
    assessment fast;
    const bool clean = detail::read_clean_assessment(text, fast);
    const auto reference = detail::read_assessment_reference(text, "fuzz.json");
    require(clean == reference.ok(), "the fast path takes exactly the documents the reference reader accepts");
    require(read.ok() == reference.ok(), "read_assessment agrees with the reference reader");
    if (!clean) return;
    require(fields(fast) == fields(reference.value()), "the fast path reads what the reference reader reads");
    require(fields(read.value()) == fields(reference.value()), "read_assessment reads what the reference reads");
}

// `hallmark batch`'s decider of clean documents decides exactly what read_assessment and
// append_json_line decide, to the byte, and declines the rest. One per version, reused
// from input to input as batch reuses it from record to record.
void require_line_decider_agreement(std::string_view text, const result<assessment>& read)
{
    static std::vector<line_decider> deciders(versions().size());
    for (std::size_t v = 0; v < versions().size(); ++v) {
        const rule_set& rules = versions()[v];
        std::string want, got;
        std::optional<std::string> want_label, label;
        bool decided = false;
        if (read.ok()) {
            auto r = append_json_line(rules, read.value(), want);
            decided = r.ok();
            if (decided) want_label = r.value();
        }
        const bool ok = deciders[v].decide(
            text, [&rules](const assessment&) { return &rules; }, got, label);
        require(ok == decided, "the line decider decides exactly what append_json_line decides");
        require(got == (ok ? want : std::string()), "the line decider writes append_json_line's line");
        require(!ok || label == want_label, "the line decider gives append_json_line's label");
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    auto read = read_assessment(text, "fuzz.json");
    require_agreement(text, read);
    require_line_decider_agreement(text, read);
    if (!read.ok()) {
        require(!read.diagnostics().empty(), "a rejected document says why");
        fuzz_support::require_well_formed(read.diagnostics());
        return 0;
    }
    const auto& a = read.value();
    // The canonical form is a fixed point: reading it back gives the same bytes.
    auto again = read_assessment(a.canonical, "canonical.json");
    require(again.ok(), "canonical JSON must read back");
    require(again.value().canonical == a.canonical, "canonical JSON must be a fixed point");
    for (const auto& rules : versions()) {
        auto r = rules.evaluate(a);
        if (!r.ok()) {
            require(!r.diagnostics().empty(), "a rejected assessment says why");
            fuzz_support::require_well_formed(r.diagnostics());
            continue;
        }
        const auto& d = r.value();
        const auto json = to_json(d);
        auto r2 = rules.evaluate(a);
        require(to_json(r2.value()) == json, "evaluation must be repeatable");
        bool seen_met = false;
        for (const auto& l : d.labels) {
            if (l.result != outcome::met || seen_met) continue;
            seen_met = true;
            require(d.label == l.id, "the label awarded is the best one met");
        }
        require(seen_met || !d.label, "no label unless one is met");
        (void)to_text(d);
        (void)to_markdown(d);
        (void)to_html(d);
    }
    return 0;
}
