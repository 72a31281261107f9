// A catalog query's result whose fields are found by name once per result, not once per row:
// pqxx finds a field by name with a copy and a scan of the column names, which costs more than
// reading the field when a query returns 60,000 rows of 27 columns.
#pragma once

#include <cstddef>
#include <pqxx/pqxx>
#include <string_view>
#include <unordered_map>

namespace schemac::runtime {

class CatalogRow {
public:
    CatalogRow(pqxx::row row, const std::unordered_map<std::string_view, pqxx::row::size_type>& columns)
        : row_(std::move(row)), columns_(&columns) {}
    // The field of that name; throws (as pqxx does) when the query has no such column.
    pqxx::field operator[](std::string_view name) const;

private:
    pqxx::row row_;
    const std::unordered_map<std::string_view, pqxx::row::size_type>* columns_;
};

class CatalogRows {
public:
    explicit CatalogRows(pqxx::result result);

    class iterator {
    public:
        iterator(const CatalogRows* rows, std::size_t at) : rows_(rows), at_(at) {}
        CatalogRow operator*() const { return CatalogRow(rows_->result_[static_cast<int>(at_)], rows_->columns_); }
        iterator& operator++() {
            ++at_;
            return *this;
        }
        bool operator!=(const iterator& other) const { return at_ != other.at_; }

    private:
        const CatalogRows* rows_;
        std::size_t at_;
    };
    iterator begin() const { return {this, 0}; }
    iterator end() const { return {this, result_.size()}; }
    std::size_t size() const { return result_.size(); }

private:
    pqxx::result result_;
    std::unordered_map<std::string_view, pqxx::row::size_type> columns_;  // names point into result_
};

}  // namespace schemac::runtime
