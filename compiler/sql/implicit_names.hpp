// The names PostgreSQL gives to constraints and indexes declared without one, computed the
// way PostgreSQL does (makeObjectName, ChooseIndexColumnNames, ChooseConstraintName):
// `users_pkey`, `users_email_key`, `requests_user_id_fkey`, `requests_payload_idx`,
// `invoices_total_check`; parts truncated to fit 63 bytes; a number appended on collision.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "compiler/ir/ir.hpp"

namespace schemac {

// name1[_name2][_label], with name1 and name2 shortened (longer first) to fit 63 bytes.
std::string make_object_name(std::string_view name1, std::string_view name2, std::string_view label);

// Column names joined with '_' the way PostgreSQL builds a name's middle part.
std::string join_name_parts(const std::vector<std::string>& parts);

// Index column names: expressions are called "expr"; repeats get a number ("a", "a1").
std::vector<std::string> index_column_names(const std::vector<std::string>& columns_or_empty_for_expression);

// The middle part PostgreSQL puts in an unnamed check's name: the one column the expression
// uses, or nothing when it uses several (`invoices_total_check`, `invoices_check`).
std::string check_name_part(std::string_view expression);
// The middle part of an unnamed index's name: its key and INCLUDE columns, `expr` for expressions.
std::string index_name_part(const ir::Index& index);
// The same for an exclusion constraint (named `TABLE_PART_excl`, like its index).
std::string exclusion_name_part(const ir::Exclusion& exclusion);

// The sequence a serial or identity column makes: `orders_id_seq` of orders.id.
struct ImplicitSequence {
    const ir::Table* table;
    const ir::Column* column;
};
// Every serial and identity column's sequence in `db`, by name.
std::map<ir::QualifiedName, ImplicitSequence> implicit_sequences(const ir::Database& db);

// The first of name, name1, name2... (label + number) that is not in `taken`; adds it there.
std::string choose_name(std::string_view name1, std::string_view name2, std::string_view label,
                        std::unordered_set<std::string>& taken);

}  // namespace schemac
