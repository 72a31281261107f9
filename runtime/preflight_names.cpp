#include "runtime/preflight_names.hpp"

#include <fmt/format.h>

#include "compiler/ir/identifiers.hpp"
#include "compiler/ir/types.hpp"

namespace schemac::runtime {
namespace {

using PreflightColumnKey = std::pair<ir::QualifiedName, std::string>;

// The value an existing row gets in a column ADD COLUMN adds; nullopt when not known ahead.
std::optional<std::string> added_column_value(const ir::Column& column) {
    if (column.identity() || column.generated() || is_serial_type(column.type)) return std::nullopt;
    return fmt::format("CAST({} AS {})", column.default_value ? "(" + *column.default_value + ")" : "NULL",
                       render_type(column.type));
}

// The entries of table `from` moved to table `to`.
template <class Value>
void move_table_keys(std::map<PreflightColumnKey, Value>& keys, const ir::QualifiedName& from,
                     const ir::QualifiedName& to) {
    std::map<PreflightColumnKey, Value> moved;
    for (auto it = keys.begin(); it != keys.end();) {
        if (it->first.first == from) {
            moved[{to, it->first.second}] = it->second;
            it = keys.erase(it);
        } else {
            ++it;
        }
    }
    keys.insert(moved.begin(), moved.end());
}

}  // namespace

std::optional<ir::QualifiedName> PreflightNames::live_table(const ir::QualifiedName& current) const {
    if (created_.count(current)) return std::nullopt;
    auto it = tables_.find(current);
    return it == tables_.end() ? current : it->second;
}

std::optional<std::string> PreflightNames::live_column(const ir::QualifiedName& table,
                                                       const std::string& current) const {
    if (added_.count({table, current})) return std::nullopt;
    auto it = columns_.find({table, current});
    return it == columns_.end() ? current : it->second;
}

std::optional<std::string> PreflightNames::visible_column(const ir::QualifiedName& table,
                                                          const std::string& current) const {
    auto it = added_.find({table, current});
    if (it == added_.end()) return live_column(table, current);
    return it->second ? std::optional<std::string>(current) : std::nullopt;
}

std::optional<std::vector<std::string>> PreflightNames::visible_columns(const ir::QualifiedName& table,
                                                                        const std::vector<std::string>& current) const {
    std::vector<std::string> out;
    for (const std::string& c : current) {
        std::optional<std::string> visible = visible_column(table, c);
        if (!visible) return std::nullopt;
        out.push_back(*visible);
    }
    return out;
}

std::vector<std::string> PreflightNames::view_columns(const ir::QualifiedName& table) const {
    std::vector<std::string> out;
    for (const auto& [key, live] : columns_)
        if (key.first == table && key.second != live)
            out.push_back(quote_identifier(live) + " AS " + quote_identifier(key.second));
    for (const auto& [key, value] : added_)
        if (key.first == table && value) out.push_back(*value + " AS " + quote_identifier(key.second));
    return out;
}

bool PreflightNames::backfilled(const ir::QualifiedName& table, const std::string& column) const {
    return backfilled_.count({table, column}) > 0;
}

bool PreflightNames::renamed_enum_value(const ir::QualifiedName& enumeration, const std::string& label) const {
    return renamed_values_.count({enumeration, label}) > 0;
}

void PreflightNames::after(const plan::Step& step) {
    plan::visit(plan::overloaded{
                    [&](const plan::CreateTable& c) { created_.insert(c.table->name); },
                    [&](const plan::CreateView& c) { created_.insert(c.view.name); },
                    [&](const plan::RenameTable& r) {
                        move_table(r.from, {r.from.schema, r.to});
                    },
                    [&](const plan::SetSchema& s) {
                        if (!s.type) move_table(s.from, {s.schema, s.from.name});
                    },
                    [&](const plan::AddColumn& a) {
                        added_[{a.table, a.column.name}] = added_column_value(a.column);
                    },
                    [&](const plan::RenameColumn& r) {
                        if (auto it = added_.find({r.table, r.from}); it != added_.end()) {
                            std::optional<std::string> value = it->second;
                            added_.erase(it);
                            added_[{r.table, r.to}] = value;
                            return;
                        }
                        std::string live = columns_.count({r.table, r.from}) ? columns_[{r.table, r.from}] : r.from;
                        columns_.erase({r.table, r.from});
                        columns_[{r.table, r.to}] = live;
                    },
                    [&](const plan::Backfill& b) {
                        backfilled_.insert({b.table, b.column});
                    },
                    [&](const plan::RenameEnumValue& r) {
                        renamed_values_.insert({r.enumeration, r.from});
                    },
                    [](const auto&) {},
                },
                step.change);
}

void PreflightNames::move_table(const ir::QualifiedName& from, const ir::QualifiedName& to) {
    if (created_.erase(from)) {
        created_.insert(to);
        return;
    }
    ir::QualifiedName live = tables_.count(from) ? tables_[from] : from;
    tables_.erase(from);
    tables_[to] = live;
    move_table_keys(columns_, from, to);
    move_table_keys(added_, from, to);
}

}  // namespace schemac::runtime
