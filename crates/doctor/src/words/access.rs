//! Steps 3 and 4 in words: whether the storage takes the keys (and which part is wrong when
//! it does not), and whether this computer's clock is close enough to the storage's.

use super::{run, say, unlisted, Line, Words};
use crate::clock::{sentence, span};
use crate::{Fact, Lang, Target};

pub(super) fn words(fact: &Fact, target: &Target, lang: Lang) -> Words {
    let Target {
        endpoint,
        bucket,
        region,
        prefix,
        access_key,
        ..
    } = target;
    let (title, detail, fix): (&str, String, Vec<Line>) = match fact {
        Fact::KeysAccepted => (
            lang.pick("The keys are valid", "密钥有效"),
            lang.pick(
                format!("The storage accepted the signature made with access key {access_key}."),
                format!("存储服务接受了用访问密钥 {access_key} 生成的签名。"),
            ),
            Vec::new(),
        ),
        Fact::UnknownKey => (
            lang.pick("Unknown access key", "访问密钥不存在"),
            lang.pick(
                format!(
                    "The storage at {endpoint} knows no access key {access_key} \
                     (InvalidAccessKeyId)."
                ),
                format!("{endpoint} 上的存储服务没有访问密钥 {access_key}（InvalidAccessKeyId）。"),
            ),
            vec![
                say(lang.pick(
                    "Copy the access key ID again from where it was issued (on Sealos, the \
                     object storage page's access keys), without spaces.",
                    "从签发处重新复制访问密钥 ID（在 Sealos 上是对象存储页面中的访问密钥），\
                     不要带空格。",
                )),
                say(lang.pick(
                    "Check that the endpoint is the storage these keys belong to: keys of one \
                     MinIO server or Sealos region do not work on another.",
                    "确认服务地址就是这组密钥所属的存储服务：一个 MinIO 服务器或 Sealos 可用区的\
                     密钥不能用于另一个。",
                )),
            ],
        ),
        Fact::WrongSecret => (
            lang.pick("The secret key does not match", "私有访问密钥不匹配"),
            lang.pick(
                format!(
                    "The storage knows access key {access_key}, but the signature made with the \
                     secret key does not match (SignatureDoesNotMatch): the secret key is wrong."
                ),
                format!(
                    "存储服务中有访问密钥 {access_key}，但用私有访问密钥生成的签名不匹配\
                     （SignatureDoesNotMatch）：私有访问密钥不对。"
                ),
            ),
            vec![
                say(lang.pick(
                    "Enter the secret access key again, exactly as it was issued, without \
                     spaces or line breaks. It is never shown here.",
                    "重新输入私有访问密钥，须与签发时完全一致，不要带空格或换行。这里不会显示它。",
                )),
                say(lang.pick(
                    "If it is right, make sure nothing between you and the storage rewrites \
                     requests: a proxy that changes the host or the path breaks signatures. \
                     Use the storage's own S3 endpoint.",
                    "如果密钥无误，请确认中间没有改写请求的环节：修改主机名或路径的代理会使签名\
                     失效。请直接使用存储服务自己的 S3 地址。",
                )),
            ],
        ),
        Fact::BadToken { code } => (
            lang.pick(
                "The session token is expired or wrong",
                "会话令牌已过期或无效",
            ),
            lang.pick(
                format!("The storage refused the session token ({code})."),
                format!("存储服务拒绝了会话令牌（{code}）。"),
            ),
            vec![say(lang.pick(
                "Get fresh temporary credentials and enter all three parts together: access \
                 key ID, secret access key and session token.",
                "重新获取临时凭据，并同时填入三项：访问密钥 ID、私有访问密钥和会话令牌。",
            ))],
        ),
        Fact::NotAllowed { message } => {
            let said = message
                .as_deref()
                .map(|m| lang.pick(format!(": \"{m}\""), format!("：“{m}”")))
                .unwrap_or_default();
            (
                lang.pick(
                    "The storage refused the keys or their permission",
                    "存储服务拒绝了此密钥或其权限",
                ),
                lang.pick(
                    format!(
                        "The storage refused to list bucket {bucket} under {prefix} with access \
                         key {access_key} (AccessDenied{said}). That answer does not say \
                         whether the key lacks the permission or the secret key is wrong: \
                         some storages give it for a wrong secret too."
                    ),
                    format!(
                        "存储服务拒绝用访问密钥 {access_key} 列出存储桶 {bucket} 中 {prefix} 下的\
                         对象（AccessDenied{said}）。这个应答无法区分是密钥缺少权限还是私有访问\
                         密钥不对：有些存储服务在私有密钥错误时也这样回答。"
                    ),
                ),
                vec![
                    say(lang.pick(
                        format!(
                            "Check the secret key: it must be the one created with access key \
                             {access_key}, copied whole."
                        ),
                        format!(
                            "检查私有访问密钥：它必须是与访问密钥 {access_key} 一同创建的那个，\
                             并且完整复制。"
                        ),
                    )),
                    say(lang.pick(
                        format!(
                            "Check the key's permission: it needs s3:ListBucket on \
                             arn:aws:s3:::{bucket} (for the prefix {prefix}) and s3:GetObject \
                             on arn:aws:s3:::{bucket}/{prefix}*. On MinIO the built-in readonly \
                             policy grants both."
                        ),
                        format!(
                            "检查密钥的权限：它需要 arn:aws:s3:::{bucket} 上的 s3:ListBucket 权限\
                             （针对前缀 {prefix}）和 arn:aws:s3:::{bucket}/{prefix}* 上的 \
                             s3:GetObject 权限。MinIO 内置的 readonly 策略包含这两项。"
                        ),
                    )),
                    say(lang.pick(
                        "A key limited to one prefix (as Sealos and MinIO service accounts can \
                         be) sees only that prefix: set the Prefix to exactly that folder.",
                        "仅限某个前缀的密钥（Sealos 和 MinIO 的服务账号可以这样限制）只能看到该\
                         前缀：请把“前缀”设置为那个目录。",
                    )),
                ],
            )
        }
        Fact::WrongRegion { code } => (
            lang.pick("The region is not accepted", "区域不被接受"),
            lang.pick(
                format!("The storage did not accept region {region} in the signature ({code})."),
                format!("存储服务不接受签名中的区域 {region}（{code}）。"),
            ),
            vec![say(lang.pick(
                "Check the region: MinIO and Sealos object storage use us-east-1 unless their \
                 administrator set another.",
                "检查区域：除非管理员另行设置，MinIO 和 Sealos 对象存储使用 us-east-1。",
            ))],
        ),
        Fact::NotS3 { reason } => {
            let reason = unlisted(reason, lang);
            (
                lang.pick("No S3 answer", "没有得到 S3 响应"),
                lang.pick(
                    format!(
                        "The signed listing got no answer an S3 API would give from {endpoint} \
                         ({reason})."
                    ),
                    format!("{endpoint} 对签名的列举请求没有给出 S3 API 应有的响应（{reason}）。"),
                ),
                vec![say(lang.pick(
                    "Use the storage's S3 API endpoint, not the address of its web console. If \
                     the connection dropped, run the checks again.",
                    "请使用存储服务的 S3 API 地址，而不是其网页控制台的地址。如果是连接中断，\
                     请重新运行检查。",
                ))],
            )
        }
        Fact::KeysUnchecked => (
            lang.pick("The keys could not be checked", "无法检查密钥"),
            lang.pick(
                "The storage refused the request's time before looking at the keys, and its \
                 own time could not be read to sign again by it."
                    .to_owned(),
                "存储服务在检查密钥之前就因请求时间拒绝了请求，且读不到它自己的时间，无法按它的\
                 时间重新签名。"
                    .to_owned(),
            ),
            vec![say(lang.pick(
                "Set the clock right (next step), then run the checks again.",
                "先校准时钟（见下一步），再重新运行检查。",
            ))],
        ),
        Fact::Refused {
            status,
            code,
            message,
        } => {
            let answer = s3_presign::describe(*status, code);
            let said = message
                .as_ref()
                .map(|m| format!(": {m}"))
                .unwrap_or_default();
            (
                lang.pick("The storage refused the request", "存储服务拒绝了请求"),
                lang.pick(
                    format!("{endpoint} answered the signed listing with {answer}{said}."),
                    format!("{endpoint} 对签名的列举请求返回 {answer}{said}。"),
                ),
                vec![say(lang.pick(
                    "An answer in the 500s is the storage's own trouble: try again later. \
                     Otherwise, see what the storage said.",
                    "5xx 响应是存储服务自身的问题：请稍后重试。否则请查看存储服务给出的说明。",
                ))],
            )
        }
        Fact::ClockInStep { offset_ms } => (
            lang.pick("The clock is in sync", "时钟同步"),
            match offset_ms {
                Some(ms) if ms.abs() < 1000 => lang
                    .pick(
                        "This computer's clock and the storage's agree (to within a second).",
                        "本机时钟与存储服务的时钟一致（相差不到 1 秒）。",
                    )
                    .to_owned(),
                Some(ms) => lang.pick(
                    format!(
                        "This computer's clock and the storage's agree (they differ by {}).",
                        span(*ms, lang)
                    ),
                    format!("本机时钟与存储服务的时钟一致（相差 {}）。", span(*ms, lang)),
                ),
                None => lang
                    .pick(
                        "The storage accepted the request's time.",
                        "存储服务接受了请求的时间。",
                    )
                    .to_owned(),
            },
            Vec::new(),
        ),
        Fact::ClockOff { offset_ms } => (
            lang.pick("The clock is off", "时钟有偏差"),
            lang.pick(
                format!(
                    "{} The storage still accepts it (it allows up to 15 minutes), but \
                     requests will fail if it drifts further.",
                    sentence(*offset_ms, lang)
                ),
                format!(
                    "{}存储服务目前仍接受（最多允许 15 分钟），但偏差再大请求就会失败。",
                    sentence(*offset_ms, lang)
                ),
            ),
            clock_fix(lang),
        ),
        Fact::ClockRefused { offset_ms, code } => {
            let why = lang.pick(
                format!("the storage refused the signed request for its time ({code})"),
                format!("存储服务因请求时间拒绝了签名请求（{code}）"),
            );
            let detail = match (offset_ms, lang) {
                (Some(ms), Lang::En) => format!("{} So {why}.", sentence(*ms, lang)),
                (Some(ms), Lang::Zh) => format!("{}因此{why}。", sentence(*ms, lang)),
                (None, Lang::En) => format!(
                    "The clocks differ: {why}, and the storage's own time could not be read."
                ),
                (None, Lang::Zh) => format!("时钟不一致：{why}，且读不到存储服务自己的时间。"),
            };
            (
                lang.pick("The clock is off", "时钟有偏差"),
                detail,
                clock_fix(lang),
            )
        }
        _ => unreachable!("not a step 3 or 4 finding"),
    };
    Words {
        title: title.to_owned(),
        detail,
        fix,
    }
}

fn clock_fix(lang: Lang) -> Vec<Line> {
    vec![
        say(lang.pick(
            "Set this computer's clock right: turn on automatic date and time (Windows: \
             Settings › Time & language; macOS: System Settings › General › Date & Time). On \
             Linux:",
            "校准本机时钟：打开“自动设置日期和时间”（Windows：设置 › 时间和语言；macOS：\
             系统设置 › 通用 › 日期与时间）。在 Linux 上：",
        )),
        run("sudo timedatectl set-ntp true"),
        say(lang.pick(
            "If this computer's clock is right, the storage's is wrong: ask its administrator \
             to synchronise it (NTP).",
            "如果本机时钟是准的，那就是存储服务的时钟不准：请联系其管理员开启时间同步（NTP）。",
        )),
    ]
}
