//! What an S3 error code means for this page, keyed on the code, in both languages.

use super::{say, Advice};
use crate::i18n::locale::Lang;
use crate::state::problem::Place;

/// The advice for S3's answer `code` with `status` (`code` empty: no error document).
pub fn advice(code: &str, status: u16, place: &Place, lang: Lang) -> Advice {
    let Place {
        endpoint,
        bucket,
        region,
        access_key,
        ..
    } = place;
    let zh = lang == Lang::Zh;
    match code {
        "SignatureDoesNotMatch" if zh => (
            "私有访问密钥不匹配".to_owned(),
            format!("存储拒绝了用访问密钥 {access_key} 生成的签名：很可能是私有访问密钥填错了。"),
            vec![
                say("请按签发时的原样重新输入私有访问密钥，不要带空格或换行。"),
                say("如果密钥没错，请确认服务地址就是存储自身的 S3 API 地址：会改写主机名的代理也会让签名失效。"),
            ],
        ),
        "SignatureDoesNotMatch" => (
            "The secret key does not match".to_owned(),
            format!(
                "The storage refused the signature made with access key {access_key}: the \
                 secret access key is most likely wrong."
            ),
            vec![
                say(
                    "Enter the secret access key again, exactly as it was issued, with no \
                     spaces or line breaks.",
                ),
                say(
                    "If it is right, check that the endpoint is the storage's own S3 API \
                     address: a proxy that changes the host name also breaks signatures.",
                ),
            ],
        ),
        "InvalidAccessKeyId" if zh => (
            "未知的访问密钥".to_owned(),
            format!("{endpoint} 上的存储中没有访问密钥 {access_key}。"),
            vec![
                say("请检查访问密钥 ID。"),
                say("请确认服务地址就是签发这组密钥的那个存储。"),
            ],
        ),
        "InvalidAccessKeyId" => (
            "Unknown access key".to_owned(),
            format!("The storage at {endpoint} knows no access key {access_key}."),
            vec![
                say("Check the access key ID."),
                say("Check that the endpoint is the storage these keys were issued for."),
            ],
        ),
        "AccessDenied" | "AllAccessDisabled" | "AccountProblem" if zh => (
            "访问被拒绝".to_owned(),
            format!(
                "存储服务拒绝了这组凭据对存储桶 {bucket} 的访问。这个应答无法区分是凭据缺少权限\
                 还是私有访问密钥不对：有些存储服务在私有密钥错误时也这样回答。"
            ),
            vec![
                say("检查私有访问密钥：它必须是与访问密钥一同创建的那个，并且完整复制。"),
                say(format!(
                    "检查权限：访问密钥需要列出存储桶和读取对象的权限：{bucket} 上的 s3:ListBucket 和 \
                     s3:GetObject（MinIO 内置的 readonly 策略两者都包含）。"
                )),
                say("如果权限没问题，请检查这台电脑的时钟：时间偏差太大时，存储会认为签名请求已过期或尚未生效。"),
            ],
        ),
        "AccessDenied" | "AllAccessDisabled" | "AccountProblem" => (
            "Access denied".to_owned(),
            format!(
                "The storage refused these credentials for bucket {bucket}. The answer does \
                 not say whether they lack the permission or the secret key is wrong: some \
                 storages answer a wrong secret this way too."
            ),
            vec![
                say(
                    "Check the secret key: it must be the one created with the access key, \
                     copied whole.",
                ),
                say(format!(
                    "Check the permission: the access key needs to list the bucket and read \
                     its objects: s3:ListBucket and s3:GetObject on {bucket} (on MinIO, the \
                     built-in readonly policy grants both)."
                )),
                say(
                    "If the permissions are right, check this computer's clock: when it is \
                     far off, signed requests look expired or not yet valid to the storage.",
                ),
            ],
        ),
        "NoSuchBucket" if zh => (
            "存储桶不存在".to_owned(),
            format!("{endpoint} 上没有名为 {bucket} 的存储桶。"),
            vec![
                say("请检查存储桶名称：区分大小写。"),
                say("请检查服务地址：必须是存放该存储桶的那个存储。"),
            ],
        ),
        "NoSuchBucket" => (
            "No such bucket".to_owned(),
            format!("There is no bucket {bucket} at {endpoint}."),
            vec![
                say("Check the bucket name: it is case-sensitive."),
                say("Check the endpoint: it must be the storage that holds the bucket."),
            ],
        ),
        "RequestTimeTooSkewed" if zh => (
            "这台电脑的时钟不准".to_owned(),
            "存储拒绝了请求，因为本浏览器的时钟与存储的时间相差太大，而且无法读取存储的时间来校正。"
                .to_owned(),
            vec![say("请把这台电脑的时钟调准（打开自动设置日期和时间），然后重新连接。")],
        ),
        "RequestTimeTooSkewed" => (
            "This computer's clock is off".to_owned(),
            "The storage refused the request because this browser's clock is too far from \
             its own, and the storage's time could not be read to correct for it."
                .to_owned(),
            vec![say(
                "Set this computer's clock right (turn on automatic date and time), then \
                 connect again.",
            )],
        ),
        "ExpiredToken" | "InvalidToken" | "TokenRefreshRequired" if zh => (
            "会话令牌已过期或有误".to_owned(),
            "临时凭据由三部分组成，并且会同时过期。".to_owned(),
            vec![say(
                "请获取新的临时凭据，并把三部分都填上：访问密钥 ID、私有访问密钥和会话令牌。",
            )],
        ),
        "ExpiredToken" | "InvalidToken" | "TokenRefreshRequired" => (
            "The session token is expired or wrong".to_owned(),
            "Temporary credentials come as three parts that expire together.".to_owned(),
            vec![say(
                "Get fresh temporary credentials and enter all three: access key ID, secret \
                 access key and session token.",
            )],
        ),
        "AuthorizationHeaderMalformed"
        | "AuthorizationQueryParametersError"
        | "PermanentRedirect"
        | "IllegalLocationConstraintException"
            if zh =>
        {
            (
                "区域不对？".to_owned(),
                format!("存储不接受签名中的区域 {region}。"),
                vec![say(
                    "请检查区域。除非管理员另行设置，MinIO 和 Sealos 对象存储都使用 us-east-1。",
                )],
            )
        }
        "AuthorizationHeaderMalformed"
        | "AuthorizationQueryParametersError"
        | "PermanentRedirect"
        | "IllegalLocationConstraintException" => (
            "Wrong region?".to_owned(),
            format!("The storage did not accept region {region} in the signature."),
            vec![say(
                "Check the region. MinIO and Sealos object storage use us-east-1 unless \
                 their administrator set another.",
            )],
        ),
        "" if zh => (
            format!("HTTP {status}，没有 S3 错误信息"),
            format!("{endpoint} 返回了状态码 {status}，但没有 S3 错误文档。"),
            vec![say(
                "请确认服务地址是存储的 S3 API 地址，而不是网页或存储前面的代理。",
            )],
        ),
        "" => (
            format!("HTTP {status} without an S3 error"),
            format!("{endpoint} answered with status {status} but no S3 error document."),
            vec![say(
                "Check that the endpoint is the storage's S3 API address, not a web page or a \
                 proxy in front of it.",
            )],
        ),
        other if zh => (
            format!("存储拒绝了请求（{other}）"),
            format!("{endpoint} 返回了 {other}（HTTP {status}）。"),
            vec![say("存储返回的原始信息见下方。")],
        ),
        other => (
            format!("The storage refused the request ({other})"),
            format!("{endpoint} answered {other} (HTTP {status})."),
            vec![say("See what the storage said, below.")],
        ),
    }
}
