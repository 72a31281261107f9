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

std::string labels(const std::vector<std::string>& names) { return fmt::format("({})", fmt::join(names, ", ")); }
std::string labels(const ir::Enum& e) {
    std::vector<std::string> names;
    for (const ir::EnumValue& v : e.values) names.push_back(v.name);
    return labels(names);
}

// `~ KIND NAME: A in the database, B expected`
std::string differs(std::string_view what, std::string_view live, std::string_view expected) {
    return fmt::format("~ {}: {} {}, {} expected", what, live, in_database, expected);
}

// Words one step of a live -> snapshot plan. Steps without a title belong to the step before.
// An alteration says what the database has (`from`) and what is expected (`to`) itself; only
// constraints and indexes, which change as a drop and an add, are looked up in the two IRs.
class Wording {
public:
    Wording(const ir::Database& live, const ir::Database& snapshot) : live_(live), snapshot_(snapshot) {}

    std::string operator()(const plan::Step& step) const {
        if (step.title.empty()) return {};
        std::string worded = std::visit([&](const auto& change) { return word(change); }, step.change);
        return worded.empty() ? step.title : worded;
    }

private:
    std::string word(const plan::CreateSchema& c) const {
        return fmt::format("+ schema {}: missing {}", c.name, in_database);
    }
    std::string word(const plan::DropSchema& c) const {
        return fmt::format("- schema {}: only {}", c.name, in_database);
    }
    std::string word(const plan::SetSchemaComment& c) const {
        return differs("schema " + c.name, "comment " + quoted_or_none(c.from), quoted_or_none(c.to));
    }
    std::string word(const plan::CreateExtension& c) const {
        return fmt::format("+ extension {}: not installed {}", c.extension.name, in_database);
    }
    std::string word(const plan::DropExtension& c) const {
        return fmt::format("- extension {}: installed {} only", c.name, in_database);
    }
    std::string word(const plan::AlterExtension& c) const {
        if (c.to.version && c.to.version != c.from.version)
            return differs("extension " + c.name, "version " + or_none(c.from.version), *c.to.version);
        return differs("extension " + c.name, "schema " + or_none(c.from.schema),
                       or_none(c.to.schema != c.from.schema ? c.to.schema : std::nullopt));
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
        return differs("enum " + ir::display_name(c.enumeration.name), "values " + labels(c.from),
                       labels(c.enumeration));
    }
    std::string word(const plan::CreateTable& c) const {
        return fmt::format("+ table {}: missing {}", ir::display_name(c.table.name), in_database);
    }
    std::string word(const plan::DropTable& c) const {
        return fmt::format("- table {}: only {}", ir::display_name(c.name), in_database);
    }
    std::string word(const plan::SetTableComment& c) const {
        return differs("table " + ir::display_name(c.table), "comment " + quoted_or_none(c.from), quoted_or_none(c.to));
    }
    std::string word(const plan::SetLogged& c) const {
        return differs("table " + ir::display_name(c.table), c.unlogged ? "logged" : "unlogged",
                       c.unlogged ? "unlogged" : "logged");
    }
    std::string word(const plan::SetStorageParameters& c) const {
        auto storage = [](const ir::StorageParameters& parameters) -> std::string {
            return parameters.empty() ? "no storage parameters" : "`" + storage_text(parameters) + "`";
        };
        std::string what = c.index.empty() ? "table " + ir::display_name(c.table)
                                           : fmt::format("index {} on {}", c.index, ir::display_name(c.table));
        return differs(what, storage(c.from), storage(c.to));
    }
    std::string word(const plan::AddColumn& c) const {
        return fmt::format("+ column {}: missing {}", column_name(c.table, c.column.name), in_database);
    }
    std::string word(const plan::DropColumn& c) const {
        return fmt::format("- column {}: only {}", column_name(c.table, c.column), in_database);
    }
    // A column's type as each side declares it (`serial`, not the `integer` the SQL changes).
    template <class Change>
    static std::string type_change(const Change& c) {
        return differs("column " + column_name(c.table, c.column), "type " + schema_type_text(c.from, c.table.schema),
                       schema_type_text(c.to, c.table.schema));
    }
    std::string word(const plan::AlterColumnType& c) const { return type_change(c); }
    std::string word(const plan::CreateSerialSequence& c) const { return type_change(c); }
    std::string word(const plan::DropSerialSequence& c) const { return type_change(c); }
    std::string word(const plan::SetColumnDefault& c) const {
        return differs("column " + column_name(c.table, c.column), "default " + default_or_none(c.from),
                       default_or_none(c.to));
    }
    std::string word(const plan::SetNotNull& c) const {
        return differs("column " + column_name(c.table, c.column), "nullable", "not null");
    }
    std::string word(const plan::DropNotNull& c) const {
        return differs("column " + column_name(c.table, c.column), "not null", "nullable");
    }
    static std::string identity_change(const ir::QualifiedName& table, const std::string& name,
                                       const ir::Identity* from, const ir::Identity* to) {
        auto identity = [](const ir::Identity* i) { return i ? identity_text(*i) : std::string("no identity"); };
        return differs("column " + column_name(table, name), identity(from), identity(to));
    }
    std::string word(const plan::AddIdentity& c) const {
        return identity_change(c.table, c.column, nullptr, &c.identity);
    }
    std::string word(const plan::AlterIdentity& c) const { return identity_change(c.table, c.column, &c.from, &c.to); }
    std::string word(const plan::DropIdentity& c) const { return identity_change(c.table, c.column, &c.from, nullptr); }
    std::string word(const plan::DropExpression& c) const {
        return differs("column " + column_name(c.table, c.column), "generated always as (" + c.from + ")",
                       "a plain column");
    }
    std::string word(const plan::SetColumnComment& c) const {
        return differs("column " + column_name(c.table, c.column), "comment " + quoted_or_none(c.from),
                       quoted_or_none(c.to));
    }

    // A constraint or index: missing, extra, or defined differently (the drop and the add of
    // one name share their wording, so they make one item).
    template <class Object>
    static std::string object_text(const Object& o, const ir::Table& t) {
        if constexpr (std::is_same_v<Object, ir::PrimaryKey>)
            return primary_key_text(o, t);
        else if constexpr (std::is_same_v<Object, ir::Unique>)
            return unique_text(o, t);
        else if constexpr (std::is_same_v<Object, ir::Check>)
            return check_text(o, t);
        else if constexpr (std::is_same_v<Object, ir::ForeignKey>)
            return foreign_key_text(o, t);
        else
            return index_text(o, t);
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
        if (t->primary_key && t->primary_key->name == name)
            return *kind = "primary key", object_text(*t->primary_key, *t);
        for (const auto& u : t->uniques)
            if (u.name == name) return *kind = "unique", object_text(u, *t);
        for (const auto& c : t->checks)
            if (c.name == name) return *kind = "check", object_text(c, *t);
        for (const auto& f : t->foreign_keys)
            if (f.name == name) return *kind = "foreign key", object_text(f, *t);
        for (const auto& i : t->indexes)
            if (i.name == name) return *kind = "index", object_text(i, *t);
        return {};
    }
    std::string named_object(const ir::QualifiedName& table, const std::string& name, const char* kind) const {
        const char* live_kind = kind;
        const char* expected_kind = kind;
        std::string live = definition(live_, table, name, &live_kind);
        std::string expected = definition(snapshot_, table, name, &expected_kind);
        std::string what = fmt::format("{} {} on {}", expected.empty() ? live_kind : expected_kind, name,
                                       ir::display_name(table));
        if (live.empty()) return fmt::format("+ {}: missing {}", what, in_database);
        if (expected.empty()) return fmt::format("- {}: only {}", what, in_database);
        return differs(what, "`" + live + "`", "`" + expected + "`");
    }
    std::string word(const plan::AddConstraint& c) const {
        return named_object(c.table, std::visit([](const auto& k) { return k.name; }, c.constraint),
                            kind_of(c.constraint));
    }
    std::string word(const plan::DropConstraint& c) const { return named_object(c.table, c.name, "constraint"); }
    std::string word(const plan::CreateIndex& c) const { return named_object(c.table, c.index.name, "index"); }
    std::string word(const plan::DropIndex& c) const {
        for (const ir::Table& t : live_.tables)
            for (const ir::Index& i : t.indexes)
                if (t.name.schema == c.index.schema && i.name == c.index.name)
                    return named_object(t.name, i.name, "index");
        return {};
    }
    template <class Other>
    std::string word(const Other&) const {
        return {};
    }  // renames and helpers: the planner's title

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
        auto it = title.empty()
                      ? (out.empty() ? out.end() : out.end() - 1)
                      : std::find_if(out.begin(), out.end(), [&](const DriftItem& i) { return i.title == title; });
        if (it == out.end()) it = out.insert(out.end(), DriftItem{title.empty() ? s.title : title, {}});
        for (std::string& statement : plan::render_statements(s.change)) it->sql.push_back(std::move(statement));
    }
    return out;
}

}  // namespace schemac::runtime
