// A fixture of the layer test: the planner may not include the syntax tree or the grammar.
#include "compiler/plan/plan.hpp"
#include "compiler/syntax/syntax.hpp"
#include "grammar/schema_grammar.hpp"
