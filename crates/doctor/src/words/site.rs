//! The site step in words: whether the published dashboard opens where a reader opens it,
//! and, when it does not, what the host did and how to publish or host it so that it does.

use super::reach::no_reply_zh;
use super::{run, say, Line, Words};
use crate::{Fact, Lang, Target};

pub(super) fn words(fact: &Fact, target: &Target, lang: Lang) -> Words {
    let (title, detail, fix) = match fact {
        Fact::SiteOpens { page, content_type } => (
            lang.pick("The site opens", "站点可以打开"),
            lang.pick(
                format!("{page} answers as a web page ({content_type}), which the browser shows."),
                format!("{page} 以网页（{content_type}）应答，浏览器会直接显示它。"),
            ),
            Vec::new(),
        ),
        Fact::SiteNoAnswer { page, reason } => (
            lang.pick("Nothing answers at the site", "站点无响应"),
            match lang {
                Lang::En => format!("No answer from {page}: {reason}."),
                Lang::Zh => format!("{page} 没有响应：{}。", no_reply_zh(reason)),
            },
            vec![
                say(lang.pick(
                    "Check the address by opening it in a browser. On Sealos it is the address \
                     the site bucket's static hosting shows, not the S3 endpoint.",
                    "在浏览器中打开这个地址检查它。在 Sealos 上，它是站点存储桶的静态托管给出的地址，\
                     而不是 S3 服务地址。",
                )),
                say(lang.pick(
                    "Check that the host (on Sealos, the static hosting app) is running and \
                     reachable from this computer (VPN, firewall, proxy).",
                    "确认托管站点的服务（在 Sealos 上是静态托管应用）正在运行，并且本机可以访问到它\
                     （VPN、防火墙、代理）。",
                )),
            ],
        ),
        Fact::SiteRefused { page, status } => refused(page, *status, target, lang),
        Fact::SiteDownloads { page, disposition } => (
            lang.pick(
                "The page downloads instead of opening",
                "页面会被下载而不是打开",
            ),
            lang.pick(
                format!(
                    "{page} comes with Content-Disposition: {disposition}, so the browser saves \
                     index.html as a file instead of showing the dashboard. Sealos's ingress \
                     adds it to everything served from the S3 endpoint."
                ),
                format!(
                    "{page} 的响应带有 Content-Disposition: {disposition}，浏览器会把 index.html \
                     当作文件保存，而不是显示仪表盘。Sealos 的 ingress 会给 S3 服务地址上的所有内容\
                     加上这个响应头。"
                ),
            ),
            vec![
                say(lang.pick(
                    "Do not open the dashboard from the S3 endpoint. On Sealos, turn on static \
                     hosting for the site's bucket (an app that serves the bucket at an address \
                     of its own) and open that address instead.",
                    "不要从 S3 服务地址打开仪表盘。在 Sealos 上，为站点所在的存储桶开启静态托管\
                     （一个用自己的地址提供该存储桶内容的应用），改为打开那个地址。",
                )),
                say(lang.pick(
                    "The log storage's CORS must then allow that address's origin; check both \
                     at once:",
                    "之后，日志存储的 CORS 必须允许那个地址的来源；用下面的命令同时检查两者：",
                )),
                run(format!(
                    "logscope doctor --site STATIC_HOSTING_URL --endpoint {} --bucket {}",
                    target.endpoint, target.bucket
                )),
            ],
        ),
        Fact::SiteNotHtml { page, content_type } => (
            lang.pick("The page is not served as HTML", "页面没有以 HTML 形式提供"),
            match (content_type, lang) {
                (Some(seen), Lang::En) => format!(
                    "{page} comes with Content-Type: {seen}, not text/html: the browser will \
                     not open it as a web page."
                ),
                (Some(seen), Lang::Zh) => format!(
                    "{page} 的 Content-Type 是 {seen}，而不是 text/html：浏览器不会把它当作网页打开。"
                ),
                (None, Lang::En) => format!(
                    "{page} comes with no Content-Type, not text/html: the browser will not \
                     open it as a web page."
                ),
                (None, Lang::Zh) => format!(
                    "{page} 的响应没有 Content-Type，而不是 text/html：浏览器不会把它当作网页打开。"
                ),
            },
            vec![
                say(lang.pick(
                    "Publish the dashboard again with logscope publish, which stores index.html \
                     as text/html (other upload tools may store it as application/octet-stream):",
                    "用 logscope publish 重新发布仪表盘，它会把 index.html 存为 text/html（其他上传\
                     工具可能把它存为 application/octet-stream）：",
                )),
                publish(target),
                say(lang.pick(
                    "If the host sets the type itself, have it serve .html files as text/html.",
                    "如果类型由托管服务自己设置，请让它把 .html 文件按 text/html 提供。",
                )),
            ],
        ),
        _ => unreachable!("not a site finding"),
    };
    Words {
        title: title.to_owned(),
        detail,
        fix,
    }
}

/// An error status: what it most likely means here, and what to do.
fn refused(
    page: &str,
    status: u16,
    target: &Target,
    lang: Lang,
) -> (&'static str, String, Vec<Line>) {
    match status {
        404 => (
            lang.pick("The page is not there", "页面不存在"),
            lang.pick(
                format!(
                    "{page} answered HTTP 404 Not Found: no index.html was published there, or \
                     the address names another folder than the one it was published to."
                ),
                format!(
                    "{page} 返回 HTTP 404 Not Found：那里没有发布 index.html，或者地址中的文件夹\
                     不是发布时的文件夹。"
                ),
            ),
            vec![
                say(lang.pick(
                    "Publish the dashboard to the folder this address names (publish's \
                     --prefix is the folder in the bucket), or open the address logscope \
                     publish printed:",
                    "把仪表盘发布到这个地址所指的文件夹（publish 的 --prefix 就是存储桶中的文件夹），\
                     或者打开 logscope publish 输出的地址：",
                )),
                publish(target),
            ],
        ),
        403 => (
            lang.pick("The page is forbidden", "页面禁止访问"),
            lang.pick(
                format!(
                    "{page} answered HTTP 403 Forbidden: the site's bucket is not public-read, \
                     or static hosting is not set up for it."
                ),
                format!(
                    "{page} 返回 HTTP 403 Forbidden：站点所在的存储桶不是公共读（public-read），\
                     或者没有为它开启静态托管。"
                ),
            ),
            vec![
                say(lang.pick(
                    "Give the site's bucket public-read permission, so that anyone may read its \
                     files without a key: in the Sealos object storage console, the bucket's \
                     permission publicRead. Keep the logs in a private bucket of their own.",
                    "给站点所在的存储桶设置公共读权限，让任何人无需密钥即可读取其中的文件：在 Sealos \
                     对象存储控制台中，把存储桶权限设为 publicRead。日志请放在单独的私有存储桶里。",
                )),
                say(lang.pick(
                    "On Sealos, turn on static hosting for that bucket and open the address it \
                     shows.",
                    "在 Sealos 上，为该存储桶开启静态托管，并打开它给出的地址。",
                )),
            ],
        ),
        500..=599 => (
            lang.pick("The site fails", "站点出错"),
            lang.pick(
                format!(
                    "{page} answered HTTP {status}: the host, or the app in front of the \
                     bucket, failed."
                ),
                format!("{page} 返回 HTTP {status}：托管服务或存储桶前面的应用出错了。"),
            ),
            vec![say(lang.pick(
                "Check that the host is running (on Sealos, the bucket's static hosting app) \
                 and that its bucket exists, then try again.",
                "确认托管服务正在运行（在 Sealos 上是存储桶的静态托管应用），并且它的存储桶存在，\
                 然后重试。",
            ))],
        ),
        _ => (
            lang.pick("The site answers with an error", "站点返回错误"),
            lang.pick(
                format!("{page} answered HTTP {status}, not 200 OK."),
                format!("{page} 返回 HTTP {status}，而不是 200 OK。"),
            ),
            vec![say(lang.pick(
                "Open the address in a browser to see what the host says: the page must \
                 answer 200 OK.",
                "在浏览器中打开这个地址，看看托管服务返回了什么：页面必须返回 200 OK。",
            ))],
        ),
    }
}

fn publish(target: &Target) -> Line {
    run(format!(
        "logscope publish --endpoint {} --bucket SITE_BUCKET --prefix FOLDER/",
        target.endpoint
    ))
}
