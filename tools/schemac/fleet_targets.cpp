#include "tools/schemac/fleet_targets.hpp"

#include <fmt/format.h>
#include <fnmatch.h>
#include <libpq-fe.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <pqxx/pqxx>

#include "runtime/connection.hpp"
#include "runtime/redact.hpp"

namespace schemac::cli {
namespace {

std::string fleet_trimmed(const std::string& text) {
    std::size_t begin = text.find_first_not_of(" \t\r");
    if (begin == std::string::npos) return {};
    return text.substr(begin, text.find_last_not_of(" \t\r") - begin + 1);
}

// The parts of a connection string that say which database (and as whom) it reaches, as libpq
// reads them; nullopt when libpq refuses the string (its message, passwords hidden, in `why`).
std::optional<std::map<std::string, std::string>> fleet_conninfo(const std::string& connection, std::string& why) {
    char* error = nullptr;
    PQconninfoOption* options = PQconninfoParse(connection.c_str(), &error);
    if (!options) {
        why = error ? runtime::redact_secrets(fleet_trimmed(error)) : "out of memory";
        PQfreemem(error);
        return std::nullopt;
    }
    std::map<std::string, std::string> out;
    for (PQconninfoOption* o = options; o->keyword; ++o)
        if (o->val) out[o->keyword] = o->val;
    PQconninfoFree(options);
    return out;
}

}  // namespace

std::string FleetTarget::label() const {
    return tenant_schema ? fmt::format("{} (schema {})", shown, *tenant_schema) : shown;
}

std::optional<std::string> expand_environment(const std::string& line, const std::string& where,
                                              std::vector<FleetTargetError>& errors) {
    std::string out;
    for (std::size_t at = 0; at < line.size();) {
        std::size_t start = line.find("${", at);
        if (start == std::string::npos) {
            out += line.substr(at);
            break;
        }
        std::size_t end = line.find('}', start);
        if (end == std::string::npos) {
            errors.push_back({fmt::format("{}: `${{` without its closing `}}`", where),
                              "write ${NAME} to take NAME from the environment"});
            return std::nullopt;
        }
        std::string name = line.substr(start + 2, end - start - 2);
        const char* value = name.empty() ? nullptr : std::getenv(name.c_str());
        if (!value) {
            errors.push_back(
                {fmt::format("{}: the environment variable {} is not set", where, name.empty() ? "(empty name)" : name),
                 fmt::format("set {} before running schemac, or write the value in the line",
                             name.empty() ? "it" : name)});
            return std::nullopt;
        }
        runtime::remember_secret(value);  // a password is often what a variable holds
        out += line.substr(at, start - at) + value;
        at = end + 1;
    }
    return out;
}

std::optional<FleetTarget> single_target(const std::string& connection, const std::string& origin,
                                         std::vector<FleetTargetError>& errors) {
    runtime::remember_secrets(connection);
    std::string why;
    if (!fleet_conninfo(connection, why)) {
        errors.push_back({fmt::format("{}: libpq cannot read this connection string ({}): {}", origin,
                                      runtime::redact_password(connection), why),
                          "write a URL (postgresql://user@host:5432/name) or key=value pairs (host=... dbname=...)"});
        return std::nullopt;
    }
    return FleetTarget{connection, runtime::redact_password(connection), std::nullopt, origin};
}

std::vector<FleetTarget> read_targets_file(const std::string& path, std::vector<FleetTargetError>& errors) {
    std::ifstream in(path);
    if (!in) {
        errors.push_back({fmt::format("{}: cannot read the targets file", path),
                          "--targets names a file with one connection string a line"});
        return {};
    }
    std::vector<FleetTarget> out;
    std::string line;
    for (int number = 1; std::getline(in, line); ++number) {
        std::string text = fleet_trimmed(line);
        if (text.empty() || text.starts_with('#')) continue;
        std::string where = fmt::format("{}:{}", path, number);
        std::optional<std::string> expanded = expand_environment(text, where, errors);
        if (!expanded) continue;
        if (std::optional<FleetTarget> target = single_target(*expanded, where, errors)) out.push_back(*target);
    }
    if (out.empty() && errors.empty())
        errors.push_back({fmt::format("{}: no target in the file", path),
                          "write one connection string a line (lines starting with # are comments)"});
    return out;
}

std::vector<FleetTarget> query_targets(const std::string& control, const std::string& sql,
                                       std::vector<FleetTargetError>& errors) {
    runtime::remember_secrets(control);
    std::string shown = runtime::redact_password(control);
    pqxx::result rows;
    try {
        runtime::Session session(control);
        pqxx::read_transaction tx(session.connection());
        rows = tx.exec(sql);
    } catch (const runtime::ConnectError& e) {
        errors.push_back({fmt::format("--control-database: {}", e.what()),
                          "pass --control-database URL (or set SCHEMAC_CONTROL_DATABASE_URL) to a database you "
                          "can reach"});
        return {};
    } catch (const std::exception& e) {
        errors.push_back({fmt::format("--targets-query failed on {}: {}", shown,
                                      runtime::redact_secrets(runtime::server_message(e.what()))),
                          "the query runs read-only and must return one connection string a row, in its first "
                          "column"});
        return {};
    }
    if (rows.columns() == 0)
        errors.push_back(
            {"--targets-query returned no column", "return one connection string a row, in the first column"});
    std::vector<FleetTarget> out;
    for (std::size_t i = 0; i < rows.size() && rows.columns() > 0; ++i) {
        std::string where = fmt::format("--targets-query row {}", i + 1);
        pqxx::field field = rows[static_cast<int>(i)][0];
        if (field.is_null()) {
            errors.push_back({fmt::format("{}: the connection string is NULL", where),
                              "filter the rows without one out in the query (WHERE ... IS NOT NULL)"});
            continue;
        }
        if (std::optional<FleetTarget> target = single_target(fleet_trimmed(field.c_str()), where, errors))
            out.push_back(*target);
    }
    if (out.empty() && errors.empty())
        errors.push_back({fmt::format("--targets-query returned no row on {}", shown),
                          "check the query: it must return one connection string a row"});
    return out;
}

std::vector<FleetTarget> tenant_targets(const FleetTarget& target, const std::string& pattern) {
    runtime::Session session(target.connection);
    pqxx::read_transaction tx(session.connection());
    pqxx::result rows = tx.exec(
        "SELECT nspname FROM pg_catalog.pg_namespace WHERE nspname !~ '^pg_' AND nspname <> 'information_schema' "
        "ORDER BY nspname COLLATE \"C\"");
    std::vector<FleetTarget> out;
    for (const pqxx::row& row : rows) {
        std::string schema = row[0].as<std::string>();
        if (::fnmatch(pattern.c_str(), schema.c_str(), 0) != 0) continue;
        FleetTarget tenant = target;
        tenant.tenant_schema = schema;
        out.push_back(tenant);
    }
    return out;
}

void refuse_duplicate_targets(const std::vector<FleetTarget>& targets, std::vector<FleetTargetError>& errors) {
    std::map<std::string, std::string> seen;  // what the target reaches -> where it was first named
    for (const FleetTarget& t : targets) {
        std::string why;
        auto info = fleet_conninfo(t.connection, why);
        if (!info) continue;  // reported when it was read
        std::string key;
        for (const char* part : {"host", "hostaddr", "port", "dbname", "user", "service"})
            key += fmt::format("{}={}\n", part, (*info)[part]);
        key += "schema=" + t.tenant_schema.value_or("");
        auto [it, inserted] = seen.emplace(key, t.origin);
        if (!inserted)
            errors.push_back({fmt::format("{}: {} is named twice (first at {})", t.origin, t.label(), it->second),
                              "each database (and tenant schema) may appear once: remove one of the lines"});
    }
}

}  // namespace schemac::cli
