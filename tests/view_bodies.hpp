// A batch of varied view bodies over a small schema, for the tests that create them as views
// on PostgreSQL and compare what it says of them (column names, pg_get_viewdef) with what the
// compiler works out from their text alone. Each body is a SELECT PostgreSQL 15 accepts as a view.
#pragma once

#include <string>
#include <vector>

#include "compiler/sql/select_reads.hpp"

namespace schemac::test {

// CREATE SCHEMA/TABLE statements for the relations the bodies read.
const std::string& view_tables_sql();

// The columns of those relations, as schemac would know them.
ColumnsOf view_tables_columns();

const std::vector<std::string>& view_bodies();

}  // namespace schemac::test
