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

// The storage the page will read, when a link (?endpoint=) or config.json names it, gets a
// connection now: its TCP and TLS handshakes, a round trip or two, then overlap the wasm's
// download and compiling instead of delaying the first listing. The dashboard reads both
// again itself; nothing here decides what it connects to. `anonymous` matches its fetches,
// which send no credentials to another origin.
function preconnect(endpoint) {
  try {
    const url = new URL(endpoint);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return;
    const link = document.createElement('link');
    link.rel = 'preconnect';
    link.href = url.origin;
    link.crossOrigin = 'anonymous';
    document.head.append(link);
  } catch (_) {
    // Not a URL: the form will say so.
  }
}
const linked = new URLSearchParams(location.search).get('endpoint');
if (linked) {
  preconnect(linked);
} else {
  fetch('config.json', { cache: 'no-cache' })
    .then((response) => (response.ok ? response.json() : null))
    .then((config) => typeof config?.endpoint === 'string' && preconnect(config.endpoint))
    .catch(() => {});
}

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
