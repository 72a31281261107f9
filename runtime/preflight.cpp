// Placeholder until the preflight lands.
#include "runtime/preflight.hpp"

namespace schemac::runtime {

PreflightReport run_preflight(Session&, const plan::Plan&, const PreflightOptions&) { return {}; }

}  // namespace schemac::runtime
