// SPDX-License-Identifier: Apache-2.0
// Names for readers (report/words.hpp).
#include "report/words.hpp"

#include "report/report_table.hpp"

#include <fmt/format.h>

#include <map>

namespace hallmark::report {

std::string with_unit(const decimal& d, const std::string& unit)
{
    return d.to_string() + (unit.empty() ? "" : unit == "%" ? "%" : " " + unit);
}

std::string words::indicator(const std::string& id) const
{
    const auto* i = rules ? rules->find_indicator(id) : nullptr;
    return i && !i->question.empty() ? i->question : id;
}

std::string words::unit(const std::string& id) const
{
    const auto* i = rules ? rules->find_indicator(id) : nullptr;
    if (!i) return {};
    return i->type == indicator_type::percent ? "%" : i->unit;
}

std::string words::label(const std::string& id) const
{
    const auto* l = rules ? rules->find_label(id) : nullptr;
    return l && !l->title.empty() ? l->title : label_title(d, id);
}

std::string words::requirement_part(const std::string& label_id, const std::string& part) const
{
    if (const auto* l = rules ? rules->find_label(label_id) : nullptr)
        for (std::size_t i = 0; i < l->requirement.size() && i < l->requirement_words.size(); ++i)
            if (l->requirement[i] == part && !l->requirement_words[i].empty()) return l->requirement_words[i];
    return part;
}

std::string words::part(const std::string& label_id, const std::string& item) const
{
    const bool criterion = rules ? rules->find_criterion(item) != nullptr : criterion_name(d, item) != item;
    return criterion ? criterion_name(d, item) : requirement_part(label_id, item);
}

std::string words::next_line() const
{
    if (!d.next_label) return {};
    std::vector<std::string> missing;
    for (const auto& m : d.next_missing) missing.push_back(part(*d.next_label, m));
    return "Next label up: " + label(*d.next_label) + "; still needs: " + joined(missing, "nothing") + ".";
}

indicator_namer words::namer() const
{
    return [this](const std::string& id) { return indicator(id); };
}

std::string words::value(const reported_value& v) const
{
    auto text = value_text(v);
    if (v.is_number && v.text) {
        const auto u = unit(v.indicator);
        if (const auto n = decimal::parse(*v.text)) text = with_unit(*n, u);
    }
    if (v.is_boolean && v.text) text = *v.text == "true" ? "yes" : *v.text == "false" ? "no" : *v.text;
    const auto q = indicator(v.indicator);
    return q == v.indicator ? q + " = " + text : q + " " + text;
}

}  // namespace hallmark::report

namespace hallmark {

// A fraction given where percentage points are meant (0.82 for 82 %) is read exactly as
// written, 0.82 %, so nothing is refused; but when every percentage of an assessment is
// below 1 that is far more likely a spreadsheet's fractions than a cluster at under 1 %
// on every share, and a person must be told before trusting the decision.
std::optional<std::string> fraction_percent_warning(const decision& d, const rule_catalogue& rules)
{
    std::map<std::string, decimal> shares;  // each percentage the decision read, once
    for (const auto& c : d.criteria)
        for (const auto& v : c.values) {
            const auto* ind = rules.find_indicator(v.indicator);
            if (!ind || ind->type != indicator_type::percent || !v.text) continue;
            if (const auto n = decimal::parse(*v.text)) shares.emplace(v.indicator, *n);
        }
    const auto one = decimal::from_int(1);
    bool some_above_zero = false;
    std::vector<std::string> listed;
    for (const auto& [id, n] : shares) {
        if (!(n < one)) return std::nullopt;
        some_above_zero = some_above_zero || decimal{} < n;
        listed.push_back(id + " " + n.to_string() + "%");
    }
    if (!some_above_zero) return std::nullopt;
    return fmt::format("every percentage in this assessment is below 1 ({}): percentages are read in percentage "
                       "points, so 0.82 means 0.82 %, not 82 %; if these are fractions, multiply them by 100",
                       fmt::join(listed, ", "));
}

}  // namespace hallmark
