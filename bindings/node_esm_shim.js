// Emscripten 3.1.6's ES-module output still uses require/__dirname under Node; define them from
// import.meta.url there (harmless in browsers, where `process` is absent).
var require, __dirname, __filename;
if (typeof process === 'object' && process.versions && process.versions.node) {
  const { createRequire } = await import('node:module');
  const { dirname } = await import('node:path');
  const { fileURLToPath } = await import('node:url');
  require = createRequire(import.meta.url);
  __filename = fileURLToPath(import.meta.url);
  __dirname = dirname(__filename);
}
