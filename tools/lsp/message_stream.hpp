// Language Server Protocol framing over file descriptors: each message is a header block
// ("Content-Length: N", other headers ignored, ended by an empty line) and N bytes of JSON.
// Reading never trusts the peer: a header block without a usable length is skipped and
// reported, a length over the limit is refused, and the end of input is an answer, not a crash.
#pragma once

#include <nlohmann/json.hpp>

#include <cstddef>
#include <string>

namespace schemac::lsp {

class MessageReader {
public:
    enum class Status { message, bad_header, end };
    struct Result {
        Status status = Status::end;
        std::string body;   // the message's bytes (Status::message)
        std::string error;  // what was wrong with the header block (Status::bad_header)
    };

    explicit MessageReader(int fd, std::size_t max_body = 64 * 1024 * 1024) : fd_(fd), max_body_(max_body) {}

    // Blocks until a whole message, a bad header block or the end of input.
    Result next();
    // True when input is waiting (bytes already read, or the descriptor becomes readable
    // within `milliseconds`): the caller can hold back work that more input would redo.
    bool input_within(int milliseconds);

private:
    bool fill();  // reads more bytes; false at the end of input or on a read error

    int fd_;
    std::size_t max_body_;
    std::string buffer_;
    std::size_t at_ = 0;  // how much of buffer_ is consumed
};

// Writes one framed message; false when the peer is gone (the pipe closed).
bool write_message(int fd, const nlohmann::json& message);

}  // namespace schemac::lsp
