//! Text: checks for the fields users type (required, trimmed, bounded in length), and file
//! sizes as people read them.

use super::error::{DomainError, DomainResult};

/// Limit for names, people, divisions, document numbers and other one-line fields.
pub const SHORT_TEXT_MAX_CHARS: usize = 200;

/// Limit for descriptions, measures, opinions and other paragraphs. Generous for real ledgers
/// (a long problem description is a few hundred characters) yet refuses pasted megabytes.
pub const LONG_TEXT_MAX_CHARS: usize = 10_000;

/// Trims `value` and refuses it when empty or longer than `max_chars` characters.
pub fn required(field: &'static str, value: &str, max_chars: usize) -> DomainResult<String> {
    let trimmed = optional(field, value, max_chars)?;
    if trimmed.is_empty() {
        return Err(DomainError::Required { field });
    }
    Ok(trimmed)
}

/// Trims `value` and refuses it when longer than `max_chars` characters or when it holds a
/// control character the field cannot carry; empty is allowed.
///
/// A field limited to [`SHORT_TEXT_MAX_CHARS`] or fewer is one line (names, people, the number
/// of a rule) and refuses every control character, line breaks and tabs included, because such text
/// goes into one-line places (table cells, file names, the signature's trusted comment) that a
/// line break would break. Longer fields are paragraphs and keep line breaks and tabs.
pub fn optional(field: &'static str, value: &str, max_chars: usize) -> DomainResult<String> {
    let trimmed = value.trim();
    // Counting characters, not bytes: a Chinese character is one character to the user.
    let actual_chars = trimmed.chars().count();
    if actual_chars > max_chars {
        return Err(DomainError::TooLong {
            field,
            max_chars,
            actual_chars,
        });
    }
    let one_line = max_chars <= SHORT_TEXT_MAX_CHARS;
    if let Some(found) = trimmed
        .chars()
        .find(|&c| c.is_control() && (one_line || !matches!(c, '\n' | '\r' | '\t')))
    {
        return Err(DomainError::ControlCharacter {
            field,
            what: control_character_name(found),
            one_line,
        });
    }
    Ok(trimmed.to_owned())
}

/// A control character as users know it: 换行符、制表符 or its code point.
fn control_character_name(c: char) -> String {
    match c {
        '\n' => "换行符".to_owned(),
        '\r' => "回车符".to_owned(),
        '\t' => "制表符".to_owned(),
        other => format!("控制字符 U+{:04X}", u32::from(other)),
    }
}

/// `text` on one line: every run of white space that holds a line break or another control
/// character becomes one space, so a cell typed with Alt+Enter fits a one-line field.
pub fn to_one_line(text: &str) -> String {
    let mut line = String::with_capacity(text.len());
    let mut pending_break = false;
    for c in text.trim().chars() {
        if c.is_control() || (pending_break && c.is_whitespace()) {
            pending_break = true;
            continue;
        }
        if pending_break {
            while line.ends_with(char::is_whitespace) {
                line.pop();
            }
            line.push(' ');
            pending_break = false;
        }
        line.push(c);
    }
    line
}

/// The first `max_chars` characters of `text`, trimmed, with an ellipsis when it was cut: for
/// naming a record in a message or a list.
pub fn shorten(text: &str, max_chars: usize) -> String {
    let mut chars = text.trim().chars();
    let head: String = chars.by_ref().take(max_chars).collect();
    if chars.next().is_some() {
        format!("{head}…")
    } else {
        head
    }
}

/// A file size as people read it: 512 字节, 1.5 KB, 3.2 MB, 1.05 GB.
pub fn size_text(bytes: u64) -> String {
    const KB: f64 = 1024.0;
    let value = bytes as f64;
    if value < KB {
        format!("{bytes} 字节")
    } else if value < KB * KB {
        format!("{:.1} KB", value / KB)
    } else if value < KB * KB * KB {
        format!("{:.1} MB", value / (KB * KB))
    } else {
        format!("{:.2} GB", value / (KB * KB * KB))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shorten_cuts_by_characters_and_marks_the_cut() {
        assert_eq!(shorten("  首问负责制  ", 10), "首问负责制");
        assert_eq!(shorten("一次性告知清单", 3), "一次性…");
        assert_eq!(shorten("abc", 3), "abc");
    }

    #[test]
    fn required_trims_and_refuses_blank() {
        assert_eq!(required("责任人", "  张伟 ", 10).unwrap(), "张伟");
        assert_eq!(
            required("责任人", " \t ", 10),
            Err(DomainError::Required { field: "责任人" })
        );
    }

    #[test]
    fn one_line_fields_refuse_control_characters_and_paragraphs_keep_line_breaks() {
        let err = required("单位名称", "市行政\n审批局", SHORT_TEXT_MAX_CHARS).unwrap_err();
        assert_eq!(
            err,
            DomainError::ControlCharacter {
                field: "单位名称",
                what: "换行符".to_owned(),
                one_line: true
            }
        );
        assert!(err.to_string().contains("只能填写一行"), "{err}");
        assert!(optional("文号", "审批办发\t〔2026〕1号", SHORT_TEXT_MAX_CHARS).is_err());
        let bell = optional("责任人", "张\u{7}伟", SHORT_TEXT_MAX_CHARS).unwrap_err();
        assert!(bell.to_string().contains("U+0007"), "{bell}");
        assert_eq!(
            required("问题表现", "第一行\r\n第二行\t末尾", LONG_TEXT_MAX_CHARS).unwrap(),
            "第一行\r\n第二行\t末尾"
        );
        assert!(required("问题表现", "空字符\u{0}", LONG_TEXT_MAX_CHARS).is_err());
        // A trailing line break is trimmed away like any white space, so it is accepted.
        assert_eq!(
            required("责任人", "张伟\n", SHORT_TEXT_MAX_CHARS).unwrap(),
            "张伟"
        );
    }

    #[test]
    fn to_one_line_joins_lines_with_one_space() {
        assert_eq!(to_one_line("投资项目审批\n科"), "投资项目审批 科");
        assert_eq!(to_one_line(" 张三 \r\n  李四\t王五 "), "张三 李四 王五");
        assert_eq!(to_one_line("办公室"), "办公室");
        assert_eq!(to_one_line("a  b"), "a  b");
    }

    #[test]
    fn length_counts_characters_not_bytes() {
        assert!(required("名称", "整改台账", 4).is_ok());
        let err = required("名称", "整改台账表", 4).unwrap_err();
        assert_eq!(
            err,
            DomainError::TooLong {
                field: "名称",
                max_chars: 4,
                actual_chars: 5
            }
        );
        assert!(err.to_string().contains("最多 4 个字"));
    }
}
