// The schema writer behind `schemac pull`: the IR written back as .schema files that compile
// to the same IR. Names PostgreSQL would choose itself are left out, single-column keys and
// references are written on their column, types take their short names (`timestamptz`,
// `varchar(20)`), and every file goes through the formatter, so the output is exactly what
// `schemac fmt` would write. The same inputs give the same bytes.
#pragma once

#include <string>
#include <vector>

#include "compiler/ir/ir.hpp"

namespace schemac {

enum class SchemaSplit {
    schema,  // one file per PostgreSQL schema: public.schema, billing.schema
    table,   // one file per table (users.schema, billing.invoices.schema), plus one per schema
             // for its declaration, enums and extensions where it has any
};

struct SchemaFile {
    std::string name;  // a file name, no directory
    std::string text;
};

std::vector<SchemaFile> write_schema_files(const ir::Database& db, SchemaSplit split);

// One declaration's line(s) in .schema syntax, as `pull` writes them and drift reports show
// them: `index users_by_name (lower(name))`, `check (amount >= 0)`.
std::string schema_type_text(const ir::Type& type, const std::string& in_schema);
std::string index_text(const ir::Index& index, const ir::Table& table);
std::string primary_key_text(const ir::PrimaryKey& key, const ir::Table& table);
std::string unique_text(const ir::Unique& unique, const ir::Table& table);
std::string check_text(const ir::Check& check, const ir::Table& table);
std::string foreign_key_text(const ir::ForeignKey& key, const ir::Table& table);
std::string exclusion_text(const ir::Exclusion& exclusion, const ir::Table& table);
std::string identity_text(const ir::Identity& identity);
std::string storage_text(const ir::StorageParameters& storage);  // with (fillfactor = 70)
std::string schema_string(const std::string& text);              // 'it''s'

}  // namespace schemac
