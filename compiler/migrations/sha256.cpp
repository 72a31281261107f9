#include "compiler/migrations/sha256.hpp"

#include <openssl/evp.h>

#include <stdexcept>

namespace schemac {

namespace {

[[noreturn]] void failed() { throw std::runtime_error("SHA-256 failed in libcrypto"); }

std::string hex_digits(const unsigned char* digest, unsigned int size) {
    static constexpr char hex[] = "0123456789abcdef";
    std::string out(2 * size, '0');
    for (unsigned int i = 0; i < size; ++i) {
        out[2 * i] = hex[digest[i] >> 4];
        out[2 * i + 1] = hex[digest[i] & 0x0f];
    }
    return out;
}

}  // namespace

// OpenSSL's SHA-256 (its assembly uses the CPU's SHA extensions where there are any).
std::string sha256_hex(std::string_view data) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    if (EVP_Digest(data.data(), data.size(), digest, &size, EVP_sha256(), nullptr) != 1 || size != 32) failed();
    return hex_digits(digest, size);
}

Sha256Stream::Sha256Stream() : context_(EVP_MD_CTX_new()) {
    if (!context_ || EVP_DigestInit_ex(context_, EVP_sha256(), nullptr) != 1) {
        EVP_MD_CTX_free(context_);
        failed();
    }
}

Sha256Stream::~Sha256Stream() { EVP_MD_CTX_free(context_); }

void Sha256Stream::update(std::string_view data) {
    if (!hex_.empty()) throw std::logic_error("Sha256Stream: update after the digest was taken");
    if (EVP_DigestUpdate(context_, data.data(), data.size()) != 1) failed();
}

std::string Sha256Stream::hex() {
    if (!hex_.empty()) return hex_;
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    if (EVP_DigestFinal_ex(context_, digest, &size) != 1 || size != 32) failed();
    hex_ = hex_digits(digest, size);
    return hex_;
}

}  // namespace schemac
