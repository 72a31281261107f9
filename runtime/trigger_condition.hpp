// The WHEN condition of a trigger, taken from pg_get_triggerdef's text. PostgreSQL writes that
// text itself (ruleutils): `CREATE [CONSTRAINT] TRIGGER name ... FOR EACH ROW WHEN (cond) EXECUTE
// FUNCTION f(args)`, where every name is a quoted or a lower-case identifier and every literal a
// single-quoted string; so the first WHEN keyword outside quotes starts the condition, and the
// parenthesis that closes the one after it (outside quotes) ends it.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace schemac::runtime {

// The condition inside `WHEN (...)`, as PostgreSQL deparsed it; nullopt when there is none (or the
// text is not in the form above).
std::optional<std::string> trigger_condition(std::string_view definition);

}  // namespace schemac::runtime
