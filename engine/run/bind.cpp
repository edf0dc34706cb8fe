// SPDX-License-Identifier: Apache-2.0
// Binding: raw JSON values become typed values in indicator slots.
#include "engine/run/bind.hpp"

#include "engine/input/json_tree.hpp"
#include "engine/values/json_text.hpp"
#include "engine/values/names.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <bit>
#include <cctype>
#include <tuple>

namespace hallmark::engine {
namespace {

// "a", "b", "c": the choices as a person types them into the document.
std::string quoted_list(const std::vector<std::string>& items)
{
    return fmt::format("\"{}\"", fmt::join(items, "\", \""));
}

std::string expected_text(const indicator_info& ind)
{
    using k = ast::type_kind;
    switch (ind.kind) {
    case k::count: return "a whole number of 0 or more";
    case k::integer: return "a whole number";
    case k::decimal:
        return ind.static_type.unit.empty() ? "a decimal number" : "a decimal number in " + ind.static_type.unit;
    case k::percent: return "a percentage (e.g. 33.3 for 33.3 %)";
    case k::boolean: return "true or false";
    case k::date: return "a date as \"YYYY-MM-DD\"";
    case k::choice: return "one of the strings " + quoted_list(ind.choices);
    case k::choice_set: return "an array of the strings " + quoted_list(ind.choices);
    case k::criterion_set: return "an array of criterion ids";
    }
    return "a value";
}

std::string got_text(const raw_value& raw)
{
    switch (raw.type) {
    case raw_value::kind::null: return "null";
    case raw_value::kind::boolean: return raw.boolean ? "true" : "false";
    case raw_value::kind::number: return excerpt(raw.text);
    case raw_value::kind::string: return fmt::format("\"{}\"", excerpt(raw.text));
    case raw_value::kind::array: return "an array";
    }
    return "a value";
}

// Numbers may come as JSON numbers or, to keep them exact through other tools, as strings.
std::optional<decimal> number_from(const raw_value& raw)
{
    if (raw.type != raw_value::kind::number && raw.type != raw_value::kind::string) return std::nullopt;
    return decimal::parse(raw.text);
}

std::string check_range(const indicator_info& ind, const decimal& d)
{
    if ((ind.low && d < *ind.low) || (ind.high && *ind.high < d)) {
        const std::string unit = ind.static_type.unit.empty() ? "" : " " + ind.static_type.unit;
        auto shown = [&](const decimal& b) {
            return ind.kind == ast::type_kind::percent ? (b * decimal::from_int(100)).to_string() + "%"
                                                       : b.to_string() + unit;
        };
        return fmt::format("{} is outside the declared range {}..{}", shown(d), ind.low ? shown(*ind.low) : "",
                           ind.high ? shown(*ind.high) : "");
    }
    return {};
}

// d / 100, exact since d has at most max_scale - 2 digits after the point: the same
// coefficient two places further, without a division where the coefficient fits.
decimal hundredth(const decimal& d)
{
    bool inexact = false;
    const auto coefficient = d.floor_scaled(d.places(), inexact);
    if (!coefficient || inexact) return d / decimal::from_int(100);
    return decimal::from_scaled(*coefficient, d.places() + 2);
}

// "x": the value is not of the indicator's kind at all (the caller words that).
// `v` is written only when the value fits.
std::string number_value(const indicator_info& ind, std::optional<decimal> d, value& v)
{
    using k = ast::type_kind;
    if ((ind.kind == k::count || ind.kind == k::integer) && !d->is_integer()) return "x";
    if (ind.kind == k::count && d->is_negative()) return "x";
    if (ind.kind == k::percent) {
        // Stored as a fraction with two more digits after the point; never rounded.
        if (d->places() + 2 > decimal::max_scale)
            return fmt::format("{} has more than {} digits after the point, too many for an exact percentage",
                               excerpt(d->to_string()), decimal::max_scale - 2);
        d = hundredth(*d);
    }
    auto problem = check_range(ind, *d);
    if (!problem.empty()) return problem;
    // Field by field: building a whole value and copying it stalls on the partial stores.
    v.kind = value::tag::number;
    v.number = *d;
    return problem;
}

// The unit a person may write after a number: the declared one, "%" for a percentage.
std::string_view unit_of(const indicator_info& ind)
{
    return ind.kind == ast::type_kind::percent ? std::string_view("%") : std::string_view(ind.static_type.unit);
}

// The length of the number at the start of `t`: [-]digits[.digits][(e|E)[+-]digits],
// what decimal::parse reads.
std::size_t number_prefix(std::string_view t)
{
    auto digits = [&](std::size_t i) {
        while (i < t.size() && std::isdigit(static_cast<unsigned char>(t[i])) != 0) ++i;
        return i;
    };
    std::size_t i = t.starts_with('-') ? 1 : 0;
    const auto start = i;
    i = digits(i);
    if (i == start) return 0;
    if (i + 1 < t.size() && t[i] == '.' && std::isdigit(static_cast<unsigned char>(t[i + 1])) != 0) i = digits(i + 1);
    if (i < t.size() && (t[i] == 'e' || t[i] == 'E')) {
        auto j = i + 1 < t.size() && (t[i + 1] == '+' || t[i + 1] == '-') ? i + 2 : i + 1;
        if (const auto k = digits(j); k > j) i = k;
    }
    return i;
}

// "2.5 FTE" split into "2.5" and "FTE" (the space is optional), or nothing when the text
// is not a number followed by a word.
std::optional<std::pair<std::string_view, std::string_view>> number_and_unit(std::string_view text)
{
    const auto n = number_prefix(text);
    auto unit = text.substr(n);
    while (unit.starts_with(' ')) unit.remove_prefix(1);
    if (n == 0 || unit.empty() || !decimal::parse(text.substr(0, n))) return std::nullopt;
    return std::pair{text.substr(0, n), unit};
}

// A number sent as text with a unit after it: the declared unit is taken off; another
// unit is refused naming both, since 420000 EUR is not 420000 FTE.
std::string unit_number(const indicator_info& ind, std::string_view text, std::optional<decimal>& d)
{
    const auto split = number_and_unit(text);
    if (!split) return {};
    const auto declared = unit_of(ind);
    if (split->second == declared) {
        d = decimal::parse(split->first);
        return {};
    }
    // "0x10" is not 0 in the unit x10: only a word, or what a space sets apart, is a unit.
    const bool spaced = text.size() > split->first.size() && text[split->first.size()] == ' ';
    if (!spaced && !std::all_of(split->second.begin(), split->second.end(),
                                [](char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; }))
        return {};
    if (declared.empty())
        return fmt::format("\"{}\" has the unit {}, but this indicator is a number without a unit", excerpt(text),
                           excerpt(split->second));
    return fmt::format("\"{}\" is in {}, but this indicator is {} in {}: give the number alone or with {}",
                       excerpt(text), excerpt(split->second),
                       ind.kind == ast::type_kind::percent ? "a percentage" : "counted", declared, declared);
}

std::string bind_number(const indicator_info& ind, const raw_value& raw, value& v)
{
    auto d = number_from(raw);
    if (!d && raw.type == raw_value::kind::string) {
        auto problem = unit_number(ind, raw.text, d);
        if (!problem.empty()) return problem;
    }
    // A number sent as a string gets the same message as a JSON number out of limits.
    if (!d)
        return raw.type == raw_value::kind::string && number_shaped(raw.text) ? detail::inexact_number_message(raw.text)
                                                                              : std::string{};
    return number_value(ind, d, v);
}

// One of a choice indicator's choices; `v` is written only when it is one.
std::string choice_value(const indicator_info& ind, std::string_view text, value& v)
{
    const auto at = std::find(ind.choices.begin(), ind.choices.end(), text);
    if (at == ind.choices.end())
        return fmt::format("\"{}\" is not one of its choices {}{}", excerpt(text), quoted_list(ind.choices),
                           did_you_mean(text, ind.choices));
    v.kind = value::tag::choice;
    v.bits = static_cast<std::uint64_t>(at - ind.choices.begin());
    return {};
}

std::string bind_choices(const program& p, const indicator_info& ind, const raw_value& raw, value& v, bound_input& out)
{
    using k = ast::type_kind;
    auto choice_index = [&](const std::string& s) -> int {
        auto it = std::find(ind.choices.begin(), ind.choices.end(), s);
        return it == ind.choices.end() ? -1 : static_cast<int>(it - ind.choices.begin());
    };
    if (ind.kind == k::choice) return raw.type == raw_value::kind::string ? choice_value(ind, raw.text, v) : "x";
    if (raw.type != raw_value::kind::array) return "x";
    std::vector<std::uint32_t> ids;
    std::uint64_t bits = 0;
    for (const auto& item : raw.items) {
        const int c = ind.kind == k::choice_set ? choice_index(item) : p.find_criterion(item);
        if (c < 0) {
            std::vector<std::string> criteria_ids;
            for (const auto& cr : p.criteria) criteria_ids.push_back(cr.id);
            return fmt::format("\"{}\" is not {}{}", excerpt(item),
                               ind.kind == k::choice_set ? "one of its choices " + quoted_list(ind.choices)
                                                         : std::string("a criterion"),
                               did_you_mean(item, ind.kind == k::choice_set ? ind.choices : criteria_ids));
        }
        const bool repeated =
            ind.kind == k::choice_set ? ((bits >> c) & 1U) != 0 : std::find(ids.begin(), ids.end(), c) != ids.end();
        if (repeated) return fmt::format("\"{}\" is listed twice", item);
        bits |= std::uint64_t{1} << (c % 64);
        // Only a set of criteria keeps its ids (a set of choices is its bits): no
        // allocation for the common kind.
        if (ind.kind != k::choice_set) ids.push_back(static_cast<std::uint32_t>(c));
    }
    if (ind.kind == k::choice_set) {
        v.kind = value::tag::set;
        v.bits = bits;
    } else {
        v.kind = value::tag::criterion_set;
        out.criterion_sets.push_back(std::move(ids));
        v.count = static_cast<std::uint32_t>(out.criterion_sets.back().size());
        v.items = out.criterion_sets.back().data();
    }
    return {};
}

// A misspelt label in the history would silently lose a renewal, so it is an error.
void check_history(const program& p, const assessment& a, std::vector<diagnostic>& problems)
{
    auto labels = [&] {
        std::vector<std::string> out;
        for (const auto& l : p.labels) out.push_back(l.id);
        return out;
    };
    for (std::size_t i = 0; i < a.history.size(); ++i) {
        const auto& h = a.history[i];
        if (p.find_label(h.label) < 0)
            problems.push_back({severity::error, a.source, h.line, h.column,
                                fmt::format("history[{}].label: \"{}\" is not a label of {} {}{}", i, h.label, p.name,
                                            p.version, did_you_mean(h.label, labels()))});
        if (!(h.assessed_on < a.assessed_on))
            problems.push_back({severity::error, a.source, h.line, h.column,
                                fmt::format("history[{}].assessed_on: {} is not before the assessment date {}", i,
                                            h.assessed_on.to_string(), a.assessed_on.to_string())});
        if (h.valid_until && *h.valid_until < h.assessed_on)
            problems.push_back({severity::error, a.source, h.line, h.column,
                                fmt::format("history[{}].valid_until: {} is before its assessed_on {}", i,
                                            h.valid_until->to_string(), h.assessed_on.to_string())});
    }
}

}  // namespace

std::string typed_number(const program& p, std::uint32_t i, const decimal& d, value& out)
{
    const auto& ind = p.indicators[i];
    std::string problem = ind.static_type.kind == vtype::number ? number_value(ind, d, out) : "x";
    if (problem == "x") return fmt::format("expected {}, got {}", expected_text(ind), d.to_string());
    return problem;
}

std::string typed_choice(const program& p, std::uint32_t i, std::string_view choice, value& out)
{
    const auto& ind = p.indicators[i];
    if (ind.kind != ast::type_kind::choice)
        return fmt::format("expected {}, got \"{}\"", expected_text(ind), excerpt(choice));
    return choice_value(ind, choice, out);
}

std::string typed_boolean(const program& p, std::uint32_t i, bool b, value& out)
{
    const auto& ind = p.indicators[i];
    if (ind.kind != ast::type_kind::boolean) return fmt::format("expected {}, got {}", expected_text(ind), b);
    out.kind = value::tag::boolean;
    out.flag = b;
    return {};
}

std::string typed_date(const program& p, std::uint32_t i, date d, value& out)
{
    const auto& ind = p.indicators[i];
    if (ind.kind != ast::type_kind::date) return fmt::format("expected {}, got {}", expected_text(ind), d.to_string());
    out = value::of(d);
    return {};
}

std::string bind_value(const program& p, std::uint32_t i, const raw_value& raw, bound_input& out)
{
    const auto& ind = p.indicators[i];
    value v;
    std::string problem = "x";
    using k = ast::type_kind;
    if (raw.type == raw_value::kind::null) {
        problem.clear();
    } else if (ind.static_type.kind == vtype::number) {
        problem = bind_number(ind, raw, v);
        if (!v.known() && problem.empty()) problem = "x";
    } else if (ind.kind == k::boolean) {
        if (raw.type == raw_value::kind::boolean) {
            v = value::of(raw.boolean);
            problem.clear();
        }
    } else if (ind.kind == k::date) {
        if (raw.type == raw_value::kind::string) {
            auto d = date::parse(raw.text);
            if (d) v = value::of(*d), problem.clear();
            else problem = fmt::format("\"{}\" is not a calendar date as YYYY-MM-DD", excerpt(raw.text));
        }
    } else {
        problem = bind_choices(p, ind, raw, v, out);
    }
    if (problem == "x") return fmt::format("expected {}, got {}", expected_text(ind), got_text(raw));
    if (problem.empty()) out.values[i] = v;
    return problem;
}

// An assessment lists its indicators sorted by name, as indicators_by_id lists the
// program's, so `cursor` walks both in step; a name out of order or unknown is looked
// up as before.
int next_indicator(const program& p, std::string_view id, std::size_t& cursor)
{
    const auto& by_id = p.indicators_by_id;
    if (by_id.size() == p.indicators.size()) {
        // One comparison a step: this runs for every value of every record.
        for (; cursor < by_id.size(); ++cursor) {
            const int order = std::string_view(p.indicators[by_id[cursor]].id).compare(id);
            if (order == 0) return static_cast<int>(by_id[cursor]);
            if (order > 0) break;
        }
    }
    return p.find_indicator(id);
}

bool history_clean(const program& p, const assessment& a)
{
    if (a.history.empty()) return true;
    std::vector<diagnostic> problems;
    check_history(p, a, problems);
    return problems.empty();
}

void bind_history(const program& p, const assessment& a, bound_input& out)
{
    // Assigned, not resized: `out` may be one reused from record to record.
    out.history_assessed.assign(p.history_labels.size(), std::nullopt);
    out.history_valid.assign(p.history_labels.size(), std::nullopt);
    for (std::size_t h = 0; h < p.history_labels.size(); ++h)
        for (const auto& e : a.history)
            if (e.label == p.history_labels[h] && e.assessed_on < a.assessed_on &&
                (!out.history_assessed[h] || *out.history_assessed[h] < e.assessed_on)) {
                out.history_assessed[h] = e.assessed_on;
                out.history_valid[h] = e.valid_until;
            }
    if (p.fast.complete) fill_slots(p, out, out.fast);
    else out.fast = slots{};
}

std::variant<bound_input, std::vector<diagnostic>> bind(const program& p, const assessment& a)
{
    bound_input out;
    out.values.assign(p.indicators.size(), value::unknown());
    out.assessed_on = a.assessed_on;
    std::vector<diagnostic> problems;
    // Criterion-set values point into out.criterion_sets; reserving keeps them in place.
    out.criterion_sets.reserve(a.indicators.size());
    std::size_t cursor = 0;
    for (const auto& [id, raw] : a.indicators) {
        const int i = next_indicator(p, id, cursor);
        if (i < 0) {
            std::vector<std::string> names;
            for (const auto& ind : p.indicators) names.push_back(ind.id);
            problems.push_back({severity::error, a.source, raw.line, raw.column,
                                fmt::format("indicators.{}: unknown indicator '{}' for {} {}{}", excerpt(id),
                                            excerpt(id), p.name, p.version, did_you_mean(id, names))});
            continue;
        }
        auto problem = bind_value(p, static_cast<std::uint32_t>(i), raw, out);
        if (!problem.empty())
            problems.push_back(
                {severity::error, a.source, raw.line, raw.column, fmt::format("indicators.{}: {}", id, problem)});
    }
    check_history(p, a, problems);
    bind_history(p, a, out);
    if (!problems.empty()) {
        // In document order, as the reader reports its own problems.
        std::stable_sort(problems.begin(), problems.end(), [](const diagnostic& x, const diagnostic& y) {
            return std::tie(x.line, x.column) < std::tie(y.line, y.column);
        });
        return problems;
    }
    return out;
}

reported_value report(const program& p, std::uint32_t i, const value& v)
{
    const auto& ind = p.indicators[i];
    reported_value r;
    r.indicator = ind.id;
    if (!v.known()) return r;
    switch (v.kind) {
    case value::tag::number:
        r.is_number = true;
        r.text = ind.kind == ast::type_kind::percent ? (v.number * decimal::from_int(100)).to_string()
                                                     : v.number.to_string();
        break;
    case value::tag::boolean:
        r.is_boolean = true;
        r.text = v.flag ? "true" : "false";
        break;
    case value::tag::date: r.text = v.day.to_string(); break;
    case value::tag::choice: r.text = ind.choices[v.bits]; break;
    case value::tag::set:
        r.is_set = true;
        r.text = "";
        for (std::size_t c = 0; c < ind.choices.size(); ++c)
            if ((v.bits >> c) & 1U) r.items.push_back(ind.choices[c]);
        break;
    case value::tag::criterion_set:
        r.is_set = true;
        r.text = "";
        for (std::uint32_t k = 0; k < v.count; ++k) r.items.push_back(p.criteria[v.items[k]].id);
        break;
    default: break;
    }
    return r;
}

std::string show(const program& p, const value& v, const type& t)
{
    switch (v.kind) {
    case value::tag::unknown: return "unknown";
    case value::tag::boolean: return v.flag ? "true" : "false";
    case value::tag::number:
        if (t.percent) return (v.number * decimal::from_int(100)).to_string() + "%";
        return t.unit.empty() ? v.number.to_string() : v.number.to_string() + " " + t.unit;
    case value::tag::date: return v.day.to_string();
    case value::tag::duration: return fmt::format("{} months {} days", v.months, v.days);
    case value::tag::choice: return t.domain >= 0 ? fmt::format("\"{}\"", p.indicators[t.domain].choices[v.bits]) : "?";
    case value::tag::set: {
        std::vector<std::string> items;
        for (std::size_t c = 0; t.domain >= 0 && c < p.indicators[t.domain].choices.size(); ++c)
            if ((v.bits >> c) & 1U) items.push_back(p.indicators[t.domain].choices[c]);
        std::sort(items.begin(), items.end());
        return fmt::format("{{{}}}", fmt::join(items, ", "));
    }
    case value::tag::criterion_set: {
        std::vector<std::string> items;
        for (std::uint32_t k = 0; k < v.count; ++k) items.push_back(p.criteria[v.items[k]].id);
        std::sort(items.begin(), items.end());
        return fmt::format("{{{}}}", fmt::join(items, ", "));
    }
    }
    return "?";
}

}  // namespace hallmark::engine
