// SPDX-License-Identifier: Apache-2.0
// The label-only path: values set one by one through typed setters (hallmark/typed_input.hpp),
// for hosts that decide again on every change.
#include "capi/handles.hpp"

#include <hallmark/json_writer.hpp>

#include <memory>

using namespace hallmark::capi;

namespace {

// A setter's refusal. Its diagnostics come from no document (no source, no line), so
// they read "error: MESSAGE" rather than ": error: MESSAGE".
hm_status refused(hm_error** error, std::vector<hallmark::diagnostic> ds)
{
    std::string text;
    for (const auto& d : ds) text += d.source.empty() ? "error: " + d.message + "\n" : hallmark::render(d);
    return report(error, {HM_BAD_INPUT, std::move(text), std::move(ds)});
}

hm_status refused(hm_error** error, std::string message)
{
    return refused(error, {{hallmark::severity::error, "", 0, 0, std::move(message), ""}});
}

hm_status outcome(hm_error** error, hallmark::result<void> r)
{
    return r.ok() ? HM_OK : refused(error, std::move(r.diagnostics()));
}

// The indicator's name for a message about a value given for it.
std::string name_of(const hm_input* in, int index)
{
    if (index >= 0 && static_cast<size_t>(index) < in->names.size() && !in->names[index].empty())
        return "indicators." + in->names[index];
    return "indicator number " + std::to_string(index);
}

// Runs a setter under the common checks: an input is given, nothing escapes.
template <class setter_fn>
hm_status set_with(hm_input* input, hm_error** error, setter_fn&& set)
{
    if (!input) return null_argument(error, "input");
    return guarded(error, [&] { return set(); });
}

}  // namespace

extern "C" {

hm_status hm_input_new(const hm_rules* rules, hm_input** input, hm_error** error)
{
    if (!rules) return null_argument(error, "rules");
    if (!input) return null_argument(error, "input");
    return guarded(error, [&] {
        auto made = std::make_unique<hm_input>(hm_input{rules->set, hallmark::typed_input(rules->set), {}, {}});
        for (const auto& indicator : rules->set.catalogue().indicators) {
            auto index = made->values.indicator(indicator.id);
            if (!index.ok()) continue;
            if (made->names.size() <= static_cast<size_t>(*index)) made->names.resize(*index + 1);
            made->names[*index] = indicator.id;
        }
        *input = made.release();
        return HM_OK;
    });
}

void hm_input_free(hm_input* input) { delete input; }

size_t hm_input_indicator_count(const hm_input* input) { return input ? input->names.size() : 0; }

hm_status hm_input_indicator(const hm_input* input, const char* id, int* index, hm_error** error)
{
    if (!input) return null_argument(error, "input");
    if (!id) return null_argument(error, "id");
    if (!index) return null_argument(error, "index");
    return guarded(error, [&] {
        auto found = input->values.indicator(id);
        if (!found.ok()) return refused(error, std::move(found.diagnostics()));
        *index = *found;
        return HM_OK;
    });
}

hm_status hm_input_set_decimal(hm_input* input, int index, const char* decimal, hm_error** error)
{
    if (!decimal) return null_argument(error, "decimal");
    return set_with(input, error, [&] {
        const auto value = hallmark::decimal::parse(decimal);
        if (!value)
            return refused(error, name_of(input, index) + ": " + hallmark::json_quote(decimal) +
                                      " is not an exact decimal number");
        return outcome(error, input->values.set(index, *value));
    });
}

hm_status hm_input_set_integer(hm_input* input, int index, int64_t value, hm_error** error)
{
    return set_with(input, error,
                    [&] { return outcome(error, input->values.set(index, hallmark::decimal::from_int(value))); });
}

hm_status hm_input_set_bool(hm_input* input, int index, int value, hm_error** error)
{
    return set_with(input, error, [&] { return outcome(error, input->values.set(index, value != 0)); });
}

hm_status hm_input_set_date(hm_input* input, int index, int year, int month, int day, hm_error** error)
{
    return set_with(input, error, [&] {
        const auto d = hallmark::date::from_ymd(year, month, day);
        if (!d)
            return refused(error, name_of(input, index) + ": " + std::to_string(year) + "-" + std::to_string(month) +
                                      "-" + std::to_string(day) + " is not a date");
        return outcome(error, input->values.set(index, *d));
    });
}

hm_status hm_input_set_choice(hm_input* input, int index, const char* choice, hm_error** error)
{
    if (!choice) return null_argument(error, "choice");
    return set_with(input, error, [&] { return outcome(error, input->values.set_choice(index, choice)); });
}

hm_status hm_input_clear(hm_input* input, int index, hm_error** error)
{
    return set_with(input, error, [&] { return outcome(error, input->values.clear(index)); });
}

hm_status hm_input_set_assessed_on(hm_input* input, int year, int month, int day, hm_error** error)
{
    return set_with(input, error, [&] {
        const auto d = hallmark::date::from_ymd(year, month, day);
        if (!d)
            return refused(error, "assessed_on: " + std::to_string(year) + "-" + std::to_string(month) + "-" +
                                      std::to_string(day) + " is not a date");
        input->values.set_assessed_on(*d);
        return HM_OK;
    });
}

hm_status hm_input_label(hm_input* input, const char** label, hm_error** error)
{
    if (!label) return null_argument(error, "label");
    return set_with(input, error, [&] {
        input->label = input->set.label_of(input->values);
        *label = input->label ? input->label->c_str() : nullptr;
        return HM_OK;
    });
}

}  // extern "C"
