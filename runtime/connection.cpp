#include "runtime/connection.hpp"

#include <fmt/format.h>
#include <libpq-fe.h>

#include <memory>
#include <pqxx/pqxx>
#include <utility>

#include "runtime/redact.hpp"

namespace schemac::runtime {

std::string quote_conninfo_value(std::string_view value) {
    std::string out = "'";
    for (char c : value) {
        if (c == '\'' || c == '\\') out += '\\';
        out += c;
    }
    return out + "'";
}

namespace {

std::string first_line(std::string_view text) {
    std::string line(text.substr(0, text.find('\n')));
    while (!line.empty() && (line.back() == ' ' || line.back() == '\r')) line.pop_back();
    return line;
}

// libpq's reason, on one line: its first line without the server address (the URL is shown
// beside it) and without "FATAL:  ", and a word on what to check.
std::string one_line_reason(const std::string& what) {
    std::string line = first_line(what);
    // `connection to server at "db" (10.0.0.5), port 5432 failed: ` repeats the URL shown before it.
    if (line.starts_with("connection to server ")) {
        if (auto at = line.find(" failed: "); at != std::string::npos) line.erase(0, at + 9);
    }
    line = server_message(line);
    if (line.find("Connection refused") != std::string::npos)
        line += " (is the server running and accepting connections?)";
    else if (line.find("password authentication failed") != std::string::npos ||
             line.find("no password supplied") != std::string::npos)
        line += " (check the user and password in the URL)";
    return line;
}

}  // namespace

// Keeps the server's notices with the session instead of libpq printing them to stderr.
class NoticeCollector : public pqxx::errorhandler {
public:
    explicit NoticeCollector(pqxx::connection_base& c) : pqxx::errorhandler(c) {}
    bool operator()(const char message[]) noexcept override {
        try {
            if (listener)
                listener(server_message(message));
            else
                notices.push_back(server_message(message));
        } catch (...) {
        }
        return false;
    }
    std::vector<std::string> notices;
    std::function<void(const std::string&)> listener;
};

namespace {

// libpq's reading of `url` (only the parts it sets). Throws ConnectError.
std::unique_ptr<PQconninfoOption, void (*)(PQconninfoOption*)> parse_connection_url(const std::string& url) {
    remember_secrets(url);  // whatever libpq says about it from here on is printed without them
    char* error = nullptr;
    PQconninfoOption* options = PQconninfoParse(url.c_str(), &error);
    if (!options) {
        // libpq quotes the string, or a piece of it ("invalid percent-encoded token: ...").
        std::string reason = error ? redact_secrets(first_line(error)) : "out of memory";
        PQfreemem(error);
        throw ConnectError(fmt::format("cannot use the database URL {}: {}", redact_password(url), reason));
    }
    return {options, PQconninfoFree};
}

}  // namespace

std::string connection_string(const std::string& url) {
    auto parsed = parse_connection_url(url);
    std::string out;
    bool has_timeout = false, has_name = false;
    for (PQconninfoOption* o = parsed.get(); o->keyword; ++o) {
        if (!o->val) continue;
        std::string_view keyword = o->keyword;
        has_timeout |= keyword == "connect_timeout";
        has_name |= keyword == "application_name";
        out += fmt::format("{}={} ", keyword, quote_conninfo_value(o->val));
    }
    if (!has_timeout) out += fmt::format("connect_timeout={} ", default_connect_timeout_seconds);
    if (!has_name) out += "application_name=schemac ";
    out.pop_back();
    return out;
}

std::string with_database(const std::string& url, const std::string& database) {
    auto parsed = parse_connection_url(url);
    std::string out;
    for (PQconninfoOption* o = parsed.get(); o->keyword; ++o) {
        if (o->val && std::string_view(o->keyword) != "dbname")
            out += fmt::format("{}={} ", o->keyword, quote_conninfo_value(o->val));
    }
    return out + "dbname=" + quote_conninfo_value(database);
}

std::string database_of(const std::string& url) {
    auto parsed = parse_connection_url(url);
    for (PQconninfoOption* o = parsed.get(); o->keyword; ++o)
        if (o->val && std::string_view(o->keyword) == "dbname") return o->val;
    return "";
}

Session::Session(const std::string& url) : conninfo_(connection_string(url)) {
    try {
        connection_ = std::make_unique<pqxx::connection>(conninfo_);
    } catch (const std::exception& e) {
        throw ConnectError(
            fmt::format("cannot connect to {}: {}", redact_password(url), redact_secrets(one_line_reason(e.what()))));
    }
    notices_ = std::make_unique<NoticeCollector>(*connection_);
}

Session::~Session() = default;

std::unique_ptr<pqxx::connection> Session::another_connection() const {
    return std::make_unique<pqxx::connection>(conninfo_);
}

int Session::server_version() const { return connection_->server_version(); }

std::vector<std::string> Session::take_notices() { return std::exchange(notices_->notices, {}); }

void Session::listen_to_notices(std::function<void(const std::string&)> listener) {
    notices_->listener = std::move(listener);
}

std::string text_array_literal(const std::vector<std::string>& items) {
    std::string out = "{";
    for (const std::string& item : items) {
        if (out.size() > 1) out += ',';
        out += '"';
        for (char c : item) {
            if (c == '"' || c == '\\') out += '\\';
            out += c;
        }
        out += '"';
    }
    return out + "}";
}

std::string server_message(const std::string& what) {
    std::string out;
    std::size_t begin = 0;
    while (begin < what.size()) {
        std::size_t end = what.find('\n', begin);
        if (end == std::string::npos) end = what.size();
        std::string line = what.substr(begin, end - begin);
        begin = end + 1;
        for (std::string_view prefix : {"ERROR:  ", "NOTICE:  ", "WARNING:  ", "FATAL:  "})
            if (line.starts_with(prefix)) line.erase(0, prefix.size());
        for (std::string_view field : {"DETAIL", "HINT", "CONTEXT", "LINE"})
            if (line.starts_with(field) && line.compare(field.size(), 3, ":  ") == 0) {
                std::string lower;
                for (char c : field) lower += static_cast<char>(c - 'A' + 'a');
                line = lower + ": " + line.substr(field.size() + 3);
            }
        if (line.empty()) continue;
        out += out.empty() ? line : "\n  " + line;
    }
    return out;
}

}  // namespace schemac::runtime
