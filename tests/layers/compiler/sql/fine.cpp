// A fixture of the layer test: SQL analysis may include the IR and the sources.
#include "compiler/ir/ir.hpp"
#include "compiler/source/source.hpp"
#include "compiler/sql/sql_expression.hpp"
