// SPDX-License-Identifier: Apache-2.0
// Every limit in include/hallmark/limits.hpp: at the limit works, one past it is a
// clear error (never a crash).
#include "test_support.hpp"

#include <hallmark/corpus.hpp>
#include <hallmark/limits.hpp>
#include <hallmark/plan.hpp>

#include <boost/test/unit_test.hpp>
#include <fmt/format.h>

#include <pthread.h>

#include <sstream>

using test_support::errors;
namespace lim = hallmark::limits;

namespace {
const std::string header = "methodology \"A\" version \"1\"\n";

std::string nested(std::size_t depth)
{
    return header + "let x = " + std::string(depth, '(') + "1" + std::string(depth, ')') + "\n";
}

bool compiles(const std::string& text) { return hallmark::compile_string(text, "test.rules").ok(); }
}  // namespace

BOOST_AUTO_TEST_SUITE(limits)

BOOST_AUTO_TEST_CASE(nesting_depth)
{
    BOOST_TEST(compiles(nested(lim::max_nesting_depth)));
    const auto out = errors(nested(lim::max_nesting_depth + 1));
    BOOST_TEST(out.find("nested too deeply (the limit is 64 levels)") != std::string::npos, out);
}

BOOST_AUTO_TEST_CASE(hundred_thousand_parentheses_are_an_error_not_a_crash)
{
    const auto out = errors(nested(100000));
    BOOST_TEST(out.find("error: expression nested too deeply") != std::string::npos);
    const auto nots = errors(header + "let x = " + [] {
        std::string s;
        for (int i = 0; i < 100000; ++i) s += "not ";
        return s;
    }() + "true\n");
    BOOST_TEST(nots.find("nested too deeply") != std::string::npos);
    const auto minus = errors(header + "let x = " + std::string(100000, '-') + "1\n");
    BOOST_TEST(minus.find("nested too deeply") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(operator_chain_depth)
{
    auto chain = [](std::size_t terms) {
        std::string s = header + "let x = 1";
        for (std::size_t i = 1; i < terms; ++i) s += " + 1";
        return s + "\n";
    };
    BOOST_TEST(compiles(chain(100)));
    const auto out = errors(chain(lim::max_expression_depth + 10));
    BOOST_TEST(out.find("expression too deep (the limit is 256 levels of operators)") != std::string::npos, out);
    BOOST_TEST(errors(chain(100000)).find("expression too deep") != std::string::npos);
    // `and`/`or` chains are flat: long ones cost no depth.
    std::string ors = header + "indicator b : boolean\ncriterion C\n  requires b";
    for (int i = 0; i < 2000; ++i) ors += " or b";
    BOOST_TEST(compiles(ors + "\n"));
}

BOOST_AUTO_TEST_CASE(let_depth)
{
    // Declared last-first, so compiling the first let walks the whole chain.
    auto chain = [](std::size_t n) {
        std::string s = header;
        for (std::size_t i = n; i > 0; --i)
            s += "let a" + std::to_string(i) + " = a" + std::to_string(i - 1) + " + 1\n";
        return s + "let a0 = 1\n";
    };
    BOOST_TEST(compiles(chain(lim::max_let_depth - 1)));
    const auto out = errors(chain(100000));
    BOOST_TEST(out.find("lets refer to lets too deeply here (the limit is 64 levels)") != std::string::npos);
    // Declared first-first, the same chain is just as long.
    auto forward = [](std::size_t n) {
        std::string s = header + "let a0 = 1\n";
        for (std::size_t i = 1; i <= n; ++i)
            s += "let a" + std::to_string(i) + " = a" + std::to_string(i - 1) + " + 1\n";
        return s;
    };
    BOOST_TEST(compiles(forward(lim::max_let_depth - 1)));
    const auto fwd = errors(forward(lim::max_let_depth));
    BOOST_TEST(fwd.find("let 'a64' ends a chain of 65 lets that refer to lets; the limit is 64") != std::string::npos,
               fwd);
}

BOOST_AUTO_TEST_CASE(evaluation_depth)
{
    // 60 lets, each 200 operators deep on an input (so nothing folds away): every let
    // is within limits, the whole is not.
    std::string s = header + "indicator x : count\nlet a0 = x\n";
    for (int i = 1; i <= 60; ++i) {
        s += "let a" + std::to_string(i) + " = a" + std::to_string(i - 1);
        for (int k = 0; k < 200; ++k) s += " + 1";
        s += "\n";
    }
    const auto out = errors(s + "criterion C\n  requires a60 > 0\n");
    BOOST_TEST(out.find("more than 1024 levels deep") != std::string::npos, out);
}

// The deepest files the limits allow, compiled, formatted and evaluated on a thread whose
// stack is the documented budget: recursion depth is bounded by the limits, not luck.
namespace {

// Instrumented frames are several times larger. GCC says so with __SANITIZE_*__, clang
// with __has_feature.
#if defined(__has_feature)
#define HALLMARK_HAS_FEATURE(x) __has_feature(x)
#else
#define HALLMARK_HAS_FEATURE(x) 0
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__) || HALLMARK_HAS_FEATURE(address_sanitizer) ||        \
    HALLMARK_HAS_FEATURE(thread_sanitizer)
constexpr std::size_t stack_factor = 4;
#else
constexpr std::size_t stack_factor = 1;
#endif

struct stack_job {
    std::string text;
    std::string result;
};

void* run_job(void* p)
{
    auto& job = *static_cast<stack_job*>(p);
    auto compiled = hallmark::compile_string(job.text, "deep.rules");
    if (!compiled.ok()) {
        job.result = compiled.render();
        return nullptr;
    }
    auto input = hallmark::read_assessment(R"({"assessed_on": "2024-01-01", "indicators": {"x": 1}})", "in.json");
    auto d = compiled->evaluate(input.value());
    const bool formatted = hallmark::format_rules(job.text, "deep.rules").ok();
    job.result = d.value().label.value_or("none") + (formatted ? " formatted" : " unformatted");
    return nullptr;
}

std::string on_small_stack(const std::string& text)
{
    stack_job job{text, {}};
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, lim::stack_bytes * stack_factor);
    pthread_t thread;
    if (pthread_create(&thread, &attr, run_job, &job) != 0) return "no thread";
    pthread_join(thread, nullptr);
    pthread_attr_destroy(&attr);
    return job.result;
}

std::string with_requirement(const std::string& lets, const std::string& requirement)
{
    return header + "indicator x : count\n" + lets + "criterion C\n  requires " + requirement +
           "\nlabel l requires C valid 1 year\n";
}

}  // namespace

BOOST_AUTO_TEST_CASE(the_deepest_files_fit_the_stack_budget)
{
    const std::size_t n = lim::max_nesting_depth;
    BOOST_TEST(on_small_stack(with_requirement("", std::string(n, '(') + "x > 0" + std::string(n, ')'))) ==
               "l formatted");
    std::string nots;
    for (std::size_t i = 0; i < n; ++i) nots += "not ";
    BOOST_TEST(on_small_stack(with_requirement("", nots + (n % 2 ? "x < 0" : "x > 0"))) == "l formatted");
    // n - 2 minus signs, a bracket and one more minus: n levels, n - 1 negations of x = 1.
    const std::string negated = std::string(n - 2, '-') + "(-x)" + ((n - 1) % 2 ? " < 0" : " > 0");
    BOOST_TEST(on_small_stack(with_requirement("", negated)) == "l formatted");

    // Lets chained to just under the evaluation limit, each as deep as one expression may be.
    std::string lets = "let a0 = x\n";
    const std::size_t per_let = lim::max_expression_depth - 10, count = lim::max_evaluation_depth / per_let;
    for (std::size_t i = 1; i <= count; ++i) {
        lets += "let a" + std::to_string(i) + " = a" + std::to_string(i - 1);
        for (std::size_t k = 0; k < per_let; ++k) lets += " + 1";
        lets += "\n";
    }
    BOOST_TEST(count * per_let > lim::max_evaluation_depth * 9 / 10);
    BOOST_TEST(on_small_stack(with_requirement(lets, "a" + std::to_string(count) + " > 0")) == "l formatted");
}

BOOST_AUTO_TEST_CASE(long_flat_expressions_parse_in_linear_time)
{
    // 100,000 operands in one `and` chain: a quadratic step here would take minutes.
    std::string s = header + "indicator x : boolean\nlet s = x";
    for (int i = 0; i < 100000; ++i) s += " and x";
    BOOST_TEST(compiles(s + "\n"));
}

BOOST_AUTO_TEST_CASE(limit_errors_do_not_hide_other_errors)
{
    const auto out = errors(header + "indicator " + std::string(70, 'a') + " : count\ncriterion C\n  requires y > 1\n");
    BOOST_TEST(out.find("name is 70 characters long") != std::string::npos, out);
    BOOST_TEST(out.find("unknown name 'y'") != std::string::npos, out);
}

BOOST_AUTO_TEST_CASE(identifier_length)
{
    const std::string ok(lim::max_identifier_length, 'a'), bad(lim::max_identifier_length + 1, 'a');
    BOOST_TEST(compiles(header + "indicator " + ok + " : count\n"));
    const auto out = errors(header + "indicator " + bad + " : count\n");
    BOOST_TEST(out.find("name is 65 characters long; the limit is 64") != std::string::npos, out);
}

BOOST_AUTO_TEST_CASE(number_digits)
{
    BOOST_TEST(compiles(header + "let x = 0." + std::string(lim::max_fraction_digits, '1') + "\n"));
    auto out = errors(header + "let x = 0." + std::string(lim::max_fraction_digits + 1, '1') + "\n");
    BOOST_TEST(out.find("19 after the point") != std::string::npos, out);
    BOOST_TEST(compiles(header + "let x = " + std::string(lim::max_number_digits, '9') + "\n"));
    out = errors(header + "let x = " + std::string(lim::max_number_digits + 1, '9') + "\n");
    BOOST_TEST(out.find("number has 37 digits") != std::string::npos, out);
}

BOOST_AUTO_TEST_CASE(string_length)
{
    BOOST_TEST(compiles(header + "area a \"" + std::string(lim::max_string_bytes, 'x') + "\"\n"));
    const auto out = errors(header + "area a \"" + std::string(lim::max_string_bytes + 1, 'x') + "\"\n");
    BOOST_TEST(out.find("string is 4097 bytes long; the limit is 4096") != std::string::npos, out);
}

// Each syntax error after the first costs another parse: at most max_syntax_errors, all
// reported, then one message saying where it stopped.
BOOST_AUTO_TEST_CASE(syntax_error_count)
{
    auto broken = [](std::size_t n) {
        std::string text = header;
        for (std::size_t i = 0; i < n; ++i) text += "let a" + std::to_string(i) + " = \n";
        return text;
    };
    auto count = [](const std::string& out, const std::string& what) {
        std::size_t n = 0;
        for (auto at = out.find(what); at != std::string::npos; at = out.find(what, at + 1)) ++n;
        return n;
    };
    const auto under = errors(broken(lim::max_syntax_errors - 1));
    BOOST_TEST(count(under, "error: expected an expression") == lim::max_syntax_errors - 1);
    BOOST_TEST(under.find("too many syntax errors") == std::string::npos);
    const auto over = errors(broken(lim::max_syntax_errors + 1));
    BOOST_TEST(count(over, "error: expected an expression") == lim::max_syntax_errors);
    BOOST_TEST(over.find("error: too many syntax errors; stopped after " + std::to_string(lim::max_syntax_errors)) !=
               std::string::npos);
}

BOOST_AUTO_TEST_CASE(choice_count)
{
    auto choices = [](std::size_t n) {
        std::string s = header + "indicator k : one of (";
        for (std::size_t i = 0; i < n; ++i) s += (i ? ", c" : "c") + std::to_string(i);
        return s + ")\n";
    };
    BOOST_TEST(compiles(choices(lim::max_choices)));
    const auto out = errors(choices(lim::max_choices + 1));
    BOOST_TEST(out.find("65 choices; the limit is 64") != std::string::npos, out);
}

// Issue 14: `valid 9223372036854775807 years` wrapped around in `* 12` and passed
// `check`; every duration literal is now checked where it is written.
BOOST_AUTO_TEST_CASE(duration_length)
{
    const std::string rest = "indicator e : boolean\ncriterion E requires e\nlabel l requires E\n";
    auto valid = [&](std::int64_t n, const char* unit) {
        return header + rest + "  valid " + std::to_string(n) + " " + unit + "\n";
    };
    BOOST_TEST(compiles(valid(lim::max_duration_years, "years")));
    BOOST_TEST(compiles(valid(lim::max_duration_months, "months")));
    BOOST_TEST(compiles(valid(lim::max_duration_days, "days")));
    auto out = errors(valid(lim::max_duration_years + 1, "years"));
    BOOST_TEST(out.find("test.rules:5:9: error: a duration of 10000 years is too long; the limit is 9999 years") !=
                   std::string::npos,
               out);
    out = errors(valid(lim::max_duration_months + 1, "months"));
    BOOST_TEST(out.find("a duration of 119989 months is too long; the limit is 119988 months") != std::string::npos,
               out);
    out = errors(valid(lim::max_duration_days + 1, "days"));
    BOOST_TEST(out.find("a duration of 3652061 days is too long; the limit is 3652060 days") != std::string::npos, out);
    // The values from the issue: the largest int64, and one that wrapped to 2 years.
    out = errors(valid(9223372036854775807, "years"));
    BOOST_TEST(out.find("test.rules:5:9: error: a duration of 9223372036854775807 years is too long") !=
                   std::string::npos,
               out);
    out = errors(header + "indicator founded : date\nlet x = founded + 4611686018427387906 years\n");
    BOOST_TEST(out.find("test.rules:3:19: error: a duration of 4611686018427387906 years is too long") !=
                   std::string::npos,
               out);
    out = errors(header + rest +
                 "  valid 1 year\n  renewal within 10000 years after expiry extends 1 year from "
                 "previous expiry\n");
    BOOST_TEST(out.find("a duration of 10000 years is too long") != std::string::npos, out);
}

BOOST_AUTO_TEST_CASE(file_size)
{
    std::string big = header + "# " + std::string(lim::max_file_bytes, 'x') + "\n";
    const auto out = errors(big);
    BOOST_TEST(out.find("the limit is 8388608") != std::string::npos, out);
}

BOOST_AUTO_TEST_CASE(extends_depth)
{
    // Each version extends the next; the chain is one longer than allowed.
    hallmark::compile_options o;
    o.find_base = [](const std::string& name, const std::string& version) -> std::optional<hallmark::rule_source> {
        const int v = std::stoi(version);
        std::string text = "methodology \"" + name + "\" version \"" + version + "\"\n";
        if (v < 100) text += "  extends \"" + name + "\" version \"" + std::to_string(v + 1) + "\"\n";
        return hallmark::rule_source{"v" + version + ".rules", text};
    };
    auto r = hallmark::compile_string("methodology \"M\" version \"0\" extends \"M\" version \"1\"\n", "v0.rules", o);
    BOOST_TEST(!r.ok());
    BOOST_TEST(r.render().find("'extends' chain is longer than the limit of 32 versions") != std::string::npos,
               r.render());
}

BOOST_AUTO_TEST_CASE(json_depth)
{
    std::string deep = "{\"assessed_on\": \"2020-01-01\", \"indicators\": {\"x\": " + std::string(100000, '[') + "}}";
    auto r = hallmark::read_assessment(deep, "deep.json");
    BOOST_TEST(!r.ok());
}

// A record one past the limit is an error naming its line, found while reading it; the
// rows after it are read as usual.
BOOST_AUTO_TEST_CASE(record_length)
{
    for (const bool csv : {false, true}) {
        const std::string at_limit(lim::max_record_bytes, 'a'), past(lim::max_record_bytes + 1, 'b');
        std::istringstream in(std::string(csv ? "assessed_on,x\n" : "") + at_limit + "\r\n" + past + "\nlast,1\n");
        hallmark::corpus_reader reader(in, "big", csv, {});
        std::vector<hallmark::corpus_reader::record> rs;
        for (hallmark::corpus_reader::record r; reader.next(r);) rs.push_back(r);
        BOOST_TEST_REQUIRE(rs.size() == 3u);
        BOOST_TEST(rs[0].problem.empty(), rs[0].problem);
        const auto first_line = csv ? 2u : 1u;
        BOOST_TEST(rs[1].line == first_line + 1);
        BOOST_TEST(rs[1].problem.find("longer than the limit of 1048576 bytes") != std::string::npos, rs[1].problem);
        const auto item = reader.read(rs[1]);
        BOOST_TEST(item.read.diagnostics()[0].line == first_line + 1);
        BOOST_TEST(rs[2].line == first_line + 2);
        BOOST_TEST(rs[2].problem.empty());
        BOOST_TEST((csv ? rs[2].cells[0] : rs[2].text) == (csv ? "last" : "last,1"));
    }
}

// A target out of reach with many candidate values: the search stops at the bound and
// says so; a small search is not stopped.
BOOST_AUTO_TEST_CASE(plan_evaluations)
{
    std::string text = header;
    std::string fields;
    for (int i = 0; i < 24; ++i) {
        text += fmt::format("indicator n{} : count\ncriterion C{} group g\n  requires n{} >= 10", i, i, i);
        for (int t = 1; t <= 8; ++t) text += fmt::format(" and (n{} > {} or n{} < {})", i, 100 * t, i, 100 * t - 50);
        text += "\n";
        fields += fmt::format("{}\"n{}\": 0", i == 0 ? "" : ", ", i);
    }
    text += "label top\n  requires all(g)\n  valid 1 year\n";
    const auto rules = test_support::rules(text);
    const auto a = hallmark::read_assessment(
                       fmt::format(R"({{"assessed_on": "2025-01-01", "indicators": {{{}}}}})", fields), "many")
                       .value();
    hallmark::plan_options o;
    o.max_changes = 3;
    auto p = hallmark::make_plan(rules, a, o);
    BOOST_TEST_REQUIRE(p.ok());
    BOOST_TEST(std::string(to_string(p->status)) == "no_plan");
    BOOST_TEST(p->bound_reached);
    BOOST_TEST(p->evaluations == lim::max_plan_evaluations);
    BOOST_TEST(p->why.find("limits::max_plan_evaluations") != std::string::npos, p->why);
    o.max_changes = 1;
    p = hallmark::make_plan(rules, a, o);
    BOOST_TEST(!p->bound_reached);
    BOOST_TEST(p->evaluations < lim::max_plan_evaluations);
    BOOST_TEST(p->why == "it needs more than 1 changed answers");
}

namespace {
// One message of the base protocol, and a notification padded to `size` bytes.
std::string frame(const std::string& body) { return fmt::format("Content-Length: {}\r\n\r\n{}", body.size(), body); }
std::string padded(std::size_t size)
{
    const std::string head = R"({"jsonrpc":"2.0","method":"$/pad","params":")", tail = "\"}";
    return head + std::string(size - head.size() - tail.size(), 'a') + tail;
}
const std::string initialize = frame(R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{}})");

// What `hallmark lsp` answers to `input`.
std::string lsp_answers(const std::string& input)
{
    const test_support::scratch_dir scratch("lsp-limits");
    std::string out;
    test_support::run(fmt::format("{} lsp < {}", HALLMARK_CLI, scratch.write("in", input)), out);
    return out;
}
}  // namespace

BOOST_AUTO_TEST_CASE(lsp_message_bytes)
{
    auto out = lsp_answers(frame(padded(lim::max_lsp_message_bytes)) + initialize);
    BOOST_TEST(out.find("capabilities") != std::string::npos, out.substr(0, 300));
    BOOST_TEST(out.find("over the limit") == std::string::npos, out.substr(0, 300));
    // One byte more: skipped unread, answered with an error, and the next message still read.
    out = lsp_answers(frame(padded(lim::max_lsp_message_bytes + 1)) + initialize);
    BOOST_TEST(out.find(fmt::format("the message of {} bytes is over the limit of {} bytes",
                                    lim::max_lsp_message_bytes + 1, lim::max_lsp_message_bytes)) != std::string::npos,
               out.substr(0, 300));
    BOOST_TEST(out.find("\"code\":-32600") != std::string::npos, out.substr(0, 300));
    BOOST_TEST(out.find("capabilities") != std::string::npos, out.substr(0, 300));
}

BOOST_AUTO_TEST_CASE(lsp_header_bytes)
{
    // Headers of exactly the limit (the blank line that ends them counted), then one more.
    const std::string body = R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{}})";
    auto headers = [&](std::size_t size) {
        const std::string length = fmt::format("Content-Length: {}\r\n", body.size()), pad = "X-Pad: ";
        return length + pad + std::string(size - length.size() - pad.size() - 4, 'p') + "\r\n\r\n";
    };
    BOOST_TEST(headers(lim::max_lsp_header_bytes).size() == lim::max_lsp_header_bytes);
    auto out = lsp_answers(headers(lim::max_lsp_header_bytes) + body);
    BOOST_TEST(out.find("capabilities") != std::string::npos, out.substr(0, 300));
    out = lsp_answers(headers(lim::max_lsp_header_bytes + 1) + body + initialize);
    BOOST_TEST(out.find("at most 4096 bytes of headers") != std::string::npos, out.substr(0, 300));
    BOOST_TEST(out.find("capabilities") != std::string::npos, out.substr(0, 300));
}

BOOST_AUTO_TEST_CASE(lsp_json_depth)
{
    // `params` one level under the message, then arrays to the limit; brackets in strings do not count.
    auto nested = [](std::size_t depth) {
        return frame(fmt::format(R"({{"jsonrpc":"2.0","method":"$/pad","params":{}"[[[{}}})",
                                 std::string(depth - 1, '['), std::string(depth - 1, ']')));
    };
    auto out = lsp_answers(nested(lim::max_lsp_json_depth) + initialize);
    BOOST_TEST(out.find("nested deeper") == std::string::npos, out.substr(0, 300));
    BOOST_TEST(out.find("capabilities") != std::string::npos, out.substr(0, 300));
    out = lsp_answers(nested(lim::max_lsp_json_depth + 1) + frame("[" + std::string(1000000, '[')) + initialize);
    BOOST_TEST(out.find("the message is nested deeper than 64 levels") != std::string::npos, out.substr(0, 300));
    BOOST_TEST(out.find("capabilities") != std::string::npos, out.substr(0, 300));
}

BOOST_AUTO_TEST_SUITE_END()
