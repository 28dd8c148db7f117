# GoogleTest suites: tests/native/<folder>/*.cpp (tests and their helpers) -> <folder>_tests.
# Natively they link Debian's GoogleTest; under Emscripten GoogleTest is built from Debian's
# source package and the test binaries run under Node with the real file system (NODERAWFS),
# so the very same tests exercise the WebAssembly SIMD code.
if(EMSCRIPTEN)
  set(INSTALL_GTEST OFF CACHE BOOL "" FORCE)
  set(BUILD_GMOCK OFF CACHE BOOL "" FORCE)
  set(gtest_disable_pthreads ON CACHE BOOL "" FORCE)
  add_subdirectory(/usr/src/googletest "${CMAKE_BINARY_DIR}/googletest" EXCLUDE_FROM_ALL)
  set(BERTWASM_GTEST gtest gtest_main)
  # The test binaries are CommonJS; the repository's package.json says "type": "module".
  file(WRITE "${CMAKE_BINARY_DIR}/package.json" "{\"type\": \"commonjs\"}\n")
else()
  find_package(GTest REQUIRED)
  set(BERTWASM_GTEST GTest::gtest GTest::gtest_main)
endif()

add_library(bertwasm_test_support STATIC "${CMAKE_SOURCE_DIR}/tests/native/test_support.cpp")
target_include_directories(bertwasm_test_support PUBLIC "${CMAKE_SOURCE_DIR}/tests/native" "${CMAKE_SOURCE_DIR}/src")
target_link_libraries(bertwasm_test_support PUBLIC bertwasm_util ${BERTWASM_GTEST})
target_compile_definitions(bertwasm_test_support PRIVATE BERTWASM_SHARED_DIR="${BERTWASM_SHARED_DIR}")

function(bertwasm_tests name)
  file(GLOB srcs CONFIGURE_DEPENDS "${CMAKE_SOURCE_DIR}/tests/native/${name}/*.cpp")
  if(NOT srcs)
    return()
  endif()
  add_executable(${name}_tests ${srcs})
  target_link_libraries(${name}_tests PRIVATE bertwasm_${name} bertwasm_test_support ${ARGN})
  if(EMSCRIPTEN)
    target_link_options(${name}_tests PRIVATE -sNODERAWFS=1 -sSINGLE_FILE=1 -sENVIRONMENT=node -sTOTAL_STACK=1MB -sEXIT_RUNTIME=1)
    if(BERTWASM_THREADS)
      target_link_options(${name}_tests PRIVATE -sPTHREAD_POOL_SIZE=4 -sPROXY_TO_PTHREAD=1)
    endif()
  endif()
  add_test(NAME ${name} COMMAND ${name}_tests)
endfunction()

foreach(m util tokenizer formats quant kernels index api)
  bertwasm_tests(${m})
endforeach()
bertwasm_tests(model bertwasm_api)  # the model suites drive the encoder through the C++ API
