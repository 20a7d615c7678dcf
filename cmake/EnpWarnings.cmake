# enp_set_warnings(target): the project's warning set, errors in CI (ENP_WERROR).
function(enp_set_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor
                                           -Wcast-align -Wformat=2 -Wlogical-op)
  if(ENP_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()

# enp_add_test(name [ONE_PROCESS] [POSTGRES] SOURCES... LIBS ...): one GoogleTest binary, its
# tests discovered by CTest. ONE_PROCESS: the binary is one CTest test instead, for binaries whose
# suites share an expensive server (a PostgreSQL cluster) that a process per test would restart.
# POSTGRES: also "<name>.on_postgresql", the whole binary once more with its databases on
# PostgreSQL (ENP_TEST_BACKEND=postgresql, tests/support/temp_database.h).
function(enp_add_test name)
  cmake_parse_arguments(ARG "ONE_PROCESS;POSTGRES" "" "SOURCES;LIBS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_LIBS} GTest::gtest GTest::gtest_main)
  target_compile_definitions(${name} PRIVATE ENP_TEST_DATA_DIR="${ENP_TEST_DATA_DIR}"
                                             ENP_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
                                             ENP_BINARY_DIR="${PROJECT_BINARY_DIR}")
  enp_set_warnings(${name})
  if(ARG_POSTGRES)
    # The same tests again on PostgreSQL (tests/support/temp_database.h): one process, so one
    # throw-away cluster for all of them.
    add_test(NAME ${name}.on_postgresql COMMAND ${name} --gtest_filter=-*RealMinute*)
    set_tests_properties(${name}.on_postgresql PROPERTIES TIMEOUT 600
                         ENVIRONMENT "ENP_TEST_BACKEND=postgresql")
  endif()
  if(ARG_ONE_PROCESS)
    add_test(NAME ${name} COMMAND ${name})
    set_tests_properties(${name} PROPERTIES TIMEOUT 300)
    return()
  endif()
  # Test names are "<binary>.<Suite>.<Test>": `ctest -R ews_` runs one folder's binaries.
  gtest_discover_tests(${name} TEST_PREFIX "${name}." DISCOVERY_TIMEOUT 30 PROPERTIES TIMEOUT 300)
endfunction()

# enp_add_library(name SOURCES... DEPS...): one folder of the daemon as a static library. DEPS
# are its direct dependencies (other folders' targets and external libraries), PUBLIC because
# the folders' headers include each other's: the build states the dependency graph.
function(enp_add_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_library(${name} STATIC ${ARG_SOURCES})
  target_include_directories(${name} PUBLIC ${PROJECT_SOURCE_DIR})
  target_link_libraries(${name} PUBLIC ${ARG_DEPS})
  enp_set_warnings(${name})
endfunction()
