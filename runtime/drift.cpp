#include "runtime/drift.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "compiler/plan/render_sql.hpp"
#include "compiler/sql/sql_expression.hpp"
#include "compiler/writer/schema_writer.hpp"
#include "runtime/live_plan.hpp"

namespace schemac::runtime {
namespace {

constexpr const char* in_database = "in the database";

std::string column_name(const ir::QualifiedName& table, const std::string& column) {
    return ir::display_name(table) + "." + column;
}

std::string or_none(const std::optional<std::string>& text) { return text ? *text : "none"; }
// A default as people wrote it: PostgreSQL's `'draft'::request_status` is shown as 'draft'.
std::string default_or_none(const std::optional<std::string>& text) {
    if (!text) return "none";
    const SqlExpression& e = analyze_sql_expression(*text);
    return e.string_constant ? schema_string(*e.string_constant) : *text;
}
std::string quoted_or_none(const std::optional<std::string>& text) { return text ? schema_string(*text) : "none"; }

std::string labels(const ir::Enum* e) {
    std::vector<std::string> names;
    if (e)
        for (const ir::EnumValue& v : e->values) names.push_back(v.name);
    return fmt::format("({})", fmt::join(names, ", "));
}

// `~ KIND NAME: A in the database, B expected`
std::string differs(std::string_view what, std::string_view live, std::string_view expected) {
    return fmt::format("~ {}: {} {}, {} expected", what, live, in_database, expected);
}

// Words one step of a live -> snapshot plan. Steps without a title belong to the step before.
class Wording {
public:
    Wording(const ir::Database& live, const ir::Database& snapshot) : live_(live), snapshot_(snapshot) {}

    std::string operator()(const plan::Step& step) const {
        if (step.title.empty()) return {};
        std::string worded = std::visit([&](const auto& change) { return word(change); }, step.change);
        return worded.empty() ? step.title : worded;
    }

private:
    const ir::Column* column(const ir::Database& db, const ir::QualifiedName& table, const std::string& name) const {
        const ir::Table* t = ir::find_table(db, table);
        return t ? ir::find_column(*t, name) : nullptr;
    }

    std::string word(const plan::CreateSchema& c) const { return fmt::format("+ schema {}: missing {}", c.name, in_database); }
    std::string word(const plan::DropSchema& c) const { return fmt::format("- schema {}: only {}", c.name, in_database); }
    std::string word(const plan::SetSchemaComment& c) const {
        const auto* s = find_schema(live_, c.name);
        return differs("schema " + c.name, "comment " + quoted_or_none(s ? s->comment : std::nullopt),
                       quoted_or_none(c.comment));
    }
    std::string word(const plan::CreateExtension& c) const {
        return fmt::format("+ extension {}: not installed {}", c.extension.name, in_database);
    }
    std::string word(const plan::DropExtension& c) const {
        return fmt::format("- extension {}: installed {} only", c.name, in_database);
    }
    std::string word(const plan::AlterExtension& c) const {
        const ir::Extension* x = nullptr;
        for (const ir::Extension& e : live_.extensions) if (e.name == c.name) x = &e;
        if (c.version) return differs("extension " + c.name, "version " + or_none(x ? x->version : std::nullopt), *c.version);
        return differs("extension " + c.name, "schema " + or_none(x ? x->schema : std::nullopt), or_none(c.schema));
    }
    std::string word(const plan::CreateEnum& c) const {
        return fmt::format("+ enum {}: missing {}", ir::display_name(c.enumeration.name), in_database);
    }
    std::string word(const plan::DropEnum& c) const {
        return fmt::format("- enum {}: only {}", ir::display_name(c.name), in_database);
    }
    std::string word(const plan::AddEnumValue& c) const {
        return fmt::format("~ enum {}: value {} missing {}", ir::display_name(c.enumeration), schema_string(c.value),
                           in_database);
    }
    std::string word(const plan::RecreateEnum& c) const {
        return differs("enum " + ir::display_name(c.enumeration.name),
                       "values " + labels(ir::find_enum(live_, c.enumeration.name)), labels(&c.enumeration));
    }
    std::string word(const plan::CreateTable& c) const {
        return fmt::format("+ table {}: missing {}", ir::display_name(c.table.name), in_database);
    }
    std::string word(const plan::DropTable& c) const {
        return fmt::format("- table {}: only {}", ir::display_name(c.name), in_database);
    }
    std::string word(const plan::SetTableComment& c) const {
        const ir::Table* t = ir::find_table(live_, c.table);
        return differs("table " + ir::display_name(c.table), "comment " + quoted_or_none(t ? t->comment : std::nullopt),
                       quoted_or_none(c.comment));
    }
    std::string word(const plan::SetLogged& c) const {
        return differs("table " + ir::display_name(c.table), c.unlogged ? "logged" : "unlogged",
                       c.unlogged ? "unlogged" : "logged");
    }
    std::string word(const plan::SetStorageParameters& c) const {
        auto find = [&](const ir::Database& db) -> const ir::StorageParameters* {
            const ir::Table* t = ir::find_table(db, c.table);
            if (!t || c.index.empty()) return t ? &t->storage : nullptr;
            for (const ir::Index& i : t->indexes)
                if (i.name == c.index) return &i.storage;
            return nullptr;
        };
        auto storage_in = [&](const ir::Database& db) -> std::string {
            const ir::StorageParameters* storage = find(db);
            return storage && !storage->empty() ? "`" + storage_text(*storage) + "`" : "no storage parameters";
        };
        std::string what = c.index.empty() ? "table " + ir::display_name(c.table)
                                            : fmt::format("index {} on {}", c.index, ir::display_name(c.table));
        return differs(what, storage_in(live_), storage_in(snapshot_));
    }
    std::string word(const plan::AddColumn& c) const {
        return fmt::format("+ column {}: missing {}", column_name(c.table, c.column.name), in_database);
    }
    std::string word(const plan::DropColumn& c) const {
        return fmt::format("- column {}: only {}", column_name(c.table, c.column), in_database);
    }
    // A column's type as each side declares it (`serial`, not the `integer` the SQL changes).
    std::string type_change(const ir::QualifiedName& table, const std::string& name) const {
        auto type_in = [&](const ir::Database& db) {
            const ir::Column* c = column(db, table, name);
            return c ? schema_type_text(c->type, table.schema) : std::string("none");
        };
        return differs("column " + column_name(table, name), "type " + type_in(live_), type_in(snapshot_));
    }
    std::string word(const plan::AlterColumnType& c) const { return type_change(c.table, c.column); }
    std::string word(const plan::CreateSerialSequence& c) const { return type_change(c.table, c.column); }
    std::string word(const plan::DropSerialSequence& c) const { return type_change(c.table, c.column); }
    std::string word(const plan::SetColumnDefault& c) const {
        const ir::Column* now = column(live_, c.table, c.column);
        return differs("column " + column_name(c.table, c.column),
                       "default " + default_or_none(now ? now->default_value : std::nullopt), default_or_none(c.value));
    }
    std::string word(const plan::SetNotNull& c) const {
        return differs("column " + column_name(c.table, c.column), "nullable", "not null");
    }
    std::string word(const plan::DropNotNull& c) const {
        return differs("column " + column_name(c.table, c.column), "not null", "nullable");
    }
    std::string identity_of(const ir::Database& db, const ir::QualifiedName& table, const std::string& name) const {
        const ir::Column* c = column(db, table, name);
        return c && c->identity ? identity_text(*c->identity) : "no identity";
    }
    std::string identity_change(const ir::QualifiedName& table, const std::string& name) const {
        return differs("column " + column_name(table, name), identity_of(live_, table, name),
                       identity_of(snapshot_, table, name));
    }
    std::string word(const plan::AddIdentity& c) const { return identity_change(c.table, c.column); }
    std::string word(const plan::AlterIdentity& c) const { return identity_change(c.table, c.column); }
    std::string word(const plan::DropIdentity& c) const { return identity_change(c.table, c.column); }
    std::string word(const plan::DropExpression& c) const {
        const ir::Column* now = column(live_, c.table, c.column);
        return differs("column " + column_name(c.table, c.column),
                       "generated always as (" + or_none(now ? now->generated : std::nullopt) + ")", "a plain column");
    }
    std::string word(const plan::SetColumnComment& c) const {
        const ir::Column* now = column(live_, c.table, c.column);
        return differs("column " + column_name(c.table, c.column), "comment " + quoted_or_none(now ? now->comment : std::nullopt),
                       quoted_or_none(c.comment));
    }

    // A constraint or index: missing, extra, or defined differently (the drop and the add of
    // one name share their wording, so they make one item).
    template <class Object>
    static std::string object_text(const Object& o, const ir::Table& t) {
        if constexpr (std::is_same_v<Object, ir::PrimaryKey>) return primary_key_text(o, t);
        else if constexpr (std::is_same_v<Object, ir::Unique>) return unique_text(o, t);
        else if constexpr (std::is_same_v<Object, ir::Check>) return check_text(o, t);
        else if constexpr (std::is_same_v<Object, ir::ForeignKey>) return foreign_key_text(o, t);
        else return index_text(o, t);
    }
    static const char* kind_of(const plan::Constraint& c) {
        return std::visit(plan::overloaded{[](const ir::PrimaryKey&) { return "primary key"; },
                                           [](const ir::Unique&) { return "unique"; },
                                           [](const ir::Check&) { return "check"; },
                                           [](const ir::ForeignKey&) { return "foreign key"; }},
                          c);
    }
    // The named constraint (or index) of a table in `db`, written as a .schema line; empty when absent.
    static std::string definition(const ir::Database& db, const ir::QualifiedName& table, const std::string& name,
                                  const char** kind) {
        const ir::Table* t = ir::find_table(db, table);
        if (!t) return {};
        if (t->primary_key && t->primary_key->name == name) return *kind = "primary key", object_text(*t->primary_key, *t);
        for (const auto& u : t->uniques) if (u.name == name) return *kind = "unique", object_text(u, *t);
        for (const auto& c : t->checks) if (c.name == name) return *kind = "check", object_text(c, *t);
        for (const auto& f : t->foreign_keys) if (f.name == name) return *kind = "foreign key", object_text(f, *t);
        for (const auto& i : t->indexes) if (i.name == name) return *kind = "index", object_text(i, *t);
        return {};
    }
    std::string named_object(const ir::QualifiedName& table, const std::string& name, const char* kind) const {
        const char* live_kind = kind;
        const char* expected_kind = kind;
        std::string live = definition(live_, table, name, &live_kind);
        std::string expected = definition(snapshot_, table, name, &expected_kind);
        std::string what = fmt::format("{} {} on {}", expected.empty() ? live_kind : expected_kind, name, ir::display_name(table));
        if (live.empty()) return fmt::format("+ {}: missing {}", what, in_database);
        if (expected.empty()) return fmt::format("- {}: only {}", what, in_database);
        return differs(what, "`" + live + "`", "`" + expected + "`");
    }
    std::string word(const plan::AddConstraint& c) const {
        return named_object(c.table, std::visit([](const auto& k) { return k.name; }, c.constraint), kind_of(c.constraint));
    }
    std::string word(const plan::DropConstraint& c) const { return named_object(c.table, c.name, "constraint"); }
    std::string word(const plan::CreateIndex& c) const { return named_object(c.table, c.index.name, "index"); }
    std::string word(const plan::DropIndex& c) const {
        for (const ir::Table& t : live_.tables)
            for (const ir::Index& i : t.indexes)
                if (t.name.schema == c.index.schema && i.name == c.index.name) return named_object(t.name, i.name, "index");
        return {};
    }
    template <class Other>
    std::string word(const Other&) const { return {}; }  // renames and helpers: the planner's title

    static const ir::Schema* find_schema(const ir::Database& db, const std::string& name) {
        for (const ir::Schema& s : db.schemas) if (s.name == name) return &s;
        return nullptr;
    }

    const ir::Database& live_;
    const ir::Database& snapshot_;
};

}  // namespace

std::vector<std::string> managed_schemas(const std::vector<std::string>& requested, const ir::Database& db) {
    if (!requested.empty()) return requested;
    std::set<std::string> names;
    for (const auto& s : db.schemas) names.insert(s.name);
    for (const auto& t : db.tables) names.insert(t.name.schema);
    for (const auto& e : db.enums) names.insert(e.name.schema);
    if (names.empty()) names.insert("public");
    return {names.begin(), names.end()};
}

// The plain statements that undo each difference: drift is reported, not deployed.
static plan::PlanOptions drift_plan_options() {
    plan::PlanOptions options = plan::plain_ddl_options();
    options.allow_data_loss = true;
    return options;
}

Drift find_drift(Session& session, const ir::Database& snapshot, const IntrospectOptions& options) {
    LivePlan planned = plan_against_live(session, snapshot, options, drift_plan_options());
    return Drift{std::move(planned.live), std::move(planned.plan)};
}

plan::Plan plan_drift(const ir::Database& live, const ir::Database& expected) {
    return plan::plan_changes(live, expected, drift_plan_options());
}

std::vector<DriftItem> drift_items(const Drift& drift, const ir::Database& snapshot) {
    Wording wording(drift.live.database, snapshot);
    std::vector<DriftItem> out;
    for (const plan::Step& s : drift.plan.steps) {
        std::string title = wording(s);
        auto it = title.empty() ? (out.empty() ? out.end() : out.end() - 1)
                                : std::find_if(out.begin(), out.end(), [&](const DriftItem& i) { return i.title == title; });
        if (it == out.end()) it = out.insert(out.end(), DriftItem{title.empty() ? s.title : title, {}});
        for (std::string& statement : plan::render_statements(s.change)) it->sql.push_back(std::move(statement));
    }
    return out;
}

}  // namespace schemac::runtime
