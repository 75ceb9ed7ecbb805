//! Steps 5 and 6 in words: whether the bucket is there (and which ones are, when it is not),
//! and how many objects the prefix holds (and where the objects are, when it holds none).

use super::{named, say, unlisted, Line, Words};
use crate::{Fact, Lang, Target, Top, Unlisted};

/// At most this many bucket or prefix names are given.
const SHOWN: usize = 20;

pub(super) fn words(fact: &Fact, target: &Target, lang: Lang) -> Words {
    let Target {
        endpoint,
        bucket,
        prefix,
        ..
    } = target;
    let under = if prefix.is_empty() {
        lang.pick("in the bucket", "存储桶中").to_owned()
    } else {
        lang.pick(format!("under `{prefix}`"), format!("`{prefix}` 下"))
    };
    let (title, detail, fix): (&str, String, Vec<Line>) = match fact {
        Fact::BucketFound => (
            lang.pick("The bucket exists", "存储桶存在"),
            lang.pick(
                format!("Bucket {bucket} exists at {endpoint}."),
                format!("{endpoint} 上存在存储桶 {bucket}。"),
            ),
            Vec::new(),
        ),
        Fact::NoBucket { others } => {
            let seen = match (others, lang) {
                (Ok(names), Lang::En) if names.is_empty() => {
                    " This key sees no buckets at all.".to_owned()
                }
                (Ok(names), Lang::Zh) if names.is_empty() => "此密钥看不到任何存储桶。".to_owned(),
                (Ok(names), Lang::En) => format!(
                    " The buckets this key can see: {}.",
                    named(names, SHOWN, lang)
                ),
                (Ok(names), Lang::Zh) => {
                    format!("此密钥能看到的存储桶：{}。", named(names, SHOWN, lang))
                }
                (Err(reason), Lang::En) => format!(
                    " The buckets could not be listed: this key may not list them ({reason})."
                ),
                (Err(reason), Lang::Zh) => format!(
                    "无法列出存储桶：此密钥可能没有列出存储桶的权限（{}）。",
                    unlisted(reason, lang)
                ),
            };
            (
                lang.pick("No such bucket", "存储桶不存在"),
                lang.pick(
                    format!("There is no bucket {bucket} at {endpoint} (NoSuchBucket).{seen}"),
                    format!("{endpoint} 上没有存储桶 {bucket}（NoSuchBucket）。{seen}"),
                ),
                vec![
                    say(lang.pick(
                        "Check the bucket name: it is case-sensitive, and it is the name \
                         alone, without s3:// or slashes. On Sealos, copy the full name from \
                         the object storage page.",
                        "检查存储桶名称：区分大小写，只填名称本身，不带 s3:// 或斜杠。在 Sealos \
                         上，请从对象存储页面复制完整的名称。",
                    )),
                    say(lang.pick(
                        "Check the endpoint: the bucket must be on this storage. Requests are \
                         path-style, so the bucket is not part of the endpoint's host name.",
                        "检查服务地址：存储桶必须在这个存储服务上。请求使用路径风格，所以存储桶名\
                         不应出现在服务地址的主机名中。",
                    )),
                ],
            )
        }
        Fact::ObjectsFound { count, at_least } => (
            lang.pick("The prefix has objects", "前缀下有对象"),
            match (at_least, lang) {
                (false, Lang::En) if *count == 1 => format!("1 object found {under}."),
                (false, Lang::En) => format!("{count} objects found {under}."),
                (false, Lang::Zh) => format!("{under}找到 {count} 个对象。"),
                (true, Lang::En) => {
                    format!("At least {count} objects found {under} (counting stopped there).")
                }
                (true, Lang::Zh) => format!("{under}至少有 {count} 个对象（计数到此为止）。"),
            },
            Vec::new(),
        ),
        Fact::NoObjects { top } => {
            let elsewhere = elsewhere(top, lang);
            (
                lang.pick("Nothing under the prefix", "前缀下没有对象"),
                lang.pick(
                    format!("Nothing {under}; {elsewhere}."),
                    format!("{under}没有任何对象；{elsewhere}。"),
                ),
                vec![say(lang.pick(
                    "Set the prefix to the folder that holds the logs (the writer's default \
                     is openai_logs/); leave it empty to look at the whole bucket.",
                    "把前缀设置为存放日志的目录（写入方默认使用 openai_logs/）；留空则查看整个\
                     存储桶。",
                ))],
            )
        }
        Fact::CountStopped { count, reason } => (
            lang.pick("Counting stopped", "计数中断"),
            lang.pick(
                format!("{count} objects counted {under}, then listing failed: {reason}."),
                format!(
                    "{under}已数到 {count} 个对象，随后列举失败：{}。",
                    unlisted(reason, lang)
                ),
            ),
            vec![say(lang.pick(
                "There are logs to see. Run the checks again to count them all.",
                "已有可查看的日志。重新运行检查即可数完全部对象。",
            ))],
        ),
        _ => unreachable!("not a step 5 or 6 finding"),
    };
    Words {
        title: title.to_owned(),
        detail,
        fix,
    }
}

/// What the bucket holds outside the prefix: `this bucket has `a/`, `b/``.
fn elsewhere(top: &Result<Top, Unlisted>, lang: Lang) -> String {
    match top {
        Ok(top) if top.prefixes.is_empty() && top.loose_objects == 0 => lang
            .pick("this bucket is empty", "这个存储桶是空的")
            .to_owned(),
        Ok(top) => {
            let mut parts = Vec::new();
            if !top.prefixes.is_empty() {
                parts.push(named(&top.prefixes, SHOWN, lang));
            }
            if top.loose_objects > 0 {
                let n = top.loose_objects;
                let more = if top.more { "+" } else { "" };
                parts.push(lang.pick(
                    format!("{n}{more} objects at its top level"),
                    format!("顶层的 {n}{more} 个对象"),
                ));
            }
            lang.pick(
                format!("this bucket has {}", parts.join(" and ")),
                format!("这个存储桶里有 {}", parts.join("，以及")),
            )
        }
        Err(reason) => lang.pick(
            format!(
                "the bucket's top level could not be listed ({reason}): the key may be \
                 limited to some prefixes"
            ),
            format!(
                "无法列出存储桶的顶层（{}）：此密钥可能只能访问部分前缀",
                unlisted(reason, lang)
            ),
        ),
    }
}
