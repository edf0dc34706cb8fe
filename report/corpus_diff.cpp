// SPDX-License-Identifier: Apache-2.0
// The decisions of a corpus under two versions: label transitions, the criteria only one
// version has counted once, and labels that cannot be told because an indicator is new.
#include <hallmark/corpus.hpp>
#include <hallmark/rule_diff.hpp>
#include <hallmark/text.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <sstream>

namespace hallmark {
namespace {

constexpr const char* no_label = "no label";

// What the two versions do not share, found once from their catalogues.
struct version_pair {
    const rule_set& before;
    const rule_set& after;
    std::set<std::string> only_before, only_after;  // criteria ids
    std::set<std::string> new_indicators;           // declared by `after` alone

    version_pair(const rule_set& b, const rule_set& a) : before(b), after(a)
    {
        for (const auto& i : a.catalogue().indicators)
            if (!b.declares(i.id)) new_indicators.insert(i.id);
        for (const auto& c : b.catalogue().criteria)
            if (!has_criterion(a, c.id)) only_before.insert(c.id);
        for (const auto& c : a.catalogue().criteria)
            if (!has_criterion(b, c.id)) only_after.insert(c.id);
    }

    static bool has_criterion(const rule_set& r, const std::string& id)
    {
        const auto& cs = r.catalogue().criteria;
        return std::any_of(cs.begin(), cs.end(), [&](const auto& c) { return c.id == id; });
    }
};

// The criteria of `ours` that `theirs` lacks, each with its index in `ours`'s decisions.
std::vector<std::pair<std::size_t, criterion_tally>> only_in(const rule_set& ours, const rule_set& theirs)
{
    std::vector<std::pair<std::size_t, criterion_tally>> out;
    const auto& cs = ours.catalogue().criteria;
    for (std::size_t i = 0; i < cs.size(); ++i)
        if (!version_pair::has_criterion(theirs, cs[i].id)) out.push_back({i, {cs[i].id, 0, 0, 0}});
    return out;
}

void count(std::vector<std::pair<std::size_t, criterion_tally>>& tallies, const decision& d)
{
    for (auto& [i, t] : tallies) {
        if (i >= d.criteria.size()) continue;
        const auto r = d.criteria[i].result;
        ++(r == outcome::met ? t.met : r == outcome::not_met ? t.not_met : t.not_assessable);
    }
}

std::string outcome_of(const decision& d, const std::string& id)
{
    for (const auto& c : d.criteria)
        if (c.id == id) return to_string(c.result);
    return "absent";
}

// New indicators the assessment does not report that leave a label above the one
// decided undecided: with them, the label could be higher, so it cannot be told.
std::vector<std::string> absent_indicators(const decision& y, const std::set<std::string>& fresh)
{
    std::vector<std::string> out;
    for (const auto& l : y.labels) {
        if (y.label && l.id == *y.label) break;
        if (l.result != outcome::not_assessable) continue;
        for (const auto& m : l.missing)
            if (fresh.count(m) != 0 && std::find(out.begin(), out.end(), m) == out.end()) out.push_back(m);
    }
    std::sort(out.begin(), out.end());
    return out;
}

decision_change compare(std::size_t line, const assessment& a, const decision& x, const decision& y,
                        const version_pair& v)
{
    decision_change c{line, a.cluster_id, x.label, y.label, {}, absent_indicators(y, v.new_indicators), {}};
    for (const auto& k : x.criteria) {
        if (v.only_before.count(k.id) != 0) {
            if (k.result != outcome::met) c.unmet_only_in_one.push_back({k.id, {"removed", to_string(k.result)}});
        } else if (const auto now = outcome_of(y, k.id); now != to_string(k.result)) {
            c.criteria.push_back({k.id, {to_string(k.result), now}});
        }
    }
    for (const auto& k : y.criteria)
        if (v.only_after.count(k.id) != 0 && k.result != outcome::met)
            c.unmet_only_in_one.push_back({k.id, {"added", to_string(k.result)}});
    return c;
}

bool reports(const assessment& a, const std::string& id)
{
    for (const auto& [name, value] : a.indicators)
        if (name == id) return value.type != raw_value::kind::null;
    return false;
}

// The assessment with each assumed value it does not report, keeping indicators sorted.
assessment with_assumptions(assessment a, const std::vector<corpus_assumption>& assume)
{
    for (const auto& s : assume) {
        if (reports(a, s.indicator)) continue;
        std::erase_if(a.indicators, [&](const auto& i) { return i.first == s.indicator; });
        const auto at = std::lower_bound(a.indicators.begin(), a.indicators.end(), s.indicator,
                                         [](const auto& i, const std::string& id) { return i.first < id; });
        a.indicators.insert(at, {s.indicator, s.value});
    }
    return a;
}

std::vector<std::string> matrix_labels(const rule_set& r)
{
    std::vector<std::string> out;
    for (const auto& l : r.catalogue().labels) out.push_back(l.id);
    out.emplace_back(no_label);
    return out;
}

std::vector<criterion_tally> tallies_of(std::vector<std::pair<std::size_t, criterion_tally>> ts)
{
    std::vector<criterion_tally> out;
    for (auto& [i, t] : ts) out.push_back(std::move(t));
    return out;
}

// Each assessment's part of the comparison, once it was read and both decisions made.
struct comparison {
    const version_pair& versions;
    corpus_diff& out;
    std::vector<std::pair<std::size_t, criterion_tally>> added, removed;

    void add(std::size_t line, const assessment& a, const decision& x, const decision& y)
    {
        ++out.assessments;
        count(removed, x);
        count(added, y);
        auto change = compare(line, a, x, y, versions);
        for (const auto& id : change.absent) ++out.absent[id];
        const auto to = change.absent.empty() ? y.label.value_or(no_label) : corpus_diff::not_assessable;
        ++out.transitions[{x.label.value_or(no_label), to}];
        if (change.label_before != change.label_after || !change.criteria.empty() || !change.absent.empty())
            out.changed.push_back(std::move(change));
    }

    void finish()
    {
        out.labels_before = matrix_labels(versions.before);
        out.labels_after = matrix_labels(versions.after);
        if (!out.absent.empty()) out.labels_after.emplace_back(corpus_diff::not_assessable);
        out.criteria_added = tallies_of(std::move(added));
        out.criteria_removed = tallies_of(std::move(removed));
    }
};

result<corpus_assumption> assumption_error(std::string message)
{
    return std::vector<diagnostic>{{severity::error, "--assume", 0, 0, std::move(message)}};
}

std::vector<std::string> declared_ids(const rule_set& before, const rule_set& after)
{
    std::vector<std::string> out;
    for (const auto* r : {&before, &after})
        for (const auto& i : r->catalogue().indicators)
            if (std::find(out.begin(), out.end(), i.id) == out.end()) out.push_back(i.id);
    return out;
}

// "a""b" for a"b: the value as one quoted CSV cell.
std::string quoted_cell(std::string_view v)
{
    std::string out = "\"";
    for (char c : v) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

}  // namespace

result<corpus_assumption> parse_assumption(std::string_view text, const rule_set& before, const rule_set& after)
{
    const auto eq = text.find('=');
    if (eq == std::string_view::npos || eq == 0)
        return assumption_error(fmt::format("'{}' is not INDICATOR=VALUE", escape_control(text)));
    const std::string id(text.substr(0, eq));
    if (!before.declares(id) && !after.declares(id))
        return assumption_error(fmt::format("unknown indicator '{}': neither version declares it{}", escape_control(id),
                                            did_you_mean(id, declared_ids(before, after))));
    const rule_set& owner = after.declares(id) ? after : before;
    // Read as a one-row CSV file, so that the value is read as a corpus cell is.
    std::istringstream csv("assessed_on," + id + "\n2000-01-01," + quoted_cell(text.substr(eq + 1)) + "\n");
    csv_typing typing{[&](const std::string& i) { return owner.holds_set(i); }, ','};
    std::optional<result<corpus_assumption>> got;
    read_corpus(csv, "--assume", true, typing, [&](corpus_item item) {
        if (!item.read.ok()) return void(got = std::move(item.read).diagnostics());
        auto& a = item.read.value();
        if (a.indicators.empty())
            return void(got = assumption_error(fmt::format("no value given for indicator '{}'", id)));
        for (const auto* r : {&before, &after}) {
            if (!r->declares(id)) continue;
            auto decided = r->evaluate(a);
            if (!decided.ok()) return void(got = std::move(decided).diagnostics());
        }
        raw_value v = a.indicators.front().second;
        v.line = v.column = 0;
        got = corpus_assumption{id, std::move(v)};
    });
    if (!got) return assumption_error(fmt::format("no value given for indicator '{}'", id));
    if (!got->ok())
        for (auto& d : got->diagnostics()) d.source = "--assume", d.line = d.column = 0;
    return std::move(*got);
}

corpus_diff diff_corpus(const rule_set& before, const rule_set& after, std::istream& corpus, const std::string& source,
                        bool csv, char csv_delimiter)
{
    return diff_corpus(before, after, corpus, source, corpus_diff_options{csv, csv_delimiter, {}});
}

corpus_diff diff_corpus(const rule_set& before, const rule_set& after, std::istream& corpus, const std::string& source,
                        const corpus_diff_options& options)
{
    corpus_diff out;
    const version_pair versions(before, after);
    comparison compared{versions, out, only_in(after, before), only_in(before, after)};
    csv_typing typing;
    typing.delimiter = options.csv_delimiter;
    // A set column is read as a set when either version declares it one.
    typing.is_set = [&](const std::string& id) {
        return after.declares(id) ? after.holds_set(id) : before.holds_set(id);
    };
    auto one = [&](corpus_item item) {
        if (!item.read.ok()) {
            out.problems.insert(out.problems.end(), item.read.diagnostics().begin(), item.read.diagnostics().end());
            return;
        }
        const auto a = with_assumptions(std::move(item.read.value()), options.assume);
        for (const auto& [id, value] : a.indicators)
            if (!before.declares(id) && !after.declares(id)) ++out.undeclared[id];
        auto x = before.evaluate(declared_only(a, before));
        auto y = after.evaluate(declared_only(a, after));
        for (auto* r : {&x, &y})
            if (!r->ok()) {
                for (auto d : r->diagnostics()) out.problems.push_back((d.line = item.line, d));
                return;
            }
        compared.add(item.line, a, x.value(), y.value());
    };
    std::size_t rows = 0;
    read_corpus(corpus, source, options.csv, typing, [&](corpus_item item) {
        one(std::move(item));
        if (options.progress) options.progress(++rows, 0);
    });
    compared.finish();
    return out;
}

}  // namespace hallmark
