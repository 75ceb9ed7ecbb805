//! SigV4 presigned URLs for the S3 requests logscope makes, GetObject and ListObjectsV2
//! (the dashboard) and PutObject (`logscope publish`), and parsing of what S3 answers.
//! Sans-IO: the time comes in as an argument and bytes come in from whoever fetched them, so
//! the same code runs in the browser (wasm32) and in the native CLI.
//!
//! The signing stages each have a module of their own, in the order AWS documents them:
//! [`canonical`], [`string_to_sign`], [`signing_key`], [`signature`]; [`presign`] puts them
//! together. A signing key is derived once per day and region, then cached in
//! [`Credentials`].
//!
//! ```
//! use s3_presign::{Bucket, Credentials, Expiry, UrlStyle};
//! let bucket = Bucket::new("http://127.0.0.1:9000", "logs", "us-east-1", UrlStyle::Path)?;
//! let credentials = Credentials::new("AKIDEXAMPLE", "secret")?;
//! let at = chrono::DateTime::from_timestamp(1_369_353_600, 0).unwrap();
//! let url = s3_presign::get_object(&bucket, &credentials, "openai_logs/1/a b.txt", at,
//!     Expiry::from_secs(3600)?)?;
//! assert!(url.starts_with("http://127.0.0.1:9000/logs/openai_logs/1/a%20b.txt?X-Amz-Algorithm="));
//! # Ok::<(), s3_presign::PresignError>(())
//! ```

pub mod answer;
pub mod bucket;
pub mod canonical;
pub mod credentials;
pub mod encode;
pub mod error;
mod hex;
pub mod presign;
pub mod signature;
pub mod signing_key;
pub mod string_to_sign;
pub mod time;
pub mod xml;

pub use answer::{classify, describe, short_answer, ErrorAnswer, ErrorKind, ShortAnswer};
pub use bucket::{Bucket, UrlStyle};
pub use credentials::Credentials;
pub use error::{BucketProblem, CredentialsProblem, EndpointProblem, HeaderProblem, PresignError};
pub use presign::{
    delete_object, get_object, get_object_with, list_objects_v2, put_object, Expiry, GetObject,
    ListObjectsV2, PresignedPut, PutObject,
};
pub use xml::{
    parse_error, parse_list_buckets, parse_list_objects_v2, ListObjectsV2Page, ObjectEntry,
    S3Error, XmlError,
};
