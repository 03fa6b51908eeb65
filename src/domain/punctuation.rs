//! Punctuation in Chinese text as GB/T 15834-2011 writes it: the full-width marks
//! `，：；（）！？“”……` between Chinese words, while digits and Latin keep their half-width forms
//! (GB/T 15835). Used to check the unit's own text before it is reported, to fix it with one
//! click, and by the tests that keep the program's own strings in order.

/// Whether `ch` belongs to Chinese text: a Han character, a full-width form or a mark of
/// Chinese typesetting（、。「」“”——……）.
pub fn is_chinese(ch: char) -> bool {
    matches!(ch,
        '\u{3400}'..='\u{4dbf}'
        | '\u{4e00}'..='\u{9fff}'
        | '\u{3000}'..='\u{303f}'
        | '\u{ff00}'..='\u{ffef}'
        | '“' | '”' | '‘' | '’' | '—' | '…')
}

/// The half-width marks GB/T 15834 replaces in Chinese text.
const HALF_WIDTH: [char; 7] = [',', ':', ';', '(', ')', '!', '?'];

/// The character offsets (not bytes) of the half-width `, : ; ( ) ! ?` that touch a Chinese
/// character, the marks a reviewer circles.
pub fn half_width_marks(text: &str) -> Vec<usize> {
    let chars: Vec<char> = text.chars().collect();
    (0..chars.len())
        .filter(|&index| {
            HALF_WIDTH.contains(&chars[index])
                && (index > 0 && is_chinese(chars[index - 1])
                    || chars.get(index + 1).copied().is_some_and(is_chinese))
        })
        .collect()
}

/// `text` as a clerk types it when the input method gives half-width marks: each full-width
/// mark of [`standard_punctuation`] replaced by its half-width twin. The tests write the texts
/// a clerk types this way, so that what was typed and what it becomes read side by side.
pub fn as_typed_half_width(text: &str) -> String {
    text.replace("……", "...")
        .chars()
        .map(|ch| match ch {
            '，' => ',',
            '：' => ':',
            '；' => ';',
            '（' => '(',
            '）' => ')',
            '！' => '!',
            '？' => '?',
            '“' | '”' => '"',
            other => other,
        })
        .collect()
}

/// Whether `text` has half-width punctuation between Chinese words.
pub fn needs_standard_punctuation(text: &str) -> bool {
    standard_punctuation(text) != text
}

/// `text` with the punctuation of its Chinese passages in full-width form: `, : ; ! ?` whose
/// nearest neighbour (across one space) is Chinese, brackets and double quotes around or next
/// to Chinese, and `...` after Chinese as `……`. The spaces that stood beside a replaced mark
/// go, since full-width marks carry their own. Latin text, numbers, times (`13:34`) and
/// addresses (`http://`) are left as they are.
pub fn standard_punctuation(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out: Vec<Option<char>> = chars.iter().copied().map(Some).collect();
    let replace = |index: usize, with: char, out: &mut Vec<Option<char>>| {
        out[index] = Some(with);
        // A single space on either side belonged to the half-width mark.
        for beside in [index.checked_sub(1), Some(index + 1)]
            .into_iter()
            .flatten()
        {
            if chars.get(beside) == Some(&' ') {
                out[beside] = None;
            }
        }
    };
    for (open, close) in pairs(&chars, '(', ')') {
        let inner = match (open, close) {
            (Some(open), Some(close)) => &chars[open + 1..close],
            _ => &[][..],
        };
        let touches = open.is_some_and(|open| chinese_beside(&chars, open, Side::Before))
            || close.is_some_and(|close| chinese_beside(&chars, close, Side::After));
        if touches || inner.iter().copied().any(is_chinese) {
            if let Some(open) = open {
                replace(open, '（', &mut out);
            }
            if let Some(close) = close {
                replace(close, '）', &mut out);
            }
        }
    }
    for (open, close) in pairs(&chars, '"', '"') {
        if let (Some(open), Some(close)) = (open, close)
            && chars[open + 1..close].iter().copied().any(is_chinese)
        {
            out[open] = Some('“');
            out[close] = Some('”');
        }
    }
    for (index, &ch) in chars.iter().enumerate() {
        let full = match ch {
            ',' => '，',
            ':' => '：',
            ';' => '；',
            '!' => '！',
            '?' => '？',
            _ => continue,
        };
        let before = neighbour(&chars, index, Side::Before);
        let after = neighbour(&chars, index, Side::After);
        let time_or_address = ch == ':'
            && (before.is_some_and(|c| c.is_ascii_digit())
                && after.is_some_and(|c| c.is_ascii_digit())
                || chars.get(index + 1) == Some(&'/'));
        if !time_or_address && (before.is_some_and(is_chinese) || after.is_some_and(is_chinese)) {
            replace(index, full, &mut out);
        }
    }
    let mut text: String = out.into_iter().flatten().collect();
    for dots in ["......", "..."] {
        text = replace_dots_after_chinese(&text, dots);
    }
    text
}

/// `...` (or `......`) right after Chinese becomes `……`.
fn replace_dots_after_chinese(text: &str, dots: &str) -> String {
    let mut result = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(found) = rest.find(dots) {
        let (head, tail) = rest.split_at(found);
        result.push_str(head);
        if result.chars().last().is_some_and(is_chinese) {
            result.push_str("……");
        } else {
            result.push_str(dots);
        }
        rest = &tail[dots.len()..];
    }
    result.push_str(rest);
    result
}

#[derive(Clone, Copy)]
enum Side {
    Before,
    After,
}

/// The character beside `index` on `side`, looking across one space.
fn neighbour(chars: &[char], index: usize, side: Side) -> Option<char> {
    let step = |at: usize| match side {
        Side::Before => at.checked_sub(1),
        Side::After => Some(at + 1),
    };
    let next = step(index)?;
    match chars.get(next) {
        Some(' ') => step(next).and_then(|beyond| chars.get(beyond).copied()),
        other => other.copied(),
    }
}

fn chinese_beside(chars: &[char], index: usize, side: Side) -> bool {
    neighbour(chars, index, side).is_some_and(is_chinese)
}

/// The brackets of `text` paired up: `(Some(open), Some(close))` for a pair, and one side
/// `None` for a bracket left unmatched. With the same `open` and `close` (straight quotes)
/// they pair in order.
fn pairs(chars: &[char], open: char, close: char) -> Vec<(Option<usize>, Option<usize>)> {
    let mut found = Vec::new();
    let mut waiting: Vec<usize> = Vec::new();
    for (index, &ch) in chars.iter().enumerate() {
        if open == close && ch == open {
            match waiting.pop() {
                Some(start) => found.push((Some(start), Some(index))),
                None => waiting.push(index),
            }
        } else if ch == open {
            waiting.push(index);
        } else if ch == close {
            found.push((waiting.pop(), Some(index)));
        }
    }
    found.extend(waiting.into_iter().map(|start| (Some(start), None)));
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_between_chinese_words_become_full_width() {
        // What the clerk typed, written in its full-width form and turned half-width below,
        // then what 规范标点 makes of it.
        let cases = [
            ("社会各界、广大服务对象：", "社会各界、广大服务对象："),
            ("（承诺时限：2026年7月26日）", "（承诺时限：2026年7月26日）"),
            ("窗口人员少， 群众排队久；", "窗口人员少，群众排队久；"),
            ("是否已整改？已整改！", "是否已整改？已整改！"),
            ("单位签名（Ed25519）", "单位签名（Ed25519）"),
            (
                "共 3 个文件 （其中佐证 2 个）",
                "共 3 个文件（其中佐证 2 个）",
            ),
            ("落实“三个清单”制度", "落实“三个清单”制度"),
            ("正在整改……", "正在整改……"),
        ];
        for (typed, expected) in cases {
            let given = as_typed_half_width(typed);
            assert_ne!(given, expected, "the typed form has half-width marks");
            assert_eq!(standard_punctuation(&given), expected, "{given}");
            assert!(needs_standard_punctuation(&given), "{given}");
        }
    }

    #[test]
    fn latin_numbers_times_and_addresses_are_left_alone() {
        for text in [
            "2026年12月4日 13:34",
            "Usage: zhenggai (init | demo)",
            "见 http://example.org/a,b",
            "版本 1.2.3",
            "已经规范的文字：（一）窗口，“三个清单”。",
            "第 146 号",
        ] {
            assert_eq!(standard_punctuation(text), text);
            assert!(!needs_standard_punctuation(text), "{text}");
        }
    }

    #[test]
    fn half_width_marks_are_found_where_they_touch_chinese() {
        assert_eq!(
            half_width_marks(&as_typed_half_width("对象：名单（一）")),
            vec![2, 5, 7]
        );
        assert!(half_width_marks("a: b (c)").is_empty());
        assert!(half_width_marks("对象：名单（一）").is_empty());
    }

    #[test]
    fn a_fixed_text_needs_no_second_fix() {
        let once = standard_punctuation(&as_typed_half_width(
            "问题（一）：窗口， 人员； 说明“待定”……",
        ));
        assert_eq!(standard_punctuation(&once), once);
        assert!(half_width_marks(&once).is_empty(), "{once}");
    }
}
