#include "compiler/ir/storage_parameters.hpp"

#include <charconv>
#include <cstdint>
#include <limits>

#include "compiler/ir/identifiers.hpp"

namespace schemac {
namespace {

// A number written bare reads back as itself: `050` would be stored as 50, so it stays a string.
bool bare_number(const std::string& value) { return is_number(value) && stored_number(value) == value; }

}  // namespace

std::optional<std::vector<std::string_view>> known_storage_parameters(std::string_view relation) {
    // The autovacuum settings a table's TOAST table takes too, as toast.NAME.
    static const std::vector<std::string_view> vacuum = {
        "autovacuum_analyze_scale_factor",
        "autovacuum_analyze_threshold",
        "autovacuum_enabled",
        "autovacuum_freeze_max_age",
        "autovacuum_freeze_min_age",
        "autovacuum_freeze_table_age",
        "autovacuum_multixact_freeze_max_age",
        "autovacuum_multixact_freeze_min_age",
        "autovacuum_multixact_freeze_table_age",
        "autovacuum_vacuum_cost_delay",
        "autovacuum_vacuum_cost_limit",
        "autovacuum_vacuum_insert_scale_factor",
        "autovacuum_vacuum_insert_threshold",
        "autovacuum_vacuum_scale_factor",
        "autovacuum_vacuum_threshold",
        "log_autovacuum_min_duration",
        "vacuum_index_cleanup",
        "vacuum_truncate"};
    static const std::vector<std::string_view> table = [] {
        std::vector<std::string_view> out = vacuum;
        for (std::string_view own : {"fillfactor", "parallel_workers", "toast_tuple_target", "user_catalog_table"})
            out.push_back(own);
        static std::vector<std::string> toast;
        for (std::string_view name : vacuum)
            if (name != "autovacuum_analyze_scale_factor" && name != "autovacuum_analyze_threshold")
                toast.push_back("toast." + std::string(name));
        for (const std::string& name : toast) out.push_back(name);
        return out;
    }();
    if (relation == "table") return table;
    if (relation == "btree") return std::vector<std::string_view>{"deduplicate_items", "fillfactor"};
    if (relation == "hash" || relation == "spgist") return std::vector<std::string_view>{"fillfactor"};
    if (relation == "gist") return std::vector<std::string_view>{"buffering", "fillfactor"};
    if (relation == "gin") return std::vector<std::string_view>{"fastupdate", "gin_pending_list_limit"};
    if (relation == "brin") return std::vector<std::string_view>{"autosummarize", "pages_per_range"};
    return std::nullopt;
}

std::string stored_number(std::string_view written) {
    if (!written.empty() && written[0] == '+') written.remove_prefix(1);
    std::int64_t value = 0;
    auto [end, error] = std::from_chars(written.data(), written.data() + written.size(), value);
    // PostgreSQL reads an integer that fits in 32 bits as an integer and prints it back.
    if (error == std::errc{} && end == written.data() + written.size() &&
        value >= std::numeric_limits<std::int32_t>::min() && value <= std::numeric_limits<std::int32_t>::max())
        return std::to_string(value);
    return std::string(written);
}

std::string storage_value_sql(const std::string& value) { return bare_number(value) ? value : quote_literal(value); }

std::string storage_value_schema(const std::string& value) {
    bool word = is_bare_identifier(value) && identifier_value(value) == value;
    return bare_number(value) || word ? value : quote_literal(value);
}

}  // namespace schemac
