// SPDX-License-Identifier: Apache-2.0
// hallmark::typed_input: values typed once, in the program's slots and in the plan's.
#include <hallmark/typed_input.hpp>

#include "engine/run/bind.hpp"
#include "engine/run/decide.hpp"

#include <fmt/format.h>

#include <stdexcept>

namespace hallmark {

typed_input::typed_input(const rule_set& rules)
    : program_(rules.program_), values_(std::make_unique<engine::bound_input>())
{
    values_->values.assign(program_->indicators.size(), engine::value::unknown());
    values_->history_assessed.resize(program_->history_labels.size());
    values_->history_valid.resize(program_->history_labels.size());
    if (program_->fast.complete) engine::fill_slots(*program_, *values_, values_->fast);
}

typed_input::~typed_input() = default;

typed_input::typed_input(const typed_input& other)
    : program_(other.program_), values_(std::make_unique<engine::bound_input>(*other.values_))
{}

typed_input& typed_input::operator=(const typed_input& other)
{
    if (this != &other) {
        program_ = other.program_;
        values_ = std::make_unique<engine::bound_input>(*other.values_);
    }
    return *this;
}

int typed_input::indicator(std::string_view id) const { return program_->find_indicator(id); }

std::string typed_input::check_index(int indicator) const
{
    if (indicator >= 0 && static_cast<std::size_t>(indicator) < program_->indicators.size()) return {};
    return fmt::format("there is no indicator number {} (the rule set has {})", indicator, program_->indicators.size());
}

void typed_input::changed(int indicator)
{
    if (program_->fast.complete)
        engine::refill_slots(*program_, *values_, static_cast<std::uint32_t>(indicator), values_->fast);
}

// One shape for every setter: check the index, type the value in place (the typing
// functions leave it alone when it does not fit), refresh the plan's operands.
template <class typing>
std::string typed_input::assign(int indicator, typing type)
{
    if (auto why = check_index(indicator); !why.empty()) return why;
    auto& slot = values_->values[static_cast<std::size_t>(indicator)];
    auto problem = type(*program_, static_cast<std::uint32_t>(indicator), slot);
    if (!problem.empty())
        return fmt::format("indicators.{}: {}", program_->indicators[static_cast<std::size_t>(indicator)].id, problem);
    changed(indicator);
    return problem;
}

std::string typed_input::set(int indicator, const decimal& d)
{
    return assign(indicator, [&](const auto& p, std::uint32_t i, auto& v) { return engine::typed_number(p, i, d, v); });
}

std::string typed_input::set(int indicator, bool b)
{
    return assign(indicator,
                  [&](const auto& p, std::uint32_t i, auto& v) { return engine::typed_boolean(p, i, b, v); });
}

std::string typed_input::set(int indicator, date d)
{
    return assign(indicator, [&](const auto& p, std::uint32_t i, auto& v) { return engine::typed_date(p, i, d, v); });
}

std::string typed_input::set_choice(int indicator, std::string_view choice)
{
    return assign(indicator,
                  [&](const auto& p, std::uint32_t i, auto& v) { return engine::typed_choice(p, i, choice, v); });
}

std::string typed_input::clear(int indicator)
{
    if (auto why = check_index(indicator); !why.empty()) return why;
    values_->values[static_cast<std::size_t>(indicator)] = engine::value::unknown();
    changed(indicator);
    return {};
}

void typed_input::set_assessed_on(date d) { values_->assessed_on = d; }

std::optional<std::string> rule_set::label_of(const typed_input& in) const
{
    if (in.program_ != program_)
        throw std::invalid_argument("rule_set::label_of: the input was made for another rule set");
    const int label = engine::decide_label(*program_, *in.values_);
    if (label < 0) return std::nullopt;
    return program_->labels[static_cast<std::size_t>(label)].id;
}

}  // namespace hallmark
