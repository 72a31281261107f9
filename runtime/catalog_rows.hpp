// A catalog query's result whose fields are found by name once per result, not once per row:
// pqxx finds a field by name with a copy and a scan of the column names, which costs more than
// reading the field when a query returns 60,000 rows of 27 columns. A reader asks for a row's
// fields in the same order row after row: the column of each n-th question is remembered, and
// a question that matches it costs one comparison of the name (any other, a hash look-up).
#pragma once

#include <cstddef>
#include <pqxx/pqxx>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace schemac::runtime {

class CatalogRows;

class CatalogRow {
public:
    CatalogRow(pqxx::row row, const CatalogRows& rows) : row_(std::move(row)), rows_(&rows) {}
    // The field of that name; throws (as pqxx does) when the query has no such column.
    pqxx::field operator[](std::string_view name) const;

private:
    pqxx::row row_;
    const CatalogRows* rows_;
    mutable std::size_t asked_ = 0;  // how many fields were asked for so far
};

class CatalogRows {
public:
    explicit CatalogRows(pqxx::result result);

    class iterator {
    public:
        iterator(const CatalogRows* rows, std::size_t at) : rows_(rows), at_(at) {}
        CatalogRow operator*() const { return CatalogRow(rows_->result_[static_cast<int>(at_)], *rows_); }
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
    friend class CatalogRow;
    // The column named `name`, the `asked`-th field a row is asked for.
    pqxx::row::size_type column(std::string_view name, std::size_t asked) const;

    pqxx::result result_;
    std::unordered_map<std::string_view, pqxx::row::size_type> columns_;  // names point into result_
    // The name and column of each row's n-th question, as last asked.
    mutable std::vector<std::pair<std::string_view, pqxx::row::size_type>> asked_order_;
};

}  // namespace schemac::runtime
