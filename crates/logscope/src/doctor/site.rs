//! The `HEAD` of the published dashboard's page that `doctor::site` judges, over ureq.

use std::time::Duration;

use doctor::site::{Head, Page};
use doctor::NoReply;
use ureq::ResponseExt;

/// A browser follows this many and more; a chain longer than this is a loop in all but name.
const MAX_REDIRECTS: u32 = 10;

/// Asks for `page` as a browser opening it would, following redirects.
pub fn head(page: &Page) -> Result<Head, NoReply> {
    let config = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(MAX_REDIRECTS)
        .timeout_connect(Some(Duration::from_secs(10)))
        .timeout_global(Some(Duration::from_secs(30)))
        .user_agent(concat!("logscope/", env!("CARGO_PKG_VERSION")))
        .tls_config(crate::trust::tls())
        .build();
    let agent = ureq::Agent::new_with_config(config);
    let response = agent
        .head(&page.url)
        .call()
        .map_err(super::checks::reason)?;
    let header = |name: &str| {
        let value = response.headers().get(name)?;
        Some(String::from_utf8_lossy(value.as_bytes()).into_owned())
    };
    Ok(Head {
        url: response.get_uri().to_string(),
        status: response.status().as_u16(),
        content_type: header("content-type"),
        content_disposition: header("content-disposition"),
    })
}
