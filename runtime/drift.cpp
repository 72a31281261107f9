#include "runtime/drift.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "compiler/plan/render_sql.hpp"
#include "compiler/plan/view_queries.hpp"
#include "compiler/sql/sql_expression.hpp"
#include "compiler/writer/schema_writer.hpp"
#include "compiler/writer/sequence_text.hpp"
#include "runtime/drift_access.hpp"
#include "runtime/drift_code.hpp"
#include "runtime/drift_types.hpp"
#include "runtime/drift_words.hpp"
#include "runtime/live_plan.hpp"

namespace schemac::runtime {
namespace {

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
    Wording(const ir::Database& live, const ir::Database& snapshot)
        : live_(live),
          snapshot_(snapshot),
          live_columns_(plan::columns_of(live)),
          expected_columns_(plan::columns_of(snapshot)) {}

    std::string operator()(const plan::Step& step) const {
        if (step.title.empty()) return {};
        std::string worded = plan::visit([&](const auto& change) { return word(change); }, step.change);
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
        const ir::Table& t = *c.table;
        if (t.partition_of)
            return fmt::format("+ partition {} of {} {}: missing {}", ir::display_name(t.name),
                               ir::display_name(*t.partition_of), t.partition_bound, in_database);
        return fmt::format("+ table {}: missing {}", ir::display_name(t.name), in_database);
    }
    std::string word(const plan::AttachPartition& c) const {
        return fmt::format("~ partition {}: not attached to {} {} {}", ir::display_name(c.partition),
                           ir::display_name(c.parent), c.bound, in_database);
    }
    std::string word(const plan::DetachPartition& c) const {
        return fmt::format("~ partition {}: attached to {} {} {} only", ir::display_name(c.partition),
                           ir::display_name(c.parent), c.bound, in_database);
    }
    std::string word(const plan::DropTable& c) const {
        return fmt::format("- table {}: only {}", ir::display_name(c.name), in_database);
    }
    std::string word(const plan::SetTableComment& c) const {
        return differs("table " + ir::display_name(c.table), "comment " + quoted_or_none(c.from), quoted_or_none(c.to));
    }
    // Free-standing sequences: missing, extra, or what differs, in .schema words.
    static std::string sequence_settings(const ir::Type& type, const ir::SequenceOptions& options) {
        ir::Sequence s;
        s.name = {"public", "x"};
        s.type = type;
        s.options = options;
        std::string line = sequence_text(s);  // `sequence x as integer start 5\n`
        std::size_t settings = line.find(' ', std::string_view("sequence ").size());
        if (settings == std::string::npos) return "default options";
        return "`" + line.substr(settings + 1, line.size() - settings - 2) + "`";
    }
    std::string word(const plan::CreateSequence& c) const {
        return fmt::format("+ sequence {}: missing {}", ir::display_name(c.sequence.name), in_database);
    }
    std::string word(const plan::DropSequence& c) const {
        return fmt::format("- sequence {}: only {}", ir::display_name(c.name), in_database);
    }
    std::string word(const plan::AlterSequence& c) const {
        return differs("sequence " + ir::display_name(c.name), sequence_settings(c.from_type, c.from),
                       sequence_settings(c.to_type, c.to));
    }
    std::string word(const plan::SetSequenceOwner& c) const {
        auto owner = [](const plan::SequenceOwner& o) {
            return o.table ? "owned by " + ir::display_name(*o.table) + "." + o.column : std::string("owned by none");
        };
        return differs("sequence " + ir::display_name(c.name), owner(c.from), owner(c.to));
    }
    std::string word(const plan::SetSequenceComment& c) const {
        return differs("sequence " + ir::display_name(c.name), "comment " + quoted_or_none(c.from),
                       quoted_or_none(c.to));
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
        else if constexpr (std::is_same_v<Object, ir::Exclusion>)
            return exclusion_text(o, t);
        else
            return index_text(o, t);
    }
    static const char* kind_of(const plan::Constraint& c) {
        return std::visit(plan::overloaded{[](const ir::PrimaryKey&) { return "primary key"; },
                                           [](const ir::Unique&) { return "unique"; },
                                           [](const ir::Check&) { return "check"; },
                                           [](const ir::ForeignKey&) { return "foreign key"; },
                                           [](const ir::Exclusion&) { return "exclusion constraint"; }},
                          c);
    }
    // The named constraint (or index) of a table in `db`, written as a .schema line; empty when absent.
    static std::string definition(const ir::Database& db, const ir::QualifiedName& table, const std::string& name,
                                  const char** kind) {
        const ir::Table* t = ir::find_table(db, table);
        if (const ir::View* v = t ? nullptr : ir::find_view(db, table)) {  // a materialized view's index
            ir::Table holder;
            holder.name = v->name;
            for (const auto& i : v->indexes)
                if (i.name == name) return *kind = "index", object_text(i, holder);
            return {};
        }
        if (!t) return {};
        if (t->primary_key && t->primary_key->name == name)
            return *kind = "primary key", object_text(*t->primary_key, *t);
        for (const auto& u : t->uniques)
            if (u.name == name) return *kind = "unique", object_text(u, *t);
        for (const auto& c : t->checks)
            if (c.name == name) return *kind = "check", object_text(c, *t);
        for (const auto& f : t->foreign_keys)
            if (f.name == name) return *kind = "foreign key", object_text(f, *t);
        for (const auto& x : t->exclusions)
            if (x.name == name) return *kind = "exclusion constraint", object_text(x, *t);
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
        // An index made again with the materialized view it is on belongs to that view's difference.
        if (!live.empty() && live == expected && ir::find_view(snapshot_, table)) return view_difference(table);
        if (live.empty()) return fmt::format("+ {}: missing {}", what, in_database);
        if (expected.empty()) return fmt::format("- {}: only {}", what, in_database);
        return differs(what, "`" + live + "`", "`" + expected + "`");
    }
    std::string word(const plan::AddConstraint& c) const {
        return named_object(c.table, std::visit([](const auto& k) { return k.name; }, c.constraint),
                            kind_of(c.constraint));
    }
    std::string word(const plan::DropConstraint& c) const { return named_object(c.table, c.name, "constraint"); }
    // A constraint the database holds NOT VALID (rows written before it were never checked).
    std::string word(const plan::ValidateConstraint& c) const {
        const char* kind = "constraint";
        definition(snapshot_, c.table, c.name, &kind);
        return differs(fmt::format("{} {} on {}", kind, c.name, ir::display_name(c.table)),
                       "not valid (existing rows unchecked)", "valid");
    }
    std::string word(const plan::SetColumnCollation& c) const {
        auto collation = [](const std::string& name) {
            return name.empty() ? std::string("the default collation") : "collate \"" + name + "\"";
        };
        return differs("column " + column_name(c.table, c.column), collation(c.from), collation(c.to));
    }
    std::string word(const plan::SetColumnStatistics& c) const {
        auto target = [](const std::optional<int>& n) {
            return n ? fmt::format("statistics {}", *n) : std::string("the default statistics target");
        };
        return differs("column " + column_name(c.table, c.column), target(c.from), target(c.to));
    }
    std::string word(const plan::SetReplicaIdentity& c) const {
        auto identity = [](ir::ReplicaIdentity i, const std::string& index) {
            return i == ir::ReplicaIdentity::index ? "replica identity using index " + index
                                                   : std::string("replica identity ") + ir::replica_identity_text(i);
        };
        return differs("table " + ir::display_name(c.table), identity(c.from, c.from_index),
                       identity(c.to, c.to_index));
    }
    std::string word(const plan::CreateIndex& c) const { return named_object(c.table, c.index().name, "index"); }
    std::string word(const plan::DropIndex& c) const {
        for (const ir::Table& t : live_.tables)
            for (const ir::Index& i : t.indexes)
                if (t.name.schema == c.index.schema && i.name == c.index.name)
                    return named_object(t.name, i.name, "index");
        for (const ir::View& v : live_.views)
            for (const ir::Index& i : v.indexes)
                if (v.name.schema == c.index.schema && i.name == c.index.name)
                    return named_object(v.name, i.name, "index");
        return {};
    }

    // Views and materialized views: missing, extra, or changed. A view dropped and created again
    // is one difference (the drop and the create share their wording); so is one recreated
    // because what it reads changed, and a materialized view's refresh after its creation.
    static std::string view_what(bool materialized, const ir::QualifiedName& name) {
        return fmt::format("{} {}", materialized ? "materialized view" : "view", ir::display_name(name));
    }
    std::string view_difference(const ir::QualifiedName& name) const {
        const ir::View* live = ir::find_view(live_, name);
        const ir::View* expected = ir::find_view(snapshot_, name);
        if (!live && expected)
            return fmt::format("+ {}: missing {}", view_what(expected->materialized, name), in_database);
        if (live && !expected) return fmt::format("- {}: only {}", view_what(live->materialized, name), in_database);
        if (!live) return {};
        std::string what = view_what(expected->materialized, name);
        if (live->materialized != expected->materialized)
            return differs(what, live->materialized ? "a materialized view" : "a plain view",
                           expected->materialized ? "a materialized view" : "a plain view");
        if (!plan::same_view_query(live->query, live_columns_, expected->query, expected_columns_))
            return fmt::format("~ {}: its query was changed by hand: `{}` {}, `{}` expected", what, live->query,
                               in_database, expected->query);
        std::vector<std::string> live_columns, expected_columns;
        for (const ir::ViewColumn& c : live->columns) live_columns.push_back(c.name);
        for (const ir::ViewColumn& c : expected->columns) expected_columns.push_back(c.name);
        if (!expected_columns.empty() && live_columns != expected_columns)
            return differs(what, "columns " + labels(live_columns), labels(expected_columns));
        return fmt::format("~ {}: dropped and created again around a change to what it reads", what);
    }
    std::string word(const plan::CreateView& c) const { return view_difference(c.view.name); }
    std::string word(const plan::DropView& c) const { return view_difference(c.name); }
    std::string word(const plan::ReplaceView& c) const { return view_difference(c.to.name); }
    std::string word(const plan::RefreshMaterializedView& c) const { return view_difference(c.name); }
    // `security_invoker on`, `check option local`, `no check option`.
    static std::string option_text(const ir::StorageParameters& options, const std::string& name) {
        auto it = options.find(name);
        if (name == "check_option") return it == options.end() ? "no check option" : "check option " + it->second;
        return name + (it != options.end() && it->second == "true" ? " on" : " off");
    }
    std::string word(const plan::SetViewOptions& c) const {
        std::string what = view_what(c.materialized, c.view);
        if (c.materialized) {
            auto storage = [](const ir::StorageParameters& parameters) -> std::string {
                return parameters.empty() ? "no storage parameters" : "`" + storage_text(parameters) + "`";
            };
            return differs(what, storage(c.from), storage(c.to));
        }
        std::set<std::string> names;
        for (const auto& [name, value] : c.from) names.insert(name);
        for (const auto& [name, value] : c.to) names.insert(name);
        std::vector<std::string> live, expected;
        for (const std::string& name : names) {
            if (option_text(c.from, name) == option_text(c.to, name)) continue;
            live.push_back(option_text(c.from, name));
            expected.push_back(option_text(c.to, name));
        }
        if (live.size() == 1 && !c.from.count("check_option") && !c.to.count("check_option")) {
            std::string name = live[0].substr(0, live[0].find(' ') + 1);  // `security_invoker on ... off`
            return differs(what, live[0], expected[0].substr(name.size()));
        }
        return differs(what, fmt::format("{}", fmt::join(live, ", ")), fmt::format("{}", fmt::join(expected, ", ")));
    }
    std::string word(const plan::SetViewComment& c) const {
        return differs(view_what(c.materialized, c.view), "comment " + quoted_or_none(c.from), quoted_or_none(c.to));
    }
    std::string word(const plan::SetViewColumnComment& c) const {
        return differs("column " + column_name(c.view, c.column), "comment " + quoted_or_none(c.from),
                       quoted_or_none(c.to));
    }
    // Functions and triggers: missing, extra, or the first property that differs (drift_code.hpp).
    // A function dropped and created again, or a trigger replaced, is one difference.
    std::string function_difference_of(const ir::Function& f) const {
        ir::FunctionKey key = ir::function_key(f);
        return function_difference(ir::find_function(live_, key), ir::find_function(snapshot_, key));
    }
    std::string word(const plan::CreateFunction& c) const { return function_difference_of(c.function); }
    std::string word(const plan::ReplaceFunction& c) const { return function_difference_of(c.to); }
    std::string word(const plan::DropFunction& c) const { return function_difference_of(c.function); }
    std::string word(const plan::SetFunctionComment& c) const { return function_difference_of(c.function); }
    static const ir::Trigger* find_trigger(const ir::Database& db, const ir::QualifiedName& table,
                                           const std::string& name) {
        const std::vector<ir::Trigger>* triggers = nullptr;
        if (const ir::Table* t = ir::find_table(db, table)) triggers = &t->triggers;
        if (const ir::View* v = ir::find_view(db, table)) triggers = &v->triggers;
        if (!triggers) return nullptr;
        for (const ir::Trigger& trigger : *triggers)
            if (trigger.name == name) return &trigger;
        return nullptr;
    }
    std::string trigger_difference_of(const ir::QualifiedName& table, const std::string& name) const {
        return trigger_difference(table, find_trigger(live_, table, name), find_trigger(snapshot_, table, name));
    }
    std::string word(const plan::CreateTrigger& c) const { return trigger_difference_of(c.table, c.trigger.name); }
    std::string word(const plan::ReplaceTrigger& c) const { return trigger_difference_of(c.table, c.to.name); }
    std::string word(const plan::DropTrigger& c) const { return trigger_difference_of(c.table, c.name); }
    std::string word(const plan::SetTriggerComment& c) const { return trigger_difference_of(c.table, c.trigger); }

    // Row level security, policies, grants and default privileges (drift_access.hpp). A policy
    // dropped and created again (its command or kind changed) is one difference.
    std::string word(const plan::SetRowLevelSecurity& c) const { return row_level_security_difference(c); }
    std::string word(const plan::SetForceRowLevelSecurity& c) const { return force_row_level_security_difference(c); }
    static const ir::Policy* find_policy(const ir::Database& db, const ir::QualifiedName& table,
                                         const std::string& name) {
        const ir::Table* t = ir::find_table(db, table);
        if (!t) return nullptr;
        for (const ir::Policy& p : t->policies)
            if (p.name == name) return &p;
        return nullptr;
    }
    std::string policy_difference_of(const ir::QualifiedName& table, const std::string& name) const {
        return policy_difference(table, find_policy(live_, table, name), find_policy(snapshot_, table, name));
    }
    std::string word(const plan::CreatePolicy& c) const { return policy_difference_of(c.table, c.policy.name); }
    std::string word(const plan::DropPolicy& c) const { return policy_difference_of(c.table, c.name); }
    std::string word(const plan::AlterPolicy& c) const { return policy_difference_of(c.table, c.to.name); }
    std::string word(const plan::SetPolicyComment& c) const { return policy_difference_of(c.table, c.policy); }
    std::string word(const plan::GrantPrivileges& c) const { return grant_difference(c); }
    std::string word(const plan::RevokePrivileges& c) const { return grant_difference(c); }
    std::string word(const plan::GrantDefaultPrivileges& c) const { return grant_difference(c); }
    std::string word(const plan::RevokeDefaultPrivileges& c) const { return grant_difference(c); }

    // Domains and composite types (drift_types.hpp).
    template <class Change>
    requires requires(const Change& c) { user_type_drift(c); }
    std::string word(const Change& c) const { return user_type_drift(c); }

    template <class Other>
    std::string word(const Other&) const {
        return {};
    }  // renames and helpers: the planner's title

    const ir::Database& live_;
    const ir::Database& snapshot_;
    ColumnsOf live_columns_, expected_columns_;  // what each side's relations have, for view bodies
};

}  // namespace

std::set<std::string> schemas_holding_objects(const ir::Database& db) {
    std::set<std::string> names;
    auto hold = [&](const auto& items) {
        for (const auto& item : items) names.insert(item.name.schema);
    };
    hold(db.tables);
    hold(db.enums);
    hold(db.domains);
    hold(db.composite_types);
    hold(db.range_types);
    hold(db.views);
    hold(db.functions);
    hold(db.sequences);
    return names;
}

std::vector<std::string> managed_schemas(const std::vector<std::string>& requested, const ir::Database& db) {
    if (!requested.empty()) return requested;
    std::set<std::string> names = schemas_holding_objects(db);
    for (const auto& s : db.schemas) names.insert(s.name);
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

Drift find_drift(Introspection live, const ir::Database& snapshot) {
    LivePlan planned = plan_against_read(std::move(live), snapshot, drift_plan_options());
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
