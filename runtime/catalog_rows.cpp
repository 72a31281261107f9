#include "runtime/catalog_rows.hpp"

#include <stdexcept>
#include <string>

namespace schemac::runtime {

pqxx::field CatalogRow::operator[](std::string_view name) const { return row_[rows_->column(name, asked_++)]; }

pqxx::row::size_type CatalogRows::column(std::string_view name, std::size_t asked) const {
    if (asked < asked_order_.size() && asked_order_[asked].first == name) return asked_order_[asked].second;
    auto found = columns_.find(name);
    if (found == columns_.end()) throw pqxx::argument_error("Unknown column name: '" + std::string(name) + "'.");
    if (asked >= asked_order_.size()) asked_order_.resize(asked + 1);
    asked_order_[asked] = {found->first, found->second};
    return found->second;
}

CatalogRows::CatalogRows(pqxx::result result) : result_(std::move(result)) {
    for (pqxx::row::size_type column = 0; column < result_.columns(); ++column)
        columns_.emplace(result_.column_name(column), column);
}

}  // namespace schemac::runtime
