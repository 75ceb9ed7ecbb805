//! What the status line says when the browser's clock was corrected from the storage's.

use super::locale::Lang;

/// What the status line says after a correction. The server's time is known to a second
/// at best (HTTP dates have no fractions), so larger offsets are given to the minute.
pub fn describe(offset_ms: i64, lang: Lang) -> String {
    let seconds = offset_ms.abs() as f64 / 1000.0;
    let seconds = if seconds >= 90.0 {
        (seconds / 60.0).round() * 60.0
    } else {
        seconds.round()
    };
    let how_far = super::format::seconds(seconds, lang);
    match lang {
        Lang::En => {
            let direction = if offset_ms > 0 { "behind" } else { "ahead of" };
            format!(
                "This browser's clock is about {how_far} {direction} the storage's; requests \
                 are now signed with the storage's time."
            )
        }
        Lang::Zh => {
            let direction = if offset_ms > 0 { "慢" } else { "快" };
            format!("本浏览器的时钟比存储{direction}约 {how_far}；现在改用存储的时间为请求签名。")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_correction_is_described_with_its_direction() {
        assert_eq!(
            describe(-3_599_400, Lang::En),
            "This browser's clock is about 1 h 0 min ahead of the storage's; requests are now \
             signed with the storage's time."
        );
        assert!(describe(125_000, Lang::En).contains("about 2 min 0 s behind"));
        assert!(describe(45_200, Lang::En).contains("about 45.0 s behind"));
        assert_eq!(
            describe(-3_599_400, Lang::Zh),
            "本浏览器的时钟比存储快约 1小时0分；现在改用存储的时间为请求签名。"
        );
        assert_eq!(
            describe(125_000, Lang::Zh),
            "本浏览器的时钟比存储慢约 2分0秒；现在改用存储的时间为请求签名。"
        );
    }
}
