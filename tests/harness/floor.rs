//! The page's floor: what Chromium itself takes to GET every object of the
//! bucket from a page on the dashboard's origin, `lanes` fetches in flight, past the HTTP
//! cache as the dashboard's are, and `JSON.parse` each body: no Rust, no wasm, no cache of
//! ours. The keys are listed and the URLs presigned natively beforehand, so this is the
//! GETs alone: the part of the dashboard's cold load that the browser itself sets a floor
//! under, whatever the page does. [`one_after_another`] is the same for a listing's pages,
//! which cannot overlap: the floor under a warm load.

use fantoccini::Client;
use serde_json::{json, Value};

/// The floor's reading: `lanes` loops, each fetching the next URL and parsing its body, then
/// the milliseconds from the first request to the last body parsed, and how many were.
/// Runs on a page or in a worker alike.
const FETCH_AND_PARSE: &str = r#"
async function fetchAndParse(urls, lanes) {
  let next = 0, parsed = 0;
  const decoder = new TextDecoder();
  async function lane() {
    while (next < urls.length) {
      const response = await fetch(urls[next++], { cache: 'no-store' });
      if (!response.ok) throw new Error(`status ${response.status}`);
      const text = decoder.decode(await response.arrayBuffer());
      // The generated bucket holds broken objects on purpose, as real ones may.
      try { JSON.parse(text); } catch (_) {}
      parsed += 1;
    }
  }
  const started = performance.now();
  await Promise.all(Array.from({ length: lanes }, lane));
  return { ms: performance.now() - started, parsed };
}
"#;

/// Fetches every URL with `lanes` in flight and returns the seconds from the first request
/// to the last body parsed; panics unless every body was read. With `in_worker`, the fetches
/// and parsing run in a dedicated worker, leaving the page's main thread idle: the floor
/// under a page that reads off its main thread.
pub async fn fetch_and_parse(
    client: &Client,
    origin_page: &str,
    urls: &[String],
    lanes: usize,
    in_worker: bool,
) -> f64 {
    let on_main = format!("{FETCH_AND_PARSE}\nreturn fetchAndParse(...arguments);");
    let in_a_worker = format!(
        r#"
const source = {source} + "\nonmessage = ({{ data }}) => fetchAndParse(...data)\
  .then(postMessage, error => postMessage({{ error: String(error) }}));";
const worker = new Worker(URL.createObjectURL(new Blob([source], {{ type: 'text/javascript' }})));
return new Promise((resolve, reject) => {{
  worker.onmessage = ({{ data }}) => data.error ? reject(new Error(data.error)) : resolve(data);
  worker.onerror = (event) => reject(new Error(event.message));
  worker.postMessage([...arguments]);
}});
"#,
        source = json!(FETCH_AND_PARSE)
    );
    let script = if in_worker { &in_a_worker } else { &on_main };
    let answer = on_page(client, origin_page, script, vec![json!(urls), json!(lanes)]).await;
    assert_eq!(
        answer["parsed"].as_u64(),
        Some(urls.len() as u64),
        "the page's floor read fewer bodies than it was given: {answer}"
    );
    answer["ms"].as_f64().expect("the floor's time") / 1000.0
}

/// Seconds for Chromium to fetch `urls` one after another, each after the last one's body
/// came in, as a listing's pages must be (each page's token comes in the one before it).
pub async fn one_after_another(client: &Client, origin_page: &str, urls: &[String]) -> f64 {
    let script = r#"
const [urls] = arguments;
const started = performance.now();
for (const url of urls) {
  const response = await fetch(url, { cache: 'no-store' });
  if (!response.ok) throw new Error(`status ${response.status}`);
  await response.text();
}
return performance.now() - started;
"#;
    let answer = on_page(client, origin_page, script, vec![json!(urls)]).await;
    answer.as_f64().expect("the pages' time") / 1000.0
}

/// Seconds for Chromium to fetch every URL, `lanes` at once, reading each body as text: a
/// listing's pages that do not depend on each other, such as one page per folder.
pub async fn at_once(client: &Client, origin_page: &str, urls: &[String], lanes: usize) -> f64 {
    let script = r#"
const [urls, lanes] = arguments;
let next = 0;
async function lane() {
  while (next < urls.length) {
    const response = await fetch(urls[next++], { cache: 'no-store' });
    if (!response.ok) throw new Error(`status ${response.status}`);
    await response.text();
  }
}
const started = performance.now();
return Promise.all(Array.from({ length: lanes }, lane)).then(() => performance.now() - started);
"#;
    let answer = on_page(client, origin_page, script, vec![json!(urls), json!(lanes)]).await;
    answer.as_f64().expect("the pages' time") / 1000.0
}

/// Runs `script` with `args` on `origin_page`, so that its fetches go out as the dashboard's
/// do, from the site's origin.
async fn on_page(client: &Client, origin_page: &str, script: &str, args: Vec<Value>) -> Value {
    client
        .goto(origin_page)
        .await
        .unwrap_or_else(|e| panic!("opening {origin_page}: {e}"));
    client
        .execute(script, args)
        .await
        .unwrap_or_else(|e| panic!("the floor's script failed: {e}"))
}
