// Functions, procedures and triggers in the planner: the SQL of each change, when a function is
// replaced in place and when it is recreated with what depends on it, the order of creation,
// and the refusals; the plans that touch data are proved on PostgreSQL with rows.
#include <doctest/doctest.h>

#include <algorithm>

#include "compiler/plan/changes.hpp"
#include "compiler/plan/render_sql.hpp"
#include "tests/plan_support.hpp"
#include "tests/support.hpp"

using namespace schemac;

namespace {

using Lines = std::vector<std::string>;

ir::Type type(std::string name) { return ir::Type{"", std::move(name), {}, 0}; }

ir::FunctionArgument argument(std::string name, std::string type_name,
                              std::optional<std::string> default_value = std::nullopt) {
    return ir::FunctionArgument{std::move(name), ir::ArgumentMode::in, type(std::move(type_name)),
                                std::move(default_value)};
}

ir::Function function(std::string name, std::string returns, std::string language, std::string body,
                      std::vector<ir::FunctionArgument> arguments = {}) {
    ir::Function f;
    f.name = ir::QualifiedName{"public", std::move(name)};
    f.returns = type(std::move(returns));
    f.language = std::move(language);
    f.body = std::move(body);
    f.arguments = std::move(arguments);
    f.grants = {ir::Grant{"public", "execute", "", false, {}}};  // as lowering gives a function
    return f;
}

const std::string touch_body = "\nbegin\n  new.updated_at := now();\n  return new;\nend\n";

ir::Function set_updated_at(std::string body = touch_body) {
    return function("set_updated_at", "trigger", "plpgsql", std::move(body));
}

ir::Trigger trigger(std::string name, std::string function_name) {
    ir::Trigger t;
    t.name = std::move(name);
    t.timing = ir::TriggerTiming::before;
    t.on_update = true;
    t.for_each_row = true;
    t.function = ir::QualifiedName{"public", std::move(function_name)};
    return t;
}

// Tables from .schema text; functions and triggers (on the named tables) as built here.
ir::Database database(const std::string& tables, std::vector<ir::Function> functions,
                      std::vector<std::pair<std::string, ir::Trigger>> triggers = {}) {
    ir::Database db = test::compiled_database(tables);
    std::sort(functions.begin(), functions.end(),
              [](const ir::Function& a, const ir::Function& b) { return ir::function_key(a) < ir::function_key(b); });
    db.functions = std::move(functions);
    for (auto& [table, t] : triggers) {
        for (ir::Table& tab : db.tables)
            if (tab.name.name == table) tab.triggers.push_back(t);
    }
    for (ir::Table& tab : db.tables)
        std::sort(tab.triggers.begin(), tab.triggers.end(),
                  [](const ir::Trigger& a, const ir::Trigger& b) { return a.name < b.name; });
    return db;
}

using test::errors_of;
using test::steps_of;

void proves_on_postgres(const ir::Database& before, const ir::Database& after, const plan::Plan& p,
                        const std::string& rows, const std::string& verify = {}) {
    test::proves_on_postgres("functions", before, after, p, rows, verify);
}

const std::string accounts =
    "table accounts {\n  id bigint primary key\n  balance int not null\n  updated_at timestamptz\n}\n";

}  // namespace

TEST_CASE("the SQL of each trigger change: clauses in PostgreSQL's order, names quoted, arguments as literals") {
    ir::Trigger t = trigger("Touch", "set_updated_at");
    t.on_insert = true;
    t.update_columns = {"balance", "Note"};
    t.when = "new.balance IS DISTINCT FROM old.balance";
    t.arguments = {"it's", "2"};
    ir::QualifiedName table{"billing", "accounts"};
    CHECK(
        plan::render_statements(plan::CreateTrigger{table, t}) ==
        Lines{"CREATE TRIGGER \"Touch\" BEFORE INSERT OR UPDATE OF balance, \"Note\" ON billing.accounts FOR EACH ROW "
              "WHEN (new.balance IS DISTINCT FROM old.balance) EXECUTE FUNCTION public.set_updated_at('it''s', "
              "'2');"});
    CHECK(plan::render_statements(plan::ReplaceTrigger{table, t, t})[0].starts_with(
        "CREATE OR REPLACE TRIGGER \"Touch\" BEFORE"));

    ir::Trigger audit = trigger("audit", "log_changes");
    audit.timing = ir::TriggerTiming::after;
    audit.on_update = false;
    audit.on_delete = true;
    audit.on_truncate = false;
    audit.for_each_row = false;
    audit.old_table = "gone";
    CHECK(plan::render_statements(plan::CreateTrigger{table, audit}) ==
          Lines{"CREATE TRIGGER audit AFTER DELETE ON billing.accounts REFERENCING OLD TABLE AS gone FOR EACH "
                "STATEMENT EXECUTE FUNCTION public.log_changes();"});

    ir::Trigger check = trigger("balance_settles", "check_balance");
    check.timing = ir::TriggerTiming::after;
    check.on_insert = true;
    check.constraint = true;
    check.from_table = ir::QualifiedName{"public", "ledger"};
    check.deferrable = true;
    check.initially_deferred = true;
    CHECK(plan::render_statements(plan::CreateTrigger{table, check}) ==
          Lines{"CREATE CONSTRAINT TRIGGER balance_settles AFTER INSERT OR UPDATE ON billing.accounts FROM "
                "public.ledger DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION public.check_balance();"});

    CHECK(plan::render_statements(plan::DropTrigger{table, "Touch"}) ==
          Lines{"DROP TRIGGER \"Touch\" ON billing.accounts;"});
    CHECK(plan::render_statements(plan::RenameTrigger{table, "old", "new"}) ==
          Lines{"ALTER TRIGGER old ON billing.accounts RENAME TO new;"});
    CHECK(plan::render_statements(plan::SetTriggerComment{table, "audit", std::nullopt, "who did it"}) ==
          Lines{"COMMENT ON TRIGGER audit ON billing.accounts IS 'who did it';"});
}

TEST_CASE("the SQL of each function change: named by identity, a cycle's body unchecked at creation") {
    ir::Function total = function("invoice_total", "numeric", "sql", " select 1 ", {argument("invoice_id", "bigint")});
    total.name.schema = "billing";
    CHECK(plan::render_statements(plan::DropFunction{total, false}) ==
          Lines{"DROP FUNCTION billing.invoice_total(bigint);"});
    CHECK(plan::render_statements(plan::RenameFunction{total, {"public", "total"}}) ==
          Lines{"ALTER FUNCTION billing.invoice_total(bigint) SET SCHEMA public;",
                "ALTER FUNCTION public.invoice_total(bigint) RENAME TO total;"});
    CHECK(plan::render_statements(plan::SetFunctionComment{total, std::nullopt, "sum of lines"}) ==
          Lines{"COMMENT ON FUNCTION billing.invoice_total(bigint) IS 'sum of lines';"});
    ir::Function archive = total;
    archive.procedure = true;
    archive.returns.reset();
    CHECK(plan::render_statements(plan::DropFunction{archive, true}) ==
          Lines{"DROP PROCEDURE billing.invoice_total(bigint);"});

    Lines plain = plan::render_statements(plan::CreateFunction{total, plan::FunctionPlace::after_tables});
    REQUIRE(plain.size() == 1);
    CHECK(plain[0].starts_with("CREATE FUNCTION billing.invoice_total("));
    CHECK(plain[0].find("$ select 1 $") != std::string::npos);  // the body as written
    Lines unchecked = plan::render_statements(
        plan::CreateFunction{total, plan::FunctionPlace::before_tables_unchecked});
    CHECK(unchecked ==
          Lines{"SET LOCAL check_function_bodies = off;", plain[0], "SET LOCAL check_function_bodies = on;"});
    CHECK(
        plan::render_statements(plan::ReplaceFunction{total, total, plan::FunctionPlace::after_tables})[0].starts_with(
            "CREATE OR REPLACE FUNCTION billing.invoice_total("));
}

TEST_CASE("a function body that changes is replaced in place, a reformatted one is no change") {
    ir::Database before = database(accounts, {set_updated_at()});
    ir::Database same = database(accounts, {set_updated_at("\nBEGIN\n    NEW.updated_at := now();  -- touch\n"
                                                           "    RETURN NEW;\nEND\n")});
    CHECK(steps_of(plan::plan_changes(before, same)) == "");

    ir::Database after = database(accounts, {set_updated_at("\nbegin\n  new.updated_at := clock_timestamp();\n"
                                                            "  return new;\nend\n")});
    plan::Plan p = plan::plan_changes(before, after);
    CHECK(errors_of(p) == "");
    CHECK(steps_of(p) == "replace_function: ~ function set_updated_at() replaced\n");

    ir::Database stable = after;
    stable.functions[0].volatility = ir::Volatility::stable;
    CHECK(steps_of(plan::plan_changes(after, stable)) == "replace_function: ~ function set_updated_at() replaced\n");
    ir::Database commented = after;
    commented.functions[0].comment = "touches updated_at";
    CHECK(steps_of(plan::plan_changes(after, commented)) ==
          "set_function_comment: ~ function set_updated_at() comment\n");
}

TEST_CASE("new functions come before the tables whose defaults and checks call them, triggers after their table") {
    ir::Function code = function("next_code", "text", "sql", " select 'A-' || 1 ");
    ir::Database after = database(accounts + "table codes {\n  code text not null default next_code()\n}\n",
                                  {code, set_updated_at()},
                                  {{"accounts", trigger("accounts_touch", "set_updated_at")}});
    plan::Plan p = plan::plan_changes({}, after);
    CHECK(errors_of(p) == "");
    CHECK(steps_of(p) ==
          "create_function: + function next_code()\n"
          "create_function: + function set_updated_at()\n"
          "create_table: + table accounts\n"
          "create_table: + table codes\n"
          "create_trigger: + trigger accounts_touch on accounts\n");
}

TEST_CASE("an SQL function reading a table is created after it, unless a default calls it: then unchecked") {
    ir::Function balance = function("total_balance", "bigint", "sql", " select sum(balance) from accounts ");
    ir::Database reads = database(accounts, {balance});
    plan::Plan p = plan::plan_changes({}, reads);
    CHECK(steps_of(p) == "create_table: + table accounts\n"
                         "create_function: + function total_balance()\n");
    proves_on_postgres({}, reads, p, "");

    // A default of the table the body reads: a cycle, settled by creating the function first
    // with its body unchecked.
    ir::Function next = function("next_account", "bigint", "sql", " select coalesce(max(id), 0) + 1 from accounts ");
    ir::Database cycle = database("table accounts {\n  id bigint primary key default next_account()\n}\n", {next});
    plan::Plan c = plan::plan_changes({}, cycle);
    CHECK(errors_of(c) == "");
    CHECK(steps_of(c) == "create_function: + function next_account()\n"
                         "create_table: + table accounts\n");
    proves_on_postgres({}, cycle, c, "", "SELECT next_account() = 1");
}

TEST_CASE("an SQL function calling nextval on a serial's or identity's sequence is created after its table") {
    ir::Function next = function("next_member", "bigint", "sql", " select nextval('members_id_seq') ");
    ir::Function code = function("next_code", "bigint", "sql", " select currval('public.\"Codes_n_seq\"'::regclass) ");
    ir::Database after = database("table members {\n  id serial primary key\n}\n"
                                  "table \"Codes\" {\n  n bigint generated always as identity\n}\n",
                                  {next, code});
    plan::Plan p = plan::plan_changes({}, after);
    CHECK(errors_of(p) == "");
    CHECK(steps_of(p) == "create_table: + table Codes\n"
                         "create_table: + table members\n"
                         "create_function: + function next_code()\n"
                         "create_function: + function next_member()\n");
    proves_on_postgres({}, after, p, "", "SELECT next_member() = 1");
}

TEST_CASE("a changed return type recreates the function with the checks, defaults, indexes and triggers that use it") {
    const std::string tables =
        "table accounts {\n  id bigint primary key\n  balance int not null check (positive(balance) = 1)\n"
        "  level bigint default positive(1)\n  updated_at timestamptz\n  index by_positive ((positive(balance)))\n}\n";
    ir::Function positive_int = function("positive", "integer", "sql", " select ($1 > 0)::int ",
                                         {argument("n", "integer")});
    positive_int.volatility = ir::Volatility::immutable;
    ir::Function positive_bigint = positive_int;
    positive_bigint.returns = type("bigint");
    positive_bigint.body = " select ($1 > 0)::int::bigint ";
    ir::Trigger touch = trigger("accounts_touch", "set_updated_at");
    touch.when = "positive(new.balance) = 1";
    ir::Database before = database(tables, {positive_int, set_updated_at()}, {{"accounts", touch}});
    ir::Database after = database(tables, {positive_bigint, set_updated_at()}, {{"accounts", touch}});
    plan::Plan p = plan::plan_changes(before, after);
    CHECK(errors_of(p) == "");
    const std::string why = " recreated: it calls function positive(integer), which is recreated\n";
    const std::string trigger_why = " recreated: its WHEN calls positive(integer), which is recreated\n";
    CHECK(steps_of(p) ==
          "set_default_around_function: ~ column accounts.level default" + why +
              "drop_trigger: ~ trigger accounts_touch on accounts" + trigger_why +
              "drop_constraint: ~ check accounts_balance_check on accounts" + why +
              "drop_index: ~ index by_positive on accounts" + why +
              "drop_function: ~ function positive(integer) recreated: its return type changes\n"
              "create_function: ~ function positive(integer) recreated: its return type changes\n"
              "add_constraint: ~ check accounts_balance_check on accounts" +
              why + "set_default_around_function: ~ column accounts.level default" + why +
              "create_index: ~ index by_positive on accounts" + why +
              "create_trigger: ~ trigger accounts_touch on accounts" + trigger_why);
    proves_on_postgres(before, after, p, "INSERT INTO accounts (id, balance) VALUES (1, 5), (2, 7);",
                       "SELECT count(*) = 2 AND min(level) = 1 FROM accounts");
}

TEST_CASE("a removed function that a kept trigger still runs is refused, naming the trigger") {
    ir::Database before = database(accounts, {set_updated_at()},
                                   {{"accounts", trigger("accounts_touch", "set_updated_at")}});
    ir::Database removed = database(accounts, {}, {{"accounts", trigger("accounts_touch", "set_updated_at")}});
    plan::Plan p = plan::plan_changes(before, removed);
    CHECK(errors_of(p) == "function set_updated_at() is removed, but trigger accounts_touch on accounts still calls "
                          "it | help: keep function set_updated_at() in the schema, or change trigger accounts_touch "
                          "on accounts in the same change\n");
}

TEST_CASE("triggers: renamed by @was, replaced in place, constraint triggers dropped and created again") {
    ir::Database before = database(accounts, {set_updated_at()}, {{"accounts", trigger("touch", "set_updated_at")}});
    ir::Trigger renamed = trigger("accounts_touch", "set_updated_at");
    renamed.was = "touch";
    ir::Database after = database(accounts, {set_updated_at()}, {{"accounts", renamed}});
    CHECK(steps_of(plan::plan_changes(before, after)) ==
          "rename_trigger: ~ trigger accounts_touch on accounts renamed from touch\n");

    ir::Trigger wider = trigger("touch", "set_updated_at");
    wider.on_insert = true;
    ir::Database wider_db = database(accounts, {set_updated_at()}, {{"accounts", wider}});
    plan::Plan replaced = plan::plan_changes(before, wider_db);
    CHECK(steps_of(replaced) == "replace_trigger: ~ trigger touch on accounts replaced\n");
    proves_on_postgres(before, wider_db, replaced, "INSERT INTO accounts VALUES (1, 1, NULL);");

    ir::Function checker = function("check_balance", "trigger", "plpgsql", "\nbegin\n  return null;\nend\n");
    ir::Trigger deferred = trigger("balance_settles", "check_balance");
    deferred.timing = ir::TriggerTiming::after;
    deferred.constraint = true;
    deferred.deferrable = true;
    ir::Trigger later = deferred;
    later.initially_deferred = true;
    ir::Database d1 = database(accounts, {checker}, {{"accounts", deferred}});
    ir::Database d2 = database(accounts, {checker}, {{"accounts", later}});
    plan::Plan p = plan::plan_changes(d1, d2);
    CHECK(steps_of(p) ==
          "drop_trigger: ~ trigger balance_settles on accounts recreated: a constraint trigger cannot be replaced\n"
          "create_trigger: ~ trigger balance_settles on accounts recreated: a constraint trigger cannot be replaced\n");
    proves_on_postgres(d1, d2, p, "INSERT INTO accounts VALUES (1, 1, NULL);");
}

TEST_CASE("a generated column computed by a recreated function is refused, and a rename by @was is ALTER FUNCTION") {
    const std::string tables = "table accounts {\n  id bigint primary key\n  balance int not null\n"
                               "  doubled bigint generated always as (twice(balance)) stored\n}\n";
    ir::Function twice = function("twice", "bigint", "sql", " select $1 * 2 ", {argument("n", "integer")});
    twice.volatility = ir::Volatility::immutable;
    ir::Function twice_numeric = twice;
    twice_numeric.returns = type("numeric");
    const std::string tables_numeric = "table accounts {\n  id bigint primary key\n  balance int not null\n"
                                       "  doubled numeric generated always as (twice(balance)) stored\n}\n";
    const ir::Database retyped = database(tables, {twice_numeric});
    plan::Plan refused = plan::plan_changes(database(tables, {twice}), retyped);
    CHECK(errors_of(refused) ==
          "function twice(integer) is recreated (its return type changes), but generated column accounts.doubled is "
          "computed by it: PostgreSQL would drop the column with its values | help: keep the signature and return "
          "type of function twice(integer) (a new function beside it can take the new ones), or make "
          "accounts.doubled a plain column first\n");

    ir::Function renamed = twice;
    renamed.name.name = "double_of";
    renamed.was = "twice";
    ir::Function moved = twice;
    moved.name.schema = "billing";
    moved.was_schema = "public";
    moved.was = "twice";
    ir::Database before = database(accounts, {twice});
    const ir::Database after_rename = database(accounts, {renamed});
    plan::Plan rename = plan::plan_changes(before, after_rename);
    CHECK(steps_of(rename) == "rename_function: ~ function double_of(integer) renamed from twice\n");
    CHECK(plan::render_statements(rename.steps[0].change) ==
          Lines{"ALTER FUNCTION public.twice(integer) RENAME TO double_of;"});
    ir::Database billing = database("schema billing\n" + accounts, {moved});
    plan::Plan move = plan::plan_changes(before, billing);
    CHECK(steps_of(move) == "create_schema: + schema billing\n"
                            "rename_function: ~ function billing.twice(integer) moved from schema public\n");
    proves_on_postgres(before, billing, move, "");
}

TEST_CASE("a function with an SQL-standard body is recreated with a function it calls, a string body is not") {
    ir::Function base = function("base_rate", "numeric", "sql", " select 0.2 ");
    ir::Function standard = function("taxed", "numeric", "sql", "", {argument("amount", "numeric")});
    standard.sql_body = "RETURN amount * (1 + base_rate())";
    ir::Function string_body = function("taxed_text", "numeric", "sql", " select amount * (1 + base_rate()) ",
                                        {argument("amount", "numeric")});
    ir::Function base_real = base;
    base_real.returns = type("real");
    ir::Database before = database(accounts, {base, standard, string_body});
    ir::Database after = database(accounts, {base_real, standard, string_body});
    plan::Plan p = plan::plan_changes(before, after);
    CHECK(errors_of(p) == "");
    CHECK(steps_of(p) ==
          "drop_function: ~ function taxed(numeric) recreated: it calls function base_rate(), which "
          "is recreated\n"
          "drop_function: ~ function base_rate() recreated: its return type changes\n"
          "create_function: ~ function base_rate() recreated: its return type changes\n"
          "create_function: ~ function taxed(numeric) recreated: it calls function base_rate(), which "
          "is recreated\n");
    proves_on_postgres(before, after, p, "", "SELECT round(taxed(10)) = 12 AND round(taxed_text(10)) = 12");
}

TEST_CASE("unqualified names in a body are found through its search path, else it is created unchecked") {
    // `set search_path = app, public`: the unqualified call is app.pad(), created first.
    ir::Function pad = function("pad", "boolean", "sql", " select $1 <> trim($1) ", {argument("", "text")});
    pad.name.schema = "app";
    ir::Function clean = function("clean", "boolean", "sql", " select not pad($1) ", {argument("", "text")});
    clean.name.schema = "app";
    clean.settings = {{"search_path", "app, public"}};
    ir::Database schema = database("schema app\n", {clean, pad});
    plan::Plan p = plan::plan_changes({}, schema);
    CHECK(errors_of(p) == "");
    CHECK(steps_of(p) == "create_schema: + schema app\n"
                         "create_function: + function app.pad(text)\n"
                         "create_function: + function app.clean(text)\n");
    CHECK(test::plan_text(p).find("check_function_bodies") == std::string::npos);
    proves_on_postgres({}, schema, p, "", "SELECT app.clean('a') AND NOT app.clean(' a')");

    // No search path of its own: `app.kind` written `kind` is found only through the caller's
    // search path, which migrate's session does not have: created with its body unchecked (else
    // PostgreSQL refuses it: type "kind" does not exist).
    ir::Function first = function("first_kind", "text", "sql", " select 'a'::kind::text ");
    first.name.schema = "app";
    ir::Database callers = database("schema app\nenum app.kind { a, b }\n", {first});
    plan::Plan c = plan::plan_changes({}, callers);
    CHECK(errors_of(c) == "");
    CHECK(test::plan_text(c).find("SET LOCAL check_function_bodies = off;\nCREATE FUNCTION app.first_kind()") !=
          std::string::npos);
    proves_on_postgres({}, callers, c, "");
}
