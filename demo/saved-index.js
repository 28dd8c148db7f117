// The index kept in this browser (IndexedDB 'bert-wasm-demo', store 'indexes'): one index file
// (index-file.js) per model, keyed by the model's fingerprint, so a reload does not re-embed.
// Storage can be unavailable (private windows, full disks): then every call rejects, and the
// page says so and carries on.
const DB = 'bert-wasm-demo';
const STORE = 'indexes';

function open() {
  return new Promise((resolve, reject) => {
    if (typeof indexedDB === 'undefined') return reject(new Error('IndexedDB is not available in this browser'));
    const request = indexedDB.open(DB, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function run(mode, use) {
  const db = await open();
  try {
    return await new Promise((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const request = use(tx.objectStore(STORE));
      tx.oncomplete = () => resolve(request.result);
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
    });
  } finally {
    db.close();
  }
}

/** { bytes: Uint8Array, saved: number } or undefined. */
export const loadSaved = (key) => run('readonly', (store) => store.get(key));

export const saveIndex = (key, bytes) => run('readwrite', (store) => store.put({ bytes, saved: Date.now() }, key));

export const forgetSaved = (key) => run('readwrite', (store) => store.delete(key));
