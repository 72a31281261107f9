// The names PostgreSQL gives to constraints and indexes declared without one, computed the
// way PostgreSQL does (makeObjectName, ChooseIndexColumnNames, ChooseConstraintName):
// `users_pkey`, `users_email_key`, `requests_user_id_fkey`, `requests_payload_idx`,
// `invoices_total_check`; parts truncated to fit 63 bytes; a number appended on collision.
#pragma once

#include <deque>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/ir/ir.hpp"
#include "compiler/ir/name_table.hpp"

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

// The names taken in one namespace (a schema's relations, or its constraints) while unnamed
// objects are named. A name added with `add` is only looked at (it must outlive the set: the
// IR's own, or the syntax tree's); a name chosen here is kept by the set. At 50,000 tables
// copying every name in cost 7 MiB at the compile's peak.
class TakenNames {
public:
    void reserve(std::size_t count) { names_.reserve(count); }
    void add(std::string_view name) { names_.insert(name, {}); }
    bool contains(std::string_view name) const { return names_.contains(name); }
    // Takes `name` when it is free (keeping a copy); false when it is taken.
    bool take(const std::string& name);

private:
    ir::NameSet names_;
    std::deque<std::string> kept_;
};

// The first of name, name1, name2... (label + number) that is not in `taken`. free_name leaves
// it free (the caller adds the place it stores it in); choose_name takes it, a copy kept by the set.
std::string free_name(std::string_view name1, std::string_view name2, std::string_view label, const TakenNames& taken);
std::string choose_name(std::string_view name1, std::string_view name2, std::string_view label, TakenNames& taken);

}  // namespace schemac
