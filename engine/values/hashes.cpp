// SPDX-License-Identifier: Apache-2.0
// The hashes of hashes.hpp, by libsodium's SHA-256 (plain C, nothing to initialise).
#include <hallmark/hashes.hpp>

#include <sodium.h>

namespace hallmark {

std::string sha256_hex(std::string_view bytes)
{
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
    constexpr unsigned int length = crypto_hash_sha256_BYTES;
    static constexpr char hex[] = "0123456789abcdef";
    std::string out;
    out.reserve(length * 2);
    for (unsigned int i = 0; i < length; ++i) {
        out += hex[digest[i] >> 4];
        out += hex[digest[i] & 0xF];
    }
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
