# The layer check (cmake/check_layers.cmake) run on the fixture tree beside this file, which
# breaks the layers on purpose: it must fail, and name each include that runs back up, the
# stray file at the root of compiler/, and nothing that is allowed.
execute_process(
  COMMAND ${CMAKE_COMMAND} -DROOT=${CMAKE_CURRENT_LIST_DIR} -P ${CHECKER}
  RESULT_VARIABLE result
  OUTPUT_VARIABLE output
  ERROR_VARIABLE output)
string(REGEX REPLACE "[ \t\r\n]+" " " flat "${output}")
set(problems "")
if(result EQUAL 0)
  string(APPEND problems "the check passed a tree that breaks the layers\n")
endif()
foreach(expected
    "compiler/ir/reads_the_parser.hpp:5: error: 'compiler/syntax/parser.hpp' runs back up the layers"
    "compiler/plan/reads_the_syntax_tree.cpp:3: error: 'compiler/syntax/syntax.hpp' runs back up the layers"
    "compiler/plan/reads_the_syntax_tree.cpp:4: error: 'grammar/schema_grammar.hpp' runs back up the layers"
    "compiler/stray.cpp: error: not in a room of compiler/"
    "4 file(s) or include(s) break the layers")
  string(FIND "${flat}" "${expected}" at)
  if(at EQUAL -1)
    string(APPEND problems "missing: ${expected}\n")
  endif()
endforeach()
foreach(allowed "compiler/ir/ir.hpp' runs" "compiler/sql/fine.cpp")
  string(FIND "${flat}" "${allowed}" at)
  if(NOT at EQUAL -1)
    string(APPEND problems "refused what is allowed: ${allowed}\n")
  endif()
endforeach()
if(problems)
  message(FATAL_ERROR "${problems}--- the check said:\n${output}")
endif()
