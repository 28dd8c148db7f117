# Native Google Benchmark of the vector index: tests/bench/native/index_bench.cpp -> index_bench.
# Benchmarks are not tests: never registered with ctest, and skipped where Google Benchmark is
# missing or under Emscripten (WebAssembly timings come from Node, see tests/bench/).
if(NOT EMSCRIPTEN)
  find_package(benchmark QUIET)
  if(benchmark_FOUND)
    add_executable(index_bench
      "${CMAKE_SOURCE_DIR}/tests/bench/native/index_bench.cpp"
      "${CMAKE_SOURCE_DIR}/tests/native/index/synthetic_data.cpp")
    target_include_directories(index_bench PRIVATE "${CMAKE_SOURCE_DIR}/tests/native/index")
    target_link_libraries(index_bench PRIVATE bertwasm_index benchmark::benchmark)
  endif()
endif()
