// Drift's words for domains and composite types: what the database has against what the snapshot
// expects, one line per step (`+ domain email: missing in the database`, `~ domain email: default
// none in the database, 'x' expected`). Renames keep the planner's title.
#pragma once

#include <string>

#include "compiler/plan/changes.hpp"

namespace schemac::runtime {

std::string user_type_drift(const plan::CreateDomain& c);
std::string user_type_drift(const plan::DropDomain& c);
std::string user_type_drift(const plan::SetDomainDefault& c);
std::string user_type_drift(const plan::SetDomainNotNull& c);
std::string user_type_drift(const plan::AddDomainCheck& c);
std::string user_type_drift(const plan::DropDomainCheck& c);
std::string user_type_drift(const plan::ValidateDomainCheck& c);
std::string user_type_drift(const plan::SetDomainComment& c);
std::string user_type_drift(const plan::RecreateDomain& c);
std::string user_type_drift(const plan::CreateCompositeType& c);
std::string user_type_drift(const plan::DropCompositeType& c);
std::string user_type_drift(const plan::AddAttribute& c);
std::string user_type_drift(const plan::DropAttribute& c);
std::string user_type_drift(const plan::AlterAttributeType& c);
std::string user_type_drift(const plan::SetCompositeTypeComment& c);

}  // namespace schemac::runtime
