// SPDX-License-Identifier: Apache-2.0
// The parse-tree converter (dsl/parse_tree*.cpp) refuses what it does not know. Issue 15:
// with gold_clause left out of the selector, its expression landed in the criterion's
// node, the converter skipped it, `fmt` dropped every `gold when` line and `check` said
// ok. Now a node the converter has no case for is an internal error (std::logic_error).
#include "test_support.hpp"

#include "dsl/format.hpp"
#include "dsl/parse_tree.hpp"

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

namespace fs = std::filesystem;
namespace dsl = hallmark::dsl;
namespace g = hallmark::dsl::grammar;
namespace pt = tao::pegtl::parse_tree;
using dsl::node;

namespace {

// Rule texts: the repository's rule files (shipped rules, examples and the test corpus,
// the failing files too: most of them parse), and what none of them writes.
std::vector<std::pair<std::string, std::string>> corpus()
{
    std::vector<fs::path> files;
    for (const char* dir : {"rules", "examples", "tests/corpus/ok", "tests/corpus/fail"})
        for (const auto& e : fs::recursive_directory_iterator(fs::path(HALLMARK_SOURCE_DIR) / dir))
            if (e.path().extension() == ".rules") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& f : files) out.emplace_back(f.string(), test_support::slurp(f));
    out.emplace_back("until.rules", "methodology \"A\" version \"1\" effective 2020-01-01 until 2021-01-01\n");
    return out;
}

// The names of the rules the selector keeps, read from its list.
template <typename... Rules>
std::set<std::string_view> names_of(pt::apply<pt::store_content>::on<Rules...>*)
{
    return {tao::pegtl::demangle<Rules>()...};
}

const std::set<std::string_view>& selected_rules()
{
    static const auto names = names_of(static_cast<dsl::stored_rules*>(nullptr));
    return names;
}

void collect_types(const node& n, std::set<std::string_view>& out)
{
    if (!n.is_root()) out.insert(n.type);
    for (const auto& c : n.children) collect_types(*c, out);
}

// What the parse tree would be with `type` left out of the selector: PEGTL hands the
// children of a rule it does not keep to the nearest kept ancestor.
void drop(node& n, std::string_view type)
{
    std::vector<std::unique_ptr<node>> kept;
    for (auto& c : n.children) {
        drop(*c, type);
        if (c->type != type) kept.push_back(std::move(c));
        else
            for (auto& grandchild : c->children) kept.push_back(std::move(grandchild));
    }
    n.children = std::move(kept);
}

// A node of a rule the selector never keeps, with empty text where `parent` ends.
std::unique_ptr<node> stray_node(const node& parent)
{
    auto n = std::make_unique<node>();
    n->set_type<g::comment>();
    n->source = parent.source;
    n->m_begin = n->m_end = parent.is_root() ? parent.children.back()->m_end : parent.m_end;
    return n;
}

// Parses `text`, lets `change` alter the tree, converts it; returns what the converter
// threw ("" when it did not), and the formatted file in `formatted`.
std::string convert(const std::string& text, const std::function<void(node&)>& change, std::string* formatted = nullptr)
{
    std::string thrown = "(no tree)";
    const auto diags = dsl::with_parse_tree(text, "test.rules", [&](node& root) {
        change(root);
        dsl::tree_converter conv("test.rules", 0);
        try {
            const auto file = conv.convert_file(root);
            if (formatted) {
                *formatted = dsl::format(file, text);
                for (const auto& d : conv.take_diagnostics()) *formatted += "\n" + d.message;
            }
            thrown.clear();
        } catch (const std::logic_error& e) {
            thrown = e.what();
        }
    });
    BOOST_TEST(diags.empty(), text);
    return thrown;
}

void unchanged(node&) {}

const std::string gold_rules = "methodology \"A\" version \"1\"\nindicator x : count\n"
                               "criterion C requires x > 1\n  gold when x > 5\n";

}  // namespace

BOOST_AUTO_TEST_SUITE(converter)

BOOST_AUTO_TEST_CASE(a_gold_clause_left_out_of_the_selector_is_an_internal_error)
{
    std::string formatted;
    BOOST_TEST(convert(gold_rules, unchanged, &formatted) == "");
    BOOST_TEST(formatted.find("gold when x > 5") != std::string::npos, formatted);

    const auto thrown = convert(gold_rules, [](node& root) { drop(root, tao::pegtl::demangle<g::gold_clause>()); });
    BOOST_TEST(thrown.starts_with("internal error: the parse-tree converter has no case for a "), thrown);
    BOOST_TEST(thrown.find("or_expr node in hallmark::dsl::grammar::criterion_decl at 4:13") != std::string::npos,
               thrown);
}

// A node of a kind the converter does not know, wherever it turns up, is refused.
BOOST_AUTO_TEST_CASE(a_stray_node_is_refused_wherever_it_is)
{
    // Each place: the first node of that type gets a stray child (at the end).
    const std::map<std::string_view, std::string> places = {
        {"", "the file"},
        {tao::pegtl::demangle<g::header>(), "header"},
        {tao::pegtl::demangle<g::indicator_decl>(), "indicator_decl"},
        {tao::pegtl::demangle<g::criterion_decl>(), "criterion_decl"},
        {tao::pegtl::demangle<g::cmp_expr>(), "cmp_expr"},
        {tao::pegtl::demangle<g::postfix>(), "postfix"},
        {tao::pegtl::demangle<g::quantity>(), "quantity"},
        {tao::pegtl::demangle<g::gold_clause>(), "gold_clause"},
    };
    // Plain names, not structured bindings: clang 14 (the sanitizer build) cannot
    // capture those in the lambdas below.
    for (const auto& place : places) {
        const auto& type = place.first;
        BOOST_TEST_CONTEXT(place.second)
        {
            bool placed = false;
            const auto thrown = convert(gold_rules, [&](node& root) {
                std::function<void(node&)> visit = [&](node& n) {
                    if (placed) return;
                    if ((type.empty() && n.is_root()) || (!n.is_root() && n.type == type)) {
                        n.children.push_back(stray_node(n));
                        placed = true;
                    }
                    for (auto& c : n.children) visit(*c);
                };
                visit(root);
            });
            BOOST_TEST(placed);
            BOOST_TEST(thrown.find("no case for a hallmark::dsl::grammar::comment node") != std::string::npos, thrown);
        }
    }
}

// Every rule the selector keeps turns up in the repository's rule files, and the
// converter handles each file: a rule added to the selector (or to the grammar under a
// kept rule) without a case in the converter fails here.
BOOST_AUTO_TEST_CASE(every_selected_rule_is_handled)
{
    std::set<std::string_view> seen;
    std::size_t converted = 0;
    for (const auto& file : corpus()) {
        const auto& name = file.first;
        dsl::with_parse_tree(file.second, name, [&](node& root) {
            collect_types(root, seen);
            dsl::tree_converter conv(name, 0);
            try {
                conv.convert_file(root);
                ++converted;
            } catch (const std::logic_error& e) {
                BOOST_ERROR(name << ": " << e.what());
            }
        });
    }
    BOOST_TEST(converted > 50u);
    for (const auto rule : selected_rules()) BOOST_TEST(seen.contains(rule), rule << " is in no rule file");
    for (const auto type : seen) BOOST_TEST(selected_rules().contains(type), type);
}

// Leaving any kept rule out of the selector changes what the converter sees. For each
// rule, on every rule text that uses it, the converter either throws or reads the same
// file (the same canonical text and the same diagnostics): never silently another one.
BOOST_AUTO_TEST_CASE(leaving_any_rule_out_of_the_selector_is_noticed)
{
    std::map<std::string_view, std::vector<std::size_t>> users;  // rule -> texts that use it
    const auto texts = corpus();
    for (std::size_t i = 0; i < texts.size(); ++i) {
        std::set<std::string_view> types;
        dsl::with_parse_tree(texts[i].second, texts[i].first, [&](node& root) { collect_types(root, types); });
        for (const auto t : types) users[t].push_back(i);
    }
    std::size_t thrown = 0;
    for (const auto rule : selected_rules()) {
        BOOST_TEST_CONTEXT(rule)
        {
            BOOST_TEST(users.contains(rule));
            for (const auto i : users[rule]) {
                const auto& [name, text] = texts[i];
                std::string before, after;
                BOOST_TEST(convert(text, unchanged, &before) == "", name);
                const auto without_rule = [&](node& root) { drop(root, rule); };
                const auto error = convert(text, without_rule, &after);
                BOOST_TEST((!error.empty() || before == after), name << " is read as another file");
                thrown += !error.empty();
            }
        }
    }
    BOOST_TEST(thrown > selected_rules().size());
}

BOOST_AUTO_TEST_SUITE_END()
