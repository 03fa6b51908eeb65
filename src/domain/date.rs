//! Calendar dates as the database and the files write them (strict `YYYY-MM-DD`), as people
//! type them (`2026-3-31`, `2026/3/31`, `2026.3.31`, `2026年3月31日`, `20260331`), and measure
//! deadlines.
//!
//! Machine-readable text (the database, JSON, bundles) is read with [`parse_date`], which takes
//! only `YYYY-MM-DD`; what a person types is read with [`parse_typed_date`]. Both refuse a day
//! that does not exist, such as 2026-2-30, with a message that names the field.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::error::{DomainError, DomainResult};

/// The stored form of the 长期坚持 deadline.
pub const LONG_TERM_CODE: &str = "long_term";

/// Today's local date, which decides what is overdue. The one place the program reads the
/// calendar day from the clock.
pub fn local_today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

/// Parses a strict `YYYY-MM-DD` date; the error names the field and echoes what was typed.
pub fn parse_date(field: &'static str, value: &str) -> DomainResult<NaiveDate> {
    let trimmed = value.trim();
    let well_formed = trimmed.len() == 10
        && trimmed.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    let parsed = if well_formed {
        NaiveDate::parse_from_str(trimmed, "%Y-%m-%d").ok()
    } else {
        None
    };
    parsed
        .filter(|date| (1900..=2200).contains(&date.year()))
        .ok_or_else(|| DomainError::InvalidDate {
            field,
            value: shorten(trimmed),
        })
}

/// Parses a date as a person types it: `2026-03-31`, `2026-3-31`, `2026/3/31`, `2026.3.31`,
/// `2026年3月31日` (or `……31号`, or without the last character) and `20260331`, with full-width
/// digits and separators allowed and spaces ignored. A day that does not exist is refused; the
/// error names the field and echoes what was typed.
pub fn parse_typed_date(field: &'static str, value: &str) -> DomainResult<NaiveDate> {
    read_typed_date(value).ok_or_else(|| DomainError::InvalidDate {
        field,
        value: shorten(value.trim()),
    })
}

/// The date in a text a person typed, read as [`parse_typed_date`] reads it; `None` when the
/// text is not one of the forms it takes or names a day that does not exist.
pub fn read_typed_date(value: &str) -> Option<NaiveDate> {
    let compact = compact_date_text(value);
    let (year, month, day) = typed_parts(&compact)?;
    NaiveDate::from_ymd_opt(year, month, day).filter(|date| (1900..=2200).contains(&date.year()))
}

/// A typed date text made plain for reading: white space (full-width too) removed, full-width
/// digits and the full-width separators `－／．` turned into their ASCII forms.
pub fn compact_date_text(value: &str) -> String {
    value
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            // The full-width forms of the ASCII characters sit 0xFEE0 above them.
            '０'..='９' | '－' | '／' | '．' => {
                char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c)
            }
            other => other,
        })
        .collect()
}

/// The year, month and day of a compact typed date, before checking that the day exists.
fn typed_parts(compact: &str) -> Option<(i32, u32, u32)> {
    let (year, month, day) = if let Some((year, rest)) = compact.split_once('年') {
        let (month, day) = rest.split_once('月')?;
        let day = day
            .strip_suffix('日')
            .or_else(|| day.strip_suffix('号'))
            .unwrap_or(day);
        (year, month, day)
    } else if compact.len() == 8 && compact.bytes().all(|b| b.is_ascii_digit()) {
        (&compact[..4], &compact[4..6], &compact[6..])
    } else {
        let separator = compact.chars().find(|c| !c.is_ascii_digit())?;
        if !matches!(separator, '-' | '/' | '.') {
            return None;
        }
        let mut parts = compact.split(separator);
        let parts = (parts.next()?, parts.next()?, parts.next()?, parts.next());
        match parts {
            (year, month, day, None) => (year, month, day),
            _ => return None,
        }
    };
    let digits = |text: &str, lengths: std::ops::RangeInclusive<usize>| {
        (lengths.contains(&text.len()) && text.bytes().all(|b| b.is_ascii_digit()))
            .then(|| text.parse::<u32>().ok())
            .flatten()
    };
    Some((
        i32::try_from(digits(year, 4..=4)?).ok()?,
        digits(month, 1..=2)?,
        digits(day, 1..=2)?,
    ))
}

/// A date a placeholder can show for a deadline: the last day of the month after `today`'s,
/// always in the future and a plausible time to finish work started today.
pub fn end_of_next_month(today: NaiveDate) -> NaiveDate {
    let (year, month) = if today.month() >= 11 {
        (today.year() + 1, today.month() - 10)
    } else {
        (today.year(), today.month() + 2)
    };
    // The first day of the month after next, less one day.
    NaiveDate::from_ymd_opt(year, month, 1)
        .and_then(|first| first.pred_opt())
        .unwrap_or(today)
}

/// Formats a date for storage and JSON: `2026-06-30`.
pub fn format_date(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

/// Formats a date the way Chinese documents write it: `2026年6月30日`.
pub fn format_date_zh(date: NaiveDate) -> String {
    format!("{}年{}月{}日", date.year(), date.month(), date.day())
}

/// Keeps an echoed value short enough for a message even when a megabyte was pasted.
fn shorten(value: &str) -> String {
    const MAX_ECHO_CHARS: usize = 20;
    if value.chars().count() <= MAX_ECHO_CHARS {
        value.to_owned()
    } else {
        let head: String = value.chars().take(MAX_ECHO_CHARS).collect();
        format!("{head}…")
    }
}

/// When a measure must be finished (整改时限): a calendar date, or 长期坚持 for work that never
/// ends and so is never overdue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub enum Deadline {
    /// Finish by this date (inclusive).
    Date(NaiveDate),
    /// 长期坚持: ongoing, no end date.
    LongTerm,
}

impl Deadline {
    /// Parses the stored code or what users type: a date, `long_term`, 长期坚持, 长期 or 持续推进.
    pub fn parse(field: &'static str, value: &str) -> DomainResult<Self> {
        match value.trim() {
            LONG_TERM_CODE | "长期坚持" | "长期" | "持续推进" => Ok(Self::LongTerm),
            other => parse_date(field, other).map(Self::Date),
        }
    }

    /// The stored code: the date as `YYYY-MM-DD`, or `long_term`.
    pub fn code(self) -> String {
        match self {
            Self::Date(date) => format_date(date),
            Self::LongTerm => LONG_TERM_CODE.to_owned(),
        }
    }

    /// The Chinese text users see: the date, or 长期坚持.
    pub fn label(self) -> String {
        match self {
            Self::Date(date) => format_date(date),
            Self::LongTerm => "长期坚持".to_owned(),
        }
    }

    /// The calendar date, if the deadline has one.
    pub fn date(self) -> Option<NaiveDate> {
        match self {
            Self::Date(date) => Some(date),
            Self::LongTerm => None,
        }
    }
}

impl From<Deadline> for String {
    fn from(deadline: Deadline) -> Self {
        deadline.code()
    }
}

impl TryFrom<String> for Deadline {
    type Error = DomainError;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse("整改时限", &value)
    }
}

/// A stored UTC time (RFC 3339) in the local time zone, formatted with `format` (chrono's
/// strftime syntax); the text itself when it cannot be read, so nothing is lost on screen.
pub fn local_time_text(rfc3339: &str, format: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(rfc3339).map_or_else(
        |_| rfc3339.to_owned(),
        |time| {
            time.with_timezone(&chrono::Local)
                .format(format)
                .to_string()
        },
    )
}

/// A stored UTC time (RFC 3339) as people read it here: local and Chinese,
/// `2026年12月4日 13:34`; the text itself when it cannot be read.
pub fn local_time_zh(rfc3339: &str) -> String {
    local_time_text(rfc3339, "%Y年%-m月%-d日 %H:%M")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn stored_times_are_shown_local_and_chinese_without_leading_zeros() {
        // 05:34 UTC on 4 December is still 4 December in every time zone from UTC-5 to UTC+14.
        let shown = local_time_zh("2026-12-04T05:34:00Z");
        assert!(shown.starts_with("2026年12月4日 "), "{shown}");
        assert!(shown.ends_with(":34"), "{shown}");
        assert_eq!(local_time_zh("不是时间"), "不是时间");
    }

    #[test]
    fn parses_strict_iso_dates() {
        assert_eq!(parse_date("发现日期", "2026-06-30"), Ok(day(2026, 6, 30)));
        assert_eq!(parse_date("发现日期", " 2024-02-29 "), Ok(day(2024, 2, 29)));
    }

    #[test]
    fn refuses_impossible_and_loose_dates() {
        for bad in [
            "2026-02-30",
            "2025-02-29",
            "2026-13-01",
            "2026-6-30",
            "2026/06/30",
            "20260630",
            "",
            "明天",
            "0000-01-01",
        ] {
            let err = parse_date("发现日期", bad).unwrap_err();
            assert!(
                matches!(
                    err,
                    DomainError::InvalidDate {
                        field: "发现日期",
                        ..
                    }
                ),
                "{bad} gave {err:?}"
            );
        }
    }

    #[test]
    fn typed_dates_are_read_in_every_form_people_use() {
        for typed in [
            "2026-03-31",
            "2026-3-31",
            "2026/3/31",
            "2026/03/31",
            "2026.3.31",
            "2026年3月31日",
            "2026年03月31日",
            "2026年3月31号",
            "2026年3月31",
            "20260331",
            " 2026-3-31 ",
            "\u{3000}2026年3月31日\u{3000}",
            "2026 年 3 月 31 日",
            "２０２６－３－３１",
            "２０２６年３月３１日",
            "２０２６／３／３１",
            "２０２６．３．３１",
            "２０２６０３３１",
        ] {
            assert_eq!(
                parse_typed_date("整改时限", typed),
                Ok(day(2026, 3, 31)),
                "{typed}"
            );
        }
        assert_eq!(read_typed_date("2024-2-29"), Some(day(2024, 2, 29)));
    }

    #[test]
    fn typed_dates_that_do_not_exist_or_are_not_dates_are_refused_naming_the_field() {
        for bad in [
            "2026-2-30",
            "2026年2月30日",
            "20260230",
            "2025/2/29",
            "2026-13-1",
            "2026-0-10",
            "2026.3.0",
            "2026-3/31",
            "2026-3-31-1",
            "26-3-31",
            "2026331",
            "202603311",
            "2026年3月",
            "3月31日",
            "2026年3月31日前",
            "1899-12-31",
            "2026_3_31",
            "",
            "明天",
            "0000-01-01",
        ] {
            let err = parse_typed_date("销号日期", bad).unwrap_err();
            assert!(
                matches!(
                    err,
                    DomainError::InvalidDate {
                        field: "销号日期",
                        ..
                    }
                ),
                "{bad} gave {err:?}"
            );
        }
        let message = parse_typed_date("销号日期", "2026-2-30")
            .unwrap_err()
            .to_string();
        assert!(
            message.contains("「销号日期」") && message.contains("2026-2-30"),
            "{message}"
        );
        let huge = "9".repeat(1_000_000);
        let message = parse_typed_date("销号日期", &huge).unwrap_err().to_string();
        assert!(message.chars().count() < 100, "{message}");
    }

    #[test]
    fn the_placeholder_date_is_the_end_of_next_month_and_never_past() {
        assert_eq!(end_of_next_month(day(2026, 12, 5)), day(2027, 1, 31));
        assert_eq!(end_of_next_month(day(2026, 11, 30)), day(2026, 12, 31));
        assert_eq!(end_of_next_month(day(2026, 1, 31)), day(2026, 2, 28));
        assert_eq!(end_of_next_month(day(2028, 1, 1)), day(2028, 2, 29));
        assert_eq!(end_of_next_month(day(2026, 3, 15)), day(2026, 4, 30));
        let mut today = day(2026, 1, 1);
        while today < day(2028, 1, 1) {
            assert!(end_of_next_month(today) > today, "{today}");
            today = today.succ_opt().unwrap();
        }
    }

    #[test]
    fn echo_of_a_huge_value_is_short() {
        let huge = "9".repeat(1_000_000);
        let message = parse_date("发现日期", &huge).unwrap_err().to_string();
        assert!(message.chars().count() < 100, "{message}");
    }

    #[test]
    fn deadline_round_trips_through_its_code() {
        for deadline in [Deadline::LongTerm, Deadline::Date(day(2026, 12, 31))] {
            assert_eq!(Deadline::parse("整改时限", &deadline.code()), Ok(deadline));
        }
        assert_eq!(
            Deadline::parse("整改时限", "长期坚持"),
            Ok(Deadline::LongTerm)
        );
        assert_eq!(Deadline::LongTerm.label(), "长期坚持");
        assert_eq!(format_date_zh(day(2026, 11, 22)), "2026年11月22日");
    }
}
