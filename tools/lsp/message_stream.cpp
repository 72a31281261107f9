#include "tools/lsp/message_stream.hpp"

#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <string_view>

#include "compiler/ir/identifiers.hpp"

namespace schemac::lsp {
namespace {

std::string_view trimmed(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

}  // namespace

bool MessageReader::fill() {
    if (at_ > 0 && at_ == buffer_.size()) {
        buffer_.clear();
        at_ = 0;
    }
    char chunk[65536];
    for (;;) {
        ssize_t n = ::read(fd_, chunk, sizeof chunk);
        if (n > 0) {
            buffer_.append(chunk, static_cast<std::size_t>(n));
            return true;
        }
        if (n < 0 && errno == EINTR) continue;
        return false;
    }
}

MessageReader::Result MessageReader::next() {
    // The header block: up to an empty line.
    std::size_t end;
    for (;;) {
        end = buffer_.find("\r\n\r\n", at_);
        if (end != std::string::npos) break;
        if (buffer_.size() - at_ > 64 * 1024) {  // no header block is this long
            buffer_.clear();
            at_ = 0;
            return {Status::bad_header, {}, "a header block longer than 64 KiB, without an empty line"};
        }
        if (!fill()) return {Status::end, {}, {}};
    }
    std::string_view headers(buffer_.data() + at_, end - at_);
    at_ = end + 4;
    std::size_t length = 0;
    bool has_length = false;
    std::string error;
    while (!headers.empty()) {
        std::size_t line_end = headers.find("\r\n");
        std::string_view line = headers.substr(0, line_end);
        headers.remove_prefix(line_end == std::string_view::npos ? headers.size() : line_end + 2);
        std::size_t colon = line.find(':');
        if (colon == std::string_view::npos) {
            error = "a header line without ':'";
            continue;
        }
        if (lower_ascii(trimmed(line.substr(0, colon))) != "content-length") continue;
        std::string_view value = trimmed(line.substr(colon + 1));
        auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), length);
        if (ec != std::errc() || ptr != value.data() + value.size() || value.empty()) {
            error = "Content-Length is not a number";
            has_length = false;
            break;
        }
        has_length = true;
    }
    if (!has_length) {
        if (error.empty()) error = "no Content-Length header";
        return {Status::bad_header, {}, error};
    }
    if (length > max_body_) {
        // Skip the body so that the next message is read from its start.
        std::size_t left = length;
        for (;;) {
            std::size_t take = std::min(left, buffer_.size() - at_);
            at_ += take;
            left -= take;
            if (left == 0) break;
            if (!fill()) return {Status::end, {}, {}};
        }
        return {Status::bad_header, {}, "Content-Length " + std::to_string(length) + " is over the limit"};
    }
    while (buffer_.size() - at_ < length)
        if (!fill()) return {Status::end, {}, {}};
    Result result{Status::message, buffer_.substr(at_, length), {}};
    at_ += length;
    if (at_ == buffer_.size()) {
        buffer_.clear();
        at_ = 0;
    }
    return result;
}

bool MessageReader::input_within(int milliseconds) {
    if (at_ < buffer_.size()) return true;
    pollfd p{fd_, POLLIN, 0};
    for (;;) {
        int n = ::poll(&p, 1, milliseconds);
        if (n < 0 && errno == EINTR) continue;
        return n > 0;  // readable, or closed (the next read says so)
    }
}

bool write_message(int fd, const nlohmann::json& message) {
    std::string body = message.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    std::string out = "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
    std::size_t done = 0;
    while (done < out.size()) {
        ssize_t n = ::write(fd, out.data() + done, out.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        done += static_cast<std::size_t>(n);
    }
    return true;
}

}  // namespace schemac::lsp
