# The layers of schemac, checked on every build: each room lists the rooms its files may
# include (quoted includes, by their path from the repository root), so that a lower layer
# never includes a higher one. Run as `cmake -DROOT=<checkout> -P cmake/check_layers.cmake`;
# it fails, naming each file, line and include that runs back up.
#
# From the bottom up:
#   grammar/            PEGTL rules of the .schema language (lexical.hpp: identifiers, numbers)
#   compiler/source/    source files, spans, diagnostics, suggestions, reading and writing files
#   compiler/ir/        the IR, its JSON, types, identifiers, storage-parameter values
#   compiler/sql/       SQL through PostgreSQL's parser: expressions, fingerprints, implicit
#                       names, alignment of a live IR, the written form of stored expressions
#   compiler/syntax/    the syntax tree, the parser, the formatter
#   compiler/lower/     syntax tree -> IR
#   compiler/checks/    semantic checks on the IR
#   compiler/writer/    the IR written back as .schema text
#   compiler/docs/      the IR as ER diagrams (Mermaid, DOT) and a static HTML site
#   compiler/compile.*  the driver: read, parse, lower, check
#   compiler/plan/      the planner and the SQL renderer: two IRs -> changes -> statements
#   compiler/migrations/ the migration directory, its statement splitter and checksums
#   runtime/            everything that talks to PostgreSQL
# tools/, tests/ and fuzz/ sit on top and may include anything.

if(NOT ROOT)
  message(FATAL_ERROR "check_layers.cmake: pass -DROOT=<the checkout to check>")
endif()

set(rooms
  grammar/
  compiler/source/
  compiler/ir/
  compiler/sql/
  compiler/syntax/
  compiler/lower/
  compiler/checks/
  compiler/writer/
  compiler/docs/
  compiler/compile.
  compiler/plan/
  compiler/migrations/
  runtime/)

set(below_grammar/ "")
set(below_compiler/source/ "")
set(below_compiler/ir/ compiler/source/ grammar/lexical.hpp grammar/accepts.hpp)
set(below_compiler/sql/ compiler/source/ compiler/ir/)
set(below_compiler/syntax/ compiler/source/ compiler/ir/ grammar/)
set(below_compiler/lower/ compiler/source/ compiler/ir/ compiler/sql/ compiler/syntax/)
set(below_compiler/checks/ compiler/source/ compiler/ir/ compiler/sql/)
set(below_compiler/writer/ compiler/source/ compiler/ir/ compiler/sql/ compiler/syntax/ grammar/)
set(below_compiler/docs/ compiler/source/ compiler/ir/)
set(below_compiler/compile. compiler/source/ compiler/ir/ compiler/syntax/ compiler/lower/ compiler/checks/)
set(below_compiler/plan/ compiler/source/ compiler/ir/ compiler/sql/)
set(below_compiler/migrations/ compiler/source/ compiler/ir/ compiler/sql/ compiler/plan/)
set(below_runtime/ compiler/source/ compiler/ir/ compiler/sql/ compiler/writer/ compiler/plan/ compiler/migrations/)

file(GLOB_RECURSE files RELATIVE ${ROOT} ${ROOT}/grammar/*.?pp ${ROOT}/compiler/*.?pp ${ROOT}/runtime/*.?pp)
list(SORT files)
set(problems 0)
foreach(file ${files})
  set(room "")
  foreach(candidate ${rooms})
    string(FIND "${file}" "${candidate}" at)
    if(at EQUAL 0)
      set(room ${candidate})
      break()
    endif()
  endforeach()
  if(room STREQUAL "")
    message(SEND_ERROR "${file}: error: not in a room of compiler/; "
                       "move it into the folder of its layer (cmake/check_layers.cmake lists them)")
    math(EXPR problems "${problems} + 1")
    continue()
  endif()
  set(allowed ${room} ${below_${room}})
  file(STRINGS ${ROOT}/${file} lines)
  set(line_number 0)
  foreach(line IN LISTS lines)
    math(EXPR line_number "${line_number} + 1")
    if(NOT line MATCHES "^[ \t]*#[ \t]*include[ \t]*\"([^\"]+)\"")
      continue()
    endif()
    set(included ${CMAKE_MATCH_1})
    set(fine FALSE)
    foreach(prefix ${allowed})
      string(FIND "${included}" "${prefix}" at)
      if(at EQUAL 0)
        set(fine TRUE)
        break()
      endif()
    endforeach()
    # A header of the same folder named without its path (the generated catalog queries).
    if(NOT fine AND NOT included MATCHES "/")
      set(fine TRUE)
    endif()
    if(NOT fine)
      list(JOIN allowed ", " allowed_text)
      message(SEND_ERROR "${file}:${line_number}: error: '${included}' runs back up the layers: "
                         "${room} may include only ${allowed_text}")
      math(EXPR problems "${problems} + 1")
    endif()
  endforeach()
endforeach()
if(problems GREATER 0)
  message(FATAL_ERROR "${problems} file(s) or include(s) break the layers (cmake/check_layers.cmake)")
endif()
