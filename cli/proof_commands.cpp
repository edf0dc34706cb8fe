// SPDX-License-Identifier: Apache-2.0
// The commands of signed checkpoints and proofs: for an operator (keygen, checkpoint,
// prove, consistency) and for a third party with only the verifier key (check-proof,
// verify --since-checkpoint). Exit 0 ok, 1 a proof or check fails, 2 bad input.
#include "cli/proof_commands.hpp"
#include "cli/commands.hpp"
#include "cli/output.hpp"

#include <hallmark/input_file.hpp>
#include <hallmark/json_writer.hpp>
#include <hallmark/log_proofs.hpp>
#include <hallmark/text.hpp>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <sys/stat.h>

#include <filesystem>
#include <iostream>

namespace hallmark::cli {
namespace {

int fail_input(const std::string& message)
{
    std::cerr << "error: " << escape_control(message) << "\n";
    return exit_bad_input;
}

std::optional<std::string> read_file(const std::string& path, const char* what)
{
    auto f = read_input_file(path);
    if (!f.text) std::cerr << fmt::format("error: cannot read the {} '{}': {}\n", what, path, f.reason);
    return f.text;
}

// A key file holds one key string on one line.
std::optional<std::string> read_key(const std::string& path)
{
    auto text = read_file(path, "key file");
    if (text)
        while (!text->empty() && (text->back() == '\n' || text->back() == '\r')) text->pop_back();
    return text;
}

bool write_out(const std::string& out, const std::string& text)
{
    if (out.empty()) {
        std::cout << text;
        return true;
    }
    if (write_atomically(out, text)) return true;
    std::cerr << fmt::format("error: cannot write '{}'\n", out);
    return false;
}

int run_keygen(const proof_commands& c)
{
    if (std::filesystem::exists(c.out) || std::filesystem::exists(c.out + ".pub"))
        return fail_input(fmt::format("'{}' or '{}.pub' exists; keygen never overwrites a key", c.out, c.out));
    try {
        const auto keys = generate_note_keys(c.name);
        // The signer key is secret: readable by its owner only, from the moment it exists.
        const auto old_mask = ::umask(077);
        const bool ok = write_atomically(c.out, keys.signer + "\n");
        ::umask(old_mask);
        if (!ok || !write_atomically(c.out + ".pub", keys.verifier + "\n"))
            return fail_input(fmt::format("cannot write '{}'", c.out));
        if (c.format == "json")
            std::cout << fmt::format("{{\"signer_key_file\": {}, \"verifier_key_file\": {}, \"verifier_key\": {}}}\n",
                                     json_quote(c.out), json_quote(c.out + ".pub"), json_quote(keys.verifier));
        else
            std::cout << fmt::format("signer key (secret): {}\nverifier key (publish it): {}.pub\n{}\n", c.out, c.out,
                                     keys.verifier);
        return exit_ok;
    } catch (const log_error& e) {
        return fail_input(e.what());
    }
}

std::string checkpoint_json(const std::string& log, const checkpoint& c, const std::string& note)
{
    return fmt::format("{{\"log\": {}, \"origin\": {}, \"size\": {}, \"root\": {}, \"checkpoint\": {}}}",
                       json_quote(log), json_quote(c.origin), c.size, json_quote(to_hex(c.root)), json_quote(note));
}

int run_checkpoint(const proof_commands& c)
{
    const auto key = read_key(c.key);
    if (!key) return exit_bad_input;
    try {
        auto log = decision_log::open(c.log);
        const auto note = add_checkpoint(log, *key);
        const auto content = parse_checkpoint(note).value();
        std::cerr << fmt::format("{}: checkpoint of {} records signed and stored\n", c.log, content.size);
        if (c.format == "json" && !c.out.empty() && !write_out(c.out, note)) return exit_bad_input;
        if (c.format == "json") std::cout << checkpoint_json(c.log, content, note) << "\n";
        else if (!write_out(c.out, note)) return exit_bad_input;
        return exit_ok;
    } catch (const log_error& e) {
        return fail_input(e.what());
    }
}

int run_checkpoints(const proof_commands& c)
{
    try {
        const auto all = checkpoints_of(decision_log::open_read_only(c.log));
        if (c.size) {
            for (auto it = all.rbegin(); it != all.rend(); ++it)
                if (it->content.size == c.size) return write_out(c.out, it->note) ? exit_ok : exit_bad_input;
            return fail_input(fmt::format("the log '{}' holds no checkpoint of {} records", c.log, c.size));
        }
        std::string text = c.format == "json" ? "[" : "";
        for (std::size_t i = 0; i < all.size(); ++i) {
            const auto& k = all[i];
            if (c.format == "json") text += (i ? ", " : "") + checkpoint_json(c.log, k.content, k.note);
            else
                text += escape_control(
                            fmt::format("{:>8}  {}  {}", k.content.size, to_hex(k.content.root), k.content.origin)) +
                        "\n";
        }
        if (c.format == "json") text += "]\n";
        return write_out(c.out, text) ? exit_ok : exit_bad_input;
    } catch (const log_error& e) {
        return fail_input(e.what());
    }
}

// Runs a command that makes a proof: one that cannot be made (the log holds no such
// record, no checkpoint covers it) is "no", exit 1; a log that cannot be read is exit 2.
template <typename Body>
int proving(Body&& body)
{
    try {
        return body();
    } catch (const proof_failure& e) {
        std::cerr << "error: " << escape_control(e.what()) << "\n";
        return exit_failed;
    } catch (const log_error& e) {
        return fail_input(e.what());
    }
}

int run_prove(const proof_commands& c)
{
    return proving([&] {
        const auto proof = prove_inclusion(decision_log::open_read_only(c.log), c.id);
        if (!write_out(c.out, proof)) return exit_bad_input;
        if (!c.out.empty()) std::cerr << fmt::format("{}: inclusion proof of record {} written\n", c.out, c.id);
        // Without --out the proof itself (JSON) is the output; with it, a summary for scripts.
        if (!c.out.empty() && c.format == "json")
            std::cout << fmt::format("{{\"log\": {}, \"record\": {}, \"proof_file\": {}}}\n", json_quote(c.log), c.id,
                                     json_quote(c.out));
        return exit_ok;
    });
}

int run_consistency(const proof_commands& c)
{
    const auto old = read_file(c.file, "checkpoint");
    if (!old) return exit_bad_input;
    return proving([&] {
        const auto proof = prove_consistency(decision_log::open_read_only(c.log), *old);
        if (!write_out(c.out, proof)) return exit_bad_input;
        if (!c.out.empty() && c.format == "json")
            std::cout << fmt::format("{{\"log\": {}, \"old_size\": {}, \"proof_file\": {}}}\n", json_quote(c.log),
                                     parse_checkpoint(*old).value().size, json_quote(c.out));
        return exit_ok;
    });
}

std::string verdict_json(const std::string& file, const proof_verdict& v)
{
    return fmt::format("{{\"proof\": {}, \"valid\": {}, \"kind\": {}, \"origin\": {}, \"record\": {}, \"size\": {}, "
                       "\"old_size\": {}, \"problem\": {}}}",
                       json_quote(file), v.valid ? "true" : "false", json_quote(v.kind), json_quote(v.origin),
                       v.record ? std::to_string(v.record) : "null", v.size,
                       v.kind == "consistency" ? std::to_string(v.old_size) : "null",
                       v.valid ? "null" : json_quote(v.problem));
}

int run_check_proof(const proof_commands& c)
{
    const auto key = read_key(c.key);
    if (!key) return exit_bad_input;
    const auto text = read_file(c.file, "proof");
    if (!text) return exit_bad_input;
    try {
        const auto v = check_proof(*text, *key);
        if (c.format == "json") std::cout << verdict_json(input_name(c.file), v) << "\n";
        else if (!v.valid) std::cout << escape_control(fmt::format("{}: {}", input_name(c.file), v.problem)) << "\n";
        else if (v.kind == "inclusion")
            std::cout << escape_control(fmt::format("{}: valid: record {} is in the log {} of {} records",
                                                    input_name(c.file), v.record, v.origin, v.size))
                      << "\n";
        else
            std::cout << escape_control(fmt::format("{}: valid: the log {} of {} records extends its {} records signed "
                                                    "earlier",
                                                    input_name(c.file), v.origin, v.size, v.old_size))
                      << "\n";
        return v.valid ? exit_ok : exit_failed;
    } catch (const log_error& e) {
        return fail_input(e.what());
    }
}

int run_verify_since(const proof_commands& c)
{
    const auto key = read_key(c.key);
    const auto note = key ? read_file(c.since, "checkpoint") : std::nullopt;
    if (!note) return exit_bad_input;
    if (!std::filesystem::exists(c.log))
        return fail_input(fmt::format("cannot read the decision log '{}': it does not exist", c.log));
    const auto r = verify_since(c.log, *note, *key);
    const int status = report_verdict(c.log, r, c.format);
    if (status == exit_ok && c.format != "json")
        std::cout << fmt::format("{}: extends the checkpoint of {} records\n", c.log,
                                 parse_checkpoint(*note).value().size);
    return status;
}

void add_operator_commands(CLI::App& log, proof_commands& c)
{
    c.keygen = log.add_subcommand("keygen", "make an Ed25519 key pair for signing checkpoints: FILE and FILE.pub");
    c.keygen->add_option("NAME", c.name, "the key's name, e.g. example.org/decisions (no spaces, no '+')")->required();
    c.keygen->add_option("--out", c.out, "the signer key file; the verifier key goes to FILE.pub")->required();
    c.checkpoint = log.add_subcommand("checkpoint", "sign the log's size and Merkle root and store the checkpoint");
    c.checkpoint->add_option("LOG", c.log, "the decision log")->required();
    c.checkpoint->add_option("--key", c.key, "the signer key file (hallmark log keygen)")->required();
    c.checkpoints = log.add_subcommand("checkpoints", "list the stored checkpoints, or write one of them");
    c.checkpoints->add_option("LOG", c.log, "the decision log")->required();
    c.checkpoints->add_option("--size", c.size, "write the checkpoint of this many records (the signed note)");
    c.prove = log.add_subcommand("prove", "write a self-contained proof that a record is in the log");
    c.prove->add_option("LOG", c.log, "the decision log")->required();
    c.prove->add_option("ID", c.id, "the record id")->required();
    c.consistency = log.add_subcommand("consistency", "prove that the log extends a checkpoint signed earlier");
    c.consistency->add_option("LOG", c.log, "the decision log")->required();
    c.consistency->add_option("CHECKPOINT", c.file, "the earlier checkpoint (a signed note)")->required();
    for (auto* cmd : {c.checkpoint, c.checkpoints, c.prove, c.consistency})
        cmd->add_option("--out", c.out, "write to this file (all or nothing) instead of standard output");
}

}  // namespace

void add_proof_commands(CLI::App& log, CLI::App& verify, proof_commands& c)
{
    add_operator_commands(log, c);
    c.check_proof = log.add_subcommand("check-proof", "check a proof file with nothing but the verifier key");
    c.check_proof->add_option("PROOF", c.file, "the proof file (- for standard input)")->required();
    c.check_proof->add_option("--key", c.key, "the verifier key file (.pub)")->required();
    for (auto* cmd : {c.keygen, c.checkpoint, c.checkpoints, c.prove, c.consistency, c.check_proof})
        cmd->add_option("--format", c.format, "text or json")->check(CLI::IsMember({"text", "json"}));
    c.verify = &verify;
    auto* since = verify.add_option("--since-checkpoint", c.since,
                                    "a checkpoint kept from earlier: the log must extend what it signed");
    auto* key = verify.add_option("--key", c.key, "the verifier key that signed the checkpoint (.pub)");
    since->needs(key);
    key->needs(since);
    // verify's own LOG and --format, seen here too.
    verify.get_option("LOG")->each([&c](const std::string& l) { c.log = l; });
    verify.get_option("--format")->each([&c](const std::string& f) { c.format = f; });
}

std::optional<int> run_proof_command(const proof_commands& c)
{
    if (c.verify && *c.verify && !c.since.empty()) return run_verify_since(c);
    if (*c.keygen) return run_keygen(c);
    if (*c.checkpoint) return run_checkpoint(c);
    if (*c.checkpoints) return run_checkpoints(c);
    if (*c.prove) return run_prove(c);
    if (*c.consistency) return run_consistency(c);
    if (*c.check_proof) return run_check_proof(c);
    return std::nullopt;
}

}  // namespace hallmark::cli
