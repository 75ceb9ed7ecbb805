//! The endpoint and CORS steps in words: whether anything answers at the endpoint, and
//! whether its CORS rules let the dashboard's origin read the answers (or need not, on the
//! storage's own origin), with the exact rule to set.

use super::{run, say, Line, Words};
use crate::{CorsSeen, Fact, Lang, NoReply, Target};

pub(super) fn words(fact: &Fact, target: &Target, lang: Lang) -> Words {
    let Target {
        endpoint, origin, ..
    } = target;
    match fact {
        Fact::Answers { status } => Words {
            title: lang
                .pick("The endpoint answers", "服务地址有响应")
                .to_owned(),
            detail: match (status, lang) {
                (Some(status), Lang::En) => format!("{endpoint} answered (HTTP {status})."),
                (Some(status), Lang::Zh) => format!("{endpoint} 有响应（HTTP {status}）。"),
                (None, Lang::En) => format!("{endpoint} answered."),
                (None, Lang::Zh) => format!("{endpoint} 有响应。"),
            },
            fix: Vec::new(),
        },
        Fact::NoAnswer { reason } => Words {
            title: lang
                .pick("Nothing answers at the endpoint", "服务地址无响应")
                .to_owned(),
            detail: match lang {
                Lang::En => format!("No answer from {endpoint}: {reason}."),
                Lang::Zh => format!("{endpoint} 没有响应：{}。", no_reply_zh(reason)),
            },
            fix: unreachable_fix(target, lang),
        },
        Fact::CorsAllowed => Words {
            title: lang
                .pick("CORS allows this origin", "CORS 允许本站点的来源")
                .to_owned(),
            detail: lang.pick(
                format!("The storage lets pages from {origin} read its answers."),
                format!("存储服务允许来自 {origin} 的页面读取其响应。"),
            ),
            fix: Vec::new(),
        },
        Fact::CorsSameOrigin => Words {
            title: lang
                .pick("Same origin: no CORS needed", "同源：无需 CORS")
                .to_owned(),
            detail: lang.pick(
                format!(
                    "The dashboard on {origin} and the storage share one origin: the browser                      reads the storage's answers without asking for CORS."
                ),
                format!("仪表盘（{origin}）与存储服务同源：浏览器读取存储服务的响应无需 CORS。"),
            ),
            fix: Vec::new(),
        },
        Fact::CorsRefused { seen } => Words {
            title: lang
                .pick("CORS does not allow this origin", "CORS 不允许本站点的来源")
                .to_owned(),
            detail: cors_seen(seen, origin, lang),
            fix: cors_fix(target, lang),
        },
        _ => unreachable!("not an endpoint or CORS finding"),
    }
}

fn unreachable_fix(target: &Target, lang: Lang) -> Vec<Line> {
    let Target {
        endpoint, origin, ..
    } = target;
    let mut fix = vec![
        say(lang.pick(
            "Check the endpoint: scheme (http or https), host and port, exactly as your storage \
             gives its S3 API address. On Sealos that is the object storage's external S3 \
             address, not the address of the Sealos console. The bucket is not part of it: \
             requests are path-style (endpoint/bucket/key).",
            "检查服务地址：协议（http 或 https）、主机名和端口都要与存储服务给出的 S3 API 地址完全\
             一致。在 Sealos 上，这是对象存储的外网 S3 地址，而不是 Sealos 控制台的地址。存储桶名\
             不属于服务地址：请求使用路径风格（服务地址/存储桶/对象键）。",
        )),
        say(lang.pick(
            "Check that the storage is running and reachable from this computer (VPN, \
             firewall, proxy).",
            "确认存储服务正在运行，并且本机可以访问到它（VPN、防火墙、代理）。",
        )),
    ];
    if origin.starts_with("https://") && endpoint.starts_with("http://") {
        fix.push(say(lang.pick(
            format!(
                "The dashboard is served over https and the endpoint is plain http: browsers \
                 block such requests (mixed content). Use the storage's https endpoint \
                 instead of {endpoint}."
            ),
            format!(
                "仪表盘通过 https 提供，而服务地址是 http：浏览器会拦截这类请求（混合内容）。\
                 请改用存储服务的 https 地址，而不是 {endpoint}。"
            ),
        )));
    }
    if endpoint.starts_with("https://") {
        fix.push(say(lang.pick(
            format!(
                "If the storage's certificate is self-signed or from a private authority, this \
                 computer must trust it: opening {endpoint} in a browser shows the certificate \
                 error."
            ),
            format!(
                "如果存储服务的证书是自签名的或由私有 CA 签发，本机必须信任该证书：在浏览器中打开 \
                 {endpoint} 可以看到证书错误。"
            ),
        )));
    }
    fix
}

fn cors_seen(seen: &CorsSeen, origin: &str, lang: Lang) -> String {
    match seen {
        CorsSeen::Blocked { browser_said } => match lang {
            Lang::En => format!(
                "The storage answers, but the browser withheld its answer from this page \
                 ({browser_said}): its CORS rules do not allow {origin}."
            ),
            Lang::Zh => format!(
                "存储服务有响应，但浏览器没有把响应交给本页面（{}）：存储服务的 CORS 规则\
                 不允许 {origin}。",
                no_reply_zh(browser_said)
            ),
        },
        CorsSeen::Preflight {
            status,
            allow_origin,
            allow_methods,
        } => {
            let mut said = match allow_origin {
                Some(seen) => format!("Access-Control-Allow-Origin: {seen}"),
                None => lang
                    .pick(
                        "no Access-Control-Allow-Origin",
                        "没有 Access-Control-Allow-Origin",
                    )
                    .to_owned(),
            };
            if let Some(methods) = allow_methods {
                said.push_str(&format!(", Access-Control-Allow-Methods: {methods}"));
            }
            lang.pick(
                format!(
                    "The storage answered a CORS preflight from {origin} for GET with HTTP \
                     {status} and {said}: a dashboard on that origin cannot read the bucket."
                ),
                format!(
                    "存储服务对来自 {origin} 的 GET 预检请求（CORS preflight）返回 HTTP {status}，\
                     {said}：该来源上的仪表盘无法读取这个存储桶。"
                ),
            )
        }
    }
}

/// The rule every storage needs, then how to set it on MinIO (and Sealos) and on storages
/// with bucket CORS.
fn cors_fix(target: &Target, lang: Lang) -> Vec<Line> {
    let Target {
        endpoint,
        bucket,
        origin,
        ..
    } = target;
    let rule = format!(
        "{{\"CORSRules\":[{{\"AllowedOrigins\":[\"{origin}\"],\"AllowedMethods\":[\"GET\",\
         \"HEAD\"],\"AllowedHeaders\":[\"*\"],\"ExposeHeaders\":[\"ETag\"]}}]}}"
    );
    vec![
        say(lang.pick(
            format!(
                "Set this CORS rule on the storage: allowed origin {origin} (the dashboard's \
                 address: scheme, host and port, no path); allowed methods GET and HEAD (and \
                 PUT if logscope publish uploads the dashboard there); allowed headers *; \
                 exposed headers ETag."
            ),
            format!(
                "在存储服务上设置这条 CORS 规则：允许的来源 {origin}（仪表盘的地址：协议、主机名\
                 和端口，不带路径）；允许的方法 GET 和 HEAD（如果用 logscope publish 把仪表盘\
                 上传到这里，再加上 PUT）；允许的请求头 *；暴露的响应头 ETag。"
            ),
        )),
        say(lang.pick(
            "MinIO, and Sealos object storage, which runs on MinIO: allowed origins are one \
             server-wide setting, every origin (*) until someone narrows it. As its \
             administrator, with mc (keep the origins already listed, which mc admin config \
             get ALIAS api shows):",
            "MinIO（以及基于 MinIO 的 Sealos 对象存储）：允许的来源是一项全局设置，默认允许所有\
             来源（*），除非有人收窄了它。请管理员用 mc 执行（保留已有的来源，可用 mc admin \
             config get ALIAS api 查看）：",
        )),
        run(format!(
            "mc admin config set ALIAS api cors_allow_origin=\"{origin}\""
        )),
        run("mc admin service restart ALIAS"),
        say(lang.pick(
            format!("On Sealos, ask the cluster's administrator to add {origin} to that setting."),
            format!("在 Sealos 上，请联系集群管理员把 {origin} 加入这项设置。"),
        )),
        say(lang.pick(
            "Storages with CORS per bucket (AWS S3 and others):",
            "支持按存储桶设置 CORS 的存储服务（AWS S3 等）：",
        )),
        run(format!(
            "aws s3api put-bucket-cors --endpoint-url {endpoint} --bucket {bucket} \
             --cors-configuration '{rule}'"
        )),
    ]
}

/// Why there was no answer, in Chinese; the client's own words stay as they came.
pub(super) fn no_reply_zh(reason: &NoReply) -> String {
    match reason {
        NoReply::Said(words) if words.is_empty() => "请求失败".to_owned(),
        NoReply::Said(words) => words.clone(),
        NoReply::Nothing => {
            "什么也没有应答：地址有误、存储服务未运行，或请求因混合内容被浏览器拦截".to_owned()
        }
        NoReply::TimedOut { seconds } => format!("{seconds} 秒内没有应答"),
    }
}
