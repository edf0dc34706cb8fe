// SPDX-License-Identifier: Apache-2.0
// Canonical text of expressions: minimal parentheses, canonical numbers.
#include "dsl/format.hpp"

#include <fmt/format.h>

namespace hallmark::dsl {
namespace {

using k = ast::expr_kind;

// Binding strength, loosest first; an operand printed where a stronger one is
// required gets parentheses.
int precedence(const ast::expr& e)
{
    switch (e.kind) {
    case k::conditional: return 0;  // its `else` branch would swallow what follows
    case k::any_of: return 1;
    case k::all_of: return 2;
    case k::logical_not: return 3;
    case k::compare:
    case k::in_range:
    case k::in_set: return 4;
    case k::arithmetic: return e.text == "+" || e.text == "-" ? 5 : 6;
    case k::negate: return 7;
    default: return 8;
    }
}

std::string join(const std::vector<ast::expr>& items, int min_prec, const char* separator)
{
    std::string out;
    for (std::size_t i = 0; i < items.size(); ++i) out += (i ? separator : "") + format_expr(items[i], min_prec);
    return out;
}

std::string number_text(const ast::expr& e)
{
    if (e.flag) return (e.number * decimal::from_int(100)).to_string() + "%";
    return e.unit.empty() ? e.number.to_string() : e.number.to_string() + " " + e.unit;
}

std::string bare(const ast::expr& e)
{
    const auto& a = e.args;
    switch (e.kind) {
    case k::number: return number_text(e);
    case k::date: return e.date_value.to_string();
    case k::duration: return e.span == ast::duration{} && !e.unit.empty() ? "0 " + e.unit : format_duration(e.span);
    case k::string: return quote(e.text);
    case k::boolean: return e.flag ? "true" : "false";
    case k::name: return e.text;
    case k::member: return format_expr(a[0], 8) + "." + e.text;
    case k::call: return e.text + "(" + join(a, 1, ", ") + ")";
    case k::quantifier:
        return fmt::format("{}({} in {}: {})", e.text, e.var(), format_expr(a[0], 1), format_expr(a[1], 1));
    case k::negate: {
        // `--x` would read as a typo, and `-(-x)` adds a level of nesting per minus, so a
        // run of minus signs that parses could exceed the nesting limit: `- -x`.
        const auto operand = format_expr(a[0], 7);
        return operand.starts_with('-') ? "- " + operand : "-" + operand;
    }
    case k::logical_not: return "not " + format_expr(a[0], 3);
    case k::arithmetic: {
        const int p = precedence(e);
        return format_expr(a[0], p) + " " + e.text + " " + format_expr(a[1], p + 1);
    }
    case k::compare: return format_expr(a[0], 5) + " " + e.text + " " + format_expr(a[1], 5);
    case k::in_range:
        return fmt::format("{} {} {}..{}", format_expr(a[0], 5), e.text, format_expr(a[1], 5), format_expr(a[2], 5));
    case k::in_set: return format_expr(a[0], 5) + " " + e.text + " " + format_expr(a[1], 5);
    case k::set: return "{" + join(a, 1, ", ") + "}";
    case k::all_of: return join(a, 3, " and ");
    case k::any_of: return join(a, 2, " or ");
    case k::conditional:
        return fmt::format("if {} then {} else {}", format_expr(a[0], 1), format_expr(a[1], 1), format_expr(a[2], 1));
    }
    return {};
}

}  // namespace

std::string quote(std::string_view text)
{
    std::string out = "\"";
    for (char c : text) {
        if (c == '"' || c == '\\') out += '\\';
        if (c == '\n') out += "\\n";
        else if (c == '\t') out += "\\t";
        else out += c;
    }
    return out + "\"";
}

std::string format_duration(const ast::duration& d)
{
    auto unit = [](std::int64_t n, const char* one, const char* many) {
        return fmt::format("{} {}", n, n == 1 ? one : many);
    };
    if (d.days != 0) return unit(d.days, "day", "days");
    if (d.months % 12 == 0) return unit(d.months / 12, "year", "years");
    return unit(d.months, "month", "months");
}

std::string format_expr(const ast::expr& e, int min_prec)
{
    std::string s = bare(e);
    return precedence(e) < min_prec ? "(" + s + ")" : s;
}

}  // namespace hallmark::dsl
