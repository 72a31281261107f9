// Connecting to PostgreSQL for the database commands: the URL (or key/value string) is parsed
// by libpq, given `connect_timeout` and `application_name=schemac` unless it sets them, and a
// failure becomes ConnectError: one line a person can act on, never the password (libpq's own
// text goes through redact_secrets: it may quote the string or a piece of it).
#pragma once

#include <functional>
#include <memory>
#include <pqxx/pqxx>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace schemac::runtime {

inline constexpr int default_connect_timeout_seconds = 10;

struct ConnectError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// The libpq keyword string for `url` with schemac's defaults added. Throws ConnectError when
// libpq cannot parse it.
std::string connection_string(const std::string& url);
// The libpq keyword string for `url` with its database replaced by `database` (every other
// part kept as written, no defaults added). Throws ConnectError when libpq cannot parse it.
std::string with_database(const std::string& url, const std::string& database);
// A value for a libpq keyword string, in single quotes with ' and \ escaped: `host='/tmp/x y'`.
std::string quote_conninfo_value(std::string_view value);
// The database `url` names, empty when it names none. Throws ConnectError.
std::string database_of(const std::string& url);

class NoticeCollector;

// An open connection whose server notices (`relation "x" already exists, skipping`) are
// collected instead of being printed to stderr by libpq.
class Session {
public:
    explicit Session(const std::string& url);  // throws ConnectError
    ~Session();
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

    pqxx::connection& connection() { return *connection_; }
    // A new connection to the same database, as this one was opened (a query run beside it).
    std::unique_ptr<pqxx::connection> another_connection() const;
    int server_version() const;               // 150004 for 15.4
    std::vector<std::string> take_notices();  // the notices received since the last call
    // From now on each notice goes to `listener` as it arrives (a backfill's progress), not to
    // take_notices(); an empty listener goes back to collecting.
    void listen_to_notices(std::function<void(const std::string&)> listener);

private:
    std::string conninfo_;
    std::unique_ptr<pqxx::connection> connection_;
    std::unique_ptr<NoticeCollector> notices_;
};

// The server's message without libpq's "ERROR:  " prefix; DETAIL/HINT lines kept, indented.
std::string server_message(const std::string& what);

// A text[] literal (`{"a","b\\"c"}`) of `items`, to pass a list as one query parameter.
std::string text_array_literal(const std::vector<std::string>& items);

}  // namespace schemac::runtime
