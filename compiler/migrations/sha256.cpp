#include "compiler/migrations/sha256.hpp"

#include <openssl/evp.h>

#include <stdexcept>

namespace schemac {

// OpenSSL's SHA-256 (its assembly uses the CPU's SHA extensions where there are any).
std::string sha256_hex(std::string_view data) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    if (EVP_Digest(data.data(), data.size(), digest, &size, EVP_sha256(), nullptr) != 1 || size != 32)
        throw std::runtime_error("SHA-256 failed in libcrypto");
    static constexpr char hex[] = "0123456789abcdef";
    std::string out(2 * size, '0');
    for (unsigned int i = 0; i < size; ++i) {
        out[2 * i] = hex[digest[i] >> 4];
        out[2 * i + 1] = hex[digest[i] & 0x0f];
    }
    return out;
}

}  // namespace schemac
