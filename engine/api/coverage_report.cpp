// SPDX-License-Identifier: Apache-2.0
// Test coverage as a report: the collector's counts become items in file order, written
// as text, JSON or an lcov tracefile.
#include "engine/api/coverage.hpp"

#include <hallmark/json_writer.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <tuple>

namespace hallmark {

bool coverage_item::covered() const
{
    return std::all_of(goals.begin(), goals.end(), [](const coverage_goal& g) { return g.optional || g.seen > 0; });
}

std::vector<std::string> coverage_item::missing() const
{
    std::vector<std::string> out;
    for (const auto& g : goals)
        if (g.seen == 0 && !g.optional) out.push_back(g.name);
    return out;
}

const char* to_string(coverage_item::kind k)
{
    switch (k) {
    case coverage_item::kind::criterion: return "criterion";
    case coverage_item::kind::tier: return "tier";
    case coverage_item::kind::label: return "label";
    case coverage_item::kind::threshold: return "threshold";
    }
    return "criterion";
}

namespace engine {
namespace {

coverage_item item_at(const program& p, coverage_item::kind k, const ast::position& pos)
{
    coverage_item it;
    it.what = k;
    it.file = pos.file < p.files.size() ? p.files[pos.file].path : std::string();
    it.line = pos.line;
    it.column = pos.column;
    return it;
}

}  // namespace

coverage_report coverage_collector::report() const
{
    coverage_report r;
    r.methodology = p_.name;
    r.version = p_.version;
    r.tests = tests_;
    std::vector<std::pair<ast::position, coverage_item>> items;
    for (std::size_t i = 0; i < p_.criteria.size(); ++i) {
        const auto& c = p_.criteria[i];
        auto it = item_at(p_, coverage_item::kind::criterion, c.pos);
        it.name = c.id;
        it.within = c.id;
        it.evaluated = criteria_[i][0] + criteria_[i][1] + criteria_[i][2];
        it.goals = {{"met", criteria_[i][0]}, {"not_met", criteria_[i][1]}, {"not_assessable", criteria_[i][2], true}};
        items.emplace_back(c.pos, std::move(it));
        for (std::size_t t = 0; t < c.tiers.size(); ++t) {
            auto ti = item_at(p_, coverage_item::kind::tier, c.tiers[t].pos);
            ti.name = fmt::format("{} tier {}: {}{}", c.id, t + 1, c.tiers[t].points.to_string(),
                                  c.tiers[t].when ? " when " + std::string(p_.texts[p_.nodes[*c.tiers[t].when].source])
                                                  : std::string(" otherwise"));
            ti.within = c.id;
            ti.evaluated = it.evaluated;
            ti.goals = {{"chosen", tiers_[i][t]}};
            items.emplace_back(c.tiers[t].pos, std::move(ti));
        }
    }
    for (std::size_t i = 0; i < p_.labels.size(); ++i) {
        auto it = item_at(p_, coverage_item::kind::label, p_.labels[i].pos);
        it.name = it.within = p_.labels[i].id;
        it.evaluated = labels_[i][0] + labels_[i][1];
        it.goals = {{"met", labels_[i][0]}, {"not met", labels_[i][1]}};
        items.emplace_back(p_.labels[i].pos, std::move(it));
    }
    for (std::size_t i = 0; i < thresholds_.size(); ++i) {
        const auto& pos = p_.node_pos[thresholds_[i].node];
        auto it = item_at(p_, coverage_item::kind::threshold, pos);
        it.name = p_.texts[p_.nodes[thresholds_[i].node].source];
        it.within = threshold_within_[i];
        it.evaluated = threshold_evaluated_[i];
        for (std::size_t g = 0; g < thresholds_[i].goals.size(); ++g)
            it.goals.push_back({thresholds_[i].goals[g].name, threshold_seen_[i][g]});
        items.emplace_back(pos, std::move(it));
    }
    // Top file first, as `files` lists them; then by place in the file.
    std::stable_sort(items.begin(), items.end(), [](const auto& a, const auto& b) {
        return std::tie(a.first.file, a.first.line, a.first.column) <
               std::tie(b.first.file, b.first.line, b.first.column);
    });
    for (auto& [pos, it] : items) r.items.push_back(std::move(it));
    return r;
}

}  // namespace engine

std::size_t coverage_report::covered(coverage_item::kind what) const
{
    return static_cast<std::size_t>(std::count_if(
        items.begin(), items.end(), [&](const coverage_item& i) { return i.what == what && i.covered(); }));
}

std::size_t coverage_report::total(coverage_item::kind what) const
{
    return static_cast<std::size_t>(
        std::count_if(items.begin(), items.end(), [&](const coverage_item& i) { return i.what == what; }));
}

namespace {

constexpr coverage_item::kind all_kinds[] = {coverage_item::kind::criterion, coverage_item::kind::tier,
                                             coverage_item::kind::label, coverage_item::kind::threshold};

std::vector<std::string> files_of(const coverage_report& r)
{
    std::vector<std::string> files;
    for (const auto& i : r.items)
        if (std::find(files.begin(), files.end(), i.file) == files.end()) files.push_back(i.file);
    return files;
}

}  // namespace

std::string coverage_report::text() const
{
    std::string out =
        fmt::format("coverage of {} {} by {} test{}\n", methodology, version, tests, tests == 1 ? "" : "s");
    for (const auto& f : files_of(*this)) {
        std::vector<std::string> parts;
        for (auto k : all_kinds) {
            std::size_t n = 0, c = 0;
            for (const auto& i : items)
                if (i.file == f && i.what == k) {
                    ++n;
                    c += i.covered();
                }
            if (n > 0)
                parts.push_back(fmt::format("{} {}/{}",
                                            k == coverage_item::kind::criterion   ? "criteria"
                                            : k == coverage_item::kind::threshold ? "thresholds"
                                                                                  : fmt::format("{}s", to_string(k)),
                                            c, n));
        }
        out += fmt::format("{}: {}\n", f, fmt::join(parts, ", "));
        for (const auto& i : items)
            if (i.file == f && !i.covered())
                out += fmt::format("  {}:{}: {} {}{}: never {}\n", i.file, i.line, to_string(i.what), i.name,
                                   i.what == coverage_item::kind::threshold ? " (in " + i.within + ")" : "",
                                   fmt::join(i.missing(), ", "));
    }
    return out;
}

std::string coverage_report::json() const
{
    std::string out;
    json_writer w(out, json_style::pretty);
    write_json(w);
    return out + "\n";
}

void coverage_report::write_json(json_writer& w) const
{
    w.begin_object().key("methodology").string(methodology).key("version").string(version);
    w.key("tests").raw_number(std::to_string(tests));
    w.key("summary").begin_object();
    for (auto k : all_kinds)
        w.key(to_string(k))
            .begin_object()
            .key("covered")
            .raw_number(std::to_string(covered(k)))
            .key("total")
            .raw_number(std::to_string(total(k)))
            .end_object();
    w.end_object().key("items").begin_array();
    for (const auto& i : items) {
        w.begin_object().key("kind").string(to_string(i.what)).key("file").string(i.file);
        w.key("line").raw_number(std::to_string(i.line)).key("column").raw_number(std::to_string(i.column));
        w.key("name").string(i.name).key("within").string(i.within);
        w.key("evaluated").raw_number(std::to_string(i.evaluated)).key("covered").boolean(i.covered());
        w.key("goals").begin_array();
        for (const auto& g : i.goals)
            w.begin_object()
                .key("goal")
                .string(g.name)
                .key("seen")
                .raw_number(std::to_string(g.seen))
                .key("optional")
                .boolean(g.optional)
                .end_object();
        w.end_array().end_object();
    }
    w.end_array().end_object();
}

// lcov's tracefile format (geninfo(1)): per source file, DA for each line with items
// (hits: evaluations of the items on it) and BRDA for each goal (block: the item's
// place in the file, branch: the goal's place in the item).
std::string coverage_report::lcov() const
{
    std::string out;
    for (const auto& f : files_of(*this)) {
        out += fmt::format("TN:{}_{}\nSF:{}\n", methodology, version, f);
        std::map<std::size_t, std::size_t> lines;
        std::string branches;
        std::size_t block = 0, found = 0, hit = 0;
        for (const auto& i : items) {
            if (i.file != f) continue;
            lines[i.line] += i.evaluated;
            for (std::size_t g = 0; g < i.goals.size(); ++g) {
                branches += fmt::format("BRDA:{},{},{},{}\n", i.line, block, g, i.goals[g].seen);
                ++found;
                hit += i.goals[g].seen > 0;
            }
            ++block;
        }
        std::size_t lines_hit = 0;
        for (const auto& [line, count] : lines) {
            out += fmt::format("DA:{},{}\n", line, count);
            lines_hit += count > 0;
        }
        out += branches;
        out += fmt::format("BRF:{}\nBRH:{}\nLF:{}\nLH:{}\nend_of_record\n", found, hit, lines.size(), lines_hit);
    }
    return out;
}

}  // namespace hallmark
