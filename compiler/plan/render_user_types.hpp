// The SQL of domain and composite type changes: one overload per change kind, each a pure
// function to its statements (render_statements calls them). Names through quote_identifier,
// strings through quote_literal.
#pragma once

#include <string>
#include <vector>

#include "compiler/plan/changes.hpp"

namespace schemac::plan {

std::vector<std::string> user_type_sql(const CreateDomain& c);
std::vector<std::string> user_type_sql(const DropDomain& c);
std::vector<std::string> user_type_sql(const RenameDomain& c);
std::vector<std::string> user_type_sql(const SetDomainDefault& c);
std::vector<std::string> user_type_sql(const SetDomainNotNull& c);
std::vector<std::string> user_type_sql(const AddDomainCheck& c);
std::vector<std::string> user_type_sql(const DropDomainCheck& c);
std::vector<std::string> user_type_sql(const RenameDomainCheck& c);
std::vector<std::string> user_type_sql(const ValidateDomainCheck& c);
std::vector<std::string> user_type_sql(const SetDomainComment& c);
std::vector<std::string> user_type_sql(const RecreateDomain& c);
std::vector<std::string> user_type_sql(const CreateCompositeType& c);
std::vector<std::string> user_type_sql(const DropCompositeType& c);
std::vector<std::string> user_type_sql(const RenameCompositeType& c);
std::vector<std::string> user_type_sql(const AddAttribute& c);
std::vector<std::string> user_type_sql(const DropAttribute& c);
std::vector<std::string> user_type_sql(const RenameAttribute& c);
std::vector<std::string> user_type_sql(const AlterAttributeType& c);
std::vector<std::string> user_type_sql(const SetCompositeTypeComment& c);

// ` COLLATE "C"`, ` COLLATE "public"."ci"`; empty for the type's default collation.
std::string collate_clause(const std::string& collation);

}  // namespace schemac::plan
