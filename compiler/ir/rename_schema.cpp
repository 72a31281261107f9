#include "compiler/ir/rename_schema.hpp"

#include <algorithm>
#include <tuple>

#include "compiler/ir/identifiers.hpp"

namespace schemac::ir {
namespace {

class SchemaRenamer {
public:
    SchemaRenamer(std::string_view from, std::string_view to, const SqlRewrite& rewrite)
        : from_(from), to_(to), rewrite_(rewrite) {}

    void database(Database& db) {
        for (Schema& s : db.schemas) schema(s.name);
        for (Extension& e : db.extensions)
            if (e.schema) schema(*e.schema);
        for (Enum& e : db.enums) name(e.name);
        for (Sequence& s : db.sequences) sequence(s);
        for (Domain& d : db.domains) domain(d);
        for (CompositeType& c : db.composite_types) composite(c);
        for (RangeType& r : db.range_types) range(r);
        for (Table& t : db.tables) table(t);
        for (View& v : db.views) view(v);
        for (Function& f : db.functions) function(f);
        for (SequenceGrants& g : db.sequence_grants) name(g.sequence);
        for (DefaultPrivileges& d : db.default_privileges) schema(d.schema);
        sort_top_level(db);
    }

private:
    void schema(std::string& s) const {
        if (s == from_) s = to_;
    }
    void schema(RareString& s) const {
        if (s == from_) s = to_;
    }
    void name(QualifiedName& n) const { schema(n.schema); }
    void sql(std::string& text) const { text = rewrite_(text); }
    void sql(std::optional<std::string>& text) const {
        if (text) sql(*text);
    }
    void sql(OptionalBox<std::string>& text) const {
        if (text) sql(*text);
    }
    void sql(RareString& text) const {
        if (!text.empty()) text = rewrite_(text);
    }
    void type(Type& t) const { schema(t.schema); }
    // `schema.name` as the IR writes collations and operators outside pg_catalog.
    void prefixed(std::string& text) const {
        std::size_t length = identifier_length(text);
        if (length == 0 || length >= text.size() || text[length] != '.') return;
        if (identifier_value(text.substr(0, length)) != from_) return;
        text = quote_identifier(to_) + text.substr(length);
    }
    void prefixed(RareString& text) const {
        std::string plain = text;
        prefixed(plain);
        text = std::move(plain);
    }
    // `search_path` as PostgreSQL keeps it in proconfig: "public, pg_temp".
    void search_path(std::string& value) const {
        std::string out;
        std::size_t at = 0;
        while (at <= value.size()) {
            std::size_t comma = value.find(',', at);
            std::string item = value.substr(at, comma == std::string::npos ? std::string::npos : comma - at);
            std::size_t first = item.find_first_not_of(' '), last = item.find_last_not_of(' ');
            std::string trimmed = first == std::string::npos ? "" : item.substr(first, last - first + 1);
            if (!trimmed.empty() && is_identifier(trimmed) && identifier_value(trimmed) == from_)
                item = item.substr(0, first) + quote_identifier(to_) + item.substr(last + 1);
            out += (at == 0 ? "" : ",") + item;
            if (comma == std::string::npos) break;
            at = comma + 1;
        }
        value = out;
    }
    void element(IndexElement& e) const {
        sql(e.expression);
        prefixed(e.collation);
        prefixed(e.opclass);
    }
    void index(Index& i) const {
        for (IndexElement& e : i.elements) element(e);
        sql(i.where);
    }
    void trigger(Trigger& t) const {
        sql(t.when);
        if (t.from_table) name(*t.from_table);
        name(t.function);
    }
    void check(Check& c) const { sql(c.expression); }
    void sequence(Sequence& s) const {
        name(s.name);
        if (s.owned_by_table) name(*s.owned_by_table);
    }
    void domain(Domain& d) const {
        name(d.name);
        type(d.type);
        prefixed(d.collation);
        sql(d.default_value);
        for (Check& c : d.checks) check(c);
    }
    void composite(CompositeType& c) const {
        name(c.name);
        for (CompositeAttribute& a : c.attributes) {
            type(a.type);
            prefixed(a.collation);
        }
    }
    void range(RangeType& r) const {
        name(r.name);
        type(r.subtype);
        prefixed(r.subtype_opclass);
        prefixed(r.collation);
    }
    void column(Column& c) const {
        type(c.type);
        sql(c.default_value);
        if (c.generated()) sql(c.rare.set().generated);
        if (c.backfill()) sql(c.rare.set().backfill);
        if (c.using_expression()) sql(c.rare.set().using_expression);
        prefixed(c.collation);
    }
    void table(Table& t) const {
        name(t.name);
        for (Column& c : t.columns) column(c);
        for (Check& c : t.checks) check(c);
        for (ForeignKey& f : t.foreign_keys) name(f.referenced_table);
        for (Index& i : t.indexes) index(i);
        for (Trigger& g : t.triggers) trigger(g);
        for (Policy& p : t.policies) {
            sql(p.using_expression);
            sql(p.check_expression);
        }
        for (Exclusion& x : t.exclusions) {
            for (ExclusionElement& e : x.elements) {
                element(e.element);
                prefixed(e.operator_);
            }
            sql(x.where);
        }
        if (t.partition_by)
            for (IndexElement& e : t.partition_by->elements) element(e);
        if (t.partition_of) name(*t.partition_of);
    }
    void view(View& v) const {
        name(v.name);
        sql(v.query);
        for (Index& i : v.indexes) index(i);
        for (Trigger& g : v.triggers) trigger(g);
    }
    void argument(FunctionArgument& a) const {
        type(a.type);
        sql(a.default_value);
    }
    void function(Function& f) const {
        name(f.name);
        for (FunctionArgument& a : f.arguments) argument(a);
        for (FunctionArgument& a : f.returns_table) argument(a);
        if (f.returns) type(*f.returns);
        if (f.language == "sql" || f.language == "plpgsql") sql(f.body);
        sql(f.sql_body);
        if (auto path = f.settings.find("search_path"); path != f.settings.end()) search_path(path->second);
    }

    std::string from_, to_;
    const SqlRewrite& rewrite_;
};

}  // namespace

void rename_schema(Database& db, std::string_view from, std::string_view to, const SqlRewrite& rewrite_sql) {
    if (from == to) return;
    SchemaRenamer(from, to, rewrite_sql).database(db);
}

}  // namespace schemac::ir
