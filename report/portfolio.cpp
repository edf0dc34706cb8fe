// SPDX-License-Identifier: Apache-2.0
// Peer statistics: exact decimal quartiles and percentiles over the peers of a
// comparative portfolio or a country, per area score and per numeric indicator.
#include <hallmark/corpus.hpp>
#include <hallmark/limits.hpp>
#include <hallmark/portfolio.hpp>
#include <hallmark/text.hpp>

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <map>

namespace hallmark {

struct peer_set::impl {
    rule_set rules;
    std::string source;
    struct peer {
        std::string cluster_id, portfolio, country;
        std::vector<std::optional<decimal>> indicators;  // per program indicator
        std::vector<std::optional<decimal>> areas;       // per program area
    };
    std::vector<peer> peers;
    std::vector<diagnostic> problems;
};

namespace {

bool numeric(indicator_type t)
{
    return t == indicator_type::count || t == indicator_type::integer || t == indicator_type::decimal ||
           t == indicator_type::percent;
}

// Numeric indicators by id: every row of a corpus looks its values up here.
using numeric_index = std::map<std::string, std::size_t, std::less<>>;

numeric_index numeric_indicators(const rule_catalogue& c)
{
    numeric_index out;
    for (std::size_t i = 0; i < c.indicators.size(); ++i)
        if (numeric(c.indicators[i].type)) out.emplace(c.indicators[i].id, i);
    return out;
}

std::optional<decimal> number_of(const raw_value& v)
{
    if (v.type != raw_value::kind::number && v.type != raw_value::kind::string) return std::nullopt;
    return decimal::parse(v.text);
}

std::vector<std::optional<decimal>> indicator_values(const rule_catalogue& c, const numeric_index& numeric,
                                                     const assessment& a)
{
    std::vector<std::optional<decimal>> out(c.indicators.size());
    for (const auto& [id, raw] : a.indicators)
        if (const auto it = numeric.find(id); it != numeric.end()) out[it->second] = number_of(raw);
    return out;
}

// The share of an area's points earned, in percent to one decimal; none when the area
// has no points or some of its points could not be decided.
std::vector<std::optional<decimal>> area_scores(const rule_catalogue& p, const decision& d)
{
    std::vector<decimal> earned(p.areas.size()), max(p.areas.size());
    std::vector<bool> known(p.areas.size(), true);
    for (std::size_t c = 0; c < p.criteria.size() && c < d.criteria.size(); ++c) {
        const auto& info = p.criteria[c];
        if (!info.area || info.tiers.empty()) continue;
        const auto area = *info.area;
        max[area] = max[area] + info.max_points;
        if (d.criteria[c].points) earned[area] = earned[area] + *d.criteria[c].points;
        else known[area] = false;
    }
    std::vector<std::optional<decimal>> out(p.areas.size());
    for (std::size_t i = 0; i < p.areas.size(); ++i)
        if (known[i] && max[i] != decimal{}) out[i] = (earned[i] * decimal::from_int(100) / max[i]).round(1);
    return out;
}

std::string member_of(const std::string& cluster_json, const char* key)
{
    const auto j = nlohmann::json::parse(cluster_json, nullptr, false);
    if (!j.is_object() || !j.contains(key) || !j[key].is_string()) return {};
    return j[key].get<std::string>();
}

// The value at fraction p of the sorted values: x[h] + (h - floor h)(x[h+1] - x[h]),
// h = (n - 1)p. With p a quarter, the weight is a multiple of 0.25: exact in decimal.
decimal quantile(const std::vector<decimal>& sorted, int quarter)
{
    const std::size_t scaled = (sorted.size() - 1) * static_cast<std::size_t>(quarter);
    const std::size_t low = scaled / 4, rest = scaled % 4;
    if (rest == 0) return sorted[low];
    const decimal weight = decimal::from_int(static_cast<std::int64_t>(rest)) / decimal::from_int(4);
    return sorted[low] + weight * (sorted[low + 1] - sorted[low]);
}

standing summarise(std::string id, std::string title, std::string unit, std::optional<decimal> value,
                   std::vector<decimal> values)
{
    standing s{std::move(id), std::move(title), std::move(unit), value, {}, std::nullopt};
    std::sort(values.begin(), values.end());
    s.peers.count = values.size();
    if (values.empty()) return s;
    s.peers.min = values.front();
    s.peers.max = values.back();
    if (values.size() < limits::min_peers_for_quartiles) return s;
    s.peers.q1 = quantile(values, 1);
    s.peers.median = quantile(values, 2);
    s.peers.q3 = quantile(values, 3);
    if (value) {
        const auto below = std::lower_bound(values.begin(), values.end(), *value) - values.begin();
        const auto equal = std::upper_bound(values.begin(), values.end(), *value) - values.begin() - below;
        // (below + equal / 2) / n * 100, in exact decimals, then to a whole percent.
        const decimal twice = decimal::from_int(2 * below + equal) * decimal::from_int(50);
        s.percentile = (twice / decimal::from_int(static_cast<std::int64_t>(values.size()))).round(0);
    }
    return s;
}

std::string unit_of(const indicator_entry& i)
{
    if (i.type == indicator_type::percent) return "%";
    return i.unit;
}

}  // namespace

peer_set::peer_set(std::unique_ptr<impl> p) : impl_(std::move(p)) {}
peer_set::peer_set(peer_set&&) noexcept = default;
peer_set::~peer_set() = default;
std::size_t peer_set::size() const { return impl_->peers.size(); }
const std::vector<diagnostic>& peer_set::problems() const { return impl_->problems; }

peer_set peer_set::load(std::istream& in, const std::string& source, bool csv, const rule_set& rules,
                        char csv_delimiter)
{
    auto s = std::make_unique<impl>(impl{rules, source, {}, {}});
    const auto& p = rules.catalogue();
    const auto numeric = numeric_indicators(p);
    csv_typing typing;
    typing.is_set = [&](const std::string& id) { return rules.holds_set(id); };
    typing.delimiter = csv_delimiter;
    read_corpus(in, source, csv, typing, [&](corpus_item item) {
        if (!item.read.ok()) {
            auto& ds = item.read.diagnostics();
            s->problems.insert(s->problems.end(), ds.begin(), ds.end());
            return;
        }
        auto& a = item.read.value();
        a = declared_only(std::move(a), rules);
        auto result = rules.evaluate(a);
        if (!result.ok()) {
            for (auto d : result.diagnostics()) s->problems.push_back((d.line = item.line, d));
            return;
        }
        s->peers.push_back({a.cluster_id, member_of(a.cluster_json, "portfolio"), member_of(a.cluster_json, "country"),
                            indicator_values(p, numeric, a), area_scores(p, result.value())});
    });
    return peer_set(std::move(s));
}

namespace {

// "A, B, C" (sorted), or the first few and how many more.
std::string names_text(std::vector<std::string> names)
{
    constexpr std::size_t shown = 12;
    std::sort(names.begin(), names.end());
    std::string out;
    for (std::size_t i = 0; i < names.size() && i < shown; ++i)
        out += (i ? ", \"" : "\"") + escape_control(names[i]) + "\"";
    if (names.size() > shown) out += fmt::format(" and {} more", names.size() - shown);
    return out;
}

bool same_but_case(const std::string& a, const std::string& b)
{
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

}  // namespace

std::vector<diagnostic> peer_set::check_names(const assessment& cluster) const
{
    std::vector<diagnostic> out;
    for (const auto group : {peer_group::portfolio, peer_group::country}) {
        const bool by_portfolio = group == peer_group::portfolio;
        const auto name = member_of(cluster.cluster_json, by_portfolio ? "portfolio" : "country");
        std::vector<std::string> names;
        for (const auto& p : impl_->peers) {
            const auto& n = by_portfolio ? p.portfolio : p.country;
            if (!n.empty() && std::find(names.begin(), names.end(), n) == names.end()) names.push_back(n);
        }
        if (name.empty() || std::find(names.begin(), names.end(), name) != names.end()) continue;
        // A country spelt in another case is surely a typo; one no peer has may be real.
        const bool typo =
            std::any_of(names.begin(), names.end(), [&](const auto& n) { return same_but_case(n, name); });
        out.push_back(
            {by_portfolio || typo ? severity::error : severity::warning, impl_->source, 0, 0,
             fmt::format("no peer is in the cluster's {} \"{}\"{}; the {} of the peers: {}",
                         by_portfolio ? "portfolio" : "country", escape_control(name), did_you_mean(name, names),
                         by_portfolio ? "portfolios" : "countries", names.empty() ? "none" : names_text(names))});
    }
    return out;
}

peer_statistics peer_set::statistics(const assessment& cluster, const decision& d, peer_group group) const
{
    const auto& p = impl_->rules.catalogue();
    peer_statistics out;
    out.group = group;
    out.name = member_of(cluster.cluster_json, group == peer_group::portfolio ? "portfolio" : "country");
    std::vector<const impl::peer*> members;
    if (!out.name.empty())
        for (const auto& peer : impl_->peers)
            if ((group == peer_group::portfolio ? peer.portfolio : peer.country) == out.name &&
                (cluster.cluster_id.empty() || peer.cluster_id != cluster.cluster_id))
                members.push_back(&peer);
    out.peers = members.size();
    const auto own_areas = area_scores(p, d);
    const auto own_values = indicator_values(p, numeric_indicators(p), cluster);
    auto collect = [&](auto field, std::size_t i) {
        std::vector<decimal> values;
        for (const auto* m : members)
            if (const auto& v = (m->*field)[i]) values.push_back(*v);
        return values;
    };
    for (std::size_t a = 0; a < p.areas.size(); ++a) {
        auto values = collect(&impl::peer::areas, a);
        if (own_areas[a] || !values.empty())
            out.areas.push_back(summarise(p.areas[a].id, p.areas[a].title, "%", own_areas[a], std::move(values)));
    }
    for (std::size_t i = 0; i < p.indicators.size(); ++i)
        if (numeric(p.indicators[i].type))
            out.indicators.push_back(summarise(p.indicators[i].id, p.indicators[i].question, unit_of(p.indicators[i]),
                                               own_values[i], collect(&impl::peer::indicators, i)));
    return out;
}

}  // namespace hallmark
