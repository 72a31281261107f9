// The names a plan's steps use, taken back to the database's names before any step runs: a step
// names a table or column as it is at the moment it runs, after the renames before it. A probe
// of the preflight scans the table as it is then: its renamed columns under their new names too,
// and the columns the plan adds with the value each existing row gets (its default, else NULL).
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "compiler/plan/changes.hpp"

namespace schemac::runtime {

class PreflightNames {
public:
    // The table as the database names it now; nullopt for one the plan creates (or a materialized
    // view: it does not exist before the migrations run, so there is nothing to probe).
    std::optional<ir::QualifiedName> live_table(const ir::QualifiedName& current) const;
    // The column as the database names it now; nullopt for one the plan adds.
    std::optional<std::string> live_column(const ir::QualifiedName& table, const std::string& current) const;
    // How a probe of the table names the column: as the database does, or, for one the plan adds,
    // as the scan adds it (view_columns); nullopt when its value is not known ahead (an identity,
    // a serial, a generated column).
    std::optional<std::string> visible_column(const ir::QualifiedName& table, const std::string& current) const;
    std::optional<std::vector<std::string>> visible_columns(const ir::QualifiedName& table,
                                                            const std::vector<std::string>& current) const;
    // What a scan of the table adds to its columns (`"mail" AS "email"`, `CAST(0 AS integer) AS
    // "rank"`), so that expressions written with the names of the moment read it.
    std::vector<std::string> view_columns(const ir::QualifiedName& table) const;
    // Whether a Backfill step for the column came before.
    bool backfilled(const ir::QualifiedName& table, const std::string& column) const;
    // Whether a RenameEnumValue step renamed the label away before.
    bool renamed_enum_value(const ir::QualifiedName& enumeration, const std::string& label) const;

    // What a step changes in the names of the steps after it.
    void after(const plan::Step& step);

private:
    using ColumnKey = std::pair<ir::QualifiedName, std::string>;
    void move_table(const ir::QualifiedName& from, const ir::QualifiedName& to);

    std::set<ir::QualifiedName> created_;
    std::map<ir::QualifiedName, ir::QualifiedName> tables_;  // current -> live
    std::map<ColumnKey, std::string> columns_;               // (current table, current column) -> live column
    std::map<ColumnKey, std::optional<std::string>> added_;  // -> the value of existing rows
    std::set<ColumnKey> backfilled_;
    std::set<std::pair<ir::QualifiedName, std::string>> renamed_values_;
};

}  // namespace schemac::runtime
