// SPDX-License-Identifier: Apache-2.0
// hallmark::typed_input: values typed once, in the program's slots and in the plan's.
#include <hallmark/typed_input.hpp>

#include "engine/api/rule_set_access.hpp"
#include "engine/run/bind.hpp"
#include "engine/run/decide.hpp"

#include <fmt/format.h>

#include <stdexcept>

namespace hallmark {

// The engine's bound values under the public header's opaque name.
struct typed_input::slots : engine::bound_input {};

typed_input::typed_input(const rule_set& rules)
    : rules_(rule_set_access::state_of(rules)), values_(std::make_unique<slots>())
{
    values_->values.assign(rules_->program.indicators.size(), engine::value::unknown());
    values_->history_assessed.resize(rules_->program.history_labels.size());
    values_->history_valid.resize(rules_->program.history_labels.size());
    if (rules_->program.fast.complete) engine::fill_slots(rules_->program, *values_, values_->fast);
}

typed_input::~typed_input() = default;

typed_input::typed_input(const typed_input& other)
    : rules_(other.rules_), values_(std::make_unique<slots>(*other.values_))
{}

typed_input& typed_input::operator=(const typed_input& other)
{
    if (this != &other) {
        rules_ = other.rules_;
        values_ = std::make_unique<slots>(*other.values_);
    }
    return *this;
}

result<int> typed_input::indicator(std::string_view id) const
{
    const int i = rules_->program.find_indicator(id);
    if (i < 0)
        return std::vector<diagnostic>{
            {severity::error, "", 0, 0, fmt::format("the rule set declares no indicator '{}'", id)}};
    return i;
}

namespace {

// A setter's refusal: the message alone, since the value came from no document.
result<void> refused(std::string message)
{
    return std::vector<diagnostic>{{severity::error, "", 0, 0, std::move(message)}};
}

}  // namespace

result<void> typed_input::check_index(int indicator) const
{
    if (indicator >= 0 && static_cast<std::size_t>(indicator) < rules_->program.indicators.size()) return {};
    return refused(fmt::format("there is no indicator number {} (the rule set has {})", indicator,
                               rules_->program.indicators.size()));
}

void typed_input::changed(int indicator)
{
    if (rules_->program.fast.complete)
        engine::refill_slots(rules_->program, *values_, static_cast<std::uint32_t>(indicator), values_->fast);
}

// One shape for every setter: check the index, type the value in place (the typing
// functions leave it alone when it does not fit), refresh the plan's operands.
template <class typing>
result<void> typed_input::assign(int indicator, typing type)
{
    if (auto index = check_index(indicator); !index.ok()) return index;
    auto& slot = values_->values[static_cast<std::size_t>(indicator)];
    auto problem = type(rules_->program, static_cast<std::uint32_t>(indicator), slot);
    if (!problem.empty())
        return refused(fmt::format("indicators.{}: {}",
                                   rules_->program.indicators[static_cast<std::size_t>(indicator)].id, problem));
    changed(indicator);
    return {};
}

result<void> typed_input::set(int indicator, const decimal& d)
{
    return assign(indicator, [&](const auto& p, std::uint32_t i, auto& v) { return engine::typed_number(p, i, d, v); });
}

result<void> typed_input::set(int indicator, bool b)
{
    return assign(indicator,
                  [&](const auto& p, std::uint32_t i, auto& v) { return engine::typed_boolean(p, i, b, v); });
}

result<void> typed_input::set(int indicator, date d)
{
    return assign(indicator, [&](const auto& p, std::uint32_t i, auto& v) { return engine::typed_date(p, i, d, v); });
}

result<void> typed_input::set_choice(int indicator, std::string_view choice)
{
    return assign(indicator,
                  [&](const auto& p, std::uint32_t i, auto& v) { return engine::typed_choice(p, i, choice, v); });
}

result<void> typed_input::clear(int indicator)
{
    if (auto index = check_index(indicator); !index.ok()) return index;
    values_->values[static_cast<std::size_t>(indicator)] = engine::value::unknown();
    changed(indicator);
    return {};
}

void typed_input::set_assessed_on(date d)
{
    values_->assessed_on = d;
    // The plan's computed operands may read the date (months_between(founded, assessed_on)).
    if (rules_->program.fast.complete) engine::fill_slots(rules_->program, *values_, values_->fast);
}

std::optional<std::string> rule_set::label_of(const typed_input& in) const
{
    if (in.rules_ != state_) throw std::invalid_argument("rule_set::label_of: the input was made for another rule set");
    const int label = engine::decide_label(state_->program, *in.values_);
    if (label < 0) return std::nullopt;
    return state_->program.labels[static_cast<std::size_t>(label)].id;
}

}  // namespace hallmark
