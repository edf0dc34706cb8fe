// SPDX-License-Identifier: Apache-2.0
// The synthetic-40/30 workload: records, the rules, and the hand-written baseline.
#include "bench/workload.hpp"

#include "bench/splitmix64.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>

namespace bench {
using rng = splitmix64;

std::string scaled(std::int64_t v) { return fmt::format("{}.{:04}", v / 10000, v % 10000); }

std::vector<record> generate(std::size_t count, std::uint64_t seed)
{
    rng r{seed};
    std::vector<record> out(count);
    for (std::size_t i = 0; i < count; ++i) {
        auto& x = out[i];
        x.id = i + 1;
        x.participants = r.below(100);
        x.sme_share = r.below(10001);
        for (int i = 2; i <= 23; ++i) x.n[i] = r.below(1000001);
        for (int i = 24; i <= 31; ++i) x.b[i] = r.below(10) < 7;
        for (int i = 32; i <= 39; ++i) x.e[i] = static_cast<int>(r.below(4));
    }
    return out;
}

std::string rules_text()
{
    std::ifstream in(HALLMARK_SOURCE_DIR "/bench/synthetic-40-30.rules", std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    if (text.str().empty()) throw std::runtime_error("cannot read bench/synthetic-40-30.rules");
    return text.str();
}

std::string to_json(const record& r)
{
    std::string s = fmt::format(
        R"({{"cluster": {{"id": "SYN-{:06}"}}, "assessed_on": "2026-01-15", "indicators": {{"participants": {}, "sme_share": "{}")",
        r.id, r.participants, scaled(r.sme_share));
    for (int i = 2; i <= 23; ++i) s += fmt::format(R"(, "n{}": "{}")", i, scaled(r.n[i]));
    for (int i = 24; i <= 31; ++i) s += fmt::format(R"(, "b{}": {})", i, r.b[i] ? "true" : "false");
    for (int i = 32; i <= 39; ++i) s += fmt::format(R"(, "e{}": "c{}")", i, r.e[i]);
    return s + "}}";
}

std::string csv_header()
{
    std::string s = "cluster_id,assessed_on,participants,sme_share";
    for (int i = 2; i <= 23; ++i) s += fmt::format(",n{}", i);
    for (int i = 24; i <= 31; ++i) s += fmt::format(",b{}", i);
    for (int i = 32; i <= 39; ++i) s += fmt::format(",e{}", i);
    return s;
}

std::string to_csv(const record& r)
{
    std::string s = fmt::format("SYN-{:06},2026-01-15,{},{}", r.id, r.participants, scaled(r.sme_share));
    for (int i = 2; i <= 23; ++i) s += "," + scaled(r.n[i]);
    for (int i = 24; i <= 31; ++i) s += r.b[i] ? ",true" : ",false";
    for (int i = 32; i <= 39; ++i) s += fmt::format(",c{}", r.e[i]);
    return s;
}

int hand_written_label(const record& r)
{
    int met = (r.participants >= 50) + (r.sme_share >= 3000);
    for (int i = 2; i <= 19; ++i) met += r.n[i] >= (25 + i) * 10000;
    for (int i = 20; i <= 23; ++i) met += r.n[i] <= (80 - i) * 10000;
    for (int i = 24; i <= 27; ++i) met += r.b[i];
    met += r.e[32] != 0;
    met += r.e[33] == 2 || r.e[33] == 3;
    return met >= 24 ? 3 : met >= 18 ? 2 : met >= 12 ? 1 : 0;
}

namespace {

bool identifier_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool identifier_part(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// The top-level declarations of a rule file, each with its indented continuation lines.
std::vector<std::string> declarations(const std::string& text)
{
    std::vector<std::string> out;
    std::size_t at = 0;
    while (at < text.size()) {
        std::size_t end = text.find('\n', at);
        end = end == std::string::npos ? text.size() : end + 1;
        const std::string line = text.substr(at, end - at);
        if (!line.empty() && !std::isspace(static_cast<unsigned char>(line[0])) && line[0] != '#') out.push_back(line);
        else if (!out.empty()) out.back() += line;
        at = end;
    }
    return out;
}

// Names a declaration introduces: its own, and the groups a criterion joins.
void declared_names(const std::string& decl, std::set<std::string>& names)
{
    std::istringstream words(decl);
    std::string keyword, name;
    words >> keyword >> name;
    if (keyword == "area" || keyword == "indicator" || keyword == "let" || keyword == "criterion") names.insert(name);
    if (keyword != "criterion") return;
    const std::size_t group = decl.find(" group ");
    if (group == std::string::npos) return;
    std::size_t i = group + 7;
    while (i < decl.size() && decl[i] != '\n') {
        std::size_t j = i;
        while (j < decl.size() && identifier_part(decl[j])) ++j;
        if (j > i) names.insert(decl.substr(i, j - i));
        if (j >= decl.size() || (decl[j] != ',' && decl[j] != ' ')) break;
        i = j + 1;
    }
}

// `text` with every identifier in `names` suffixed; strings, comments and choice lists
// are left alone.
std::string renamed(const std::string& text, const std::set<std::string>& names, const std::string& suffix)
{
    std::string out;
    for (std::size_t i = 0; i < text.size();) {
        const char c = text[i];
        if (c == '"' || c == '#') {
            const char end = c == '"' ? '"' : '\n';
            std::size_t j = i + 1;
            while (j < text.size() && text[j] != end) j += text[j] == '\\' && c == '"' ? 2 : 1;
            j = std::min(j + 1, text.size());
            out.append(text, i, j - i);
            i = j;
        } else if (identifier_start(c) && (i == 0 || !identifier_part(text[i - 1]))) {
            std::size_t j = i;
            while (j < text.size() && identifier_part(text[j])) ++j;
            const std::string word = text.substr(i, j - i);
            out += names.count(word) ? word + suffix : word;
            i = j;
            // Choices are not declared names, even when spelt like one: `one of (a, b)`.
            const std::size_t open = text.find_first_not_of(' ', i);
            if (word == "of" && open != std::string::npos && text[open] == '(') {
                const std::size_t close = std::min(text.find(')', open), text.size() - 1);
                out.append(text, i, close + 1 - i);
                i = close + 1;
            }
        } else {
            out += c;
            ++i;
        }
    }
    return out;
}

}  // namespace

std::string scaled_rules(const std::string& text, int copies)
{
    std::string body;
    std::set<std::string> names;
    for (const auto& decl : declarations(text)) {
        const std::string keyword = decl.substr(0, decl.find_first_of(" \n"));
        if (keyword != "area" && keyword != "indicator" && keyword != "let" && keyword != "criterion") continue;
        body += decl;
        declared_names(decl, names);
    }
    std::string out = text;
    if (!out.empty() && out.back() != '\n') out += '\n';
    for (int c = 2; c <= copies; ++c) out += "\n" + renamed(body, names, "_c" + std::to_string(c));
    return out;
}

}  // namespace bench
