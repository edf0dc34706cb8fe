// SPDX-License-Identifier: Apache-2.0
// Many threads at once: evaluating shared rule sets, compiling, reading input, and
// releasing shared copies. The results must equal the sequential ones. This suite is
// what scripts/sanitize.sh runs under ThreadSanitizer.
#include "test_support.hpp"

#include <hallmark/decision_log.hpp>

#include <boost/test/unit_test.hpp>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

namespace fs = std::filesystem;
using namespace test_support;

namespace {

std::vector<hallmark::rule_set> ecei_versions()
{
    std::vector<hallmark::rule_set> out;
    for (const char* v : {"2013", "2019", "2020"}) {
        auto r = hallmark::compile_file(source_path(std::string("rules/ecei/") + v + ".rules"));
        if (!r.ok()) throw std::runtime_error(r.render());
        out.push_back(*r);
    }
    return out;
}

std::vector<std::string> example_inputs()
{
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(source_path("examples/assessments")))
        if (e.path().extension() == ".json") out.push_back(slurp(e.path()));
    std::sort(out.begin(), out.end());
    return out;
}

// The decision JSON, or the diagnostics, as text: what a thread's answer is compared by.
std::string answer(const hallmark::rule_set& rules, const std::string& json)
{
    auto a = hallmark::read_assessment(json, "input.json");
    if (!a.ok()) return hallmark::render_all(a.diagnostics());
    auto d = rules.evaluate(a.value());
    if (!d.ok()) return hallmark::render_all(d.diagnostics());
    return hallmark::to_json(d.value()) + hallmark::to_text(d.value());
}

template <typename F>
void on_threads(int n, F work)
{
    std::vector<std::thread> threads;
    for (int t = 0; t < n; ++t) threads.emplace_back(work, t);
    for (auto& th : threads) th.join();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(concurrency)

BOOST_AUTO_TEST_CASE(threads_evaluate_every_version_as_one_thread_does)
{
    const auto versions = ecei_versions();
    const auto inputs = example_inputs();
    BOOST_REQUIRE(inputs.size() >= 10u);
    std::vector<std::string> expected;
    for (const auto& v : versions)
        for (const auto& in : inputs) expected.push_back(answer(v, in));

    std::vector<std::vector<std::string>> got(6);
    on_threads(6, [&](int t) {
        // Each thread walks the work in its own order, so threads overlap on every pair.
        const std::size_t n = expected.size();
        got[t].resize(n);
        for (std::size_t k = 0; k < n; ++k) {
            const std::size_t i = (k * 7 + static_cast<std::size_t>(t) * 5) % n;
            got[t][i] = answer(versions[i / inputs.size()], inputs[i % inputs.size()]);
        }
    });
    for (int t = 0; t < 6; ++t)
        for (std::size_t i = 0; i < expected.size(); ++i) BOOST_TEST(got[t][i] == expected[i]);
}

BOOST_AUTO_TEST_CASE(threads_compile_the_same_rules_to_the_same_program)
{
    const auto text = slurp(source_path("examples/quickstart/labels.rules"));
    const auto input = slurp(source_path("examples/quickstart/cluster.json"));
    const auto expected = answer(rules(text), input);
    std::vector<std::string> got(4);
    on_threads(4, [&](int t) {
        auto r = hallmark::compile_string(text, "test.rules");
        got[t] = r.ok() ? answer(*r, input) + r->sha256() : r.render();
    });
    for (const auto& g : got) BOOST_TEST(g == expected + rules(text).sha256());
}

BOOST_AUTO_TEST_CASE(the_last_copy_may_be_released_on_any_thread)
{
    const auto input = slurp(source_path("examples/quickstart/cluster.json"));
    std::vector<std::string> got(4);
    std::vector<hallmark::rule_set> copies;
    {
        const auto original = rules(slurp(source_path("examples/quickstart/labels.rules")));
        copies.assign(4, original);
    }
    // Each thread takes one copy out; the compiled program goes with whichever ends last.
    on_threads(4, [&](int t) {
        const auto mine = std::move(copies[static_cast<std::size_t>(t)]);
        got[t] = answer(mine, input);
    });
    for (const auto& g : got) BOOST_TEST(g == got[0]);
    BOOST_TEST(got[0].find("\"label\"") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()

// Threads appending to one decision log, some through their own connection and some
// sharing one object: every record arrives, the chain stays whole.
BOOST_AUTO_TEST_CASE(threads_record_into_one_log)
{
    const auto dir = fs::temp_directory_path() / ("hallmark-concurrent-log-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    const auto path = (dir / "d.log").string();
    const auto versions = ecei_versions();
    const auto inputs = example_inputs();
    auto shared = hallmark::decision_log::open(path);
    constexpr int per_thread = 25;
    std::atomic<std::int64_t> recorded{0};
    auto work = [&](int t, hallmark::decision_log* log) {
        std::optional<hallmark::decision_log> own;
        if (!log) log = &own.emplace(hallmark::decision_log::open(path));
        for (int i = 0; i < per_thread; ++i) {
            const auto& rules = versions[(t + i) % versions.size()];
            auto a = hallmark::read_assessment(inputs[(t * 7 + i) % inputs.size()], "input");
            auto d = rules.evaluate(a.value());
            if (d.ok()) log->record(rules, a.value(), d.value(), {"thread " + std::to_string(t)}), ++recorded;
        }
    };
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) threads.emplace_back(work, t, t < 2 ? &shared : nullptr);
    for (auto& t : threads) t.join();
    const auto v = hallmark::verify_log(path).value();
    BOOST_TEST(v.intact, v.problem);
    BOOST_TEST(v.records == shared.size());
    BOOST_TEST(v.records == recorded.load());
    BOOST_TEST(recorded.load() > 50);
    for (const auto& r : hallmark::replay_log(shared, {}).decisions) BOOST_TEST(r.identical, r.record.id);
    fs::remove_all(dir);
}
