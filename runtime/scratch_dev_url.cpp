// `--dev-url`: scratch databases on a server someone else runs. schemac checks that the URL's
// user may create databases, creates each one new, and its guardian drops exactly those (and the
// roles it made) at the end, however schemac ends.
#include <fmt/format.h>

#include <chrono>
#include <pqxx/pqxx>

#include "runtime/redact.hpp"
#include "runtime/scratch_databases.hpp"
#include "runtime/scratch_guardian.hpp"
#include "runtime/scratch_servers.hpp"

namespace schemac::runtime {
namespace {

const char* const dev_url_help =
    "check the --dev-url URL, or leave --dev-url out to let schemac start its own PostgreSQL";

GuardianPlan dev_url_plan(const std::string& maintenance_url) {
    GuardianPlan plan;
    plan.maintenance_url = maintenance_url;
    return plan;
}

class DevUrlServer : public ScratchServer {
public:
    explicit DevUrlServer(const std::string& maintenance_url)
        : guardian_(dev_url_plan(maintenance_url)),
          catalog_(
              std::make_unique<ScratchCatalog>(maintenance_url, [this](std::string_view kind, const std::string& name) {
                  if (kind == "database")
                      guardian_.record_database(name);
                  else
                      guardian_.record_role(name);
              })) {
        version_text_ = catalog_->version_text();
        server_version_ = catalog_->session().server_version();
    }
    ~DevUrlServer() override {
        catalog_.reset();    // its session is on the maintenance database, not a scratch one
        guardian_.finish();  // drops what was made, before returning
    }

    std::string create_database(std::string_view purpose) override { return catalog_->create_database(purpose); }
    void ensure_roles(const std::vector<std::string>& roles) override { catalog_->ensure_roles(roles); }
    std::string description() const override {
        return fmt::format("the server of --dev-url (PostgreSQL {})", version_text_);
    }
    int server_version() const override { return server_version_; }
    long long start_ms() const override { return start_ms_; }
    void set_start_ms(long long ms) { start_ms_ = ms; }

    void check_may_create_databases() {
        pqxx::nontransaction tx(catalog_->session().connection());
        pqxx::row row = tx.exec1(
            "SELECT current_user, rolcreatedb OR rolsuper FROM pg_catalog.pg_roles WHERE rolname = current_user");
        if (row[1].as<bool>()) return;
        std::string user = row[0].as<std::string>();
        throw ScratchError(fmt::format("the user {} of --dev-url may not create databases", user),
                           fmt::format("give it the right (`ALTER ROLE {} CREATEDB;` as a superuser), pass a --dev-url "
                                       "whose user may create databases, or leave --dev-url out to let schemac start "
                                       "its own PostgreSQL",
                                       user));
    }

private:
    ScratchGuardian guardian_;
    std::unique_ptr<ScratchCatalog> catalog_;
    std::string version_text_;
    int server_version_ = 0;
    long long start_ms_ = 0;
};

}  // namespace

std::unique_ptr<ScratchServer> start_dev_url_server(const std::string& dev_url) {
    auto started = std::chrono::steady_clock::now();
    std::unique_ptr<DevUrlServer> server;
    try {
        std::string maintenance = database_of(dev_url).empty() ? with_database(dev_url, "postgres") : dev_url;
        server = std::make_unique<DevUrlServer>(maintenance);
        server->check_may_create_databases();
    } catch (const ConnectError& e) {
        throw ScratchError(e.what(), dev_url_help);
    } catch (const pqxx::failure& e) {
        throw ScratchError(fmt::format("cannot use the server of --dev-url {}: {}", redact_password(dev_url),
                                       redact_secrets(server_message(e.what()))),
                           dev_url_help);
    }
    server->set_start_ms(
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count());
    return server;
}

}  // namespace schemac::runtime
