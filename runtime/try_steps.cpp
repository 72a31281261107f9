// Placeholder until generate --verify lands.
#include "runtime/try_steps.hpp"

namespace schemac::runtime {

std::vector<StepFailureReport> try_plan_steps(Session&, const plan::Plan&) { return {}; }

}  // namespace schemac::runtime
