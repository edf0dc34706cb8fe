// SPDX-License-Identifier: Apache-2.0
// Signed notes (c2sp.org/signed-note) with Ed25519 keys through libsodium, and the
// checkpoint they carry (c2sp.org/tlog-checkpoint): the formats a third party can check
// with any implementation of those specifications.
#include "audit/merkle.hpp"

#include <hallmark/log_proofs.hpp>
#include <hallmark/text.hpp>

#include <fmt/format.h>
#include <sodium.h>

#include <charconv>
#include <memory>

namespace hallmark {
namespace {

constexpr char ed25519_type = '\x01';
constexpr std::string_view em_dash = "\xE2\x80\x94";  // U+2014, which starts a signature line
constexpr std::size_t key_bytes = 32;

// Names appear in key strings split at '+' and in signature lines split at spaces.
bool is_key_name(std::string_view name)
{
    if (name.empty()) return false;
    for (const unsigned char c : name)
        if (c <= ' ' || c == '+' || c >= 0x7f) return false;
    return true;
}

// SHA-256(name || 0x0A || 0x01 || public key)[:4], the key ID of C2SP signed notes.
std::string key_id(std::string_view name, std::string_view public_key)
{
    std::string in(name);
    in += '\n';
    in += ed25519_type;
    in.append(public_key);
    return audit::sha256_raw(in).substr(0, 4);
}

struct parsed_key {
    std::string name, id, key;  // id: 4 raw bytes; key: 32 raw bytes
};

// NAME+ID+BASE64(0x01 || key), the shape of both key strings once PRIVATE+KEY+ is gone.
parsed_key parse_key(std::string_view text, const char* what)
{
    auto bad = [&](const char* why) {
        return log_error(fmt::format("not {} (NAME+ID+KEY, as hallmark log keygen writes): {}", what, why));
    };
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.remove_suffix(1);
    const auto a = text.find('+'), b = a == text.npos ? a : text.find('+', a + 1);
    if (b == text.npos) throw bad("it does not have three parts");
    parsed_key k;
    k.name = std::string(text.substr(0, a));
    const auto id = from_hex(text.substr(a + 1, b - a - 1));
    const auto key = from_base64(text.substr(b + 1));
    if (!is_key_name(k.name)) throw bad("the name is empty or holds a space, '+' or a control character");
    if (!id || id->size() != 4 || b - a - 1 != 8) throw bad("the key ID is not 8 hex digits");
    if (!key || key->size() != key_bytes + 1 || (*key)[0] != ed25519_type) throw bad("the key is not an Ed25519 key");
    k.id = *id;
    k.key = key->substr(1);
    return k;
}

// libsodium's own set-up (choosing implementations, the random source) before any of its
// key functions; cheap after the first call, safe from any thread.
void need_sodium()
{
    if (sodium_init() < 0) throw log_error("cannot initialise libsodium");
}

// Ed25519 in libsodium: the secret key is the 32-byte seed followed by the public key.
struct key_pair {
    unsigned char public_key[crypto_sign_PUBLICKEYBYTES];
    unsigned char secret[crypto_sign_SECRETKEYBYTES];
    ~key_pair() { sodium_memzero(secret, sizeof secret); }
};

void from_seed(key_pair& k, const std::string& seed)
{
    need_sodium();
    if (seed.size() != crypto_sign_SEEDBYTES ||
        crypto_sign_seed_keypair(k.public_key, k.secret, reinterpret_cast<const unsigned char*>(seed.data())) != 0)
        throw log_error("the signer key is not a valid Ed25519 key");
}

std::string public_of(const key_pair& k) { return std::string(reinterpret_cast<const char*>(k.public_key), key_bytes); }

std::string signature_of(const key_pair& k, std::string_view message)
{
    unsigned char sig[crypto_sign_BYTES];
    if (crypto_sign_detached(sig, nullptr, reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                             k.secret) != 0)
        throw log_error("Ed25519 signing failed");
    return std::string(reinterpret_cast<const char*>(sig), sizeof sig);
}

bool signature_valid(const std::string& public_key, std::string_view message, std::string_view sig)
{
    need_sodium();
    return public_key.size() == crypto_sign_PUBLICKEYBYTES && sig.size() == crypto_sign_BYTES &&
           crypto_sign_verify_detached(reinterpret_cast<const unsigned char*>(sig.data()),
                                       reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                                       reinterpret_cast<const unsigned char*>(public_key.data())) == 0;
}

std::string key_string(std::string_view name, std::string_view public_key, std::string_view material)
{
    return fmt::format("{}+{}+{}", name, to_hex(key_id(name, public_key)),
                       to_base64(std::string(1, ed25519_type) + std::string(material)));
}

// A note is UTF-8 with no control character but the newline (C2SP signed-note).
bool is_note_text(std::string_view s)
{
    if (first_invalid_utf8(s) != std::string_view::npos) return false;
    for (const unsigned char c : s)
        if (c < 0x20 && c != '\n') return false;
    return true;
}

}  // namespace

note_keys generate_note_keys(const std::string& name)
{
    if (!is_key_name(name))
        throw log_error(fmt::format("the key name \"{}\" must be non-empty, without spaces, '+' or control characters",
                                    escape_control(name)));
    need_sodium();
    key_pair k;
    if (crypto_sign_keypair(k.public_key, k.secret) != 0) throw log_error("cannot generate an Ed25519 key");
    const std::string seed(reinterpret_cast<const char*>(k.secret), crypto_sign_SEEDBYTES);
    const auto pub = public_of(k);
    return {"PRIVATE+KEY+" + key_string(name, pub, seed), key_string(name, pub, pub)};
}

std::string sign_note(const std::string& text, const std::string& signer_key)
{
    constexpr std::string_view prefix = "PRIVATE+KEY+";
    if (signer_key.rfind(prefix, 0) != 0)
        throw log_error("not a signer key (PRIVATE+KEY+NAME+ID+KEY, as hallmark log keygen writes)");
    const auto k = parse_key(std::string_view(signer_key).substr(prefix.size()), "a signer key");
    key_pair pair;
    from_seed(pair, k.key);
    if (key_id(k.name, public_of(pair)) != k.id)
        throw log_error("the signer key's ID does not match its key: the key file was altered");
    if (text.empty() || text.back() != '\n' || !is_note_text(text))
        throw log_error("a note's text must be UTF-8 ending in a newline, without control characters");
    return fmt::format("{}\n{} {} {}\n", text, em_dash, k.name, to_base64(k.id + signature_of(pair, text)));
}

opened_note open_note(const std::string& note, const std::string& verifier_key)
{
    const auto k = parse_key(verifier_key, "a verifier key");
    if (key_id(k.name, k.key) != k.id) throw log_error("the verifier key's ID does not match its key");
    auto fail = [](std::string why) { return opened_note{false, {}, std::move(why)}; };
    if (!is_note_text(note)) return fail("the note is not UTF-8 text without control characters");
    const auto split = note.rfind("\n\n");
    if (split == std::string::npos || note.back() != '\n') return fail("the note has no signature lines");
    opened_note out{false, note.substr(0, split + 1), {}};
    bool signed_by_key = false;
    for (std::size_t at = split + 2; at < note.size();) {
        const auto end = note.find('\n', at);
        const std::string_view line = std::string_view(note).substr(at, end - at);
        at = end + 1;
        const auto space = line.find(' ', em_dash.size() + 1);
        if (line.rfind(std::string(em_dash) + " ", 0) != 0 || space == std::string_view::npos)
            return fail("a signature line is not \"— NAME SIGNATURE\"");
        const auto name = line.substr(em_dash.size() + 1, space - em_dash.size() - 1);
        const auto sig = from_base64(line.substr(space + 1));
        if (!is_key_name(name) || !sig || sig->size() < 5) return fail("a signature line is malformed");
        if (name != k.name || sig->substr(0, 4) != k.id) continue;  // another key's signature
        if (!signature_valid(k.key, out.text, std::string_view(*sig).substr(4)))
            return fail(fmt::format("the signature of {} does not verify: the note was altered", k.name));
        signed_by_key = true;
    }
    if (!signed_by_key) return fail(fmt::format("the note is not signed by the key {}", k.name));
    out.ok = true;
    return out;
}

std::string checkpoint_text(const checkpoint& c)
{
    return fmt::format("{}\n{}\n{}\n", c.origin, c.size, to_base64(c.root));
}

std::optional<checkpoint> parse_checkpoint(std::string_view text)
{
    // A signed note: the checkpoint is the text before the last blank line.
    if (const auto split = text.rfind("\n\n"); split != std::string_view::npos) text = text.substr(0, split + 1);
    std::vector<std::string_view> lines;
    for (std::size_t at = 0; at < text.size();) {
        const auto end = text.find('\n', at);
        if (end == std::string_view::npos) return std::nullopt;
        lines.push_back(text.substr(at, end - at));
        at = end + 1;
    }
    if (lines.size() != 3 || lines[0].empty() || !is_note_text(lines[0])) return std::nullopt;
    checkpoint c;
    c.origin = std::string(lines[0]);
    const auto& n = lines[1];
    const auto [end, ec] = std::from_chars(n.data(), n.data() + n.size(), c.size);
    if (ec != std::errc() || end != n.data() + n.size() || n.empty() || (n.size() > 1 && n[0] == '0'))
        return std::nullopt;
    const auto root = from_base64(lines[2]);
    if (!root || root->size() != 32) return std::nullopt;
    c.root = *root;
    return c;
}

}  // namespace hallmark
