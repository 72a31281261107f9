// Drift's words for functions, procedures and triggers (runtime/drift_code.hpp): the object named
// by its signature or its table, and the first property that differs.
#include <doctest/doctest.h>

#include "runtime/drift_code.hpp"

using namespace schemac;

namespace {

ir::Function invoice_total() {
    ir::Function f;
    f.name = {"billing", "invoice_total"};
    f.arguments = {ir::FunctionArgument{"invoice_id", ir::ArgumentMode::in, ir::Type{"", "bigint", {}, 0}, {}}};
    f.returns = ir::Type{"", "numeric", {}, 0};
    f.language = "sql";
    f.body = " select 1 ";
    f.volatility = ir::Volatility::stable;
    return f;
}

ir::Trigger touch() {
    ir::Trigger t;
    t.name = "users_touch";
    t.on_update = true;
    t.for_each_row = true;
    t.function = {"public", "set_updated_at"};
    return t;
}

}  // namespace

TEST_CASE("drift names a function by its signature and says what differs, its body last") {
    ir::Function expected = invoice_total();
    ir::Function live = expected;
    CHECK(runtime::function_difference(&live, &expected).empty());
    CHECK(runtime::function_difference(nullptr, &expected) ==
          "+ function billing.invoice_total(bigint): missing in the database");
    ir::Function procedure = expected;
    procedure.procedure = true;
    procedure.returns.reset();
    CHECK(runtime::function_difference(&procedure, nullptr) ==
          "- procedure billing.invoice_total(bigint): only in the database");

    live.body = " select 2 ";  // edited by hand in production
    CHECK(runtime::function_difference(&live, &expected) == "~ function billing.invoice_total(bigint): body differs");
    live.volatility = ir::Volatility::volatile_;
    CHECK(runtime::function_difference(&live, &expected) ==
          "~ function billing.invoice_total(bigint): volatile in the database, stable expected");
    live = expected;
    live.arguments[0].default_value = "0";
    CHECK(runtime::function_difference(&live, &expected) ==
          "~ function billing.invoice_total(bigint): arguments (invoice_id bigint default 0) in the database, "
          "(invoice_id bigint) expected");
    live = expected;
    live.returns_set = true;
    CHECK(runtime::function_difference(&live, &expected) ==
          "~ function billing.invoice_total(bigint): returns setof numeric in the database, returns numeric expected");
    live = expected;
    live.settings["search_path"] = "public, pg_temp";
    live.cost = 5;
    CHECK(runtime::function_difference(&live, &expected) ==
          "~ function billing.invoice_total(bigint): cost 5 in the database, cost default expected");
    live.cost.reset();
    CHECK(runtime::function_difference(&live, &expected) ==
          "~ function billing.invoice_total(bigint): set search_path = public, pg_temp in the database, no settings "
          "expected");
    live = expected;
    live.comment = "Sum";
    CHECK(runtime::function_difference(&live, &expected) ==
          "~ function billing.invoice_total(bigint): comment 'Sum' in the database, none expected");
}

TEST_CASE("drift names a trigger by its table and says what differs") {
    ir::QualifiedName users{"public", "users"};
    ir::Trigger expected = touch();
    ir::Trigger live = expected;
    CHECK(runtime::trigger_difference(users, &live, &expected).empty());
    CHECK(runtime::trigger_difference(users, nullptr, &expected) ==
          "+ trigger users_touch on users: missing in the database");
    CHECK(runtime::trigger_difference({"billing", "lines"}, &live, nullptr) ==
          "- trigger users_touch on billing.lines: only in the database");
    live.on_insert = true;
    live.update_columns = {"name", "email"};
    CHECK(runtime::trigger_difference(users, &live, &expected) ==
          "~ trigger users_touch on users: before insert or update of name, email in the database, before update "
          "expected");
    live = expected;
    live.when = "old.* IS DISTINCT FROM new.*";
    CHECK(runtime::trigger_difference(users, &live, &expected) ==
          "~ trigger users_touch on users: when (old.* IS DISTINCT FROM new.*) in the database, no when expected");
    live = expected;
    live.arguments = {"it's"};
    CHECK(runtime::trigger_difference(users, &live, &expected) ==
          "~ trigger users_touch on users: execute function set_updated_at('it''s') in the database, execute "
          "function set_updated_at() expected");
    live = expected;
    live.constraint = true;
    live.deferrable = true;
    live.initially_deferred = true;
    CHECK(runtime::trigger_difference(users, &live, &expected) ==
          "~ trigger users_touch on users: a constraint trigger, deferrable initially deferred in the database, not a "
          "constraint trigger expected");
}
