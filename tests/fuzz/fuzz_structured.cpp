// SPDX-License-Identifier: Apache-2.0
// Random valid rule files and assessments, checked against an independent model.
//
// The bytes drive a generator that writes a rule file (indicators, lets, criteria with
// tiers, labels) and an assessment, and at the same time computes what the decision
// must be with its own evaluator: Kleene logic on three values and exact rationals
// (Boost.Multiprecision) rounded as docs/semantics.md specifies. The engine must agree
// through both doors: the rule file's own test block, and JSON evaluation. Decisions
// must also be the same bytes when repeated and when computed on another thread.
#include "fuzz_support.hpp"

#include <boost/multiprecision/cpp_int.hpp>
#include <fuzzer/FuzzedDataProvider.h>

#include <array>
#include <cstdint>
#include <cstdlib>
#include <fmt/format.h>
#include <optional>
#include <thread>

namespace {

using namespace hallmark;
using boost::multiprecision::cpp_int;
using boost::multiprecision::cpp_rational;
using fuzz_support::require;

// ---- the model's numbers: exact rationals, rounded where the engine rounds ----------

using number = std::optional<cpp_rational>;  // nothing: unknown (missing, or an error)

const cpp_int& pow10(int n)
{
    static const auto table = [] {
        std::array<cpp_int, 80> t;
        t[0] = 1;
        for (std::size_t i = 1; i < t.size(); ++i) t[i] = t[i - 1] * 10;
        return t;
    }();
    return table[static_cast<std::size_t>(n)];
}

// q rounded to 18 fractional digits, half to even; nothing when the normalized
// coefficient needs more than 36 digits.
number to_decimal(const cpp_rational& q)
{
    const cpp_int n = numerator(q) * pow10(18), d = denominator(q);
    cpp_int quotient = n / d, remainder = n % d;  // truncates toward zero
    const cpp_int twice = abs(remainder) * 2;
    if (twice > d || (twice == d && abs(quotient) % 2 != 0)) quotient += n < 0 ? -1 : 1;
    cpp_int c = quotient;
    int scale = 18;
    while (scale > 0 && c % 10 == 0) c /= 10, --scale;
    if (abs(c) >= pow10(36)) return std::nullopt;
    return cpp_rational(c, pow10(scale));
}

// Canonical text of a value that has at most 18 fractional digits.
std::string text_of(const cpp_rational& q)
{
    cpp_int c = numerator(q) * (pow10(18) / denominator(q));
    const bool negative = c < 0;
    std::string digits = cpp_int(abs(c)).str();
    if (digits.size() <= 18) digits.insert(0, 19 - digits.size(), '0');
    std::string whole = digits.substr(0, digits.size() - 18), frac = digits.substr(digits.size() - 18);
    while (!frac.empty() && frac.back() == '0') frac.pop_back();
    return (negative ? "-" : "") + whole + (frac.empty() ? "" : "." + frac);
}

cpp_rational exact(char op, const cpp_rational& x, const cpp_rational& y)
{
    if (op == '+') return x + y;
    if (op == '-') return x - y;
    if (op == '*') return x * y;
    return x / y;
}

// round(x, places): half away from zero.
cpp_rational round_away(const cpp_rational& q, int places)
{
    const cpp_int n = numerator(q) * pow10(places), d = denominator(q);
    cpp_int quotient = n / d;
    if (abs(n % d) * 2 >= d) quotient += n < 0 ? -1 : 1;
    return cpp_rational(quotient, pow10(places));
}

// ---- the model's logic: Kleene's three values ---------------------------------------

enum class tri { no, yes, unknown };

tri kleene_and(tri a, tri b)
{
    if (a == tri::no || b == tri::no) return tri::no;
    return a == tri::unknown || b == tri::unknown ? tri::unknown : tri::yes;
}
tri kleene_or(tri a, tri b)
{
    if (a == tri::yes || b == tri::yes) return tri::yes;
    return a == tri::unknown || b == tri::unknown ? tri::unknown : tri::no;
}
tri kleene_not(tri a) { return a == tri::unknown ? a : a == tri::yes ? tri::no : tri::yes; }

outcome outcome_of(tri t)
{
    return t == tri::yes ? outcome::met : t == tri::no ? outcome::not_met : outcome::not_assessable;
}

// ---- generation ---------------------------------------------------------------------

enum class kind { count, decimal, boolean, percent };

struct indicator {
    std::string name;
    kind type;
    number value;          // as the rules see it (a percent reported as 40 is 0.4)
    std::string reported;  // as the assessment writes it; empty when not reported
    bool known_flag = false;
};

struct num_expr {
    std::string text;
    number value;
    bool constant = false;
};
struct bool_expr {
    std::string text;
    tri value;
};
struct criterion {
    std::string id;
    tri outcome_value = tri::unknown;
    std::optional<cpp_rational> points;  // when the criterion has tiers and they decided
    bool has_tiers = false;
};

class generator {
public:
    explicit generator(FuzzedDataProvider& in) : in_(in) {}

    std::string rules, test_block, json;
    std::vector<indicator> indicators;
    std::vector<std::pair<std::string, number>> lets;
    std::vector<criterion> criteria;
    std::vector<std::pair<std::string, tri>> labels;
    std::optional<cpp_rational> group_points = cpp_rational(0);
    bool any_tiers = false;

    void build();

private:
    FuzzedDataProvider& in_;
    int depth_ = 0;

    cpp_rational constant_value(bool nonzero);
    std::string constant_text(const cpp_rational& v) { return v < 0 ? "(" + text_of(v) + ")" : text_of(v); }
    // Indicator 0 is numeric (see build); it stands in wherever a constant would let the
    // checker fold an expression away.
    num_expr anchor() const { return {indicators[0].name, indicators[0].value}; }
    void make_indicator(int i);
    num_expr number_term();
    num_expr number_expr();
    bool_expr bool_expr_();
    bool_expr condition();
    void make_criterion(int i);
    void make_label(int i);
    void write_assessment(const std::string& day);
};

cpp_rational generator::constant_value(bool nonzero)
{
    const int scale = in_.ConsumeIntegralInRange(0, 4);
    std::int64_t c = in_.ConsumeIntegralInRange<std::int64_t>(-100000, 100000);
    if (nonzero && c == 0) c = 7;
    return cpp_rational(c, pow10(scale));
}

void generator::make_indicator(int i)
{
    indicator ind{fmt::format("i{}", i), static_cast<kind>(in_.ConsumeIntegralInRange(0, 3)), std::nullopt, ""};
    const bool reported = in_.ConsumeIntegralInRange(0, 5) != 0;
    if (reported) switch (ind.type) {
        case kind::count: {
            const auto v = in_.ConsumeIntegralInRange<std::int64_t>(0, 120);
            ind.value = cpp_rational(v), ind.reported = std::to_string(v);
            break;
        }
        case kind::decimal: {
            // Now and then a huge value, so that products overflow.
            cpp_rational v = constant_value(false);
            if (in_.ConsumeIntegralInRange(0, 7) == 0) v *= cpp_rational(pow10(in_.ConsumeIntegralInRange(10, 30)));
            ind.value = v, ind.reported = text_of(v);
            break;
        }
        case kind::boolean: ind.known_flag = in_.ConsumeBool(), ind.reported = ind.known_flag ? "true" : "false"; break;
        case kind::percent: {
            const cpp_rational v(in_.ConsumeIntegralInRange(0, 10000), 100);
            ind.value = v / 100, ind.reported = text_of(v);
            break;
        }
        }
    static const char* type_names[] = {"count", "decimal", "boolean", "percent"};
    rules += fmt::format("indicator {} : {}\n", ind.name, type_names[static_cast<int>(ind.type)]);
    indicators.push_back(ind);
}

num_expr generator::number_term()
{
    std::vector<num_expr> options;
    for (const auto& ind : indicators)
        if (ind.type == kind::count || ind.type == kind::decimal) options.push_back({ind.name, ind.value});
    for (const auto& [name, value] : lets) options.push_back({name, value});
    if (!options.empty() && in_.ConsumeIntegralInRange(0, 3) != 0)
        return options[in_.ConsumeIntegralInRange<std::size_t>(0, options.size() - 1)];
    const auto v = constant_value(false);
    return {constant_text(v), v, true};
}

num_expr generator::number_expr()
{
    if (depth_ >= 4 || in_.ConsumeIntegralInRange(0, 2) == 0) return number_term();
    ++depth_;
    num_expr out;
    switch (in_.ConsumeIntegralInRange(0, 6)) {
    case 0: {  // + - * /, never between two constants (the checker folds those)
        num_expr a = number_expr(), b = number_expr();
        if (a.constant && b.constant) a = anchor();
        const char op = "+-*/"[in_.ConsumeIntegralInRange(0, 3)];
        if (op == '/' && b.constant && b.value && *b.value == 0) b = {"1", cpp_rational(1), true};
        out.text = fmt::format("({} {} {})", a.text, op, b.text);
        if (a.value && b.value && !(op == '/' && *b.value == 0)) {
            const auto& x = *a.value;
            const auto& y = *b.value;
            out.value = to_decimal(exact(op, x, y));
        }
        break;
    }
    case 1: {
        auto a = number_expr();
        out = {"-" + a.text, a.value ? number(to_decimal(-*a.value)) : std::nullopt, a.constant};
        if (a.constant) out.text = "(-" + a.text + ")";
        break;
    }
    case 2: {
        auto a = number_expr();
        const int places = in_.ConsumeIntegralInRange(0, 4);
        out = {fmt::format("round({}, {})", a.text, places),
               a.value ? number(round_away(*a.value, places)) : std::nullopt, a.constant};
        break;
    }
    case 3: {
        auto a = number_expr();
        out = {"abs(" + a.text + ")", a.value ? number(to_decimal(abs(*a.value))) : std::nullopt, a.constant};
        break;
    }
    case 4: {
        auto a = number_expr(), b = number_expr();
        const bool is_min = in_.ConsumeBool();
        out.text = fmt::format("{}({}, {})", is_min ? "min" : "max", a.text, b.text);
        out.constant = a.constant && b.constant;
        if (a.value && b.value) out.value = is_min ? std::min(*a.value, *b.value) : std::max(*a.value, *b.value);
        break;
    }
    default: {
        auto c = condition();
        auto a = number_expr(), b = number_expr();
        out.text = fmt::format("(if {} then {} else {})", c.text, a.text, b.text);
        out.value = c.value == tri::unknown ? std::nullopt : c.value == tri::yes ? a.value : b.value;
        break;
    }
    }
    --depth_;
    // A value the model cannot represent exactly never came from an exact operation.
    if (out.value) require(to_decimal(*out.value) == out.value, "model value is a decimal");
    return out;
}

bool_expr generator::condition()
{
    const int choice = in_.ConsumeIntegralInRange(0, 4);
    std::vector<const indicator*> booleans, percents;
    for (const auto& ind : indicators) {
        if (ind.type == kind::boolean) booleans.push_back(&ind);
        if (ind.type == kind::percent) percents.push_back(&ind);
    }
    if (choice == 0 && !booleans.empty()) {
        const auto* b = booleans[in_.ConsumeIntegralInRange<std::size_t>(0, booleans.size() - 1)];
        return {b->name, b->reported.empty() ? tri::unknown : b->known_flag ? tri::yes : tri::no};
    }
    if (choice == 1 && !percents.empty()) {
        const auto* p = percents[in_.ConsumeIntegralInRange<std::size_t>(0, percents.size() - 1)];
        const cpp_rational threshold(in_.ConsumeIntegralInRange(0, 1000), 10);
        const tri v = !p->value ? tri::unknown : *p->value >= threshold / 100 ? tri::yes : tri::no;
        return {fmt::format("{} >= {}%", p->name, text_of(threshold)), v};
    }
    if (choice == 2) {
        auto a = number_expr();
        if (a.constant) a = anchor();
        const bool known = a.value.has_value();
        return {"is_known(" + a.text + ")", known ? tri::yes : tri::no};
    }
    auto a = number_expr();
    if (a.constant) a = anchor();
    auto b = number_expr();
    static const char* ops[] = {"<", "<=", ">", ">=", "=", "!="};
    const int op = in_.ConsumeIntegralInRange(0, 5);
    tri v = tri::unknown;
    if (a.value && b.value) {
        const auto& x = *a.value;
        const auto& y = *b.value;
        const bool r = op == 0   ? x < y
                       : op == 1 ? x <= y
                       : op == 2 ? x > y
                       : op == 3 ? x >= y
                       : op == 4 ? x == y
                                 : x != y;
        v = r ? tri::yes : tri::no;
    }
    return {fmt::format("{} {} {}", a.text, ops[op], b.text), v};
}

bool_expr generator::bool_expr_()
{
    if (depth_ >= 3 || in_.ConsumeIntegralInRange(0, 2) == 0) return condition();
    ++depth_;
    bool_expr out;
    switch (in_.ConsumeIntegralInRange(0, 2)) {
    case 0: {
        auto a = bool_expr_();
        out = {"not (" + a.text + ")", kleene_not(a.value)};
        break;
    }
    default: {
        const bool is_and = in_.ConsumeBool();
        auto a = bool_expr_(), b = bool_expr_();
        out = {fmt::format("({} {} {})", a.text, is_and ? "and" : "or", b.text),
               is_and ? kleene_and(a.value, b.value) : kleene_or(a.value, b.value)};
        break;
    }
    }
    --depth_;
    return out;
}

void generator::make_criterion(int i)
{
    criterion c{fmt::format("K{}", i)};
    const int shape = in_.ConsumeIntegralInRange(0, 2);  // requires, points, both
    std::string text = "criterion " + c.id;
    std::optional<tri> requirement;
    if (shape != 1) {
        auto r = bool_expr_();
        text += "\n  requires " + r.text;
        requirement = r.value;
    }
    if (shape != 0) {
        c.has_tiers = any_tiers = true;
        text.insert(("criterion " + c.id).size(), " group q");
        const int tiers = in_.ConsumeIntegralInRange(1, 3);
        bool decided = false, stopped = false;
        for (int t = 0; t < tiers; ++t) {
            const int p = in_.ConsumeIntegralInRange(0, 10);
            auto cond = bool_expr_();
            text += fmt::format("\n  {} {} when {}", t == 0 ? "points" : "      ", p, cond.text);
            if (decided || stopped) continue;
            if (cond.value == tri::unknown) stopped = true;
            else if (cond.value == tri::yes) c.points = cpp_rational(p), decided = true;
        }
        const int otherwise = in_.ConsumeIntegralInRange(0, 3);
        text += fmt::format("\n         {} otherwise", otherwise);
        if (!decided && !stopped) c.points = cpp_rational(otherwise);
        if (c.points && group_points) *group_points += *c.points;
        else group_points.reset();
    }
    if (requirement) c.outcome_value = *requirement;
    else c.outcome_value = !c.points ? tri::unknown : *c.points > 0 ? tri::yes : tri::no;
    rules += text + "\n";
    criteria.push_back(c);
}

void generator::make_label(int i)
{
    const std::string id = fmt::format("l{}", i);
    std::string text;
    tri value = tri::yes;
    const int parts = in_.ConsumeIntegralInRange(1, 3);
    for (int p = 0; p < parts; ++p) {
        const auto& a = criteria[in_.ConsumeIntegralInRange<std::size_t>(0, criteria.size() - 1)];
        tri part = a.outcome_value;
        std::string part_text = a.id;
        const int shape = in_.ConsumeIntegralInRange(0, 3);
        if (shape == 1) {
            const auto& b = criteria[in_.ConsumeIntegralInRange<std::size_t>(0, criteria.size() - 1)];
            part = kleene_or(part, b.outcome_value);
            part_text = "(" + a.id + " or " + b.id + ")";
        } else if (shape == 2 && any_tiers) {
            const int k = in_.ConsumeIntegralInRange(0, 20);
            part = !group_points ? tri::unknown : *group_points >= k ? tri::yes : tri::no;
            part_text = fmt::format("points(q) >= {}", k);
        }
        value = kleene_and(value, part);
        text += (p ? " and " : "") + part_text;
    }
    rules += fmt::format("label {}\n  requires {}\n  valid 1 year\n", id, text);
    labels.emplace_back(id, value);
}

void generator::write_assessment(const std::string& day)
{
    json = fmt::format(R"({{"assessed_on": "{}", "indicators": {{)", day);
    std::string givens;
    bool first = true;
    for (const auto& ind : indicators) {
        if (ind.reported.empty()) {
            if (in_.ConsumeBool()) json += fmt::format(R"({}"{}": null)", first ? "" : ", ", ind.name), first = false;
            continue;
        }
        // Decimals may come as JSON numbers or as strings; both must read the same.
        const bool quoted = ind.type == kind::decimal && in_.ConsumeBool();
        json += fmt::format(R"({}"{}": {})", first ? "" : ", ", ind.name,
                            quoted ? "\"" + ind.reported + "\"" : ind.reported);
        first = false;
        givens += fmt::format("{}{} = {}", givens.empty() ? "" : ", ", ind.name, ind.reported);
    }
    json += "}}";
    test_block = fmt::format("test \"model\" {{\n  assessed_on {}\n", day);
    if (!givens.empty()) test_block += "  given " + givens + "\n";
}

void generator::build()
{
    rules = "methodology \"FUZZ\" version \"1\"\n";
    const int n_indicators = in_.ConsumeIntegralInRange(1, 6);
    for (int i = 0; i < n_indicators; ++i) make_indicator(i);
    if (indicators[0].type != kind::count && indicators[0].type != kind::decimal) {
        // Indicator 0 stands in wherever a number must not be constant.
        indicators[0].type = kind::decimal;
        rules.replace(rules.find("i0 : ") + 5, rules.find('\n', rules.find("i0 : ")) - rules.find("i0 : ") - 5,
                      "decimal");
        if (!indicators[0].reported.empty()) { indicators[0].value = cpp_rational(1), indicators[0].reported = "1"; }
    }
    const int n_lets = in_.ConsumeIntegralInRange(0, 3);
    for (int i = 0; i < n_lets; ++i) {
        auto e = number_expr();
        if (e.constant) e = anchor();
        rules += fmt::format("let v{} = {}\n", i, e.text);
        lets.emplace_back(fmt::format("v{}", i), e.value);
    }
    const int n_criteria = in_.ConsumeIntegralInRange(1, 5);
    for (int i = 0; i < n_criteria; ++i) make_criterion(i);
    const int n_labels = in_.ConsumeIntegralInRange(1, 3);
    for (int i = 0; i < n_labels; ++i) make_label(i);

    const std::string day = fmt::format("{:04}-{:02}-{:02}", in_.ConsumeIntegralInRange(2000, 2030),
                                        in_.ConsumeIntegralInRange(1, 12), in_.ConsumeIntegralInRange(1, 28));
    write_assessment(day);
    const auto awarded = std::find_if(labels.begin(), labels.end(), [](const auto& l) { return l.second == tri::yes; });
    if (awarded == labels.end()) test_block += "  expect label none\n";
    else
        test_block += fmt::format("  expect label {} valid until {:04}{}\n", awarded->first,
                                  std::stoi(day.substr(0, 4)) + 1, day.substr(4));
    for (const auto& c : criteria) {
        test_block += fmt::format("  expect criterion {} {}", c.id, to_string(outcome_of(c.outcome_value)));
        test_block += c.points ? " points " + text_of(*c.points) + "\n" : "\n";
    }
    for (const auto& [name, value] : lets)
        test_block += fmt::format("  expect value {} = {}\n", name, value ? text_of(*value) : "missing");
    rules += test_block + "}\n";
}

// ---- the engine against the model ---------------------------------------------------

void check_decision(const generator& g, const decision& d)
{
    const auto awarded =
        std::find_if(g.labels.begin(), g.labels.end(), [](const auto& l) { return l.second == tri::yes; });
    require(d.label == (awarded == g.labels.end() ? std::nullopt : std::optional<std::string>(awarded->first)),
            "the label awarded is the best one the model says is met");
    require(d.labels.size() == g.labels.size(), "every label is reported");
    for (std::size_t i = 0; i < g.labels.size(); ++i)
        require(d.labels[i].id == g.labels[i].first && d.labels[i].result == outcome_of(g.labels[i].second),
                "label outcome as in the model (Kleene and/or)");
    require(d.criteria.size() == g.criteria.size(), "every criterion is reported");
    for (std::size_t i = 0; i < g.criteria.size(); ++i) {
        const auto& c = g.criteria[i];
        require(d.criteria[i].result == outcome_of(c.outcome_value), "criterion outcome as in the model");
        require(d.criteria[i].points.has_value() == c.points.has_value(), "points decided as in the model");
        if (c.points) require(d.criteria[i].points->to_string() == text_of(*c.points), "points as in the model");
    }
    if (g.any_tiers) {
        require(d.points.size() == 1 && d.points[0].group == "q", "group points reported");
        require(d.points[0].complete == g.group_points.has_value(), "group points complete as in the model");
        if (g.group_points) require(d.points[0].earned.to_string() == text_of(*g.group_points), "group sum");
    }
}

// Decimal arithmetic on its own: each operation against the exact rational result.
void check_decimal_ops(FuzzedDataProvider& in)
{
    auto operand = [&] {
        const int scale = in.ConsumeIntegralInRange(0, 18);
        cpp_rational v(in.ConsumeIntegral<std::int64_t>(), pow10(scale));
        if (in.ConsumeBool()) v *= cpp_rational(pow10(in.ConsumeIntegralInRange(0, 17)));
        return to_decimal(v);
    };
    const number a = operand(), b = operand();
    if (!a || !b) return;
    const auto x = decimal::parse(text_of(*a)), y = decimal::parse(text_of(*b));
    require(x && y && x->to_string() == text_of(*a) && y->to_string() == text_of(*b), "decimal reads canonical text");
    for (char op : {'+', '-', '*', '/'}) {
        number expected;
        if (!(op == '/' && *b == 0)) expected = to_decimal(exact(op, *a, *b));
        std::optional<std::string> actual;
        try {
            actual = (op == '+' ? *x + *y : op == '-' ? *x - *y : op == '*' ? *x * *y : *x / *y).to_string();
        } catch (const arithmetic_error&) {}
        if (actual != (expected ? std::optional<std::string>(text_of(*expected)) : std::nullopt)) {
            std::fprintf(stderr, "%s %c %s: engine %s, exact %s\n", text_of(*a).c_str(), op, text_of(*b).c_str(),
                         actual.value_or("error").c_str(), expected ? text_of(*expected).c_str() : "error");
            require(false, "decimal arithmetic equals the exact rational result");
        }
    }
    require((*x < *y) == (*a < *b) && (*x == *y) == (*a == *b), "decimal comparison is exact");
}

}  // namespace

// How many inputs reached each stage, printed at exit when HALLMARK_FUZZ_STATS is set:
// a model that is rarely reached checks little.
struct stage_counts {
    std::size_t inputs = 0, unawardable = 0, compared = 0, labelled = 0, unknown_values = 0;
    ~stage_counts()
    {
        if (std::getenv("HALLMARK_FUZZ_STATS"))
            std::fprintf(stderr,
                         "structured: %zu inputs, %zu skipped (a label that can never be awarded), %zu compared "
                         "with the model, %zu of them awarding a label, %zu with an unknown let value\n",
                         inputs, unawardable, compared, labelled, unknown_values);
    }
} counts;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    ++counts.inputs;
    FuzzedDataProvider in(data, size);
    check_decimal_ops(in);
    generator g(in);
    g.build();

    auto compiled = compile_string(g.rules, "model.rules");
    if (!compiled.ok()) {
        // The generator writes valid rules; the one thing it does not avoid is a lower
        // label the checker proves can never be awarded.
        for (const auto& d : compiled.diagnostics())
            if (d.level == severity::error && d.message.find("can never be awarded") == std::string::npos) {
                std::fprintf(stderr, "%s\n%s", g.rules.c_str(), compiled.render().c_str());
                require(false, "generated rules compile");
            }
        ++counts.unawardable;
        return 0;
    }
    for (const auto& t : compiled->run_tests()) {
        if (t.passed) continue;
        std::fprintf(stderr, "%s\n", g.rules.c_str());
        for (const auto& f : t.failures) std::fprintf(stderr, "  %s\n", f.c_str());
        require(false, "the rule file's test block (the model's expectations) passes");
    }

    auto read = read_assessment(g.json, "model.json");
    if (!read.ok()) {
        std::fprintf(stderr, "%s\n%s\n", g.json.c_str(), render_all(read.diagnostics()).c_str());
        require(false, "generated assessment reads");
    }
    const auto& a = read.value();
    auto result = compiled->evaluate(a);
    if (!result.ok()) {
        std::fprintf(stderr, "%s\n%s\n", g.json.c_str(), render_all(result.diagnostics()).c_str());
        require(false, "generated assessment evaluates");
    }
    const auto& d = result.value();
    check_decision(g, d);
    const auto bytes = to_json(d);
    require(to_json(compiled->evaluate(a).value()) == bytes, "repeated evaluation, same bytes");
    std::string other;
    std::thread([&] { other = to_json(compiled->evaluate(a).value()); }).join();
    require(other == bytes, "evaluation on another thread, same bytes");
    ++counts.compared;
    if (d.label) ++counts.labelled;
    for (const auto& [name, value] : g.lets)
        if (!value) {
            ++counts.unknown_values;
            break;
        }
    return 0;
}
