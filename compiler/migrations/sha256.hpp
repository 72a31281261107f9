// SHA-256 (FIPS 180-4) of a byte string, as 64 lower-case hex digits. Used for the
// checksums of migration files (schemac.sum and the migration history).
#pragma once

#include <string>
#include <string_view>

struct evp_md_ctx_st;  // OpenSSL's EVP_MD_CTX

namespace schemac {

std::string sha256_hex(std::string_view data);

// The same digest of bytes given in pieces: sha256_hex(a + b) == (update(a), update(b), hex()).
class Sha256Stream {
public:
    Sha256Stream();
    ~Sha256Stream();
    Sha256Stream(const Sha256Stream&) = delete;
    Sha256Stream& operator=(const Sha256Stream&) = delete;

    void update(std::string_view data);  // std::logic_error once hex() was asked for: a bug
    std::string hex();                   // the digest of every update; asked again, the same

private:
    ::evp_md_ctx_st* context_;
    std::string hex_;  // once finished
};

}  // namespace schemac
