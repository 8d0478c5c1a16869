# Warnings for the project's own targets, in one place.
add_library(leadplan_warnings INTERFACE)
target_compile_options(leadplan_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion -Wold-style-cast
  $<$<BOOL:${LEADPLAN_WERROR}>:-Werror>)
