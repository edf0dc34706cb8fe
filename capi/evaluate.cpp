// SPDX-License-Identifier: Apache-2.0
// Deciding assessments given as JSON text: one, or many spread over threads.
#include "capi/evaluate.hpp"

#include <algorithm>
#include <atomic>
#include <system_error>
#include <thread>

namespace hallmark::capi {

std::variant<decision_text, failure> decide(const rule_set& rules, std::string_view json, const char* name)
{
    // The steps and the messages of `hallmark eval --format json FILE`, FILE being `name`.
    auto read = read_assessment(json, name ? name : "<input>");
    if (!read.ok()) return bad_input(std::move(read.diagnostics()));
    auto decided = rules.evaluate(*read);
    if (!decided.ok()) return bad_input(std::move(decided.diagnostics()));
    return decision_text{std::move(read.value()), std::move(decided.value())};
}

}  // namespace hallmark::capi

using namespace hallmark::capi;

namespace {

// One document to its decision JSON, or to an error; never throws.
hm_status decide_json(const hm_rules* rules, std::string_view json, const char* name, char** decision,
                      hm_error** error) noexcept
{
    return guarded(error, [&] {
        auto made = decide(rules->set, json, name);
        if (auto* f = std::get_if<failure>(&made)) return report(error, std::move(*f));
        *decision = copy_out(hallmark::to_json(std::get<decision_text>(made).made));
        return HM_OK;
    });
}

unsigned thread_count(unsigned asked, size_t count)
{
    unsigned n =
        asked ? asked
              : std::min(std::max(1U, std::thread::hardware_concurrency()), hallmark::limits::max_evaluation_threads);
    return static_cast<unsigned>(std::min<size_t>(n, std::max<size_t>(count, 1)));
}

// More threads than the limit: refused, each slot saying so (no thread is started).
hm_status too_many_threads(unsigned threads, size_t count, char** decisions, hm_error** errors) noexcept
{
    for (size_t i = 0; i < count; ++i) {
        decisions[i] = nullptr;
        if (errors)
            report(&errors[i], plain(HM_MISUSE, "error: " + std::to_string(threads) + " threads asked for; at most " +
                                                    std::to_string(hallmark::limits::max_evaluation_threads) +
                                                    " (hallmark::limits::max_evaluation_threads)\n"));
    }
    return HM_MISUSE;
}

}  // namespace

extern "C" {

hm_status hm_evaluate(const hm_rules* rules, const char* json, size_t length, const char* name, char** decision,
                      hm_error** error)
{
    if (!rules) return null_argument(error, "rules");
    if (!json && length > 0) return null_argument(error, "json");
    if (!decision) return null_argument(error, "decision");
    return decide_json(rules, view(json, length), name, decision, error);
}

hm_status hm_evaluate_many(const hm_rules* rules, const char* const* jsons, const size_t* lengths,
                           const char* const* names, size_t count, unsigned threads, char** decisions,
                           hm_error** errors)
{
    if (!rules) return null_argument(nullptr, "rules");
    if (count > 0 && (!jsons || !lengths || !decisions)) return HM_MISUSE;
    if (threads > hallmark::limits::max_evaluation_threads) return too_many_threads(threads, count, decisions, errors);
    std::atomic<size_t> next{0};
    std::atomic<bool> all_decided{true};
    auto work = [&]() noexcept {
        for (size_t i = next++; i < count; i = next++) {
            hm_error** slot = errors ? &errors[i] : nullptr;
            decisions[i] = nullptr;
            decide_json(rules, view(jsons[i], lengths[i]), names ? names[i] : nullptr, &decisions[i], slot);
            if (!decisions[i]) all_decided = false;
        }
    };
    std::vector<std::thread> pool;
    try {
        // The calling thread works too; a thread that cannot be started leaves its share
        // to the others.
        for (unsigned t = 1; t < thread_count(threads, count); ++t) pool.emplace_back(work);
    } catch (...) {}
    work();
    for (auto& t : pool) t.join();
    return all_decided ? HM_OK : HM_BAD_INPUT;
}

}  // extern "C"
