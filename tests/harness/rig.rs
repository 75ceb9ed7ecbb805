//! One dashboard in one browser against one seeded bucket: `dist/` served on loopback, the
//! bucket's S3 server allowing the site's origin, and the page open at the connect form.

use fantoccini::Client;
use local_s3::static_site::StaticServer;
use local_s3::LocalS3;

use crate::browser::{Browser, Options};
use crate::bucket::{form, origin, Seeded};
use crate::dashboard::{connect, dist_dir, finished_state, wait_for};

/// A site, a storage holding `objects`, and a browser started with `options`.
pub struct Rig {
    pub site: StaticServer,
    pub s3: LocalS3,
    pub browser: Browser,
    pub seeded: Seeded,
}

impl Rig {
    /// Serves everything and opens the page, ready to type the form.
    pub async fn start(objects: Vec<(String, Vec<u8>)>, options: Options) -> Self {
        let seeded = Seeded::new(objects);
        let site = StaticServer::start(dist_dir()).unwrap();
        let s3 = seeded.serve(&origin(&site));
        let browser = Browser::start_with(options)
            .await
            .unwrap_or_else(|err| panic!("{err}"));
        browser.client().goto(&site.url()).await.unwrap();
        wait_for(browser.client(), "[data-testid=connect]").await;
        Self {
            site,
            s3,
            browser,
            seeded,
        }
    }

    /// The browser's client.
    pub fn client(&self) -> &Client {
        self.browser.client()
    }

    /// Connects with the harness's form and waits for the load to finish.
    pub async fn connect(&self) {
        connect(self.client(), &form(&self.s3.endpoint())).await;
        assert_eq!(finished_state(self.client()).await, "done");
    }
}
