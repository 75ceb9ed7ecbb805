//! Listing. A load lists the whole prefix flat, 1,000 keys a page, following
//! `NextContinuationToken`: one request per thousand objects, however many drawing folders
//! there are (s3s-fs walks the whole bucket for every listing, so a listing per folder costs
//! folders × objects). A refresh lists the folders with delimiter `/` ([`top`]), then each
//! folder after the last key already seen ([`after`]).

use s3_presign::ObjectEntry;
use s3_read::{Failed, Listing};
use session_log::KeyKind;

use super::request::Requester;
use crate::state::rows::Listed;

/// Every page of `prefix` with delimiter `/`: the folders under it, and the objects directly
/// in it.
pub async fn top(
    requester: &Requester,
    prefix: &str,
) -> Result<(Vec<String>, Vec<ObjectEntry>), Failed> {
    let (mut folders, mut objects) = (Vec::new(), Vec::new());
    let mut listing = Listing::new(prefix).delimiter("/");
    while let Some(page) = requester.read(&mut listing).await {
        let page = page?;
        folders.extend(page.common_prefixes);
        objects.extend(page.contents);
    }
    Ok((folders, objects))
}

/// Every page of keys under `prefix` (at any depth) after `start_after`, each handed to
/// `found` as it arrives. Stops early, without an error, when the load stops.
///
/// The pages are a chain of round trips, each token in the page before, so the request for
/// the next page goes out before `found` takes this one in: the wait hides that work
/// instead of adding to it.
pub async fn after(
    requester: &Requester,
    prefix: &str,
    start_after: Option<&str>,
    mut found: impl FnMut(Vec<ObjectEntry>),
) -> Result<(), Failed> {
    let mut listing = Listing::new(prefix);
    if let Some(key) = start_after {
        listing = listing.start_after(key);
    }
    if !requester.live() {
        return Ok(());
    }
    let mut page = requester.read(&mut listing).await;
    while let Some(read) = page {
        let contents = read?.contents;
        if !requester.live() {
            found(contents);
            break;
        }
        // `join!` polls in order: the next request is signed and sent, then this page is
        // taken in while it travels.
        let (next, ()) = futures::join!(requester.read(&mut listing), async { found(contents) });
        page = next;
    }
    Ok(())
}

/// The listed objects that are sessions, with their size and time; folder markers (`…/`)
/// are not fetched.
pub fn sessions(prefix: &str, objects: Vec<ObjectEntry>) -> Vec<Listed> {
    objects
        .into_iter()
        .filter_map(|object| match session_log::parse_key(prefix, &object.key) {
            KeyKind::Session(key) => Some(Listed {
                key,
                size: object.size,
                modified: object.last_modified,
                etag: object.etag,
            }),
            KeyKind::Folder | KeyKind::Own => None,
        })
        .collect()
}
