#include "runtime/catalog_rows.hpp"

#include <stdexcept>
#include <string>

namespace schemac::runtime {

pqxx::field CatalogRow::operator[](std::string_view name) const {
    auto found = columns_->find(name);
    if (found == columns_->end()) throw pqxx::argument_error("Unknown column name: '" + std::string(name) + "'.");
    return row_[found->second];
}

CatalogRows::CatalogRows(pqxx::result result) : result_(std::move(result)) {
    for (pqxx::row::size_type column = 0; column < result_.columns(); ++column)
        columns_.emplace(result_.column_name(column), column);
}

}  // namespace schemac::runtime
