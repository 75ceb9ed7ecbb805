//! Listing. A load lists the whole prefix flat, 1,000 keys a page, following
//! `NextContinuationToken`: one request per thousand objects, however many drawing folders
//! there are (s3s-fs walks the whole bucket for every listing, so a listing per folder costs
//! folders × objects). A refresh lists the folders with delimiter `/` ([`top`]), then each
//! folder after the last key already seen ([`after`]).

use s3_presign::{ListObjectsV2Page, ObjectEntry, XmlError};
use session_log::KeyKind;

use super::request::{Failure, Requester, Target};
use crate::state::rows::Listed;

/// One page of keys under `prefix`.
async fn page(
    requester: &Requester,
    prefix: &str,
    delimiter: Option<&str>,
    token: Option<&str>,
    start_after: Option<&str>,
) -> Result<ListObjectsV2Page, Failure> {
    let body = requester
        .get(Target::List {
            prefix,
            delimiter,
            token,
            start_after,
        })
        .await?;
    // Some servers answer 200 with an error document.
    s3_presign::parse_list_objects_v2(&body).map_err(|error| match error {
        XmlError::ErrorDocument(e) => Failure::S3 {
            status: 200,
            code: e.code,
            message: e.message,
        },
        other => Failure::Unreadable(format!("not a listing: {other}")),
    })
}

/// The token of the page after `page`, or `None` after the last; a server that says more
/// follows without a new token would make us loop or stop short silently, so it is an error.
fn next_token(page: &ListObjectsV2Page, asked: Option<&str>) -> Result<Option<String>, Failure> {
    if !page.is_truncated {
        return Ok(None);
    }
    match page.next_continuation_token.as_deref() {
        Some(next) if Some(next) != asked => Ok(Some(next.to_owned())),
        _ => Err(Failure::Unreadable(
            "the server said more keys follow but gave no new continuation token".to_owned(),
        )),
    }
}

/// Every page of `prefix` with delimiter `/`: the folders under it, and the objects directly
/// in it.
pub async fn top(
    requester: &Requester,
    prefix: &str,
) -> Result<(Vec<String>, Vec<ObjectEntry>), Failure> {
    let (mut folders, mut objects) = (Vec::new(), Vec::new());
    let mut token: Option<String> = None;
    loop {
        let page = page(requester, prefix, Some("/"), token.as_deref(), None).await?;
        token = next_token(&page, token.as_deref())?;
        folders.extend(page.common_prefixes);
        objects.extend(page.contents);
        if token.is_none() {
            return Ok((folders, objects));
        }
    }
}

/// Every page of keys under `prefix` (at any depth) after `start_after`, each handed to
/// `found` as it arrives. Stops early, without an error, when the load stops.
pub async fn after(
    requester: &Requester,
    prefix: &str,
    start_after: Option<&str>,
    mut found: impl FnMut(Vec<ObjectEntry>),
) -> Result<(), Failure> {
    let mut token: Option<String> = None;
    while requester.live() {
        let page = page(requester, prefix, None, token.as_deref(), start_after).await?;
        token = next_token(&page, token.as_deref())?;
        found(page.contents);
        if token.is_none() {
            break;
        }
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
            KeyKind::Folder => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_truncated_page_must_give_a_new_token() {
        let last = ListObjectsV2Page::default();
        assert_eq!(next_token(&last, None), Ok(None));
        let more = ListObjectsV2Page {
            is_truncated: true,
            next_continuation_token: Some("t2".into()),
            ..ListObjectsV2Page::default()
        };
        assert_eq!(next_token(&more, Some("t1")), Ok(Some("t2".into())));
        assert!(next_token(&more, Some("t2")).is_err());
        let tokenless = ListObjectsV2Page {
            is_truncated: true,
            ..ListObjectsV2Page::default()
        };
        assert!(next_token(&tokenless, None).is_err());
    }
}
