//! Runs of Chinese text a line must not split, as Chinese typesetting keeps them: dates
//! (`2026年7月26日`, `2026-07-26`), document numbers (`第146号`, `〔2026〕12号`), numbers with
//! their unit (`5个工作日`, `95%`). Names need no rule here: a table column is made at least
//! as wide as the names it holds.

use std::ops::Range;

/// Units that follow a number and stay with it, longest first so `个工作日` wins over `个`.
const UNITS: [&str; 26] = [
    "个工作日",
    "个月",
    "小时",
    "分钟",
    "万元",
    "工作日",
    "个",
    "条",
    "项",
    "次",
    "天",
    "日",
    "人",
    "件",
    "名",
    "家",
    "份",
    "页",
    "版",
    "批",
    "年",
    "元",
    "%",
    "％",
    "号",
    "周",
];

/// The byte ranges of `paragraph` that must stay on one line, in order, not overlapping.
pub fn unbreakable_spans(paragraph: &str) -> Vec<Range<usize>> {
    let chars: Vec<(usize, char)> = paragraph.char_indices().collect();
    let end_of = |index: usize| chars.get(index).map_or(paragraph.len(), |(at, _)| *at);
    let mut spans = Vec::new();
    let mut index = 0;
    while index < chars.len() {
        let (start, ch) = chars[index];
        let found = if ch == '第' {
            number_then(&chars, index + 1, &["号"])
        } else if ch == '〔' {
            document_number(&chars, index)
        } else if ch.is_ascii_digit() && (index == 0 || !chars[index - 1].1.is_ascii_digit()) {
            date_or_quantity(&chars, index)
        } else {
            None
        };
        match found {
            Some(next) if next > index + 1 => {
                spans.push(start..end_of(next));
                index = next;
            }
            _ => index += 1,
        }
    }
    spans
}

/// Whether `ch` is a Han character.
pub fn is_han(ch: char) -> bool {
    matches!(ch, '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}')
}

/// The index after the digits starting at `index`, if there are any.
fn digits(chars: &[(usize, char)], index: usize) -> Option<usize> {
    let end = chars[index..]
        .iter()
        .position(|(_, ch)| !ch.is_ascii_digit())
        .map_or(chars.len(), |offset| index + offset);
    (end > index).then_some(end)
}

/// Whether `word` is written at `index`; the index after it if so.
fn word_at(chars: &[(usize, char)], index: usize, word: &str) -> Option<usize> {
    let mut at = index;
    for expected in word.chars() {
        if chars.get(at).map(|(_, ch)| *ch) != Some(expected) {
            return None;
        }
        at += 1;
    }
    Some(at)
}

/// Digits at `index` followed by one of `words`: the index after the word.
fn number_then(chars: &[(usize, char)], index: usize, words: &[&str]) -> Option<usize> {
    let after = digits(chars, index)?;
    words.iter().find_map(|word| word_at(chars, after, word))
}

/// `〔2026〕12号` starting at the opening bracket.
fn document_number(chars: &[(usize, char)], index: usize) -> Option<usize> {
    let year_end = digits(chars, index + 1)?;
    let after_bracket = word_at(chars, year_end, "〕")?;
    Some(number_then(chars, after_bracket, &["号"]).unwrap_or(after_bracket))
}

/// A date (`2026年7月26日`, `7月26日`, `2026-07-26`) or a number with its unit, starting at
/// the first digit.
fn date_or_quantity(chars: &[(usize, char)], index: usize) -> Option<usize> {
    let first = digits(chars, index)?;
    // 2026-07-26 (and 2026-7-6).
    if let Some(month_start) = word_at(chars, first, "-")
        && let Some(month_end) = digits(chars, month_start)
        && let Some(day_start) = word_at(chars, month_end, "-")
        && let Some(day_end) = digits(chars, day_start)
    {
        return Some(day_end);
    }
    // 2026年7月26日，2026年7月，7月26日，2026年.
    let mut end = first;
    let mut cursor = first;
    for unit in ["年", "月", "日"] {
        if let Some(after) = word_at(chars, cursor, unit) {
            end = after;
            match digits(chars, after) {
                Some(next) => cursor = next,
                None => break,
            }
        }
    }
    if end > first {
        return Some(end);
    }
    // A decimal keeps its fraction: 95.5%.
    let whole_end = word_at(chars, first, ".")
        .and_then(|after_point| digits(chars, after_point))
        .unwrap_or(first);
    UNITS
        .iter()
        .find_map(|unit| word_at(chars, whole_end, unit))
        .or((whole_end > first).then_some(whole_end))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kept(text: &str) -> Vec<&str> {
        unbreakable_spans(text)
            .into_iter()
            .map(|span| &text[span])
            .collect()
    }

    #[test]
    fn dates_document_numbers_and_quantities_are_found() {
        assert_eq!(
            kept("承诺于2026年7月26日前完成，压缩至5个工作日"),
            ["2026年7月26日", "5个工作日"]
        );
        assert_eq!(kept("依据第146号文件"), ["第146号"]);
        assert_eq!(kept("审批办发〔2026〕12号"), ["〔2026〕12号"]);
        assert_eq!(kept("满意率95.5%以上，6月30日前"), ["95.5%", "6月30日"]);
        assert_eq!(kept("时限2026-06-30"), ["2026-06-30"]);
    }

    #[test]
    fn plain_prose_has_nothing_to_keep() {
        assert!(kept("窗口工作人员对即办件不能在窗口立即办理").is_empty());
        assert!(kept("一").is_empty());
        assert!(kept("版本 abc").is_empty());
    }
}
