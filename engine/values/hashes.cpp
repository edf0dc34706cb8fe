// SPDX-License-Identifier: Apache-2.0
// The hashes of hashes.hpp, by OpenSSL's SHA-256.
#include <hallmark/hashes.hpp>

#include <openssl/evp.h>

#include <stdexcept>

namespace hallmark {

std::string sha256_hex(std::string_view bytes)
{
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (EVP_Digest(bytes.data(), bytes.size(), digest, &length, EVP_sha256(), nullptr) != 1) {
        throw std::runtime_error("sha256: OpenSSL digest failed");
    }
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
