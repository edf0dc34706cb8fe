// SPDX-License-Identifier: Apache-2.0
// The hashes of hashes.hpp: SHA-256 by the processor's SHA extensions where it has them
// (sha256.cpp), otherwise by libsodium's (plain C, nothing to initialise).
#include <hallmark/hashes.hpp>

#include "engine/values/json_text.hpp"
#include "engine/values/sha256.hpp"

#include <sodium.h>

namespace hallmark {

namespace {

constexpr std::size_t hex_length = crypto_hash_sha256_BYTES * 2;

}  // namespace

void write_sha256_hex(std::string_view bytes, char* hex_out)
{
    unsigned char digest[crypto_hash_sha256_BYTES];
    static_assert(sizeof digest == 32);
    if (!detail::sha256_by_cpu(bytes, digest))
        crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
    static constexpr char hex[] = "0123456789abcdef";
    for (std::size_t i = 0; i < crypto_hash_sha256_BYTES; ++i) {
        hex_out[2 * i] = hex[digest[i] >> 4];
        hex_out[2 * i + 1] = hex[digest[i] & 0xF];
    }
}

std::string sha256_hex(std::string_view bytes)
{
    std::string out(hex_length, '\0');
    write_sha256_hex(bytes, out.data());
    return out;
}

std::string rules_sha256(const std::vector<std::string>& file_hashes)
{
    if (file_hashes.size() == 1) return file_hashes.front();
    std::string manifest;
    for (const auto& h : file_hashes) manifest += h + "\n";
    return sha256_hex(manifest);
}

}  // namespace hallmark
