# Installs the build into a scratch prefix and checks every promised file is there:
# the executable, the bash and zsh completions, the man page, the JSON Schema and the docs.
# Run by ctest: cmake -DBUILD_DIR=... -DPREFIX=... -P install_check.cmake
file(REMOVE_RECURSE "${PREFIX}")
execute_process(COMMAND "${CMAKE_COMMAND}" --install "${BUILD_DIR}" --prefix "${PREFIX}"
                RESULT_VARIABLE result OUTPUT_QUIET)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "cmake --install failed: ${result}")
endif()
foreach(path
    bin/leadplan
    share/bash-completion/completions/leadplan
    share/zsh/vendor-completions/_leadplan
    share/man/man1/leadplan.1
    share/leadplan/leadplan.schema.json
    share/doc/leadplan/README.md
    share/doc/leadplan/editors.md)
  if(NOT EXISTS "${PREFIX}/${path}")
    message(FATAL_ERROR "missing after install: ${path}")
  endif()
endforeach()
file(READ "${PREFIX}/share/bash-completion/completions/leadplan" bash)
if(NOT bash MATCHES "complete -F _leadplan leadplan")
  message(FATAL_ERROR "the bash completion does not register itself")
endif()
file(READ "${PREFIX}/share/leadplan/leadplan.schema.json" schema)
if(NOT schema MATCHES "\"\\$schema\": \"http://json-schema.org/draft-07/schema#\"")
  message(FATAL_ERROR "the installed JSON Schema is not a draft-07 schema")
endif()
message(STATUS "install layout: 9 passed, 0 failed")
