#include "tools/schemac/redacted_output.hpp"

#include <cstdlib>
#include <iostream>
#include <string>

#include "runtime/redact.hpp"

namespace schemac::cli {

// Holds what was written until a line ends or the stream is flushed, then writes it to `target`
// with the remembered secrets hidden. A secret is never cut in two: a message is written whole
// (one `<<`), and only complete lines leave before a flush.
class RedactedOutput::Buffer : public std::streambuf {
public:
    explicit Buffer(std::streambuf* target) : target_(target) {}
    ~Buffer() override { pass_on(pending_.size()); }

protected:
    int_type overflow(int_type c) override {
        if (traits_type::eq_int_type(c, traits_type::eof())) return traits_type::not_eof(c);
        pending_ += traits_type::to_char_type(c);
        if (c == '\n') pass_on(pending_.size());
        return c;
    }
    std::streamsize xsputn(const char* s, std::streamsize n) override {
        pending_.append(s, static_cast<std::size_t>(n));
        if (std::size_t line_end = pending_.rfind('\n'); line_end != std::string::npos) pass_on(line_end + 1);
        return n;
    }
    int sync() override {
        pass_on(pending_.size());
        return target_->pubsync();
    }

private:
    void pass_on(std::size_t n) {
        if (n == 0) return;
        std::string text = runtime::has_secrets()
                               ? runtime::hide_remembered_secrets(std::string_view(pending_).substr(0, n))
                               : pending_.substr(0, n);
        target_->sputn(text.data(), static_cast<std::streamsize>(text.size()));
        pending_.erase(0, n);
    }

    std::streambuf* target_;
    std::string pending_;
};

RedactedOutput::RedactedOutput(int argc, const char* const* argv) {
    for (int i = 1; i < argc; ++i) runtime::remember_secrets(argv[i]);
    if (const char* url = std::getenv("DATABASE_URL"); url && *url) runtime::remember_secrets(url);
    if (const char* password = std::getenv("PGPASSWORD"); password && *password) runtime::remember_secret(password);
    out_ = std::make_unique<Buffer>(std::cout.rdbuf());
    err_ = std::make_unique<Buffer>(std::cerr.rdbuf());
    original_out_ = std::cout.rdbuf(out_.get());
    original_err_ = std::cerr.rdbuf(err_.get());
}

std::ostream& RedactedOutput::reserve_stdout() {
    if (!reserved_) {
        reserved_ = std::make_unique<std::ostream>(out_.get());
        std::cout.flush();
        std::cout.rdbuf(err_.get());
    }
    return *reserved_;
}

RedactedOutput::~RedactedOutput() {
    if (reserved_) reserved_->flush();
    std::cout.flush();
    std::cerr.flush();
    std::cout.rdbuf(original_out_);
    std::cerr.rdbuf(original_err_);
}

}  // namespace schemac::cli
