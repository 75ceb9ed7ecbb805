//! Headless Chromium driven over WebDriver (chromedriver + fantoccini).
//!
//! [`Browser::start`] launches `/usr/bin/chromedriver` on a free loopback
//! port, waits until it answers, and opens a session in headless Chromium
//! with a fresh, temporary profile. Call [`Browser::close`] at the end of a
//! test; if the test panics first, dropping the `Browser` still ends the
//! session (which quits Chromium) and kills chromedriver.
//!
//! Chromium and chromedriver come from Debian (`chromium`,
//! `chromium-driver`); `make test` installs them.

use std::fs::File;
use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{json, Map};
use tempfile::TempDir;

/// The browser binary (Debian package `chromium`).
pub const CHROMIUM: &str = "/usr/bin/chromium";
/// The WebDriver server (Debian package `chromium-driver`).
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// Flags for headless Chromium running as root in a container, with nothing
/// talking to the network behind the test's back.
pub const CHROMIUM_ARGS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--window-size=1200,900",
];

/// How long chromedriver gets to start answering.
const DRIVER_STARTUP: Duration = Duration::from_secs(15);
/// How many times chromedriver is started when it exits before answering.
const DRIVER_ATTEMPTS: u32 = 3;

/// An error starting the browser, with a message meant for a human.
#[derive(Debug)]
pub struct BrowserError(String);

impl std::fmt::Display for BrowserError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for BrowserError {}

/// What a test may change about the browser it starts; [`Options::default`] is what
/// [`Browser::start`] uses. Add fields here rather than new start functions.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Where downloads are saved, without asking (Chromium's `download.default_directory`).
    pub download_dir: Option<std::path::PathBuf>,
    /// Chromium flags added to [`CHROMIUM_ARGS`], e.g. `--lang=zh-CN`.
    pub args: Vec<String>,
    /// Profile preferences, e.g. `intl.accept_languages`.
    pub prefs: Map<String, serde_json::Value>,
    /// Keep the console and every network event for [`crate::logs`] to read.
    pub logs: bool,
    /// Scripts run in every document from the first one on, before the page's own.
    pub before_every_page: Vec<String>,
}

/// A WebDriver session in headless Chromium.
pub struct Browser {
    client: Option<Client>,
    session_id: Option<String>,
    driver: Child,
    driver_addr: SocketAddr,
    // Holds the Chromium profile and chromedriver's log; deleted on drop.
    scratch: TempDir,
}

impl Browser {
    /// Starts chromedriver and a headless Chromium session.
    pub async fn start() -> Result<Self, BrowserError> {
        Self::start_with(Options::default()).await
    }

    /// Starts chromedriver and a headless Chromium session set up as `options` say.
    pub async fn start_with(options: Options) -> Result<Self, BrowserError> {
        for (path, package) in [(CHROMIUM, "chromium"), (CHROMEDRIVER, "chromium-driver")] {
            if !Path::new(path).exists() {
                return Err(BrowserError(format!(
                    "{path} not found: the browser tests need Debian's {package} package \
                     (run `make test`, it installs them)"
                )));
            }
        }

        // The port chromedriver is given was free when picked, but until chromedriver binds
        // it a server started by a test on another thread of the same binary may take it;
        // chromedriver then exits at once, and another port is tried.
        let mut attempts = 0;
        let mut browser = loop {
            attempts += 1;
            let mut browser = Self::spawn_driver()?;
            match browser.wait_for_driver() {
                Ok(()) => break browser,
                Err(_) if attempts < DRIVER_ATTEMPTS && browser.driver_exited() => continue,
                Err(err) => return Err(err),
            }
        };
        let profile = browser.scratch.path().join("profile");

        let mut args: Vec<String> = CHROMIUM_ARGS.iter().map(|arg| arg.to_string()).collect();
        args.push(format!("--user-data-dir={}", profile.display()));
        args.extend(options.args.iter().cloned());
        let mut prefs = options.prefs.clone();
        if let Some(dir) = &options.download_dir {
            prefs.insert(
                "download.default_directory".to_owned(),
                json!(dir.display().to_string()),
            );
            prefs.insert("download.prompt_for_download".to_owned(), json!(false));
        }
        let mut chrome_options = json!({ "binary": CHROMIUM, "args": args });
        if !prefs.is_empty() {
            chrome_options["prefs"] = serde_json::Value::Object(prefs);
        }
        let mut capabilities = Map::new();
        capabilities.insert("goog:chromeOptions".to_owned(), chrome_options);
        if options.logs {
            capabilities.insert(
                "goog:loggingPrefs".to_owned(),
                json!({ "browser": "ALL", "performance": "ALL" }),
            );
        }

        let client = ClientBuilder::new(HttpConnector::new())
            .capabilities(capabilities)
            .connect(&format!("http://{}", browser.driver_addr))
            .await
            .map_err(|err| {
                BrowserError(format!(
                    "chromedriver could not start {CHROMIUM}: {err}\n{}",
                    browser.driver_log()
                ))
            })?;
        browser.session_id = client.session_id().await.ok().flatten();
        for source in &options.before_every_page {
            crate::cdp::before_every_page(&client, source).await;
        }
        browser.client = Some(client);
        Ok(browser)
    }

    /// Runs chromedriver on a free port, with no session yet.
    fn spawn_driver() -> Result<Self, BrowserError> {
        let scratch = tempfile::Builder::new()
            .prefix("logscope-browser-")
            .tempdir()
            .map_err(|err| BrowserError(format!("cannot create a temporary directory: {err}")))?;
        let log_path = scratch.path().join("chromedriver.log");

        let port =
            free_port().map_err(|err| BrowserError(format!("cannot find a free port: {err}")))?;
        let driver_addr = SocketAddr::from(([127, 0, 0, 1], port));
        let log = File::create(&log_path)
            .map_err(|err| BrowserError(format!("cannot create {}: {err}", log_path.display())))?;
        let log_err = log
            .try_clone()
            .map_err(|err| BrowserError(format!("cannot open {}: {err}", log_path.display())))?;
        let driver = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(log)
            .stderr(log_err)
            // Its own process group, so drop can also reap the Chromium it spawned.
            .process_group(0)
            .spawn()
            .map_err(|err| BrowserError(format!("cannot run {CHROMEDRIVER}: {err}")))?;

        Ok(Self {
            client: None,
            session_id: None,
            driver,
            driver_addr,
            scratch,
        })
    }

    /// Whether chromedriver has exited.
    fn driver_exited(&mut self) -> bool {
        matches!(self.driver.try_wait(), Ok(Some(_)))
    }

    /// The WebDriver client.
    pub fn client(&self) -> &Client {
        self.client
            .as_ref()
            .expect("the session is open until close()")
    }

    /// Ends the session (quitting Chromium) and stops chromedriver.
    pub async fn close(mut self) -> Result<(), fantoccini::error::CmdError> {
        let result = match self.client.take() {
            Some(client) => client.close().await,
            None => Ok(()),
        };
        if result.is_ok() {
            self.session_id = None;
        }
        result
        // Drop kills chromedriver.
    }

    /// The tail of chromedriver's log, for error messages.
    pub fn driver_log(&self) -> String {
        let path = self.scratch.path().join("chromedriver.log");
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        let tail: Vec<&str> = text.lines().rev().take(30).collect();
        let tail: Vec<&str> = tail.into_iter().rev().collect();
        format!(
            "--- chromedriver log ({}) ---\n{}",
            path.display(),
            tail.join("\n")
        )
    }

    fn wait_for_driver(&mut self) -> Result<(), BrowserError> {
        let deadline = Instant::now() + DRIVER_STARTUP;
        loop {
            if let Ok(Some(status)) = self.driver.try_wait() {
                return Err(BrowserError(format!(
                    "{CHROMEDRIVER} exited ({status}) before answering\n{}",
                    self.driver_log()
                )));
            }
            if let Ok(response) = http_request(self.driver_addr, "GET", "/status") {
                if response.starts_with("HTTP/1.1 200") {
                    return Ok(());
                }
            }
            if Instant::now() > deadline {
                return Err(BrowserError(format!(
                    "{CHROMEDRIVER} did not answer on {} within {DRIVER_STARTUP:?}\n{}",
                    self.driver_addr,
                    self.driver_log()
                )));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // If the test did not close() (it panicked), end the session with a
        // plain blocking request so chromedriver quits Chromium.
        if let Some(session_id) = self.session_id.take() {
            let _ = http_request(
                self.driver_addr,
                "DELETE",
                &format!("/session/{session_id}"),
            );
        }
        // Then stop chromedriver and anything left in its process group.
        let pgid = self.driver.id() as libc::pid_t;
        // SAFETY: kill(2) with a negative pid signals the process group we created.
        unsafe {
            libc::kill(-pgid, libc::SIGKILL);
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// A loopback port that was free a moment ago.
fn free_port() -> io::Result<u16> {
    Ok(TcpListener::bind(("127.0.0.1", 0))?.local_addr()?.port())
}

/// A minimal blocking HTTP/1.1 request without a body; returns the raw
/// response (head and body). chromedriver keeps connections alive whatever
/// the request says, so the body is read up to its `Content-Length`.
fn http_request(addr: SocketAddr, method: &str, path: &str) -> io::Result<String> {
    let timeout = Duration::from_secs(30);
    let mut stream = TcpStream::connect_timeout(&addr, Duration::from_secs(5))?;
    stream.set_read_timeout(Some(timeout))?;
    stream.set_write_timeout(Some(timeout))?;
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    )?;
    let mut response = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        let n = stream.read(&mut chunk)?;
        if n == 0 {
            break;
        }
        response.extend_from_slice(&chunk[..n]);
        if let Some(head_end) = find(&response, b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&response[..head_end]).to_ascii_lowercase();
            let length = head
                .lines()
                .find_map(|line| line.strip_prefix("content-length:"))
                .and_then(|value| value.trim().parse::<usize>().ok())
                .unwrap_or(0);
            if response.len() >= head_end + 4 + length {
                break;
            }
        }
    }
    Ok(String::from_utf8_lossy(&response).into_owned())
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}
