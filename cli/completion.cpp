// SPDX-License-Identifier: Apache-2.0
// Shell completion scripts written from the CLI11 definition of the command
// (completion.hpp). Each script finds the subcommand path typed so far ("log show"),
// then offers that command's options, an option's choices (from its IsMember check),
// its subcommands, or file names.
#include "cli/completion.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <vector>

namespace hallmark::cli {
namespace {

struct option_spec {
    std::vector<std::string> longs, shorts;  // without dashes
    bool takes_value = false;
    std::vector<std::string> choices;  // empty: any value (completed as a file name)
    std::string description;
};

struct command_spec {
    std::string path;  // "" for the command itself, "log show" for a nested one
    std::string description;
    std::vector<option_spec> options;
    std::vector<std::pair<std::string, std::string>> subcommands;  // name, description
};

// The choices of an option checked with CLI::IsMember, whose description ends the
// option's type name: "TEXT:{text,json}".
std::vector<std::string> choices_of(const CLI::Option& o)
{
    const auto type = o.get_type_name();
    const auto open = type.rfind(":{");
    if (open == std::string::npos || type.back() != '}') return {};
    std::vector<std::string> out;
    const auto inner = type.substr(open + 2, type.size() - open - 3);
    for (std::size_t at = 0; at <= inner.size();) {
        const auto comma = std::min(inner.find(',', at), inner.size());
        if (comma > at) out.push_back(inner.substr(at, comma - at));
        at = comma + 1;
    }
    return out;
}

void collect(const CLI::App& app, const std::string& path, std::vector<command_spec>& out)
{
    command_spec c{path, app.get_description(), {}, {}};
    for (const CLI::Option* o : app.get_options()) {
        if (!o->nonpositional()) continue;
        c.options.push_back(
            {o->get_lnames(), o->get_snames(), o->get_items_expected_max() > 0, choices_of(*o), o->get_description()});
    }
    const auto subs = app.get_subcommands([](const CLI::App*) { return true; });
    for (const CLI::App* sub : subs) c.subcommands.emplace_back(sub->get_name(), sub->get_description());
    out.push_back(std::move(c));
    for (const CLI::App* sub : subs) collect(*sub, path.empty() ? sub->get_name() : path + " " + sub->get_name(), out);
}

std::string words(const std::vector<std::string>& items) { return fmt::format("{}", fmt::join(items, " ")); }

// ---- bash (and zsh through bashcompinit) ------------------------------------------

// `case` patterns "PARENT/NAME" of every subcommand, so the script can walk the words.
std::string bash_path_patterns(const std::vector<command_spec>& all)
{
    std::vector<std::string> keys;
    for (const auto& c : all)
        for (const auto& [name, _] : c.subcommands) keys.push_back(fmt::format("\"{}/{}\"", c.path, name));
    return fmt::format("{}", fmt::join(keys, "|"));
}

std::string bash_values(const std::vector<command_spec>& all)
{
    std::string out;
    for (const auto& c : all)
        for (const auto& o : c.options) {
            if (!o.takes_value) continue;
            std::vector<std::string> keys;
            for (const auto& l : o.longs) keys.push_back(fmt::format("\"{}/--{}\"", c.path, l));
            for (const auto& s : o.shorts) keys.push_back(fmt::format("\"{}/-{}\"", c.path, s));
            const auto reply = o.choices.empty() ? std::string("compgen -f -- \"$cur\"")
                                                 : fmt::format("compgen -W \"{}\" -- \"$cur\"", words(o.choices));
            out += fmt::format("        {}) COMPREPLY=($({})); return ;;\n", fmt::join(keys, "|"), reply);
        }
    return out;
}

std::string bash_words(const std::vector<command_spec>& all)
{
    std::string out;
    for (const auto& c : all) {
        std::vector<std::string> opts, subs;
        for (const auto& o : c.options) {
            for (const auto& l : o.longs) opts.push_back("--" + l);
            for (const auto& s : o.shorts) opts.push_back("-" + s);
        }
        for (const auto& s : c.subcommands) subs.push_back(s.first);
        out += fmt::format("        \"{}\") opts=\"{}\"; subs=\"{}\" ;;\n", c.path, words(opts), words(subs));
    }
    return out;
}

std::string bash_script(const std::vector<command_spec>& all)
{
    return fmt::format(R"(_hallmark()
{{
    local cur="${{COMP_WORDS[COMP_CWORD]}}" prev="${{COMP_WORDS[COMP_CWORD-1]}}" path="" opts="" subs="" i
    for ((i = 1; i < COMP_CWORD; i++)); do
        case "$path/${{COMP_WORDS[i]}}" in
        {}) path="${{path:+$path }}${{COMP_WORDS[i]}}" ;;
        esac
    done
    case "$path/$prev" in
{}    esac
    case "$path" in
{}    esac
    if [[ "$cur" == -* ]]; then
        COMPREPLY=($(compgen -W "$opts" -- "$cur"))
    elif [[ -n "$subs" ]]; then
        COMPREPLY=($(compgen -W "$subs" -- "$cur"))
    else
        COMPREPLY=($(compgen -f -- "$cur"))
    fi
}}
complete -o filenames -F _hallmark hallmark
)",
                       bash_path_patterns(all), bash_values(all), bash_words(all));
}

// ---- fish ----------------------------------------------------------------------------

std::string fish_quote(const std::string& s)
{
    std::string out = "'";
    for (char c : s) {
        if (c == '\\' || c == '\'') out += '\\';
        out += c;
    }
    return out + "'";
}

std::string fish_option(const command_spec& c, const option_spec& o)
{
    std::string line = fmt::format("complete -c hallmark -n {}", fish_quote("__hallmark_at " + fish_quote(c.path)));
    for (const auto& s : o.shorts) line += " -s " + s;
    for (const auto& l : o.longs) line += " -l " + l;
    if (o.takes_value) line += o.choices.empty() ? " -r -F" : " -x -a " + fish_quote(words(o.choices));
    return line + " -d " + fish_quote(o.description) + "\n";
}

std::string fish_script(const std::vector<command_spec>& all)
{
    std::string out = R"(complete -c hallmark -f
# The subcommand path typed so far ("log show") equals $argv[1].
function __hallmark_at
    set -l path ""
    for w in (commandline -opc)[2..-1]
        switch "$path/$w"
            case )";
    std::vector<std::string> keys;
    for (const auto& c : all)
        for (const auto& [name, _] : c.subcommands) keys.push_back(fish_quote(c.path + "/" + name));
    out += fmt::format("{}", fmt::join(keys, " "));
    out += R"(
                set path (string trim -- "$path $w")
        end
    end
    test "$path" = "$argv[1]"
end
)";
    for (const auto& c : all) {
        const auto at = fish_quote("__hallmark_at " + fish_quote(c.path));
        for (const auto& [name, description] : c.subcommands)
            out += fmt::format("complete -c hallmark -n {} -a {} -d {}\n", at, name, fish_quote(description));
        for (const auto& o : c.options) out += fish_option(c, o);
        if (c.subcommands.empty()) out += fmt::format("complete -c hallmark -n {} -F\n", at);
    }
    return out;
}

}  // namespace

std::optional<std::string> completion_script(const CLI::App& app, const std::string& shell)
{
    std::vector<command_spec> all;
    collect(app, "", all);
    const auto head = fmt::format("# {} completion for hallmark, written by `hallmark completion {}`.\n", shell, shell);
    if (shell == "bash") return head + "# Load it with: source <(hallmark completion bash)\n" + bash_script(all);
    if (shell == "zsh")
        return head + "# Load it after compinit with: source <(hallmark completion zsh)\n" +
               "autoload -U +X bashcompinit && bashcompinit\n" + bash_script(all);
    if (shell == "fish") return head + "# Load it with: hallmark completion fish | source\n" + fish_script(all);
    return std::nullopt;
}

}  // namespace hallmark::cli
