//! What `logscope index` takes: the bucket and credentials of `stats`, and how to divide or
//! merge the work.

use crate::presign::{BucketArgs, CredentialArgs};
use crate::stats::ReadArgs;
use clap::Args;
use std::str::FromStr;

#[derive(Args)]
#[command(
    mut_arg("endpoint", |arg| arg.required(true)),
    mut_arg("bucket", |arg| arg.required(true))
)]
pub struct IndexArgs {
    /// The folder the logs are under; a missing trailing `/` is added. The index is kept in
    /// its `.logscope/summaries/` folder.
    #[arg(long, default_value = "openai_logs/", allow_hyphen_values = true)]
    pub prefix: String,
    /// Merge every part into one and remove the parts merged.
    #[arg(long, conflicts_with = "shard")]
    pub compact: bool,
    /// Index only the drawing folders whose hash is I modulo N (0 <= I < N), so that N
    /// jobs index a large bucket together.
    #[arg(long, value_name = "I/N", default_value = "0/1")]
    pub shard: Shard,
    #[command(flatten)]
    pub read: ReadArgs,
    #[command(flatten)]
    pub bucket: BucketArgs,
    #[command(flatten)]
    pub credentials: CredentialArgs,
}

/// One of `count` shares of the drawing folders.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    pub index: u64,
    pub count: u64,
}

impl Shard {
    /// Whether the folder `drawing` is in this share. FNV-1a, so that every job and every
    /// version divides the folders alike.
    pub fn holds(self, drawing: &str) -> bool {
        let hash = drawing
            .bytes()
            .fold(0xcbf2_9ce4_8422_2325u64, |hash, byte| {
                (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3)
            });
        hash % self.count == self.index
    }

    /// ` (shard i of n)`, or nothing for the whole.
    pub fn describe(self) -> String {
        match self.count {
            1 => String::new(),
            n => format!(" (shard {} of {n})", self.index),
        }
    }
}

impl FromStr for Shard {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        let wrong = || format!("{text}: give I/N with 0 <= I < N, as 0/4");
        let (index, count) = text.split_once('/').ok_or_else(wrong)?;
        let index: u64 = index.trim().parse().map_err(|_| wrong())?;
        let count: u64 = count.trim().parse().map_err(|_| wrong())?;
        if count == 0 || index >= count {
            return Err(wrong());
        }
        Ok(Self { index, count })
    }
}

#[cfg(test)]
mod tests {
    use super::Shard;

    #[test]
    fn shares_cover_every_folder_once() {
        let shards: Vec<Shard> = (0..4).map(|i| format!("{i}/4").parse().unwrap()).collect();
        for n in 0..500 {
            let folder = n.to_string();
            let holding = shards.iter().filter(|s| s.holds(&folder)).count();
            assert_eq!(holding, 1, "{folder}");
        }
        let whole: Shard = "0/1".parse().unwrap();
        assert!(whole.holds("anything"));
        for bad in ["4/4", "1/0", "x/2", "1", "-1/2"] {
            assert!(bad.parse::<Shard>().is_err(), "{bad}");
        }
    }
}
