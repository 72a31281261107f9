#include "compiler/plan/changes.hpp"

#include <fmt/format.h>

#include <array>

namespace schemac::plan {

namespace {
// One name per alternative of Change, in the order of the variant.
constexpr std::array<std::string_view, 105> kind_names{
    "create_schema",
    "drop_schema",
    "set_schema_comment",
    "create_extension",
    "drop_extension",
    "alter_extension",
    "create_enum",
    "drop_enum",
    "rename_enum",
    "add_enum_value",
    "rename_enum_value",
    "recreate_enum",
    "create_table",
    "drop_table",
    "rename_table",
    "set_table_comment",
    "rename_sequence",
    "add_column",
    "drop_column",
    "rename_column",
    "alter_column_type",
    "set_column_default",
    "set_not_null",
    "drop_not_null",
    "backfill",
    "add_identity",
    "alter_identity",
    "drop_identity",
    "drop_expression",
    "create_serial_sequence",
    "alter_serial_sequence_type",
    "drop_serial_sequence",
    "set_column_comment",
    "add_constraint",
    "drop_constraint",
    "rename_constraint",
    "validate_constraint",
    "finish_not_null",
    "create_index",
    "drop_index",
    "rename_index",
    "set_storage_parameters",
    "set_logged",
    "backfill_trigger",
    "replace_index",
    "set_schema",
    "create_view",
    "drop_view",
    "replace_view",
    "rename_view",
    "set_view_options",
    "set_view_comment",
    "set_view_column_comment",
    "refresh_materialized_view",
    "create_function",
    "replace_function",
    "drop_function",
    "rename_function",
    "set_function_comment",
    "create_trigger",
    "replace_trigger",
    "drop_trigger",
    "rename_trigger",
    "set_trigger_comment",
    "set_default_around_function",
    "set_row_level_security",
    "set_force_row_level_security",
    "create_policy",
    "drop_policy",
    "rename_policy",
    "alter_policy",
    "set_policy_comment",
    "grant_privileges",
    "revoke_privileges",
    "grant_default_privileges",
    "revoke_default_privileges",
    "attach_partition",
    "detach_partition",
    "set_column_collation",
    "set_column_statistics",
    "set_replica_identity",
    "create_sequence",
    "drop_sequence",
    "alter_sequence",
    "set_sequence_owner",
    "set_sequence_comment",
    "create_domain",
    "drop_domain",
    "rename_domain",
    "set_domain_default",
    "set_domain_not_null",
    "add_domain_check",
    "drop_domain_check",
    "rename_domain_check",
    "validate_domain_check",
    "set_domain_comment",
    "recreate_domain",
    "create_composite_type",
    "drop_composite_type",
    "rename_composite_type",
    "add_attribute",
    "drop_attribute",
    "rename_attribute",
    "alter_attribute_type",
    "set_composite_type_comment",
};
static_assert(kind_names.size() == Change::size);
}  // namespace

std::string_view change_kind(const Change& change) { return kind_names[change.index()]; }

bool is_access_change(const Change& change) {
    return plan::visit(
        overloaded{
            [](const SetRowLevelSecurity&) { return true; },
            [](const SetForceRowLevelSecurity&) { return true; },
            [](const CreatePolicy&) { return true; },
            [](const DropPolicy&) { return true; },
            [](const RenamePolicy&) { return true; },
            [](const AlterPolicy&) { return true; },
            [](const SetPolicyComment&) { return true; },
            [](const GrantPrivileges&) { return true; },
            [](const RevokePrivileges&) { return true; },
            [](const GrantDefaultPrivileges&) { return true; },
            [](const RevokeDefaultPrivileges&) { return true; },
            [](const auto&) { return false; },
        },
        change);
}

std::vector<std::string_view> hazard_list(unsigned hazards) {
    std::vector<std::string_view> names;
    if (hazards & Hazard::data_loss) names.push_back("DATA LOSS");
    if (hazards & Hazard::table_rewrite) names.push_back("TABLE REWRITE");
    if (hazards & Hazard::index_build) names.push_back("INDEX BUILD");
    if (hazards & Hazard::full_table_update) names.push_back("FULL TABLE UPDATE");
    if (hazards & Hazard::validation_scan) names.push_back("VALIDATION SCAN");
    if (hazards & Hazard::view_refresh) names.push_back("MATERIALIZED VIEW REFRESH");
    if (hazards & Hazard::access_exclusive_lock) names.push_back("ACCESS EXCLUSIVE LOCK");
    return names;
}

std::string hazard_names(unsigned hazards) { return fmt::format("{}", fmt::join(hazard_list(hazards), ", ")); }

std::string_view phase_name(Phase phase) {
    switch (phase) {
        case Phase::enum_values: return "enum_values";
        case Phase::main: return "main";
        case Phase::backfill: return "backfill";
        case Phase::concurrent: return "concurrent";
        case Phase::validate: return "validate";
    }
    return "main";
}

}  // namespace schemac::plan
