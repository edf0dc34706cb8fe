// SPDX-License-Identifier: Apache-2.0
// The Merkle tree against the published RFC 6962/9162 test vectors of
// transparency-dev/merkle (tests/log/vectors), signed notes against the Go sumdb/note
// example, and properties over random sizes: every proof made verifies, every
// altered byte is refused.
#include <hallmark/log_proofs.hpp>

#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include <fstream>
#include <random>

using namespace hallmark;
using json = nlohmann::json;
namespace mt = hallmark::merkle;  // the suite is named merkle too

namespace {

const json& vectors()
{
    static const json v = json::parse(std::ifstream(HALLMARK_SOURCE_DIR "/tests/log/vectors/merkle_vectors.json"));
    return v;
}

std::string b64(const json& j) { return j.is_null() ? std::string() : from_base64(j.get<std::string>()).value(); }

std::vector<std::string> b64_list(const json& j)
{
    std::vector<std::string> out;
    if (j.is_array())
        for (const auto& h : j) out.push_back(b64(h));
    return out;
}

std::vector<std::string> vector_leaves()
{
    std::vector<std::string> out;
    for (const auto& l : vectors().at("leaves")) out.push_back(mt::leaf_hash(from_hex(l.get<std::string>()).value()));
    return out;
}

std::vector<std::string> leaves(std::size_t n)
{
    std::vector<std::string> out;
    for (std::size_t i = 0; i < n; ++i) out.push_back(mt::leaf_hash("leaf " + std::to_string(i)));
    return out;
}

std::string flipped(std::string s, std::size_t at)
{
    s[at] = static_cast<char>(s[at] ^ 0x01);
    return s;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(merkle)

BOOST_AUTO_TEST_CASE(roots_of_the_published_tree)
{
    const auto l = vector_leaves();
    const auto& roots = vectors().at("roots");
    BOOST_TEST_REQUIRE(roots.size() == 9u);
    for (std::size_t n = 0; n <= l.size(); ++n)
        BOOST_TEST(to_hex(mt::root_of({l.begin(), l.begin() + static_cast<long>(n)})) == roots[n].get<std::string>(),
                   "size " << n);
}

BOOST_AUTO_TEST_CASE(published_inclusion_vectors)
{
    const auto l = vector_leaves();
    std::size_t valid = 0, invalid = 0;
    for (const auto& v : vectors().at("inclusion")) {
        const auto index = v.at("leafIdx").get<std::int64_t>(), size = v.at("treeSize").get<std::int64_t>();
        const auto proof = b64_list(v.at("proof"));
        const bool ok = index >= 0 && size >= 0 &&
                        mt::verify_inclusion(static_cast<std::uint64_t>(index), static_cast<std::uint64_t>(size),
                                             b64(v.at("leafHash")), proof, b64(v.at("root")));
        BOOST_TEST(ok == !v.at("wantErr").get<bool>(), v.at("file").get<std::string>());
        ++(ok ? valid : invalid);
        // The proofs we make are the published ones, for the published tree.
        if (ok && static_cast<std::size_t>(size) <= l.size() &&
            b64(v.at("root")) == mt::root_of({l.begin(), l.begin() + size}))
            BOOST_TEST(mt::inclusion_proof(l, static_cast<std::uint64_t>(index), static_cast<std::uint64_t>(size)) ==
                           proof,
                       v.at("file").get<std::string>());
    }
    BOOST_TEST(valid >= 5u);
    BOOST_TEST(invalid >= 50u);
}

BOOST_AUTO_TEST_CASE(published_consistency_vectors)
{
    const auto l = vector_leaves();
    std::size_t valid = 0, invalid = 0;
    for (const auto& v : vectors().at("consistency")) {
        const auto m = v.at("size1").get<std::int64_t>(), n = v.at("size2").get<std::int64_t>();
        const auto proof = b64_list(v.at("proof"));
        const bool ok = m >= 0 && n >= 0 &&
                        mt::verify_consistency(static_cast<std::uint64_t>(m), static_cast<std::uint64_t>(n),
                                               b64(v.at("root1")), b64(v.at("root2")), proof);
        // Stricter than the vectors in one way: every hash must be 32 bytes, so the
        // vectors' opaque short roots ("don't care") are refused even where accepted.
        const bool opaque = b64(v.at("root1")).size() != 32 || b64(v.at("root2")).size() != 32;
        BOOST_TEST(ok == (!v.at("wantErr").get<bool>() && !opaque), v.at("file").get<std::string>());
        ++(ok ? valid : invalid);
        if (ok && m > 0 && static_cast<std::size_t>(n) <= l.size() &&
            b64(v.at("root2")) == mt::root_of({l.begin(), l.begin() + n}))
            BOOST_TEST(mt::consistency_proof(l, static_cast<std::uint64_t>(m), static_cast<std::uint64_t>(n)) == proof,
                       v.at("file").get<std::string>());
    }
    BOOST_TEST(valid >= 4u);
    BOOST_TEST(invalid >= 50u);
}

BOOST_AUTO_TEST_CASE(domain_separation)
{
    // A leaf can never pass for a node: 0x00 and 0x01 prefixes.
    const auto a = mt::leaf_hash("a"), b = mt::leaf_hash("b");
    BOOST_TEST(mt::node_hash(a, b) != mt::leaf_hash(a + b));
    BOOST_TEST(to_hex(mt::leaf_hash("")) == "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d");
}

BOOST_AUTO_TEST_CASE(every_inclusion_and_consistency_proof_verifies_and_no_altered_one_does)
{
    std::mt19937 rng(2121);
    for (int round = 0; round < 12; ++round) {
        const std::size_t n = 1 + rng() % 70;
        const auto l = leaves(n);
        std::vector<std::string> roots{mt::root_of({})};
        for (std::size_t k = 1; k <= n; ++k)
            roots.push_back(mt::root_of({l.begin(), l.begin() + static_cast<long>(k)}));
        for (std::uint64_t i = 0; i < n; ++i) {
            const auto p = mt::inclusion_proof(l, i, n);
            BOOST_TEST_REQUIRE(mt::verify_inclusion(i, n, l[i], p, roots[n]), "leaf " << i << " of " << n);
            if (n > 1) BOOST_TEST(!mt::verify_inclusion(i, n, l[(i + 1) % n], p, roots[n]));
            if (!p.empty()) {
                const auto k = rng() % p.size();
                auto bad = p;
                bad[k] = flipped(bad[k], rng() % 32);
                BOOST_TEST(!mt::verify_inclusion(i, n, l[i], bad, roots[n]));
            }
        }
        for (std::uint64_t m = 1; m <= n; ++m) {
            for (std::uint64_t k = m; k <= n; ++k) {
                const auto p = mt::consistency_proof(l, m, k);
                BOOST_TEST_REQUIRE(mt::verify_consistency(m, k, roots[m], roots[k], p), m << " -> " << k);
                if (m < k) {
                    BOOST_TEST(!mt::verify_consistency(m, k, flipped(roots[m], rng() % 32), roots[k], p));
                    auto bad = p;
                    const auto at = rng() % p.size();
                    bad[at] = flipped(bad[at], rng() % 32);
                    BOOST_TEST(!mt::verify_consistency(m, k, roots[m], roots[k], bad));
                }
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(hex_and_base64_are_exact)
{
    BOOST_TEST(to_base64("") == "");
    BOOST_TEST(to_base64("f") == "Zg==");
    BOOST_TEST(to_base64("fo") == "Zm8=");
    BOOST_TEST(to_base64("foobar") == "Zm9vYmFy");
    BOOST_TEST(from_base64("Zm8=").value() == "fo");
    BOOST_TEST(!from_base64("Zm9=").has_value());  // non-zero padding bits: not canonical
    BOOST_TEST(!from_base64("Zm8").has_value());
    BOOST_TEST(!from_base64("Z=8=").has_value());
    BOOST_TEST(from_hex("00ff").value() == std::string("\x00\xff", 2));
    BOOST_TEST(!from_hex("0g").has_value());
}

// The example of golang.org/x/mod/sumdb/note: Ed25519 signs deterministically, so our
// signature of the same text with the same key is the published one, byte for byte.
BOOST_AUTO_TEST_CASE(signed_note_matches_the_go_sumdb_example)
{
    const std::string signer = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
    const std::string verifier = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
    const std::string text = "If you think cryptography is the answer to your problem,\n"
                             "then you don't know what your problem is.\n";
    const std::string note =
        text + "\n\xE2\x80\x94 PeterNeumann "
               "x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";
    BOOST_TEST(sign_note(text, signer) == note);
    const auto opened = open_note(note, verifier);
    BOOST_TEST(opened.ok, opened.problem);
    BOOST_TEST(opened.text == text);
    for (std::size_t at = 0; at < note.size(); ++at)
        BOOST_TEST(!open_note(flipped(note, at), verifier).ok, "byte " << at);
    const auto other = generate_note_keys("PeterNeumann");
    BOOST_TEST(!open_note(note, other.verifier).ok);
    BOOST_CHECK_THROW((void)open_note(note, "PeterNeumann+c74f20a3+AAAA"), log_error);
    BOOST_CHECK_THROW((void)sign_note(text, verifier), log_error);
    BOOST_CHECK_THROW((void)generate_note_keys("has space"), log_error);
    BOOST_CHECK_THROW((void)generate_note_keys("a+b"), log_error);
}

BOOST_AUTO_TEST_CASE(checkpoint_text_round_trips_and_refuses_other_shapes)
{
    const checkpoint c{"example.org/log", 17, mt::leaf_hash("x")};
    const auto text = checkpoint_text(c);
    const auto back = parse_checkpoint(text).value();
    BOOST_TEST(back.origin == c.origin);
    BOOST_TEST(back.size == 17u);
    BOOST_TEST(back.root == c.root);
    BOOST_TEST(!parse_checkpoint("example.org/log\n017\n" + to_base64(c.root) + "\n").has_value());
    BOOST_TEST(!parse_checkpoint("example.org/log\n17\n" + to_base64("short") + "\n").has_value());
    BOOST_TEST(!parse_checkpoint("example.org/log\n17\n").has_value());
    BOOST_TEST(!parse_checkpoint(text + "extra\n").has_value());
}

BOOST_AUTO_TEST_SUITE_END()
