# Native Google Benchmark of the kernels: tests/bench/native/kernels_bench.cpp -> kernels_bench.
# Not a test: never registered with ctest; skipped under Emscripten or without Google Benchmark.
if(NOT EMSCRIPTEN)
  find_package(benchmark QUIET)
  if(benchmark_FOUND)
    add_executable(kernels_bench "${CMAKE_SOURCE_DIR}/tests/bench/native/kernels_bench.cpp")
    target_link_libraries(kernels_bench PRIVATE bertwasm_kernels benchmark::benchmark)
  endif()
endif()
