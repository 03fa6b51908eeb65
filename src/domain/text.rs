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

/// Trims `value` and refuses it when longer than `max_chars` characters; empty is allowed.
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
    Ok(trimmed.to_owned())
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
