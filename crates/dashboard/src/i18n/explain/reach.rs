//! Advice when the storage could not be read at all: CORS, no answer, an answer that is not
//! S3's, or nothing under the prefix. Commands are the documented ones, the same in every
//! language.

use s3_read::Failure;

use super::{say, Advice, Step};
use crate::i18n::locale::Lang;
use crate::i18n::reasons;
use crate::state::problem::Place;

/// At most this many top-level prefixes are named.
const SHOWN_PREFIXES: usize = 20;

pub fn cors(place: &Place, lang: Lang) -> Advice {
    let Place {
        endpoint, origin, ..
    } = place;
    let set = Step::Run(format!(
        "mc admin config set ALIAS api cors_allow_origin=\"{origin}\""
    ));
    let restart = Step::Run("mc admin service restart ALIAS".to_owned());
    match lang {
        Lang::En => (
            "The browser blocked the storage's answer (CORS)".to_owned(),
            format!(
                "The storage at {endpoint} answered, but did not allow this page's origin, \
                 {origin}, to read the answer, so the browser withheld it. The storage has \
                 to allow that origin."
            ),
            vec![
                say(
                    "MinIO: allowed origins are one server-wide setting, a comma-separated \
                     list whose default, *, allows every origin. As an administrator, with mc \
                     (keep any origins already listed, which mc admin config get ALIAS api \
                     shows):",
                ),
                set,
                say("then, if mc says the server must restart:"),
                restart,
                say(format!(
                    "The same setting can be given as the environment variable \
                     MINIO_API_CORS_ALLOW_ORIGIN={origin} when MinIO starts."
                )),
                say(format!(
                    "Sealos object storage runs on MinIO operated by the Sealos cluster: ask \
                     the cluster's administrator to add {origin} to that MinIO's \
                     cors_allow_origin."
                )),
                say(format!(
                    "Other S3 services: add a CORS rule to the bucket that allows GET from \
                     {origin}."
                )),
            ],
        ),
        Lang::Zh => (
            "浏览器拦截了存储的应答（CORS）".to_owned(),
            format!(
                "{endpoint} 上的存储有应答，但没有允许本页的来源 {origin} 读取，\
                 所以浏览器没有把应答交给本页。需要在存储上允许这个来源。"
            ),
            vec![
                say(
                    "MinIO：允许的来源是整个服务器的一项设置，是一个逗号分隔的列表，默认值 * \
                     允许所有来源。请以管理员身份用 mc 设置（保留已列出的来源，可用 \
                     mc admin config get ALIAS api 查看）：",
                ),
                set,
                say("如果 mc 提示需要重启服务器，再执行："),
                restart,
                say(format!(
                    "也可以在 MinIO 启动时用环境变量 MINIO_API_CORS_ALLOW_ORIGIN={origin} \
                     设置同一项。"
                )),
                say(format!(
                    "Sealos 对象存储运行在由 Sealos 集群运维的 MinIO 上：请联系集群管理员，\
                     把 {origin} 加入该 MinIO 的 cors_allow_origin。"
                )),
                say(format!(
                    "其他 S3 服务：给存储桶添加一条 CORS 规则，允许来自 {origin} 的 GET 请求。"
                )),
            ],
        ),
    }
}

pub fn network(failure: &Failure, place: &Place, lang: Lang) -> Advice {
    let Place {
        endpoint, origin, ..
    } = place;
    let mixed = origin.starts_with("https://") && endpoint.starts_with("http://");
    let https = endpoint.starts_with("https://");
    let reason = reasons::failure(failure, lang);
    let mut steps = Vec::new();
    match lang {
        Lang::En => {
            steps.push(say(
                "Check the endpoint's address and port, and that the storage is up and \
                 reachable from this computer (VPN, firewall).",
            ));
            if mixed {
                steps.push(say(
                    "This page was loaded over https and the endpoint is plain http: \
                     browsers block such requests. Use the storage's https endpoint.",
                ));
            }
            if https {
                steps.push(say(format!(
                    "If the storage's certificate is not one this browser trusts, opening \
                     {endpoint} in a new tab shows the certificate error."
                )));
            }
            (
                "Could not reach the storage".to_owned(),
                format!("The browser got no answer from {endpoint} ({reason})."),
                steps,
            )
        }
        Lang::Zh => {
            steps.push(say(
                "请检查服务地址和端口，并确认存储已启动、这台电脑能访问到它（VPN、防火墙）。",
            ));
            if mixed {
                steps.push(say(
                    "本页通过 https 加载，而服务地址是普通的 http：浏览器会拦截这类请求。\
                     请使用存储的 https 地址。",
                ));
            }
            if https {
                steps.push(say(format!(
                    "如果本浏览器不信任存储的证书，在新标签页中打开 {endpoint} 就能看到证书错误。"
                )));
            }
            (
                "无法连接存储".to_owned(),
                format!("浏览器没有收到 {endpoint} 的应答（{reason}）。"),
                steps,
            )
        }
    }
}

pub fn unreadable(failure: &Failure, place: &Place, lang: Lang) -> Advice {
    let endpoint = &place.endpoint;
    let reason = reasons::failure(failure, lang);
    match lang {
        Lang::En => (
            "That is not an S3 answer".to_owned(),
            format!("{endpoint} answered with something an S3 API would not send ({reason})."),
            vec![say(
                "Use the storage's S3 API endpoint, not the address of its web console.",
            )],
        ),
        Lang::Zh => (
            "这不是 S3 的应答".to_owned(),
            format!("{endpoint} 返回的内容不是 S3 API 会发送的（{reason}）。"),
            vec![say("请使用存储的 S3 API 地址，而不是其网页控制台的地址。")],
        ),
    }
}

pub fn empty_prefix(top: &Result<Vec<String>, Failure>, place: &Place, lang: Lang) -> Advice {
    let prefix = &place.prefix;
    let named = |top: &[String]| {
        let mut named = top
            .iter()
            .take(SHOWN_PREFIXES)
            .cloned()
            .collect::<Vec<_>>()
            .join(lang.pick(", ", "、"));
        let more = top.len().saturating_sub(SHOWN_PREFIXES);
        if more > 0 {
            named.push_str(&match lang {
                Lang::En => format!(" and {more} more"),
                Lang::Zh => format!(" 等，另有 {more} 个"),
            });
        }
        named
    };
    match lang {
        Lang::En => {
            let under = if prefix.is_empty() {
                "no objects in this bucket".to_owned()
            } else {
                format!("no objects under {prefix} in this bucket")
            };
            let summary = match top {
                Ok(top) if top.is_empty() => {
                    format!("{under}; it has no top-level prefixes either")
                }
                Ok(top) => format!("{under}; these top-level prefixes exist: {}", named(top)),
                Err(failure) => format!(
                    "{under}; its top level could not be listed: {}",
                    reasons::failure(failure, lang)
                ),
            };
            let title = if prefix.is_empty() {
                "The bucket is empty".to_owned()
            } else {
                format!("No logs under {prefix}")
            };
            (
                title,
                summary,
                vec![say(
                    "Set the prefix to the folder that holds the logs (the writer's default \
                     is openai_logs/) and connect again.",
                )],
            )
        }
        Lang::Zh => {
            let under = if prefix.is_empty() {
                "此存储桶中没有任何对象".to_owned()
            } else {
                format!("此存储桶中 {prefix} 下没有对象")
            };
            let summary = match top {
                Ok(top) if top.is_empty() => format!("{under}；顶层也没有任何前缀"),
                Ok(top) => format!("{under}；顶层有这些前缀：{}", named(top)),
                Err(failure) => {
                    format!("{under}；无法列出顶层：{}", reasons::failure(failure, lang))
                }
            };
            let title = if prefix.is_empty() {
                "存储桶是空的".to_owned()
            } else {
                format!("{prefix} 下没有日志")
            };
            (
                title,
                summary,
                vec![say(
                    "请把前缀设为存放日志的文件夹（写入端默认为 openai_logs/），然后重新连接。",
                )],
            )
        }
    }
}
