// Starts the dashboard. This is what trunk's default loader does, moved out of an inline
// <script> into this file, so that the Content-Security-Policy can forbid inline scripts
// (script-src 'self', no 'unsafe-inline', no hash to keep in step with each build).
//
// trunk gives the glue and the wasm hashed names, and writes a preload link with an
// integrity digest for each into the head (Trunk.toml's pattern_script leaves out its own
// loader); the names are read from those links, so they never have to be known here. Module
// scripts run after the document is parsed, so both links are there by then. The import
// reuses the module its preload fetched and checked against its digest. The wasm is fetched
// with its digest too: wasm-bindgen's own fetch would carry none, and the browser would run
// a changed wasm whose preload it had refused.
const glue = document.querySelector('link[rel="modulepreload"][href$=".js"]');
const wasm = document.querySelector('link[rel="preload"][type="application/wasm"]');
if (!glue || !wasm) {
  throw new Error("index.html lacks the preload links trunk writes for the dashboard's files");
}
const bindings = await import(glue.href);
const request = new Request(wasm.href, { integrity: wasm.integrity });
const instance = await bindings.default({ module_or_path: request });
// As trunk's loader: `make bench` reads the instance's memory from this event.
dispatchEvent(new CustomEvent('TrunkApplicationStarted', { detail: { wasm: instance } }));
