#include "runtime/introspect.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <future>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <tuple>
#include <unordered_map>
#include <utility>

#include "compiler/ir/identifiers.hpp"
#include "compiler/ir/ir_json.hpp"
#include "compiler/ir/types.hpp"
#include "compiler/sql/implicit_names.hpp"
#include "compiler/sql/partition_bound.hpp"
#include "compiler/sql/pg_parse.hpp"
#include "compiler/sql/sequence_calls.hpp"
#include "compiler/sql/sql_expression.hpp"
#include "runtime/catalog_fields.hpp"
#include "runtime/catalog_queries.hpp"
#include "runtime/catalog_rows.hpp"
#include "runtime/catalog_types.hpp"
#include "runtime/history.hpp"
#include "runtime/introspect_access.hpp"
#include "runtime/introspect_code.hpp"

namespace schemac::runtime {
namespace {

ir::StorageParameters storage_parameters(const pqxx::field& f) {
    ir::StorageParameters out;
    if (std::string_view(f.c_str(), f.size()) == "{}") return out;  // most relations set none
    const nlohmann::json parameters = nlohmann::json::parse(f.c_str());
    for (auto it = parameters.begin(); it != parameters.end(); ++it) out[it.key()] = it.value().get<std::string>();
    return out;
}

const char* type_kind(char typtype) {
    switch (typtype) {
        case 'd': return "a domain";
        case 'c': return "a composite type";
        case 'r': return "a range type";
        case 'm': return "a multirange type";
        default: return "a type";
    }
}

// An identity sequence's options (a row of columns.sql), each only where it differs from what
// PostgreSQL picks for the column's type when the option is left out.
// `prefix`: the fields' (identity_ in columns.sql, sequence_ in sequences.sql).
ir::SequenceOptions sequence_options(const CatalogRow& row, const ir::Type& type, const std::string& prefix) {
    std::int64_t type_max = type.name == "smallint"  ? std::numeric_limits<std::int16_t>::max()
                            : type.name == "integer" ? std::numeric_limits<std::int32_t>::max()
                                                     : std::numeric_limits<std::int64_t>::max();
    auto field = [&](const char* name) { return row[prefix + name]; };
    auto start = field("start").as<std::int64_t>(), increment = field("increment").as<std::int64_t>(),
         min = field("min").as<std::int64_t>(), max = field("max").as<std::int64_t>(),
         cache = field("cache").as<std::int64_t>();
    bool ascending = increment > 0;
    std::int64_t default_min = ascending ? 1 : -type_max - 1;
    std::int64_t default_max = ascending ? type_max : -1;
    ir::SequenceOptions o;
    if (increment != 1) o.increment = increment;
    if (min != default_min) o.min_value = min;
    if (max != default_max) o.max_value = max;
    if (start != (ascending ? min : max)) o.start = start;
    if (cache != 1) o.cache = cache;
    o.cycle = field("cycle").as<bool>();
    return o;
}

ir::FkAction fk_action(char code) {
    switch (code) {
        case 'r': return ir::FkAction::restrict;
        case 'c': return ir::FkAction::cascade;
        case 'n': return ir::FkAction::set_null;
        case 'd': return ir::FkAction::set_default;
        default: return ir::FkAction::no_action;
    }
}

// A read-only transaction that keeps its first query's snapshot to the end, so that another
// connection can read in it too (SET TRANSACTION SNAPSHOT).
using SnapshotTransaction = pqxx::transaction<pqxx::repeatable_read, pqxx::read_only>;

class Reader {
public:
    // `session`: the database tx_ reads, when a second connection may read beside it (not when
    // tx_ holds the caller's own uncommitted changes).
    Reader(pqxx::transaction_base& tx, const IntrospectOptions& options, const Session* session = nullptr)
        : tx_(tx), options_(options), session_(session), schemas_(text_array_literal(options.schemas)) {}

    Introspection read() {
        catalog_settings(tx_, options_.search_path);
        out_.text_is_utf8 = tx_.exec("SELECT current_setting('server_encoding') = 'UTF8' AND "
                                     "current_setting('client_encoding') = 'UTF8'")[0][0]
                                .as<bool>();
        start_side_reads();
        read_schemas();
        read_extensions();
        read_enums();
        read_user_types();
        read_tables();
        read_views();
        give_side_input();
        read_columns();
        read_sequences();
        run_later_queries();
        read_constraints();
        read_indexes();
        read_functions();
        read_triggers();
        read_access();
        read_unmanaged();
        std::stable_sort(out_.unmanaged.begin(), out_.unmanaged.end(), [](const auto& a, const auto& b) {
            return std::tie(a.schema, a.kind, a.name) < std::tie(b.schema, b.kind, b.name);
        });
        for (auto& [name, table] : tables_) {
            for (const ir::ForeignKey& fk : table.foreign_keys)
                if (!tables_.count(fk.referenced_table))
                    out_.unreadable.push_back(fmt::format(
                        "foreign key {} on {}: it references {}, which schemac does not manage (a partitioned or "
                        "inheriting table, or a table outside the managed schemas)",
                        fk.name, ir::display_name(name), ir::display_name(fk.referenced_table)));
            sequences_outside(table);
            std::sort(table.uniques.begin(), table.uniques.end(), by_name);
            std::sort(table.checks.begin(), table.checks.end(), by_name);
            std::sort(table.foreign_keys.begin(), table.foreign_keys.end(), by_name);
            std::sort(table.indexes.begin(), table.indexes.end(), by_name);
            std::sort(table.exclusions.begin(), table.exclusions.end(), by_name);
            std::sort(table.triggers.begin(), table.triggers.end(), by_name);
            out_.database.tables.push_back(std::move(table));
        }
        for (auto& [name, view] : views_) {
            std::sort(view.indexes.begin(), view.indexes.end(), by_name);
            std::sort(view.triggers.begin(), view.triggers.end(), by_name);
            out_.database.views.push_back(std::move(view));
        }
        return std::move(out_);
    }

private:
    // The settings of a transaction that reads the catalogs.
    static void catalog_settings(pqxx::transaction_base& tx, const std::string& search_path) {
        // Catalog queries are short: compiling them just in time costs more than it saves, and
        // their sorts fit in memory.
        tx.exec("SET LOCAL jit = off");
        tx.exec("SET LOCAL work_mem = '64MB'");
        // pg_get_viewdef qualifies a relation's name unless the search path finds it: pinned to
        // public (a tenant's schema for a tenant), so that a view body names relations as a
        // .schema file does (public bare).
        tx.exec("SET LOCAL search_path = " + quote_identifier(search_path));
    }

    // The constraints' and the indexes' queries, run on a second connection while this one
    // reads the columns and the sequences and then runs every later query (run_later_queries): the
    // server runs both connections' queries at once (the constraints' and the indexes' deparsing
    // opens every table, the columns' query does not), and neither waits for the other until its
    // own queries are done. The second connection is opened as the read starts, beside the first
    // queries, and reads in this transaction's snapshot (pg_export_snapshot, which lives as long
    // as this transaction does): both read one state of the catalogs. It runs its queries once
    // read_tables and read_views chose their oids (`side_input_`).
    struct SideInput {
        std::string table_oids, index_oids;
    };
    struct SideResults {
        pqxx::result constraints, indexes;
    };
    SideInput side_input() const { return {table_oids_, index_oids()}; }
    // $1 of the indexes' query: the tables' and the materialized views' oids.
    std::string index_oids() const {
        std::vector<std::string> oids = table_oid_list_;
        oids.insert(oids.end(), materialized_view_oids_.begin(), materialized_view_oids_.end());
        return text_array_literal(oids);
    }
    // $1 of the grants' and the triggers' queries: the tables' and every view's oids.
    std::string relation_oids() const {
        std::vector<std::string> oids = table_oid_list_;
        oids.insert(oids.end(), view_oids_.begin(), view_oids_.end());
        return text_array_literal(oids);
    }
    static SideResults side_queries(pqxx::transaction_base& tx, const SideInput& input) {
        return {tx.exec_params(catalog::constraints, input.table_oids),
                tx.exec_params(catalog::indexes, input.index_oids)};
    }
    // The thread has copies of all it reads: it may outlive the members (an exception unwinding;
    // then `side_input_` is destroyed unset, and the thread ends at once).
    void start_side_reads() {
        if (!session_) return;
        std::string snapshot = tx_.exec("SELECT pg_export_snapshot()")[0][0].as<std::string>();
        auto input = std::make_shared<std::promise<SideInput>>();
        side_ = std::async(std::launch::async, [input = input->get_future(), session = session_,
                                                search_path = options_.search_path, snapshot]() mutable {
            std::unique_ptr<pqxx::connection> connection = session->another_connection();
            SnapshotTransaction tx(*connection);
            tx.exec("SET TRANSACTION SNAPSHOT " + tx.quote(snapshot));
            catalog_settings(tx, search_path);
            SideResults out = side_queries(tx, input.get());
            tx.commit();
            return out;
        });
        side_input_ = std::move(input);
    }
    // The oids the side queries take, once read_tables and read_views chose them.
    void give_side_input() {
        if (side_input_) side_input_->set_value(side_input());
    }
    // The side queries' results; read on this connection when there is no second one (or it
    // failed: a server at its connection limit).
    pqxx::result side_read(pqxx::result SideResults::*which) {
        if (!side_results_) {
            if (side_.valid()) {
                try {
                    side_results_ = side_.get();
                } catch (const std::exception&) {
                }
            }
            if (!side_results_) side_results_ = side_queries(tx_, side_input());
        }
        return (*side_results_).*which;
    }

    // The queries this connection runs after the columns' and the sequences', all before it
    // waits for the second connection's results, each read in its turn.
    struct LaterResults {
        pqxx::result functions, triggers, policies, default_privileges, grants, unmanaged;
    };
    void run_later_queries() {
        const std::string relations = relation_oids();
        later_ = LaterResults{tx_.exec_params(catalog::functions, schemas_),
                              tx_.exec_params(catalog::triggers, relations),
                              tx_.exec_params(catalog::policies, table_oids_),
                              tx_.exec_params(catalog::default_privileges, schemas_),
                              tx_.exec_params(catalog::grants, relations, schemas_),
                              tx_.exec_params(catalog::unmanaged, schemas_, table_oids_)};
    }

    static constexpr auto by_name = [](const auto& a, const auto& b) { return a.name < b.name; };

    // A default that calls nextval on a sequence of a schema outside the managed ones: the
    // .schema files could not declare that sequence, so a pull of them would not compile back.
    void sequences_outside(const ir::Table& table) {
        for (const ir::Column& c : table.columns) {
            if (!c.default_value) continue;
            for (const ir::QualifiedName& used : sequences_called(*c.default_value)) {
                if (std::find(options_.schemas.begin(), options_.schemas.end(), used.schema) != options_.schemas.end())
                    continue;
                out_.unreadable.push_back(
                    fmt::format("default of column {}.{}: it calls nextval on sequence {}, in schema {} outside the "
                                "managed schemas (add {} to --schemas to manage it with its sequence)",
                                ir::display_name(table.name), c.name, ir::display_name(used), used.schema,
                                used.schema));
            }
        }
    }

    CatalogRows query(const char* sql) { return CatalogRows(tx_.exec_params(sql, schemas_)); }
    // A query of the managed tables' parts: $1 is their oids, as read_tables chose them.
    CatalogRows query_of_tables(const char* sql) { return CatalogRows(tx_.exec_params(sql, table_oids_)); }

    void read_schemas() {
        for (const auto& row : query(catalog::schemas)) {
            ir::Schema s{row["schema_name"].as<std::string>(), optional_text(row["comment"]), {}, {}};
            if (s.name == "public" && s.comment == "standard public schema") s.comment.reset();
            out_.database.schemas.push_back(std::move(s));
        }
    }

    void read_extensions() {
        for (const auto& row : CatalogRows(tx_.exec(catalog::extensions))) {
            std::string name = row["extension_name"].as<std::string>();
            out_.database.extensions.push_back(
                ir::Extension{name, row["schema_name"].as<std::string>(), row["version"].as<std::string>(), {}});
            out_.extension_defaults[name] = ExtensionDefaults{optional_text(row["default_version"]),
                                                              optional_text(row["control_file_schema"])};
        }
    }

    void read_enums() {
        for (const auto& row : query(catalog::enums)) {
            ir::Enum e;
            e.name = {row["schema_name"].as<std::string>(), row["enum_name"].as<std::string>()};
            for (const std::string& label : json_names(row["labels"])) e.values.push_back(ir::EnumValue{label, {}, {}});
            enum_names_.insert(e.name);
            out_.database.enums.push_back(std::move(e));
        }
    }

    // Domains and composite types. Their names join the enums' first: a column, a domain or an
    // attribute of one of them is a managed type.
    void read_user_types() {
        CatalogRows domains = query(catalog::domains), composites = query(catalog::composite_types);
        for (const auto& row : domains)
            enum_names_.insert({row["schema_name"].as<std::string>(), row["domain_name"].as<std::string>()});
        for (const auto& row : composites)
            enum_names_.insert({row["schema_name"].as<std::string>(), row["composite_name"].as<std::string>()});
        for (const auto& row : domains) {
            ir::Domain d;
            d.name = {row["schema_name"].as<std::string>(), row["domain_name"].as<std::string>()};
            std::string what = "domain " + ir::display_name(d.name);
            d.type = column_type(row, what);
            d.collation = optional_text(row["collation_name"]).value_or("");
            d.not_null = row["not_null"].as<bool>();
            if (auto text = optional_text(row["default_value"]))
                d.default_value = canonical(*text, "default of " + what);
            d.comment = optional_text(row["comment"]);
            for (const auto& check : nlohmann::json::parse(row["checks"].c_str())) {
                ir::Check c;
                c.name = check["name"].get<std::string>();
                c.expression = canonical(check["expression"].get<std::string>(),
                                         fmt::format("check {} of {}", c.name, what));
                c.not_valid = !check["validated"].get<bool>();
                d.checks.push_back(std::move(c));
            }
            out_.database.domains.push_back(std::move(d));
        }
        for (const auto& row : composites) {
            ir::QualifiedName name{row["schema_name"].as<std::string>(), row["composite_name"].as<std::string>()};
            if (out_.database.composite_types.empty() || out_.database.composite_types.back().name != name) {
                out_.database.composite_types.push_back(ir::CompositeType{});
                out_.database.composite_types.back().name = name;
                out_.database.composite_types.back().comment = optional_text(row["comment"]);
            }
            if (row["attribute_name"].is_null()) continue;
            ir::CompositeAttribute a;
            a.name = row["attribute_name"].as<std::string>();
            a.type = column_type(row, fmt::format("attribute {}.{}", ir::display_name(name), a.name));
            a.collation = optional_text(row["collation_name"]).value_or("");
            out_.database.composite_types.back().attributes.push_back(std::move(a));
        }
    }

    // Something the .schema language has no words for: reported, so that nothing is guessed.
    void not_described(const std::string& what, const std::string& property) {
        out_.unreadable.push_back(fmt::format("{}: {}, which the .schema language does not describe", what, property));
    }

    void read_tables() {
        std::vector<std::string> oids;
        for (const auto& row : query(catalog::tables)) {
            ir::QualifiedName name = table_name(row);
            if (name.schema == options_.history_schema && name.name == history_table_name) continue;
            oids.push_back(row["table_oid"].as<std::string>());
            ir::Table& t = tables_[name];
            table_by_oid_[oid_number(oids.back())] = &t;
            t.name = name;
            t.comment = optional_text(row["comment"]);
            t.unlogged = row["unlogged"].as<bool>();
            t.storage = storage_parameters(row["storage_parameters"]);
            t.row_level_security = row["row_level_security"].as<bool>();
            t.force_row_level_security = row["force_row_level_security"].as<bool>();
            read_partitioning(row, t);
            switch (row["replica_identity"].as<std::string>()[0]) {
                case 'f': t.replica_identity = ir::ReplicaIdentity::full; break;
                case 'n': t.replica_identity = ir::ReplicaIdentity::nothing; break;
                case 'i':
                    t.replica_identity = ir::ReplicaIdentity::index;
                    t.replica_identity_index = optional_text(row["replica_identity_index"]).value_or("");
                    break;
                default: break;
            }
        }
        table_oids_ = text_array_literal(oids);
        table_oid_list_ = std::move(oids);
    }

    // A partitioned table's key; a partition's parent and bound (PostgreSQL's text, which the
    // planner compares with the schema's by meaning).
    void read_partitioning(const CatalogRow& row, ir::Table& t) {
        if (auto key = optional_text(row["partition_key"])) {
            t.partition_by = read_partition_key_definition(*key);
            if (!t.partition_by) not_described("table " + ir::display_name(t.name), "partition key " + *key);
        }
        if (auto bound = optional_text(row["partition_bound"])) {
            t.partition_of = ir::QualifiedName{row["parent_schema"].as<std::string>(),
                                               row["parent_name"].as<std::string>()};
            t.partition_bound = *bound;
        }
        if (auto overrides = optional_text(row["partition_column_overrides"]))
            not_described("partition " + ir::display_name(t.name),
                          "its own NOT NULL or default on columns " + *overrides +
                              " (a partition's columns are its "
                              "parent's)");
    }

    // Views and materialized views, their output columns and options; a materialized view's
    // indexes come with the tables' (read_indexes).
    void read_views() {
        std::vector<std::string> oids;
        for (const auto& row : query(catalog::views)) {
            view_oids_.push_back(row["view_oid"].as<std::string>());
            ir::View& v = views_[{row["schema_name"].as<std::string>(), row["view_name"].as<std::string>()}];
            v.name = {row["schema_name"].as<std::string>(), row["view_name"].as<std::string>()};
            v.materialized = row["materialized"].as<bool>();
            v.query = view_query(row["definition"].as<std::string>());
            for (const auto& column : nlohmann::json::parse(row["columns"].c_str()))
                v.columns.push_back(ir::ViewColumn{
                    column["name"].get<std::string>(),
                    column["comment"].is_null() ? std::nullopt
                                                : std::optional<std::string>(column["comment"].get<std::string>()),
                    {}});
            v.options = storage_parameters(row["options"]);
            v.with_no_data = !row["populated"].as<bool>();
            v.comment = optional_text(row["comment"]);
            if (v.materialized) oids.push_back(row["view_oid"].as<std::string>());
        }
        materialized_view_oids_ = oids;
    }

    // pg_get_viewdef's text (` SELECT ...;`) in libpg_query's canonical form, as a .schema body is
    // stored; as PostgreSQL wrote it (trimmed) where the deparser would change its meaning.
    static std::string view_query(const std::string& definition) {
        std::size_t begin = definition.find_first_not_of(" \n\t");
        std::size_t end = definition.find_last_not_of(" \n\t;");
        std::string text = begin == std::string::npos ? std::string() : definition.substr(begin, end - begin + 1);
        return deparsed_if_faithful(text).value_or(text);
    }

    // The table a row of tables, columns, constraints or indexes is about.
    static ir::QualifiedName table_name(const CatalogRow& row) {
        return {row["schema_name"].as<std::string>(), row["table_name"].as<std::string>()};
    }
    ir::Table* table(const CatalogRow& row) {
        auto it = tables_.find(table_name(row));
        return it == tables_.end() ? nullptr : &it->second;
    }

    // What canonical text PostgreSQL's deparse has, for `what` ("default of column t.c").
    std::string canonical(const std::string& text, const std::string& what) {
        return canonical_expression(text, what, out_.unreadable);
    }
    // The same, `what` made only for a text that does not parse (60,000 columns name none).
    template <class What>
    std::string canonical_of(const std::string& text, const What& what) {
        const SqlExpression& e = analyze_sql_expression(text);
        return e.valid ? e.canonical : canonical(text, what());
    }

    ir::Type column_type(const CatalogRow& row, const std::string& column) {
        return column_type_of(row, [&] { return column; });
    }
    // `column()`: what the row describes ("column t.c"), asked only for a type schemac does not manage.
    template <class What>
    ir::Type column_type_of(const CatalogRow& row, const What& column) {
        std::string type_schema = row["type_schema"].as<std::string>(), type_name = row["type_name"].as<std::string>();
        ir::Type type;
        if (enum_names_.count({type_schema, type_name})) {
            type = ir::Type{type_schema, type_name, {}, 0};
        } else if (type_schema == "pg_catalog") {
            // A few built-in types make most columns: each spelling is resolved once.
            const pqxx::field formatted = row["formatted_type"];
            std::string_view spelling(formatted.c_str(), formatted.size());
            auto known = builtin_types_.find(spelling);
            if (known == builtin_types_.end())
                known = builtin_types_.emplace(std::string(spelling), builtin_type(std::string(spelling))).first;
            type = known->second;
        } else {
            // An extension's type (citext, geometry(Point,4326), vector(3), ...) by its own name.
            type = formatted_type(row["formatted_type"].as<std::string>());
            type.name = type_name;
            if (row["type_from_extension"].as<bool>()) type.schema = extension_type_schema(type_schema);
            // Folded as the parser folds them: `geometry(Polygon,4326)` is written `geometry(polygon,4326)`.
            std::vector<std::string> modifiers = type.modifiers;
            for (std::string& modifier : modifiers) modifier = identifier_value(modifier);
            type.modifiers = std::move(modifiers);
            if (!row["type_from_extension"].as<bool>())
                out_.unreadable.push_back(
                    fmt::format("{}: its type {} is {}, which schemac does not manage (only built-in, enum and "
                                "extension types)",
                                column(), ir::display_name({type_schema, type_name}),
                                type_kind(row["type_kind"].as<std::string>()[0])));
        }
        type.array_dimensions = row["array_dimensions"].as<int>();
        return type;
    }

    // An oid as the catalogs print it; 0 (no object's) for what is not one.
    static std::uint32_t oid_number(std::string_view text) {
        std::uint32_t oid = 0;
        auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), oid);
        return error == std::errc() && end == text.data() + text.size() ? oid : 0;
    }
    static std::uint32_t oid_number(const pqxx::field& f) { return oid_number(std::string_view(f.c_str(), f.size())); }

    // The managed table a row's `field` (an oid) names; null for another table.
    ir::Table* table_of(const pqxx::field& oid) { return table_of(oid_number(oid)); }
    ir::Table* table_of(std::uint32_t oid) {
        auto it = table_by_oid_.find(oid);
        return it == table_by_oid_.end() ? nullptr : it->second;
    }

    // The names of a table's columns listed by attnum (an array literal: `{2,1}`), as read_columns
    // read them; nullopt when it read no such column (a partition's, or a table's not managed).
    std::optional<std::vector<std::string>> column_names(const pqxx::field& table_oid, const pqxx::field& numbers) {
        auto names = column_names_.find(oid_number(table_oid));
        if (names == column_names_.end()) return std::nullopt;
        std::vector<std::string> out;
        std::string_view list = numbers.c_str();
        for (std::size_t at = list.find_first_of("0123456789"); at != std::string_view::npos;) {
            std::size_t end = list.find_first_not_of("0123456789", at);
            std::size_t attnum = std::stoul(std::string(list.substr(at, end - at)));
            if (attnum >= names->second.size() || names->second[attnum].empty()) return std::nullopt;
            out.push_back(names->second[attnum]);
            at = end == std::string_view::npos ? end : list.find_first_of("0123456789", end);
        }
        return out;
    }

    // Columns come in no particular order: each table's are put in attnum order.
    void read_columns() {
        // (table, attnum, index in columns): sorting these moves no column.
        std::vector<std::tuple<ir::Table*, int, std::size_t>> read;
        std::vector<ir::Column> columns;
        // A table's columns mostly come one after another: its look-ups are made once for them.
        std::uint32_t table_oid = 0;
        ir::Table* t = nullptr;
        std::vector<std::string>* names = nullptr;
        for (const auto& row : query_of_tables(catalog::columns)) {
            if (std::uint32_t oid = oid_number(row["table_oid"]); oid != table_oid || !t) {
                table_oid = oid;
                t = table_of(oid);
                names = t ? &column_names_[oid] : nullptr;
            }
            if (!t) continue;
            ir::Column c;
            c.name = row["column_name"].as<std::string>();
            auto where = [&] { return fmt::format("column {}.{}", ir::display_name(t->name), c.name); };
            c.type = column_type_of(row, where);
            c.not_null = row["not_null"].as<bool>();
            std::string identity = row["identity_kind"].as<std::string>();
            std::string generated = row["generated_kind"].as<std::string>();
            if (auto expression = optional_text(row["default_or_generated"])) {
                if (generated == "s")
                    c.rare.set().generated = canonical_of(*expression, [&] {
                        return "generated expression of " + where();
                    });
                else if (!is_serial_default(row, *expression, c.type))
                    c.default_value = canonical_of(*expression, [&] { return "default of " + where(); });
            }
            if (!identity.empty() && !row["identity_start"].is_null()) {
                c.rare.set().identity = ir::Identity{identity == "a" ? ir::IdentityKind::always
                                                                     : ir::IdentityKind::by_default,
                                                     sequence_options(row, c.type, "identity_")};
            }
            if (auto comment = optional_text(row["comment"])) c.rare.set().comment = std::move(*comment);
            c.collation = optional_text(row["collation"]).value_or("");
            if (int statistics = row["statistics"].as<int>(); statistics >= 0) c.rare.set().statistics = statistics;
            auto attnum = row["column_number"].as<std::size_t>();
            if (names->size() <= attnum) names->resize(attnum + 1);
            (*names)[attnum] = c.name;
            read.emplace_back(t, static_cast<int>(attnum), columns.size());
            columns.push_back(std::move(c));
        }
        std::sort(read.begin(), read.end(), [](const auto& a, const auto& b) {
            if (std::get<0>(a) != std::get<0>(b)) return std::less<const ir::Table*>()(std::get<0>(a), std::get<0>(b));
            return std::get<1>(a) < std::get<1>(b);
        });
        // Each table's columns are a run of `read`: its vector is sized once for them.
        for (std::size_t begin = 0, end = 0; begin < read.size(); begin = end) {
            ir::Table* table = std::get<0>(read[begin]);
            while (end < read.size() && std::get<0>(read[end]) == table) ++end;
            table->columns.reserve(table->columns.size() + (end - begin));
            for (std::size_t i = begin; i < end; ++i)
                table->columns.push_back(std::move(columns[std::get<2>(read[i])]));
        }
    }

    void read_constraints() {
        for (const auto& row : CatalogRows(side_read(&SideResults::constraints))) {
            ir::Table* t = table_of(row["table_oid"]);
            if (!t) continue;
            std::string name = row["constraint_name"].as<std::string>();
            char kind = row["kind"].as<std::string>()[0];
            std::vector<std::string> columns =
                row["columns"].is_null()
                    ? column_names(row["table_oid"], row["column_numbers"]).value_or(std::vector<std::string>())
                    : json_names(row["columns"]);
            auto what = [&] {
                return fmt::format("{} {} on {}",
                                   kind == 'p'   ? "primary key"
                                   : kind == 'u' ? "unique"
                                                 : "check",
                                   name, ir::display_name(t->name));
            };
            if (auto options = optional_text(row["index_storage_parameters"]))
                not_described(what(), fmt::format("its index has storage parameters ({})", *options));
            bool deferrable = row["deferrable"].as<bool>(), initially_deferred = row["initially_deferred"].as<bool>();
            if (kind == 'p') {
                t->primary_key = ir::PrimaryKey{name, columns, {}, {}, deferrable, initially_deferred};
            } else if (kind == 'u') {
                t->uniques.push_back(ir::Unique{
                    name, columns, row["nulls_not_distinct"].as<bool>(), {}, {}, deferrable, initially_deferred});
            } else if (kind == 'c') {
                ir::Check check;
                check.name = name;
                check.expression = canonical_of(row["check_expression"].as<std::string>(), [&] {
                    return fmt::format("check {} on {}", name, ir::display_name(t->name));
                });
                check.no_inherit = row["no_inherit"].as<bool>();
                check.not_valid = !row["validated"].as<bool>();
                t->checks.push_back(std::move(check));
            } else if (kind == 'f') {
                ir::ForeignKey fk;
                fk.name = name;
                fk.columns = columns;
                fk.referenced_table = {row["referenced_schema"].as<std::string>(),
                                       row["referenced_table"].as<std::string>()};
                fk.referenced_columns = row["referenced_columns"].is_null()
                                            ? column_names(row["referenced_table_oid"],
                                                           row["referenced_column_numbers"])
                                                  .value_or(std::vector<std::string>())
                                            : json_names(row["referenced_columns"]);
                fk.on_update = fk_action(row["on_update"].as<std::string>()[0]);
                fk.on_delete = fk_action(row["on_delete"].as<std::string>()[0]);
                fk.match_full = row["match_type"].as<std::string>() == "f";
                fk.deferrable = deferrable;
                fk.initially_deferred = initially_deferred;
                fk.not_valid = !row["validated"].as<bool>();
                t->foreign_keys.push_back(std::move(fk));
            }
        }
    }

    // The indexes of the managed tables and materialized views (they share pg_class's names), and
    // the exclusion constraints of the tables: read from their index, with their operators.
    void read_indexes() {
        for (const auto& row : CatalogRows(side_read(&SideResults::indexes))) {
            ir::Table* t = table(row);
            auto view = views_.find(table_name(row));
            std::vector<ir::Index>* indexes = t ? &t->indexes : view != views_.end() ? &view->second.indexes : nullptr;
            if (!indexes) continue;
            std::optional<std::string> exclusion = optional_text(row["exclusion_name"]);
            ir::Index index;
            index.name = exclusion.value_or(row["index_name"].as<std::string>());
            index.unique = row["is_unique"].as<bool>();
            index.method = row["method"].as<std::string>();
            int key_columns = row["key_columns"].as<int>();
            index.nulls_not_distinct = row["nulls_not_distinct"].as<bool>();
            // Made only for a text that does not parse.
            auto what = [&] {
                return fmt::format("{} {} on {}", exclusion ? "exclusion constraint" : "index", index.name,
                                   ir::display_name(table_name(row)));
            };
            index.storage = storage_parameters(row["storage_parameters"]);
            if (auto where = optional_text(row["predicate"]))
                index.where = canonical_of(*where, [&] { return "predicate of " + what(); });
            std::vector<std::string> operators;
            int k = 0;
            const JsonDocument elements(json_text(row["elements"]));
            for_each_element(elements.root(), [&](JsonValue element) {
                ++k;
                std::string column = json_member_text(element, "column").value_or("");
                if (k > key_columns) {
                    index.include.push_back(column);
                    return;
                }
                ir::IndexElement e;
                if (column.empty())
                    e.expression = canonical_of(json_member_string(element, "definition"), what);
                else
                    e.column = column;
                if (auto collation = json_member_text(element, "collation")) e.collation = std::move(*collation);
                if (auto opclass = json_member_text(element, "opclass")) e.opclass = std::move(*opclass);
                long long option = json_member_integer(element, "option");
                e.descending = option & 1;
                e.nulls_first = option & 2;
                operators.push_back(json_member_text(element, "operator").value_or(""));
                index.elements.push_back(std::move(e));
            });
            if (!exclusion) {
                indexes->push_back(std::move(index));
                continue;
            }
            if (!t) continue;
            ir::Exclusion x;
            x.name = index.name;
            x.method = index.method;
            x.include = index.include;
            x.where = index.where;
            x.storage = index.storage;
            x.deferrable = row["deferrable"].as<bool>();
            x.initially_deferred = row["initially_deferred"].as<bool>();
            for (std::size_t i = 0; i < index.elements.size(); ++i)
                x.elements.push_back(ir::ExclusionElement{index.elements[i], operators[i]});
            t->exclusions.push_back(std::move(x));
        }
    }

    // A serial column: an integer column whose default takes the next value of the sequence
    // it owns. It reads back as `serial` (`bigserial`, `smallserial`) without a default.
    // A column whose default takes the next value of the sequence `serial` makes for it: read as
    // serial, and its sequence is the column's (not listed as unmanaged).
    bool is_serial_default(const CatalogRow& row, const std::string& expression, ir::Type& type) {
        const pqxx::field sequence = row["serial_sequence"];
        if (sequence.is_null() || type.array_dimensions != 0 || !type.schema.empty()) return false;
        if (expression != fmt::format("nextval('{}'::regclass)", sequence.as<std::string>())) return false;
        if (type.name == "integer")
            type.name = "serial";
        else if (type.name == "bigint")
            type.name = "bigserial";
        else if (type.name == "smallint")
            type.name = "smallserial";
        else
            return false;
        serial_sequences_.insert(
            {row["serial_sequence_schema"].as<std::string>(), row["serial_sequence_name"].as<std::string>()});
        return true;
    }

    // A type of a schema's own that schemac does not manage: neither an enum nor the row type of a
    // managed table or view (a partitioned table's, a domain, a composite type), nor an extension's
    // type named with its extension's schema (`extensions.citext`).
    bool unmanaged_type(const ir::Type& type) const {
        ir::QualifiedName name{type.schema, type.name};
        return !type.schema.empty() && type.schema != "pg_catalog" && !enum_names_.count(name) &&
               !tables_.count(name) && !views_.count(name) && !is_extension_type(type);
    }

    // Functions and procedures; one whose arguments or result use a type schemac does not manage
    // stays unmanaged (a .schema file could not name that type), with the triggers that execute it.
    void read_functions() {
        for (ir::Function& f : runtime::read_functions(std::exchange(later_.functions, {}), out_.unreadable)) {
            std::vector<ir::Type> types;
            for (const ir::FunctionArgument& a : f.arguments) types.push_back(a.type);
            for (const ir::FunctionArgument& a : f.returns_table) types.push_back(a.type);
            if (f.returns) types.push_back(*f.returns);
            auto unmanaged = std::find_if(types.begin(), types.end(), [&](const ir::Type& t) {
                return unmanaged_type(t);
            });
            if (unmanaged == types.end()) {
                out_.database.functions.push_back(std::move(f));
                continue;
            }
            std::string signature = ir::function_signature(f);
            std::string prefix = f.name.schema == "public" ? "" : f.name.schema + ".";
            out_.unmanaged.push_back(
                UnmanagedObject{f.procedure ? "procedure" : "function", f.name.schema, signature.substr(prefix.size()),
                                fmt::format("uses type {}, which schemac does not manage",
                                            ir::display_name({unmanaged->schema, unmanaged->name}))});
            unmanaged_functions_.insert(f.name);
        }
    }

    // The triggers of the managed tables, views and materialized views, sorted by name as the IR keeps them.
    void read_triggers() {
        for (auto& [relation, trigger] : runtime::read_triggers(std::exchange(later_.triggers, {}), out_.unreadable)) {
            if (unmanaged_functions_.count(trigger.function) &&
                ir::functions_named(out_.database, trigger.function).empty()) {
                out_.unmanaged.push_back(
                    UnmanagedObject{"trigger", relation.schema, trigger.name,
                                    fmt::format("on {}, executes {}, which schemac does not manage", relation.name,
                                                ir::display_name(trigger.function))});
                continue;
            }
            auto table = tables_.find(relation);
            auto view = views_.find(relation);
            if (table != tables_.end())
                table->second.triggers.push_back(std::move(trigger));
            else if (view != views_.end())
                view->second.triggers.push_back(std::move(trigger));
        }
    }

    // Policies, the privileges on tables, views, columns, schemas and identity or serial
    // sequences, and default privileges (a function's privileges come with it: read_functions).
    void read_access() {
        for (auto& [name, policies] : read_policies(std::exchange(later_.policies, {}), out_.unreadable))
            if (auto it = tables_.find(name); it != tables_.end()) it->second.policies = std::move(policies);
        AccessGrants grants = read_grants(std::exchange(later_.grants, {}));
        for (auto& [name, list] : grants.relations) {
            if (auto t = tables_.find(name); t != tables_.end()) t->second.grants = std::move(list);
            if (auto v = views_.find(name); v != views_.end()) v->second.grants = std::move(list);
        }
        for (ir::Schema& s : out_.database.schemas)
            if (auto it = grants.schemas.find(s.name); it != grants.schemas.end()) s.grants = std::move(it->second);
        for (ir::SequenceGrants& g : grants.sequences) {
            if (ir::Sequence* free = const_cast<ir::Sequence*>(ir::find_sequence(out_.database, g.sequence)))
                free->grants = std::move(g.grants);
            else
                out_.database.sequence_grants.push_back(std::move(g));
        }
        out_.database.default_privileges = read_default_privileges(std::exchange(later_.default_privileges, {}));
    }

    // Free-standing sequences: every sequence of the managed schemas that is no identity's, no
    // extension's and not a column's read as serial. Sorted by name, as the query returns them.
    void read_sequences() {
        for (const auto& row : CatalogRows(tx_.exec_params(catalog::sequences, schemas_))) {
            ir::Sequence s;
            s.name = {row["schema_name"].as<std::string>(), row["sequence_name"].as<std::string>()};
            if (serial_sequences_.count(s.name)) continue;
            if (row["unlogged"].as<bool>()) continue;  // not describable: listed as unmanaged (unmanaged.sql)
            s.type.name = row["type_name"].as<std::string>();
            s.options = sequence_options(row, s.type, "sequence_");
            if (!row["owner_table"].is_null()) {
                s.owned_by_table = ir::QualifiedName{row["owner_schema"].as<std::string>(),
                                                     row["owner_table"].as<std::string>()};
                s.owned_by_column = row["owner_column"].as<std::string>();
            }
            s.comment = optional_text(row["comment"]);
            out_.database.sequences.push_back(std::move(s));
        }
    }

    void read_unmanaged() {
        for (const auto& row : CatalogRows(std::exchange(later_.unmanaged, {}))) {
            UnmanagedObject o{row["kind"].as<std::string>(), row["schema_name"].as<std::string>(),
                              row["object_name"].as<std::string>(), optional_text(row["detail"]).value_or("")};
            if (o.kind == "sequence" && (serial_sequences_.count(ir::QualifiedName{o.schema, o.name}) ||
                                         ir::find_sequence(out_.database, {o.schema, o.name})))
                continue;
            out_.unmanaged.push_back(std::move(o));
        }
    }

    pqxx::transaction_base& tx_;
    const IntrospectOptions& options_;
    const Session* session_;
    std::future<SideResults> side_;
    std::optional<SideResults> side_results_;
    // Declared after side_: destroyed first, so that a thread still waiting for it ends.
    std::shared_ptr<std::promise<SideInput>> side_input_;
    std::string schemas_;
    std::string table_oids_;  // the managed tables' oids as an array literal, once read_tables ran
    // Once run_later_queries ran; each result is taken by its one reader (std::exchange), so a
    // function's source text is not held to the end of the read.
    LaterResults later_;
    std::vector<std::string> table_oid_list_;
    std::vector<std::string> materialized_view_oids_;  // once read_views ran
    std::vector<std::string> view_oids_;               // every view's and materialized view's, once read_views ran
    std::map<ir::QualifiedName, ir::View> views_;
    Introspection out_;
    std::map<ir::QualifiedName, ir::Table> tables_;
    std::unordered_map<std::uint32_t, ir::Table*> table_by_oid_;  // the managed tables by oid, once read_tables ran
    // Each managed table's column names by attnum ("" for a dropped one), by the table's oid, once
    // read_columns ran.
    std::unordered_map<std::uint32_t, std::vector<std::string>> column_names_;
    std::set<ir::QualifiedName> enum_names_;
    std::map<std::string, ir::Type, std::less<>> builtin_types_;  // builtin_type of each formatted_type read
    std::set<ir::QualifiedName> serial_sequences_;                // the sequences of the columns read as serial
    std::set<ir::QualifiedName> unmanaged_functions_;             // functions left unmanaged for their types
};

}  // namespace

std::string describe(const UnmanagedObject& object) {
    std::string out = object.kind + " " + ir::display_name({object.schema, object.name});
    if (!object.detail.empty()) out += " " + object.detail;
    return out;
}

Introspection introspect(Session& session, const IntrospectOptions& options) {
    SnapshotTransaction tx(session.connection());
    return Reader(tx, options, &session).read();
}

std::vector<std::string> user_schemas(Session& session, const std::string& history_schema) {
    pqxx::read_transaction tx(session.connection());
    std::vector<std::string> out;
    for (const auto& row :
         CatalogRows(tx.exec_params(catalog::user_schemas, history_schema, std::string(history_table_name))))
        out.push_back(row["schema_name"].as<std::string>());
    return out;
}

std::vector<std::string> live_text_not_utf8(const Introspection& live) {
    if (live.text_is_utf8) return {};
    return ir_text_not_utf8(live.database);
}

Introspection introspect(pqxx::transaction_base& tx, const IntrospectOptions& options) {
    return Reader(tx, options).read();
}

}  // namespace schemac::runtime
