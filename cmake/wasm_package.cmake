# The npm package's WebAssembly module: bindings/*.cpp (Embind) over bertwasm_api, as an ES
# module factory. Single-threaded build -> dist/bert-wasm.{js,wasm}; with BERTWASM_THREADS ->
# dist/bert-wasm-mt.{js,wasm,worker.js}.
file(GLOB binding_srcs CONFIGURE_DEPENDS "${CMAKE_SOURCE_DIR}/bindings/*.cpp")
if(BERTWASM_THREADS)
  set(module_name bert-wasm-mt)
else()
  set(module_name bert-wasm)
endif()
add_executable(bert_wasm_module ${binding_srcs})
set_target_properties(bert_wasm_module PROPERTIES OUTPUT_NAME ${module_name} SUFFIX ".js"
  RUNTIME_OUTPUT_DIRECTORY "${CMAKE_BINARY_DIR}/dist")
target_link_libraries(bert_wasm_module PRIVATE bertwasm_api)
target_link_options(bert_wasm_module PRIVATE
  --bind
  -sMODULARIZE=1 -sEXPORT_ES6=1 -sEXPORT_NAME=createBertWasm
  -sENVIRONMENT=web,worker,node
  -sFILESYSTEM=0 -sINITIAL_MEMORY=33554432
  -sEXPORTED_RUNTIME_METHODS=[]
  "--extern-pre-js=${CMAKE_SOURCE_DIR}/bindings/node_esm_shim.js")
if(BERTWASM_THREADS)
  # No -sPTHREAD_POOL_SIZE: the module starts with no workers (web/runtime.js starts them per
  # model), and pthread_create fails instead of waiting when none is idle.
  target_link_options(bert_wasm_module PRIVATE -sPTHREAD_POOL_SIZE_STRICT=2)
endif()
