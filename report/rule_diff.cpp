// SPDX-License-Identifier: Apache-2.0
// What a revision changes, declaration by declaration and decision by decision.
#include <hallmark/rule_diff.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

namespace hallmark {
namespace {

using declared = declaration_entry;

std::vector<std::string> tokens(const std::string& s)
{
    std::vector<std::string> out;
    std::string t;
    for (char c : s) {
        const bool word = std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '%';
        if (word) {
            t += c;
            continue;
        }
        if (!t.empty()) out.push_back(std::move(t)), t.clear();
        if (c != ' ') out.emplace_back(1, c);
    }
    if (!t.empty()) out.push_back(t);
    return out;
}

bool numeric(const std::string& t) { return !t.empty() && (std::isdigit(static_cast<unsigned char>(t[0])) != 0); }

// "3 -> 4, 1.5 -> 2" when the two texts differ only in their numbers: a moved threshold.
std::string number_changes(const std::string& before, const std::string& after)
{
    const auto a = tokens(before), b = tokens(after);
    if (a.size() != b.size()) return {};
    std::vector<std::string> moved;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (a[i] == b[i]) continue;
        if (!numeric(a[i]) || !numeric(b[i])) return {};
        moved.push_back(a[i] + " -> " + b[i]);
    }
    return fmt::format("{}", fmt::join(moved, ", "));
}

const declared* find(const std::vector<declared>& ds, const declared& d)
{
    for (const auto& x : ds)
        if (x.kind == d.kind && x.id == d.id) return &x;
    return nullptr;
}

std::string summary(const declared& d)
{
    std::vector<std::string> parts;
    for (const auto& [name, text] : d.fields) parts.push_back(name + " " + text);
    return fmt::format("{}", fmt::join(parts, "; "));
}

std::string field(const declared& d, const std::string& name)
{
    for (const auto& [n, t] : d.fields)
        if (n == name) return t;
    return {};
}

void diff_fields(const declared& a, const declared& b, std::vector<rule_change>& out)
{
    std::vector<std::string> names;
    for (const auto& f : b.fields) names.push_back(f.first);
    for (const auto& f : a.fields)
        if (std::find(names.begin(), names.end(), f.first) == names.end()) names.push_back(f.first);
    for (const auto& n : names) {
        const auto before = field(a, n), after = field(b, n);
        if (before != after) out.push_back({b.kind, b.id, "changed", n, before, after, number_changes(before, after)});
    }
}

void diff_header(const rule_catalogue& a, const rule_catalogue& b, std::vector<rule_change>& out)
{
    auto date_text = [](const std::optional<date>& d) { return d ? d->to_string() : std::string(); };
    const std::pair<const char*, std::pair<std::string, std::string>> fields[] = {
        {"name", {a.name, b.name}},
        {"version", {a.version, b.version}},
        {"title", {a.title, b.title}},
        {"effective", {date_text(a.effective), date_text(b.effective)}},
        {"until", {date_text(a.until), date_text(b.until)}},
    };
    for (const auto& [name, v] : fields)
        if (v.first != v.second) out.push_back({"methodology", "", "changed", name, v.first, v.second, {}});
}

std::vector<std::string> member_ids(const rule_catalogue& p, const group_entry& g)
{
    std::vector<std::string> out;
    for (auto c : g.members) out.push_back(p.criteria[c].id);
    return out;
}

// "+Q4_10, -Q1_4": members that joined and left.
std::string membership_change(const rule_catalogue& a, const group_entry& was, const rule_catalogue& b,
                              const group_entry& now)
{
    const auto x = member_ids(a, was), y = member_ids(b, now);
    std::vector<std::string> moved;
    for (const auto& id : y)
        if (std::find(x.begin(), x.end(), id) == x.end()) moved.push_back("+" + id);
    for (const auto& id : x)
        if (std::find(y.begin(), y.end(), id) == y.end()) moved.push_back("-" + id);
    return fmt::format("{}", fmt::join(moved, ", "));
}

// Groups are not declared: they are the criteria that name them. Their membership is
// what decides `all(G)` and `points(G)`, so it is compared as a whole.
void diff_groups(const rule_catalogue& a, const rule_catalogue& b, std::vector<rule_change>& out)
{
    for (const auto& g : b.groups) {
        const auto* old = a.find_group(g.id);
        const auto now = fmt::format("{}", fmt::join(member_ids(b, g), ", "));
        if (!old) out.push_back({"group", g.id, "added", "", "", now, {}});
        else if (const auto was = fmt::format("{}", fmt::join(member_ids(a, *old), ", ")); was != now)
            out.push_back({"group", g.id, "changed", "members", was, now, membership_change(a, *old, b, g)});
    }
    for (const auto& g : a.groups)
        if (!b.find_group(g.id))
            out.push_back({"group", g.id, "removed", "", fmt::format("{}", fmt::join(member_ids(a, g), ", ")), "", {}});
}

std::string label_order(const rule_catalogue& p)
{
    std::vector<std::string> ids;
    for (const auto& l : p.labels) ids.push_back(l.id);
    return fmt::format("{}", fmt::join(ids, ", "));
}

}  // namespace

std::vector<rule_change> diff_rules(const rule_set& before, const rule_set& after)
{
    const auto& a = before.catalogue();
    const auto& b = after.catalogue();
    std::vector<rule_change> out;
    diff_header(a, b, out);
    for (const std::string kind : {"area", "indicator", "let", "criterion", "label"}) {
        for (const auto& d : b.declarations) {
            if (d.kind != kind) continue;
            if (const auto* old = find(a.declarations, d)) diff_fields(*old, d, out);
            else out.push_back({kind, d.id, "added", "", "", summary(d), {}});
        }
        for (const auto& d : a.declarations)
            if (d.kind == kind && !find(b.declarations, d))
                out.push_back({kind, d.id, "removed", "", summary(d), "", {}});
    }
    diff_groups(a, b, out);
    if (label_order(a) != label_order(b))
        out.push_back({"order", "", "changed", "labels", label_order(a), label_order(b), {}});
    return out;
}

}  // namespace hallmark
