// SPDX-License-Identifier: Apache-2.0
// Canonical layout of declarations, with the source's comments merged back in.
#include "dsl/format.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <vector>

namespace hallmark::dsl {
namespace {

struct comment {
    std::uint32_t line;
    bool whole_line;  // nothing but the comment on its line
    std::string text;
};

// Comments, found by a scan that knows where strings are.
std::vector<comment> comments_of(std::string_view src)
{
    std::vector<comment> out;
    std::uint32_t line = 1;
    bool in_string = false, code_on_line = false;
    for (std::size_t i = 0; i < src.size(); ++i) {
        const char c = src[i];
        if (c == '\n') {
            ++line;
            code_on_line = false;
            in_string = false;
            continue;
        }
        if (in_string) {
            if (c == '\\') ++i;
            else if (c == '"') in_string = false;
            continue;
        }
        if (c == '"') in_string = true;
        if (c == '#') {
            std::size_t end = src.find('\n', i);
            if (end == std::string_view::npos) end = src.size();
            std::string text(src.substr(i, end - i));
            while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
            out.push_back({line, !code_on_line, text});
            i = end - 1;
            continue;
        }
        if (!std::isspace(static_cast<unsigned char>(c))) code_on_line = true;
    }
    return out;
}

struct line_out {
    int indent;
    std::string text;
    std::uint32_t src_line;  // where the element began in the source
    bool blank_before = false;
};

class printer {
public:
    void line(int indent, std::string text, ast::position p, bool blank = false)
    {
        lines_.push_back({indent, std::move(text), p.line, blank});
    }
    std::string merge(const std::vector<comment>& comments) const;

private:
    std::vector<line_out> lines_;
};

// Whole-line comments go before the first line that starts after them; trailing
// comments join the line whose element they sat in.
std::string printer::merge(const std::vector<comment>& comments) const
{
    std::string out;
    std::size_t c = 0;
    for (std::size_t i = 0; i < lines_.size(); ++i) {
        const auto& l = lines_[i];
        const std::string pad(static_cast<std::size_t>(l.indent) * 2, ' ');
        if (l.blank_before && !out.empty()) out += "\n";
        for (; c < comments.size() && comments[c].line < l.src_line; ++c) out += pad + comments[c].text + "\n";
        std::uint32_t next = UINT32_MAX;
        for (std::size_t j = i + 1; j < lines_.size(); ++j)
            if (lines_[j].src_line > l.src_line) {
                next = lines_[j].src_line;
                break;
            }
        std::string text = pad + l.text;
        for (; c < comments.size() && comments[c].line < next && !comments[c].whole_line; ++c)
            text += "  " + comments[c].text;
        out += text + "\n";
    }
    if (c < comments.size() && !out.empty()) out += "\n";
    for (; c < comments.size(); ++c) out += comments[c].text + "\n";
    return out;
}

const char* type_name(ast::type_kind k)
{
    switch (k) {
    case ast::type_kind::count: return "count";
    case ast::type_kind::integer: return "integer";
    case ast::type_kind::decimal: return "decimal";
    case ast::type_kind::percent: return "percent";
    case ast::type_kind::boolean: return "boolean";
    case ast::type_kind::date: return "date";
    case ast::type_kind::choice: return "one of";
    case ast::type_kind::choice_set: return "set of";
    case ast::type_kind::criterion_set: return "set of criterion";
    }
    return "";
}

std::string bound_text(const ast::bound& b)
{
    if (b.percent) return (b.value * decimal::from_int(100)).to_string() + "%";
    return b.unit.empty() ? b.value.to_string() : b.value.to_string() + " " + b.unit;
}

std::string indicator_text(const ast::indicator_decl& d, std::size_t width)
{
    std::string s = fmt::format("indicator {:<{}} : {}", d.id, width, type_name(d.type.kind));
    if (!d.type.unit.empty()) s += " unit " + d.type.unit;
    if (d.type.kind == ast::type_kind::choice || d.type.kind == ast::type_kind::choice_set)
        s += fmt::format(" ({})", fmt::join(d.type.choices, ", "));
    if (!d.area.empty()) s += " in " + d.area;
    if (d.low && d.high) s += " range " + bound_text(*d.low) + ".." + bound_text(*d.high);
    if (!d.description.empty()) s += " " + quote(d.description);
    return s;
}

constexpr std::size_t line_width = 96;

// `requires a and b and c`: on one line when it fits, else one `and` per line.
void print_requirement(printer& p, const ast::expr& e, ast::position clause)
{
    std::string one = "requires " + format_expr(e);
    if (one.size() + 2 <= line_width || e.kind != ast::expr_kind::all_of) {
        p.line(1, one, clause);
        return;
    }
    p.line(1, "requires " + format_expr(e.args[0], 3), clause);
    for (std::size_t i = 1; i < e.args.size(); ++i) p.line(1, "     and " + format_expr(e.args[i], 3), e.args[i].pos);
}

void print_criterion(printer& p, const std::string& prefix, const ast::criterion_decl& c)
{
    std::string head = prefix + "criterion " + c.id;
    if (!c.title.empty()) head += " " + quote(c.title);
    if (!c.area.empty()) head += " in " + c.area;
    if (!c.groups.empty()) head += fmt::format(" group {}", fmt::join(c.groups, ", "));
    p.line(0, head, c.pos, true);
    if (c.requirement) print_requirement(p, *c.requirement, c.requires_pos);
    std::size_t width = 0;
    for (const auto& t : c.tiers) width = std::max(width, t.points.to_string().size());
    for (std::size_t i = 0; i < c.tiers.size(); ++i) {
        const auto& t = c.tiers[i];
        // Points right-aligned under each other, so the tiers read as a table.
        std::string text = (i == 0 ? "points " : "       ") + fmt::format("{:>{}}", t.points.to_string(), width);
        text += t.when ? " when " + format_expr(*t.when) : " otherwise";
        p.line(1, text, t.pos);
    }
    if (c.gold) p.line(1, "gold when " + format_expr(*c.gold), c.gold_pos);
    if (!c.advice.empty()) p.line(1, "advice " + quote(c.advice), c.advice_pos);
}

// The parts of a label's requirement, each with its words ("" for none).
std::vector<std::pair<const ast::expr*, std::string>> label_parts(const ast::label_decl& l)
{
    std::vector<std::pair<const ast::expr*, std::string>> out;
    if (!l.requirement) return out;
    const auto word = [&](std::size_t i) { return i < l.requirement_words.size() ? l.requirement_words[i] : ""; };
    if (l.requirement->kind == ast::expr_kind::all_of)
        for (std::size_t i = 0; i < l.requirement->args.size(); ++i) out.emplace_back(&l.requirement->args[i], word(i));
    else out.emplace_back(&*l.requirement, word(0));
    return out;
}

bool has_words(const ast::label_decl& l)
{
    for (const auto& w : l.requirement_words)
        if (!w.empty()) return true;
    return false;
}

// With words, one part per line, each followed by its words.
void print_label_requirement(printer& p, const ast::label_decl& l)
{
    if (!has_words(l)) {
        print_requirement(p, *l.requirement, l.requires_pos);
        return;
    }
    const auto parts = label_parts(l);
    for (std::size_t i = 0; i < parts.size(); ++i) {
        const auto& [e, words] = parts[i];
        std::string text = format_expr(*e, 3);  // an operand that is an `and` or an `or` keeps its brackets
        if (!words.empty()) text += " " + quote(words);
        p.line(1, (i == 0 ? "requires " : "     and ") + text, i == 0 ? l.requires_pos : e->pos);
    }
}

void print_label(printer& p, const std::string& prefix, const ast::label_decl& l)
{
    p.line(0, prefix + "label " + l.id + (l.title.empty() ? "" : " " + quote(l.title)), l.pos, true);
    if (l.requirement) print_label_requirement(p, l);
    if (l.valid) p.line(1, "valid " + format_duration(*l.valid), l.valid_pos);
    if (l.renewal)
        p.line(1,
               fmt::format("renewal within {} after expiry extends {} from previous expiry",
                           format_duration(l.renewal->within), format_duration(l.renewal->extends)),
               l.renewal->pos);
}

std::string literal_text(const ast::literal& l) { return l.missing ? "missing" : format_expr(l.value, 7); }

std::string expectation_text(const ast::expectation& e)
{
    switch (e.kind) {
    case ast::expectation_kind::label:
        return "expect label " + (e.target.empty() ? std::string("none") : e.target) +
               (e.valid_until ? " valid until " + e.valid_until->to_string() : "");
    case ast::expectation_kind::criterion:
        return "expect criterion " + e.target + " " + e.outcome + (e.points ? " points " + e.points->to_string() : "");
    case ast::expectation_kind::group_points: return "expect points " + e.target + " = " + e.points->to_string();
    case ast::expectation_kind::value: return "expect value " + e.target + " = " + literal_text(e.value);
    }
    return {};
}

void print_test(printer& p, const ast::test_decl& t)
{
    const std::string from = t.from.empty() ? "" : " from " + (t.from_file ? quote(t.from) : t.from);
    p.line(0, (t.fixture ? "fixture " + t.name : "test " + quote(t.name)) + from + " {", t.pos, true);
    if (t.assessed_on) p.line(1, "assessed_on " + t.assessed_on->to_string(), t.assessed_on_pos);
    for (const auto& h : t.history)
        p.line(1,
               "history " + h.label + " assessed " + h.assessed_on.to_string() +
                   (h.valid_until ? " valid until " + h.valid_until->to_string() : ""),
               h.pos);
    // Each `given` statement keeps its own line (authors group them, e.g. by area);
    // a long one wraps with continuation lines indented under its first value.
    std::string text;
    ast::position at;
    for (std::size_t i = 0; i < t.givens.size(); ++i) {
        const auto& g = t.givens[i];
        const bool first = i == 0 || t.givens[i - 1].statement != g.statement;
        std::string item = g.indicator + " = " + literal_text(g.value);
        if (first && !text.empty()) {
            p.line(1, text, at);
            text.clear();
        }
        if (!text.empty() && text.size() + item.size() + 2 > line_width - 2) {
            p.line(1, text + ",", at);
            text.clear();
        }
        if (text.empty()) at = g.pos;
        text += text.empty() ? (first ? "given " : "      ") + item : ", " + item;
    }
    if (!text.empty()) p.line(1, text, at);
    for (const auto& e : t.expectations) p.line(1, expectation_text(e), e.pos);
    p.line(0, "}", {0, t.pos.line, 0});
}

void print_header(printer& p, const ast::header& h)
{
    p.line(0, fmt::format("methodology {} version {}", quote(h.name), quote(h.version)), h.pos);
    if (!h.title.empty()) p.line(1, "title " + quote(h.title), h.title_pos);
    if (h.effective) p.line(1, "effective " + h.effective->to_string(), h.effective_pos);
    if (h.until) p.line(1, "until " + h.until->to_string(), h.until_pos);
    if (h.base_name)
        p.line(1,
               fmt::format("extends {} version {}{}", quote(*h.base_name), quote(*h.base_version),
                           h.base_tests ? " with tests" : ""),
               h.base_pos);
}

void print_declaration(printer& p, const ast::declaration& d, ast::decl_kind previous, std::size_t width)
{
    const std::string prefix = d.mode == ast::change::replace ? "replace " : "";
    const bool grouped = d.kind == previous && d.mode != ast::change::remove && d.mode != ast::change::retire;
    if (d.mode == ast::change::remove) {
        p.line(0, fmt::format("remove {} {}", ast::to_string(d.kind), d.removed_id), d.pos, true);
        return;
    }
    if (d.mode == ast::change::retire) {
        p.line(0, fmt::format("retire indicator {} because {}", d.removed_id, quote(d.reason)), d.pos, true);
        return;
    }
    switch (d.kind) {
    case ast::decl_kind::area:
        p.line(0,
               prefix + fmt::format("area {:<{}}", d.area().id, d.area().title.empty() ? 0 : width) +
                   (d.area().title.empty() ? "" : " " + quote(d.area().title)),
               d.pos, !grouped);
        break;
    case ast::decl_kind::indicator: {
        auto text = prefix + indicator_text(d.indicator(), width);
        const auto& description = d.indicator().description;
        if (text.size() <= line_width || description.empty()) {
            p.line(0, text, d.pos, !grouped);
            break;
        }
        // Too long for one line: the description goes on the next, indented.
        p.line(0, text.substr(0, text.size() - quote(description).size() - 1), d.pos, !grouped);
        p.line(1, quote(description), d.pos);
        break;
    }
    case ast::decl_kind::let:
        p.line(0, prefix + fmt::format("let {:<{}} = ", d.let().id, width) + format_expr(d.let().value), d.pos,
               !grouped);
        break;
    case ast::decl_kind::criterion: print_criterion(p, prefix, d.criterion()); break;
    case ast::decl_kind::label: print_label(p, prefix, d.label()); break;
    case ast::decl_kind::test: print_test(p, d.test()); break;
    }
}

// For each declaration, the widest name in its run of same-kind declarations, so that
// consecutive areas, indicators and lets line up in columns. One pass per run: asking
// each declaration for its own run made formatting quadratic in long runs.
std::vector<std::size_t> run_widths(const std::vector<ast::declaration>& ds)
{
    auto same = [&](std::size_t a, std::size_t b) {
        return ds[a].kind == ds[b].kind && ds[a].mode != ast::change::remove && ds[a].mode != ast::change::retire &&
               ds[a].mode == ds[b].mode;
    };
    std::vector<std::size_t> widths(ds.size());
    for (std::size_t first = 0; first < ds.size();) {
        std::size_t last = first, width = ds[first].id().size();
        while (last + 1 < ds.size() && same(last + 1, first)) width = std::max(width, ds[++last].id().size());
        std::fill(widths.begin() + first, widths.begin() + last + 1, width);
        first = last + 1;
    }
    return widths;
}

// True when `a` comes before `b` in the file.
bool before(const ast::position& a, const ast::position& b)
{
    return a.line < b.line || (a.line == b.line && a.column < b.column);
}

}  // namespace

std::string format(const ast::file& f, std::string_view source)
{
    printer p;
    print_header(p, f.head);
    const auto& ds = f.declarations;
    auto previous = ast::decl_kind::test;
    const auto widths = run_widths(ds);
    // `allow` lines stay where they were written (usually beside what they silence); the
    // parser keeps them apart from the declarations, in the order of the file.
    std::size_t next_allow = 0;
    auto print_allows_before = [&](const ast::position* limit) {
        for (; next_allow < f.allows.size() && (!limit || before(f.allows[next_allow].pos, *limit)); ++next_allow) {
            const auto& a = f.allows[next_allow];
            p.line(0, fmt::format("allow {} {} because {}", a.warning, a.subject, quote(a.reason)), a.pos, true);
            previous = ast::decl_kind::test;
        }
    };
    for (std::size_t i = 0; i < ds.size(); ++i) {
        print_allows_before(&ds[i].pos);
        print_declaration(p, ds[i], previous, widths[i]);
        const bool apart = ds[i].mode == ast::change::remove || ds[i].mode == ast::change::retire;
        previous = apart ? ast::decl_kind::test : ds[i].kind;
    }
    print_allows_before(nullptr);
    if (f.order) p.line(0, fmt::format("order labels {}", fmt::join(f.order->labels, ", ")), f.order->pos, true);
    return p.merge(comments_of(source));
}

namespace {

using fields = std::vector<std::pair<std::string, std::string>>;

void add(fields& out, const char* name, const std::string& text)
{
    if (!text.empty()) out.emplace_back(name, text);
}

fields indicator_fields(const ast::indicator_decl& d)
{
    fields out;
    std::string type = type_name(d.type.kind);
    if (!d.type.unit.empty()) type += " unit " + d.type.unit;
    if (d.type.kind == ast::type_kind::choice || d.type.kind == ast::type_kind::choice_set)
        type += fmt::format(" ({})", fmt::join(d.type.choices, ", "));
    add(out, "type", type);
    add(out, "area", d.area);
    if (d.low && d.high) add(out, "range", bound_text(*d.low) + ".." + bound_text(*d.high));
    add(out, "description", d.description);
    // `hallmark diff` shows a retirement as a change of the indicator, with its reason.
    if (d.retired) add(out, "retired", d.retired_reason);
    return out;
}

fields criterion_fields(const ast::criterion_decl& c)
{
    fields out;
    add(out, "title", c.title);
    add(out, "area", c.area);
    add(out, "groups", fmt::format("{}", fmt::join(c.groups, ", ")));
    if (c.requirement) add(out, "requires", format_expr(*c.requirement));
    std::vector<std::string> tiers;
    for (const auto& t : c.tiers)
        tiers.push_back(t.points.to_string() + (t.when ? " when " + format_expr(*t.when) : " otherwise"));
    add(out, "points", fmt::format("{}", fmt::join(tiers, "; ")));
    if (c.gold) add(out, "gold when", format_expr(*c.gold));
    add(out, "advice", c.advice);
    return out;
}

fields label_fields(const ast::label_decl& l)
{
    fields out;
    add(out, "title", l.title);
    if (l.requirement) add(out, "requires", format_expr(*l.requirement));
    // Words are declared text: a change of them is a change of the label, part by part.
    for (const auto& [e, words] : label_parts(l))
        if (!words.empty()) out.emplace_back("words of " + format_expr(*e), quote(words));
    if (l.valid) add(out, "valid", format_duration(*l.valid));
    if (l.renewal)
        add(out, "renewal",
            fmt::format("within {} after expiry extends {} from previous expiry", format_duration(l.renewal->within),
                        format_duration(l.renewal->extends)));
    return out;
}

}  // namespace

std::vector<std::pair<std::string, std::string>> declaration_fields(const ast::declaration& d)
{
    switch (d.kind) {
    case ast::decl_kind::area: return d.area().title.empty() ? fields{} : fields{{"title", d.area().title}};
    case ast::decl_kind::indicator: return indicator_fields(d.indicator());
    case ast::decl_kind::let: return {{"value", format_expr(d.let().value)}};
    case ast::decl_kind::criterion: return criterion_fields(d.criterion());
    case ast::decl_kind::label: return label_fields(d.label());
    case ast::decl_kind::test: return {};
    }
    return {};
}

}  // namespace hallmark::dsl

// The public entry point.
#include "dsl/parser.hpp"

#include <hallmark/format.hpp>

namespace hallmark {

result<std::string> format_rules(std::string_view text, std::string_view name)
{
    text = dsl::without_bom(text);  // dropped: the canonical file is UTF-8 without one
    auto parsed = dsl::parse(text, name, 0);
    // A limit error keeps the tree for the checker, but the tree may be cut short (the
    // choices past the limit are dropped): formatting it would lose text.
    if (!parsed.file || has_errors(parsed.diagnostics)) return parsed.diagnostics;
    auto out = dsl::format(*parsed.file, text);
    // A last guard for `fmt -w`: text that would parse worse than its input (a formatter
    // bug, such as brackets beyond the nesting limit) is refused before anything is written.
    auto again = dsl::parse(out, name, 0);
    if (!again.file || has_errors(again.diagnostics)) {
        const auto& why = again.diagnostics.empty() ? std::string("?") : again.diagnostics.front().message;
        return std::vector<diagnostic>{{severity::error, std::string(name), 0, 0,
                                        "cannot format: the formatted text would not parse (" + why +
                                            "); please report this as a bug in hallmark fmt"}};
    }
    return out;
}

}  // namespace hallmark
