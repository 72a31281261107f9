// A fixture of the layer test: the IR may not include the parser.
#pragma once

#include "compiler/ir/ir.hpp"
#include "compiler/syntax/parser.hpp"
