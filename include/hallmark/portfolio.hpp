// SPDX-License-Identifier: Apache-2.0
#pragma once
// Benchmarking a cluster against its peers: the assessments of a comparative portfolio,
// evaluated under the same rule version, summarised per area and per numeric indicator.
#include <hallmark/assessment.hpp>
#include <hallmark/decimal.hpp>
#include <hallmark/decision.hpp>
#include <hallmark/export.hpp>
#include <hallmark/plan.hpp>
#include <hallmark/rule_set.hpp>

#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace hallmark {

/// Which peers a cluster is compared with.
enum class peer_group {
    portfolio,  ///< the same comparative portfolio (`cluster.portfolio`)
    country,    ///< the same country (`cluster.country`)
};

/// The spread of the peers' values. Quartiles (linear interpolation between order
/// statistics, Hyndman and Fan's type 7) are given only from `limits::min_peers_for_quartiles` values on.
struct HALLMARK_API distribution {
    std::size_t count = 0;  ///< peers with a value
    std::optional<decimal> min, q1, median, q3, max;
};

/// Where the cluster stands on one measure.
struct HALLMARK_API standing {
    std::string id, title;
    std::string unit;              ///< e.g. "FTE", "%" for percentages and area scores
    std::optional<decimal> value;  ///< the cluster's; none when not reported or not decided
    distribution peers;
    /// Percent of peers below the cluster's value, ties counted half, rounded to a whole
    /// number; only with a value and enough peers for quartiles.
    std::optional<decimal> percentile;
};

struct HALLMARK_API peer_statistics {
    peer_group group = peer_group::portfolio;
    std::string name;       ///< the portfolio or country; empty when the cluster states none
    std::size_t peers = 0;  ///< assessments in the group, the cluster itself excluded
    /// Per area with points: the share of the area's points earned, in percent.
    std::vector<standing> areas;
    /// Per numeric indicator (count, integer, decimal, percent), in declaration order.
    std::vector<standing> indicators;
};

/// A portfolio of peer assessments, each evaluated under one rule set.
class HALLMARK_API peer_set {
public:
    /// Reads the assessments of `in` (JSON Lines, or CSV when `csv`) and evaluates each
    /// under `rules`. Indicators the rules do not declare are left out; rows that cannot
    /// be read or evaluated become `problems()`. `csv_delimiter` 0: detected (corpus.hpp).
    [[nodiscard]] static peer_set load(std::istream& in, const std::string& source, bool csv, const rule_set& rules,
                                       char csv_delimiter = 0);

    /// Statistics of the peers in the cluster's portfolio or country (the cluster itself,
    /// by cluster id, left out). `d` must be the cluster's decision under the same rules.
    [[nodiscard]] peer_statistics statistics(const assessment& cluster, const decision& d, peer_group group) const;

    /// The cluster's portfolio and country against the peers': a portfolio that no peer
    /// is in is an error (a misspelt name would compare the cluster with nobody), as is
    /// a country that only the letter case tells from a peer's; another country no peer
    /// is in is a warning (a cluster may be its country's only one). Each names the
    /// closest name and those the peers have. Empty when both match, or when
    /// the cluster states neither.
    [[nodiscard]] std::vector<diagnostic> check_names(const assessment& cluster) const;

    [[nodiscard]] std::size_t size() const;
    [[nodiscard]] const std::vector<diagnostic>& problems() const;

    struct impl;
    peer_set(peer_set&&) noexcept;
    ~peer_set();

private:
    explicit peer_set(std::unique_ptr<impl> p);
    std::unique_ptr<impl> impl_;
};

/// The expert's report, to hand to a cluster manager: the decision and why; what to
/// improve, opening with `plan` (make_plan's plan to the next label up, for the same
/// rules and assessment as `d`), then what the next label needs criterion by criterion,
/// the rest by points at stake and what only the best label needs; the cluster among its
/// peers (per portfolio and per country); the criteria by area. `format`: "html" (one
/// self-contained page with inline SVG charts and a print style sheet) or "md" (tables).
/// The same inputs give the same bytes.
[[nodiscard]] HALLMARK_API std::string portfolio_report(const rule_set& rules, const decision& d,
                                                        const recourse_plan& plan, const peer_statistics& by_portfolio,
                                                        const peer_statistics& by_country, const std::string& format);

}  // namespace hallmark
