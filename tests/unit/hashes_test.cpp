// SPDX-License-Identifier: Apache-2.0
// SHA-256 by the processor's SHA extensions (engine/values/sha256.cpp) against
// libsodium's, on every length across several blocks and on random bytes: input hashes
// in decisions and logs must not depend on which of the two computed them.
#include "bench/splitmix64.hpp"
#include "engine/values/sha256.hpp"

#include <hallmark/hashes.hpp>

#include <boost/test/unit_test.hpp>
#include <sodium.h>

#include <array>
#include <cstring>
#include <string>

namespace {

std::array<unsigned char, crypto_hash_sha256_BYTES> sodium_digest(const std::string& text)
{
    std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
    crypto_hash_sha256(digest.data(), reinterpret_cast<const unsigned char*>(text.data()), text.size());
    return digest;
}

std::string sodium_hex(const std::string& text)
{
    const auto digest = sodium_digest(text);
    static constexpr char hex[] = "0123456789abcdef";
    std::string out;
    for (auto b : digest) out += {hex[b >> 4], hex[b & 0xF]};
    return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(hashes)

BOOST_AUTO_TEST_CASE(sha256_agrees_with_libsodium_on_every_length)
{
    bench::splitmix64 rng{20261207};
    std::string text;
    bool by_cpu = false;
    for (std::size_t n = 0; n <= 1100; ++n) {
        const auto expected = sodium_hex(text);
        BOOST_TEST(hallmark::sha256_hex(text) == expected, "length " << n);
        unsigned char digest[32];
        by_cpu = hallmark::detail::sha256_by_cpu(text, digest);
        if (by_cpu) BOOST_TEST(std::memcmp(digest, sodium_digest(text).data(), 32) == 0, "length " << n);
        text += static_cast<char>(rng.next());
    }
    BOOST_TEST_MESSAGE((by_cpu ? "SHA extensions: used" : "SHA extensions: not on this processor, libsodium only"));
    text.assign(1 << 20, 'a');  // many blocks in one call
    BOOST_TEST(hallmark::sha256_hex(text) == sodium_hex(text));
}

BOOST_AUTO_TEST_SUITE_END()
