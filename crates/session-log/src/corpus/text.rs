//! The words of the synthetic sessions: prompts, model answers, errors and take-off data,
//! mostly Chinese, as the real service writes them.

use super::below;
use super::json::{dumps, Json};
use fastrand::Rng;

pub(crate) const SYSTEM_PROMPT: &str =
    "你是一名资深的建筑工程造价工程师，熟悉《建设工程工程量清单计价规范》\
     (GB 50500-2013)。请识别图纸切片中的全部构件，并严格以JSON格式输出构件编号、名称、楼层、截面、\
     混凝土强度等级、数量和单位，不要输出多余的文字。";

const USER_PROMPTS: [&str; 4] = [
    "请分析第{n}张图纸切片，识别其中所有的柱、梁、板、墙构件，并统计工程量。",
    "这是结构施工图的第{n}部分，请提取构件明细表，数量按图纸标注计算。",
    "请核对第{n}张切片中的门窗表，给出门窗编号、洞口尺寸和樘数。",
    "Please identify every structural component in slice {n} and answer in JSON.",
];

/// (code, name, unit)
const COMPONENTS: [(&str, &str, &str); 11] = [
    ("KZ", "框架柱", "根"),
    ("KL", "框架梁", "m"),
    ("LL", "连梁", "m"),
    ("Q", "剪力墙", "m²"),
    ("B", "现浇板", "m²"),
    ("GZ", "构造柱", "根"),
    ("QL", "圈梁", "m"),
    ("J", "独立基础", "个"),
    ("M", "门", "樘"),
    ("C", "窗", "樘"),
    ("LT", "楼梯", "m²"),
];

const FLOORS: [&str; 6] = ["一层", "二层", "三层", "标准层", "屋面层", "地下一层"];
const SECTIONS: [&str; 6] = [
    "500×500",
    "600×600",
    "300×700",
    "250×600",
    "200",
    "1000×2100",
];
const CONCRETE: [&str; 3] = ["C30", "C35", "C25"];
const TITLES: [&str; 5] = [
    "三层结构平面图",
    "基础平面布置图",
    "标准层梁配筋图",
    "一层建筑平面图",
    "屋面板配筋图",
];

/// Text the dashboard must show as text: a script tag and an image with an error handler.
pub(crate) const SCRIPT: &str = "<script>alert(1)</script>";
pub(crate) const IMG_ONERROR: &str = "<img src=x onerror=alert(document.cookie)>";

pub(crate) fn user_prompt(rng: &mut Rng, slice: usize) -> String {
    USER_PROMPTS[below(rng, USER_PROMPTS.len())].replace("{n}", &(slice + 1).to_string())
}

/// Components as a model lists them.
pub(crate) fn components(rng: &mut Rng, count: usize) -> Vec<Json> {
    (0..count)
        .map(|_| {
            let (code, name, unit) = COMPONENTS[below(rng, COMPONENTS.len())];
            let quantity = rng.u64(1..=48);
            Json::obj([
                ("id", format!("{code}{}", rng.u32(1..=30)).into()),
                ("name", name.into()),
                ("floor", FLOORS[below(rng, FLOORS.len())].into()),
                ("section", SECTIONS[below(rng, SECTIONS.len())].into()),
                ("concrete", CONCRETE[below(rng, CONCRETE.len())].into()),
                ("quantity", quantity.into()),
                ("unit", unit.into()),
                (
                    "volume_m3",
                    round2(quantity as f64 * (0.2 + rng.f64() * 3.0)).into(),
                ),
            ])
        })
        .collect()
}

/// A component whose id and name are markup, as a model might copy them from a drawing.
pub(crate) fn markup_component() -> Json {
    Json::obj([
        ("id", IMG_ONERROR.into()),
        ("name", SCRIPT.into()),
        ("floor", "一层".into()),
        ("quantity", 1u64.into()),
        ("unit", "个".into()),
    ])
}

/// What a model answers: JSON (fenced as Markdown or bare) or a Markdown table.
pub(crate) fn answer(rng: &mut Rng, components: &[Json]) -> String {
    match rng.u8(..10) {
        0..=4 => format!("```json\n{}\n```", dumps(&listing(rng, components))),
        5..=7 => dumps(&listing(rng, components)),
        _ => {
            let mut text = String::from(
                "## 识别结果\n\n| 构件编号 | 名称 | 楼层 | 数量 | 单位 |\n|---|---|---|---|---|\n",
            );
            for component in components {
                if let Json::Obj(fields) = component {
                    let cell = |key: &str| {
                        fields.iter().find(|(k, _)| k == key).map_or(
                            String::new(),
                            |(_, v)| match v {
                                Json::Str(s) => s.clone(),
                                other => dumps(other),
                            },
                        )
                    };
                    text.push_str(&format!(
                        "| {} | {} | {} | {} | {} |\n",
                        cell("id"),
                        cell("name"),
                        cell("floor"),
                        cell("quantity"),
                        cell("unit")
                    ));
                }
            }
            text.push_str("\n> 注：数量按图纸标注统计，未含损耗。");
            text
        }
    }
}

/// An answer that looks like HTML: data to show, never markup to run.
pub(crate) fn markup_answer() -> String {
    format!(
        "图纸说明文字识别结果：\n{SCRIPT}\n{IMG_ONERROR}\n<b>注</b>：以上为图纸中的原始标注，\
         <a href=\"javascript:alert(2)\">点击查看</a>。"
    )
}

/// The answer's JSON: the components and what drawing they are from.
pub(crate) fn listing(rng: &mut Rng, components: &[Json]) -> Json {
    Json::obj([
        ("drawing_title", TITLES[below(rng, TITLES.len())].into()),
        ("scale", "1:100".into()),
        ("components", Json::Arr(components.to_vec())),
        ("total_count", (components.len() as u64).into()),
    ])
}

/// `(type, message)` of a failed call, as the OpenAI Python client words them.
pub(crate) fn error(rng: &mut Rng, model: &str) -> (String, String) {
    let (kind, message) = match rng.u8(..6) {
        0 => ("RateLimitError", format!(
            "Error code: 429 - {{'error': {{'message': 'Rate limit reached for {model} in organization \
             org-qto on tokens per min (TPM): Limit 30000, Used 27912, Requested 4388. Please try \
             again in 4.6s.', 'type': 'tokens', 'param': None, 'code': 'rate_limit_exceeded'}}}}"
        )),
        1 => ("APITimeoutError", "Request timed out.".to_owned()),
        2 => ("APIConnectionError", "Connection error.".to_owned()),
        3 => ("BadRequestError", "Error code: 400 - {'error': {'message': \"Invalid image: the image \
             data you provided does not represent a valid image.\", 'type': 'invalid_request_error', \
             'param': None, 'code': 'invalid_image_format'}}".to_owned()),
        4 => ("InternalServerError", "Error code: 502 - <html>\r\n<head><title>502 Bad Gateway</title>\
             </head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>"
            .to_owned()),
        _ => ("JSONDecodeError", "模型返回的内容不是有效的JSON：Expecting value: line 1 column 1 (char 0)"
            .to_owned()),
    };
    (kind.to_owned(), message)
}

/// Rounds like Python's `round(x, 2)` for the values made here (no ties at this precision).
pub(crate) fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}
