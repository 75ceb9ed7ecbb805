//! [`Store`]: s3s-fs with the gaps that matter to an S3 client closed.
//!
//! s3s-fs alone, as of 0.14.1: echoes `encoding-type=url` in a listing without
//! encoding the keys; lists objects without ETag; resolves keys as file paths,
//! so `a//b` reads `a/b`, `../other/k` reads another bucket, a leading `/` is a
//! 500; answers `NoSuchKey` for an object in a missing bucket; and creates a
//! missing bucket on PUT. [`Store`] delegates every operation s3s-fs has and
//! fixes those, as AWS behaves, except ListObjectsV2, which it answers itself from
//! [`crate::listing`]. Every other operation answers `NotImplemented`.

use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use s3s::dto::*;
use s3s::{s3_error, S3Request, S3Response, S3Result, S3};

use crate::listing::{self, Folders, Item};

pub(crate) struct Store {
    fs: s3s_fs::FileSystem,
    /// Canonical root folder, as s3s-fs uses it.
    root: PathBuf,
    /// What listings have read of the buckets' folders.
    folders: Arc<Folders>,
}

impl Store {
    pub(crate) fn new(root: &Path) -> Result<Self, String> {
        let root = root.canonicalize().map_err(|e| e.to_string())?;
        let fs = s3s_fs::FileSystem::new(&root).map_err(|e| format!("{e:?}"))?;
        Ok(Self {
            fs,
            root,
            folders: Arc::default(),
        })
    }

    /// One ListObjectsV2 page, walked by [`listing`] rather than by s3s-fs (which walks the
    /// whole bucket for every page), and answered as s3s-fs answers.
    async fn list_page(&self, input: ListObjectsV2Input) -> S3Result<ListObjectsV2Output> {
        self.require_bucket(&input.bucket)?;
        let bucket_root = self.root.join(&input.bucket);
        let folders = Arc::clone(&self.folders);
        let max_keys = input
            .max_keys
            .map_or(listing::MAX_KEYS, |n| usize::try_from(n).unwrap_or(0));
        let after = match (input.start_after.clone(), input.continuation_token.clone()) {
            (Some(start), Some(token)) => Some(start.max(token)),
            (start, token) => start.or(token),
        };
        let (prefix, delimiter) = (input.prefix.clone(), input.delimiter.clone());
        let (page, objects) = tokio::task::spawn_blocking(move || {
            let request = listing::Request {
                prefix: prefix.as_deref().unwrap_or(""),
                delimiter: delimiter.as_deref(),
                after: after.as_deref(),
                max_keys,
            };
            let page = folders.page(&bucket_root, &request)?;
            let objects = page
                .items
                .iter()
                .filter_map(|item| match item {
                    Item::Key(key) => object_at(&bucket_root, key).transpose(),
                    Item::Folder(_) => None,
                })
                .collect::<io::Result<Vec<Object>>>()?;
            Ok::<_, io::Error>((page, objects))
        })
        .await
        .map_err(|e| s3_error!(e, InternalError))?
        .map_err(|e| s3_error!(e, InternalError))?;
        let next_continuation_token = page
            .truncated
            .then(|| page.items.last().map(|item| item.name().to_owned()))
            .flatten();
        let common_prefixes: Vec<CommonPrefix> = page
            .items
            .into_iter()
            .filter_map(|item| match item {
                Item::Folder(prefix) => Some(CommonPrefix {
                    prefix: Some(prefix),
                }),
                Item::Key(_) => None,
            })
            .collect();
        Ok(ListObjectsV2Output {
            key_count: Some(i32::try_from(objects.len() + common_prefixes.len()).unwrap_or(0)),
            max_keys: Some(input.max_keys.unwrap_or(1000)),
            is_truncated: Some(page.truncated),
            contents: (!objects.is_empty()).then_some(objects),
            common_prefixes: (!common_prefixes.is_empty()).then_some(common_prefixes),
            continuation_token: input.continuation_token,
            next_continuation_token,
            delimiter: input.delimiter,
            encoding_type: input.encoding_type,
            name: Some(input.bucket),
            prefix: input.prefix,
            start_after: input.start_after,
            ..Default::default()
        })
    }

    /// s3s has validated the bucket name (no `/`, no `..`), so the join stays under root.
    fn require_bucket(&self, bucket: &str) -> S3Result<()> {
        if self.root.join(bucket).is_dir() {
            Ok(())
        } else {
            Err(s3_error!(
                NoSuchBucket,
                "The specified bucket does not exist"
            ))
        }
    }

    /// For reads: a key that cannot be a file here is a key that does not exist.
    fn readable(&self, bucket: &str, key: &str) -> S3Result<()> {
        self.require_bucket(bucket)?;
        if crate::key_fits_fs(key) {
            Ok(())
        } else {
            Err(s3_error!(NoSuchKey, "The specified key does not exist."))
        }
    }

    /// For writes: refuse keys that s3s-fs would store under another name or elsewhere.
    fn writable(&self, bucket: &str, key: &str) -> S3Result<()> {
        self.require_bucket(bucket)?;
        if crate::key_fits_fs(key) {
            Ok(())
        } else {
            Err(s3_error!(
                InvalidArgument,
                "local-s3 cannot store this key as a file (empty, `.` or `..` segment, leading or trailing `/`, or NUL)"
            ))
        }
    }

    fn copy_source_readable(&self, source: &CopySource) -> S3Result<()> {
        match source {
            CopySource::Bucket { bucket, key, .. } => self.readable(bucket, key),
            _ => Err(s3_error!(
                NotImplemented,
                "copy sources other than bucket/key are not supported"
            )),
        }
    }

    /// Fills each object's ETag (from s3s-fs's record of it, else the MD5 of the file)
    /// and storage class, as AWS lists them.
    async fn complete_objects(&self, bucket: &str, objects: &mut [Object]) -> S3Result<()> {
        let root = self.root.clone();
        let bucket = bucket.to_owned();
        let keys: Vec<Option<String>> = objects
            .iter()
            .map(|o| o.e_tag.is_none().then(|| o.key.clone()).flatten())
            .collect();
        let etags = tokio::task::spawn_blocking(move || {
            keys.iter()
                .map(|key| {
                    key.as_deref()
                        .map(|key| etag_of(&root, &bucket, key))
                        .transpose()
                })
                .collect::<io::Result<Vec<Option<String>>>>()
        })
        .await
        .map_err(|e| s3_error!(e, InternalError))?
        .map_err(|e| s3_error!(e, InternalError))?;
        for (object, etag) in objects.iter_mut().zip(etags) {
            if let Some(etag) = etag {
                object.e_tag = Some(ETag::Strong(etag));
            }
            if object.storage_class.is_none() {
                object.storage_class = Some(ObjectStorageClass::from_static(
                    ObjectStorageClass::STANDARD,
                ));
            }
        }
        Ok(())
    }
}

/// The object `key` as a listing shows it (size and time; the ETag is filled in after), or
/// `None` when it went between the folder's read and now.
fn object_at(bucket_root: &Path, key: &str) -> io::Result<Option<Object>> {
    match std::fs::metadata(bucket_root.join(key)) {
        Ok(meta) => Ok(Some(Object {
            key: Some(key.to_owned()),
            last_modified: Some(Timestamp::from(meta.modified()?)),
            size: Some(i64::try_from(meta.len()).map_err(io::Error::other)?),
            ..Default::default()
        })),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

/// The object's ETag without quotes: what s3s-fs recorded, else the file's MD5.
pub(crate) fn etag_of(root: &Path, bucket: &str, key: &str) -> io::Result<String> {
    let sidecar = root.join(crate::sidecar_name(bucket, key, ".internal.json"));
    if let Ok(bytes) = std::fs::read(&sidecar) {
        if let Ok(serde_json::Value::Object(info)) = serde_json::from_slice(&bytes) {
            if let Some(serde_json::Value::String(etag)) = info.get("e_tag") {
                return Ok(etag.clone());
            }
        }
    }
    let mut file = std::fs::File::open(root.join(bucket).join(key))?;
    md5_hex(&mut file)
}

pub(crate) fn md5_hex(reader: &mut impl Read) -> io::Result<String> {
    use s3s::crypto::{Checksum, Md5};
    let mut md5 = Md5::new();
    let mut buf = vec![0; 64 * 1024];
    loop {
        let n = reader.read(&mut buf)?;
        if n == 0 {
            break;
        }
        md5.update(&buf[..n]);
    }
    Ok(md5.finalize().iter().map(|b| format!("{b:02x}")).collect())
}

fn wants_url_encoding(encoding: Option<&EncodingType>) -> bool {
    encoding.is_some_and(|e| e.as_str() == EncodingType::URL)
}

/// The encoding AWS (and MinIO) apply to keys under `encoding-type=url`: like a
/// form value (space is `+`), but `/` and `*` stay as they are.
pub(crate) fn s3_url_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for &byte in text.as_bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'/' | b'*' => {
                out.push(char::from(byte))
            }
            b' ' => out.push('+'),
            _ => {
                const HEX: &[u8; 16] = b"0123456789ABCDEF";
                out.push('%');
                out.push(char::from(HEX[usize::from(byte >> 4)]));
                out.push(char::from(HEX[usize::from(byte & 15)]));
            }
        }
    }
    out
}

fn encode_opt(value: &mut Option<String>) {
    if let Some(v) = value {
        *v = s3_url_encode(v);
    }
}

fn encode_listing(contents: Option<&mut Vec<Object>>, prefixes: Option<&mut Vec<CommonPrefix>>) {
    for object in contents.into_iter().flatten() {
        encode_opt(&mut object.key);
    }
    for prefix in prefixes.into_iter().flatten() {
        encode_opt(&mut prefix.prefix);
    }
}

#[async_trait::async_trait]
impl S3 for Store {
    async fn list_buckets(
        &self,
        req: S3Request<ListBucketsInput>,
    ) -> S3Result<S3Response<ListBucketsOutput>> {
        self.fs.list_buckets(req).await
    }

    async fn create_bucket(
        &self,
        req: S3Request<CreateBucketInput>,
    ) -> S3Result<S3Response<CreateBucketOutput>> {
        self.fs.create_bucket(req).await
    }

    async fn delete_bucket(
        &self,
        req: S3Request<DeleteBucketInput>,
    ) -> S3Result<S3Response<DeleteBucketOutput>> {
        self.fs.delete_bucket(req).await
    }

    async fn head_bucket(
        &self,
        req: S3Request<HeadBucketInput>,
    ) -> S3Result<S3Response<HeadBucketOutput>> {
        self.fs.head_bucket(req).await
    }

    async fn get_bucket_location(
        &self,
        req: S3Request<GetBucketLocationInput>,
    ) -> S3Result<S3Response<GetBucketLocationOutput>> {
        self.fs.get_bucket_location(req).await
    }

    async fn list_objects_v2(
        &self,
        req: S3Request<ListObjectsV2Input>,
    ) -> S3Result<S3Response<ListObjectsV2Output>> {
        let bucket = req.input.bucket.clone();
        let mut resp = S3Response::new(self.list_page(req.input).await?);
        let out = &mut resp.output;
        if let Some(contents) = out.contents.as_mut() {
            self.complete_objects(&bucket, contents).await?;
        }
        if wants_url_encoding(out.encoding_type.as_ref()) {
            encode_listing(out.contents.as_mut(), out.common_prefixes.as_mut());
            encode_opt(&mut out.prefix);
            encode_opt(&mut out.delimiter);
            encode_opt(&mut out.start_after);
        }
        Ok(resp)
    }

    async fn list_objects(
        &self,
        req: S3Request<ListObjectsInput>,
    ) -> S3Result<S3Response<ListObjectsOutput>> {
        let bucket = req.input.bucket.clone();
        let marker = req.input.marker.clone();
        let mut resp = self.fs.list_objects(req).await?;
        let out = &mut resp.output;
        if out.marker.is_none() {
            out.marker = marker;
        }
        if let Some(contents) = out.contents.as_mut() {
            self.complete_objects(&bucket, contents).await?;
        }
        if wants_url_encoding(out.encoding_type.as_ref()) {
            encode_listing(out.contents.as_mut(), out.common_prefixes.as_mut());
            encode_opt(&mut out.prefix);
            encode_opt(&mut out.delimiter);
            encode_opt(&mut out.marker);
            encode_opt(&mut out.next_marker);
        }
        Ok(resp)
    }

    async fn get_object(
        &self,
        req: S3Request<GetObjectInput>,
    ) -> S3Result<S3Response<GetObjectOutput>> {
        self.readable(&req.input.bucket, &req.input.key)?;
        self.fs.get_object(req).await
    }

    async fn head_object(
        &self,
        req: S3Request<HeadObjectInput>,
    ) -> S3Result<S3Response<HeadObjectOutput>> {
        self.readable(&req.input.bucket, &req.input.key)?;
        self.fs.head_object(req).await
    }

    async fn put_object(
        &self,
        req: S3Request<PutObjectInput>,
    ) -> S3Result<S3Response<PutObjectOutput>> {
        self.writable(&req.input.bucket, &req.input.key)?;
        self.fs.put_object(req).await
    }

    async fn delete_object(
        &self,
        req: S3Request<DeleteObjectInput>,
    ) -> S3Result<S3Response<DeleteObjectOutput>> {
        self.writable(&req.input.bucket, &req.input.key)?;
        self.fs.delete_object(req).await
    }

    async fn delete_objects(
        &self,
        req: S3Request<DeleteObjectsInput>,
    ) -> S3Result<S3Response<DeleteObjectsOutput>> {
        for object in &req.input.delete.objects {
            self.writable(&req.input.bucket, &object.key)?;
        }
        self.fs.delete_objects(req).await
    }

    async fn copy_object(
        &self,
        req: S3Request<CopyObjectInput>,
    ) -> S3Result<S3Response<CopyObjectOutput>> {
        self.copy_source_readable(&req.input.copy_source)?;
        self.writable(&req.input.bucket, &req.input.key)?;
        self.fs.copy_object(req).await
    }

    async fn create_multipart_upload(
        &self,
        req: S3Request<CreateMultipartUploadInput>,
    ) -> S3Result<S3Response<CreateMultipartUploadOutput>> {
        self.writable(&req.input.bucket, &req.input.key)?;
        self.fs.create_multipart_upload(req).await
    }

    async fn upload_part(
        &self,
        req: S3Request<UploadPartInput>,
    ) -> S3Result<S3Response<UploadPartOutput>> {
        self.writable(&req.input.bucket, &req.input.key)?;
        self.fs.upload_part(req).await
    }

    async fn upload_part_copy(
        &self,
        req: S3Request<UploadPartCopyInput>,
    ) -> S3Result<S3Response<UploadPartCopyOutput>> {
        self.copy_source_readable(&req.input.copy_source)?;
        self.writable(&req.input.bucket, &req.input.key)?;
        self.fs.upload_part_copy(req).await
    }

    async fn list_parts(
        &self,
        req: S3Request<ListPartsInput>,
    ) -> S3Result<S3Response<ListPartsOutput>> {
        self.writable(&req.input.bucket, &req.input.key)?;
        self.fs.list_parts(req).await
    }

    async fn complete_multipart_upload(
        &self,
        req: S3Request<CompleteMultipartUploadInput>,
    ) -> S3Result<S3Response<CompleteMultipartUploadOutput>> {
        self.writable(&req.input.bucket, &req.input.key)?;
        self.fs.complete_multipart_upload(req).await
    }

    async fn abort_multipart_upload(
        &self,
        req: S3Request<AbortMultipartUploadInput>,
    ) -> S3Result<S3Response<AbortMultipartUploadOutput>> {
        self.writable(&req.input.bucket, &req.input.key)?;
        self.fs.abort_multipart_upload(req).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_encoding_is_the_aws_one() {
        assert_eq!(s3_url_encode("dir/a b+c%d.txt"), "dir/a+b%2Bc%25d.txt");
        assert_eq!(s3_url_encode("test_file(3).png"), "test_file%283%29.png");
        assert_eq!(s3_url_encode("~*-_.x"), "%7E*-_.x");
        assert_eq!(s3_url_encode("中"), "%E4%B8%AD");
        assert_eq!(s3_url_encode("q?x=1&y"), "q%3Fx%3D1%26y");
    }

    fn request<T>(input: T) -> S3Request<T> {
        S3Request {
            input,
            method: http::Method::GET,
            uri: http::Uri::from_static("/"),
            headers: http::HeaderMap::new(),
            extensions: http::Extensions::new(),
            credentials: None,
            region: None,
            service: None,
            trailing_headers: None,
        }
    }

    fn block_on<F: std::future::Future>(future: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap()
            .block_on(future)
    }

    fn seeded() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        crate::put_object(dir.path(), "logs", "d/a b+c%.txt", b"abc").unwrap();
        crate::put_object(dir.path(), "logs", "d/plain.txt", b"").unwrap();
        // A file put there by hand, without the ETag record put_object leaves.
        std::fs::write(dir.path().join("logs/d/by hand.txt"), b"abc").unwrap();
        std::fs::create_dir_all(dir.path().join("other")).unwrap();
        std::fs::write(dir.path().join("other/secret.txt"), b"other bucket").unwrap();
        let store = Store::new(dir.path()).unwrap();
        (dir, store)
    }

    fn list(store: &Store, prefix: &str, encoding: Option<&'static str>) -> ListObjectsV2Output {
        let input = ListObjectsV2Input::builder()
            .bucket("logs".to_owned())
            .prefix(Some(prefix.to_owned()))
            .encoding_type(encoding.map(EncodingType::from_static))
            .build()
            .unwrap();
        block_on(store.list_objects_v2(request(input)))
            .unwrap()
            .output
    }

    #[test]
    fn listing_with_encoding_type_url_encodes_keys_like_aws() {
        let (_dir, store) = seeded();
        let out = list(&store, "d/a ", Some(EncodingType::URL));
        let keys: Vec<_> = out
            .contents
            .unwrap()
            .into_iter()
            .map(|o| o.key.unwrap())
            .collect();
        assert_eq!(keys, ["d/a+b%2Bc%25.txt"]);
        assert_eq!(out.prefix.as_deref(), Some("d/a+"));

        let out = list(&store, "d/a ", None);
        let keys: Vec<_> = out
            .contents
            .unwrap()
            .into_iter()
            .map(|o| o.key.unwrap())
            .collect();
        assert_eq!(keys, ["d/a b+c%.txt"]);
        assert_eq!(out.prefix.as_deref(), Some("d/a "));
    }

    #[test]
    fn listing_carries_etag_and_last_modified() {
        let (_dir, store) = seeded();
        let out = list(&store, "d/", None);
        let objects = out.contents.unwrap();
        assert_eq!(objects.len(), 3);
        for object in &objects {
            let etag = object.e_tag.as_ref().and_then(ETag::as_strong).unwrap();
            let expected = if object.size == Some(0) {
                "d41d8cd98f00b204e9800998ecf8427e"
            } else {
                "900150983cd24fb0d6963f7d28e17f72"
            };
            assert_eq!(etag, expected, "{:?}", object.key);
            assert!(object.last_modified.is_some());
            assert_eq!(
                object
                    .storage_class
                    .as_ref()
                    .map(ObjectStorageClass::as_str),
                Some("STANDARD")
            );
        }
    }

    fn get(store: &Store, bucket: &str, key: &str) -> S3Result<S3Response<GetObjectOutput>> {
        let input = GetObjectInput::builder()
            .bucket(bucket.to_owned())
            .key(key.to_owned())
            .build()
            .unwrap();
        block_on(store.get_object(request(input)))
    }

    #[test]
    fn get_answers_like_aws_and_never_leaves_the_bucket() {
        let (_dir, store) = seeded();
        let out = get(&store, "logs", "d/a b+c%.txt").unwrap().output;
        assert_eq!(
            out.e_tag.as_ref().and_then(ETag::as_strong),
            Some("900150983cd24fb0d6963f7d28e17f72")
        );
        assert_eq!(out.content_length, Some(3));

        let code = |bucket: &str, key: &str| {
            get(&store, bucket, key)
                .err()
                .map(|e| e.code().as_str().to_owned())
        };
        assert_eq!(
            code("nope-bucket", "d/plain.txt").as_deref(),
            Some("NoSuchBucket")
        );
        assert_eq!(code("logs", "d/missing.txt").as_deref(), Some("NoSuchKey"));
        for key in [
            "../other/secret.txt",
            "d/../d/plain.txt",
            "d//plain.txt",
            "/d/plain.txt",
            "./d/plain.txt",
            "d/",
        ] {
            assert_eq!(code("logs", key).as_deref(), Some("NoSuchKey"), "{key:?}");
        }
    }

    #[test]
    fn writes_need_the_bucket_and_a_storable_key() {
        let (dir, store) = seeded();
        let put = |bucket: &str, key: &str| {
            let input = PutObjectInput::builder()
                .bucket(bucket.to_owned())
                .key(key.to_owned())
                .build()
                .unwrap();
            block_on(store.put_object(request(input)))
                .err()
                .map(|e| e.code().as_str().to_owned())
        };
        assert_eq!(put("nope-bucket", "k").as_deref(), Some("NoSuchBucket"));
        assert_eq!(
            put("logs", "../other/secret.txt").as_deref(),
            Some("InvalidArgument")
        );
        assert!(!dir.path().join("nope-bucket").exists());
        assert_eq!(
            std::fs::read(dir.path().join("other/secret.txt")).unwrap(),
            b"other bucket"
        );
    }

    #[test]
    fn md5_of_empty_and_abc() {
        assert_eq!(
            md5_hex(&mut &b""[..]).unwrap(),
            "d41d8cd98f00b204e9800998ecf8427e"
        );
        assert_eq!(
            md5_hex(&mut &b"abc"[..]).unwrap(),
            "900150983cd24fb0d6963f7d28e17f72"
        );
    }
}
