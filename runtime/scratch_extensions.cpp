// Extensions a schema needs that the scratch server cannot install, and the package that usually
// provides each (the names of the Debian and Ubuntu packages, which the PostgreSQL project's own
// apt repository also uses).
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <pqxx/pqxx>
#include <string_view>

#include "runtime/scratch_postgres.hpp"

namespace schemac::runtime {
namespace {

// PostgreSQL's contrib modules: on Debian and Ubuntu part of the server package itself.
constexpr std::array<std::string_view, 47> contrib_extensions{
    "adminpack",
    "amcheck",
    "autoinc",
    "bloom",
    "btree_gin",
    "btree_gist",
    "citext",
    "cube",
    "dblink",
    "dict_int",
    "dict_xsyn",
    "earthdistance",
    "file_fdw",
    "fuzzystrmatch",
    "hstore",
    "insert_username",
    "intagg",
    "intarray",
    "isn",
    "lo",
    "ltree",
    "moddatetime",
    "old_snapshot",
    "pageinspect",
    "pg_buffercache",
    "pg_freespacemap",
    "pg_prewarm",
    "pg_stat_statements",
    "pg_surgery",
    "pg_trgm",
    "pg_visibility",
    "pg_walinspect",
    "pgcrypto",
    "pgrowlocks",
    "pgstattuple",
    "postgres_fdw",
    "refint",
    "seg",
    "sslinfo",
    "tablefunc",
    "tcn",
    "tsm_system_rows",
    "tsm_system_time",
    "unaccent",
    "uuid-ossp",
    "xml2",
    "plpgsql"};

bool is_contrib_extension(std::string_view name) {
    return std::find(contrib_extensions.begin(), contrib_extensions.end(), name) != contrib_extensions.end();
}

// Extensions of their own package: the name, then the package with {} for the major version.
struct PackagedExtension {
    std::string_view prefix;  // the extension, or the start of a family's names (postgis*)
    bool family;
    std::string_view package;
};
constexpr std::array<PackagedExtension, 20> packaged_extensions{{
    {"postgis", true, "postgresql-{}-postgis-3"},    {"address_standardizer", true, "postgresql-{}-postgis-3"},
    {"vector", false, "postgresql-{}-pgvector"},     {"pgvector", false, "postgresql-{}-pgvector"},
    {"pg_partman", false, "postgresql-{}-partman"},  {"timescaledb", false, "timescaledb-2-postgresql-{}"},
    {"pg_cron", false, "postgresql-{}-cron"},        {"hypopg", false, "postgresql-{}-hypopg"},
    {"pgaudit", false, "postgresql-{}-pgaudit"},     {"pg_repack", false, "postgresql-{}-repack"},
    {"pgrouting", false, "postgresql-{}-pgrouting"}, {"h3", true, "postgresql-{}-h3"},
    {"orafce", false, "postgresql-{}-orafce"},       {"pg_hint_plan", false, "postgresql-{}-pg-hint-plan"},
    {"pgtap", false, "postgresql-{}-pgtap"},         {"pg_squeeze", false, "postgresql-{}-squeeze"},
    {"ip4r", false, "postgresql-{}-ip4r"},           {"plpython3u", false, "postgresql-plpython3-{}"},
    {"plperl", true, "postgresql-plperl-{}"},        {"pltcl", true, "postgresql-pltcl-{}"},
}};

std::string major_version(int server_version) {
    return server_version >= 100000 ? std::to_string(server_version / 10000)
                                    : fmt::format("{}.{}", server_version / 10000, server_version / 100 % 100);
}

}  // namespace

std::string extension_package(std::string_view extension, int server_version) {
    std::string major = major_version(server_version);
    if (is_contrib_extension(extension))
        return server_version >= 100000 ? "postgresql-" + major : "postgresql-contrib-" + major;
    for (const PackagedExtension& known : packaged_extensions)
        if (extension == known.prefix || (known.family && extension.starts_with(known.prefix)))
            return fmt::format(fmt::runtime(known.package), major);
    return "";
}

std::vector<MissingExtension> missing_extensions(Session& session, const std::vector<std::string>& extensions) {
    if (extensions.empty()) return {};
    pqxx::nontransaction tx(session.connection());
    pqxx::result rows = tx.exec_params(
        "SELECT wanted FROM unnest($1::text[]) WITH ORDINALITY AS w(wanted, position) "
        "WHERE wanted NOT IN (SELECT name FROM pg_catalog.pg_available_extensions) ORDER BY position",
        text_array_literal(extensions));
    std::vector<MissingExtension> out;
    for (const auto& row : rows) {
        std::string name = row[0].as<std::string>();
        if (std::any_of(out.begin(), out.end(), [&](const MissingExtension& m) { return m.name == name; })) continue;
        out.push_back({name, extension_package(name, session.server_version())});
    }
    return out;
}

std::string missing_extension_message(const MissingExtension& missing, std::string_view server) {
    return fmt::format("the extension {} is not available on {}", missing.name, server);
}

std::string missing_extension_help(const MissingExtension& missing) {
    const std::string elsewhere = "or pass --dev-url URL for a server that has it";
    if (missing.package.empty())
        return fmt::format("install the package that provides the extension {} for this PostgreSQL, {}", missing.name,
                           elsewhere);
    if (is_contrib_extension(missing.name))
        return fmt::format("{} is one of PostgreSQL's contrib modules: install {} (Debian, Ubuntu; postgresql-contrib "
                           "on other systems), {}",
                           missing.name, missing.package, elsewhere);
    return fmt::format("install {} (Debian, Ubuntu; the PostgreSQL project's apt repository has it for every "
                       "version), {}",
                       missing.package, elsewhere);
}

}  // namespace schemac::runtime
