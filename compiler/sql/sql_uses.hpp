// What SQL touches, from its parse tree (libpg_query's JSON), whatever the statement's kind:
// the relations it names (every RangeVar: FROM, JOIN, INSERT INTO, UPDATE, DELETE FROM, ...;
// a CTE's name, where the WITH that declares it is in scope, is the query's own, not a
// relation) and the functions it calls (every FuncCall: `now()`, `billing.total(id)`, CALL's
// procedure, aggregates; `count(*)` has no arguments) and the types it names (every TypeName
// not in pg_catalog: casts, column definitions) and the sequences it names by text in nextval, currval
// and setval (`nextval('orders_id_seq')`: a regclass constant). Collected over several trees, each once.
// Where each relation is named is kept too (every mention, with the byte offset PostgreSQL's
// parser gives), for editors that go from a name in a query to its declaration.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "compiler/sql/function_body.hpp"

namespace schemac {

// A relation named in the text: byte offset of its first character (the schema's, when qualified).
struct RelationMention {
    std::optional<std::string> schema;
    std::string name;
    std::size_t offset = 0;
};

class SqlUses {
public:
    // A parse tree, or any part of one.
    void add_tree(const nlohmann::json& tree);
    void add_relation(std::optional<std::string> schema, std::string name);
    void add_type(std::optional<std::string> schema, std::string name);

    std::vector<RelationRead> relations() const;       // sorted by schema and name, no columns
    std::vector<FunctionCall> calls() const;           // sorted
    std::vector<TypeUse> types() const;                // sorted
    std::vector<ir::QualifiedName> sequences() const;  // sorted; unqualified ones in public
    // Every mention of a relation, in the order of the tree (a CTE's name is not one).
    const std::vector<RelationMention>& relation_mentions() const { return mentions_; }

private:
    void walk(const nlohmann::json& node, const std::vector<std::string>& ctes);
    void with_clause(const nlohmann::json& with, std::vector<std::string>& ctes);
    void range_var(const nlohmann::json& fields, const std::vector<std::string>& ctes);
    void func_call(const nlohmann::json& fields);

    std::set<std::pair<std::optional<std::string>, std::string>> relations_;
    std::set<FunctionCall> calls_;
    std::set<TypeUse> types_;
    std::set<ir::QualifiedName> sequences_;
    std::vector<RelationMention> mentions_;
};

}  // namespace schemac
