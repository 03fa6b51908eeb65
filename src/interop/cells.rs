//! Reading what people type into ledger cells: dates in their many forms (Excel serials, 2026/6/30,
//! 2026年6月30日, 6月底, 长期坚持) and statuses in words (已完成, 整改中, 已销号 …).

use chrono::{Duration, NaiveDate};

use crate::domain::date::{compact_date_text, read_typed_date};
use crate::domain::{Deadline, MeasureStatus};

/// One cell as the importer sees it, whatever the file format.
#[derive(Debug, Clone, PartialEq)]
pub enum CellValue {
    /// Nothing in the cell (also formula errors).
    Empty,
    /// Text, trimmed.
    Text(String),
    /// A number that is not formatted as a date (which may still be a date serial).
    Number(f64),
    /// A cell the file marks as a date.
    Date(NaiveDate),
}

impl CellValue {
    /// Whether the cell holds nothing.
    pub fn is_empty(&self) -> bool {
        match self {
            Self::Empty => true,
            Self::Text(text) => text.is_empty(),
            Self::Number(_) | Self::Date(_) => false,
        }
    }

    /// The cell as text: numbers without a trailing `.0`, dates as `YYYY-MM-DD`.
    pub fn text(&self) -> String {
        match self {
            Self::Empty => String::new(),
            Self::Text(text) => text.clone(),
            Self::Number(number) if number.fract() == 0.0 && number.abs() < 1e15 => {
                format!("{}", *number as i64)
            }
            Self::Number(number) => number.to_string(),
            Self::Date(date) => crate::domain::date::format_date(*date),
        }
    }
}

/// The outcome of reading a 整改时限 cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeadlineCell {
    /// The cell is empty.
    Empty,
    /// A date or 长期坚持.
    Deadline(Deadline),
    /// Text that is not a deadline.
    Unreadable,
}

/// Excel's day 0 in the 1900 date system (serial 1 is 1900-01-01; the 1900 leap-year bug is
/// only relevant before March 1900, which no ledger deadline is).
fn excel_epoch() -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(1899, 12, 30)
}

/// The date of an Excel serial number, for serials between 1950 and 2150.
pub fn date_from_serial(serial: f64) -> Option<NaiveDate> {
    // 18264 is 1950-01-01 and 91311 is 2150-01-01: numbers outside are counts, not dates.
    if !(18_264.0..91_311.0).contains(&serial) {
        return None;
    }
    excel_epoch()?.checked_add_signed(Duration::days(serial.floor() as i64))
}

/// Reads a deadline cell; `year` is the campaign's year, used for 6月底 and 6月30日.
pub fn read_deadline(cell: &CellValue, year: i32) -> DeadlineCell {
    match cell {
        CellValue::Empty => DeadlineCell::Empty,
        CellValue::Date(date) => DeadlineCell::Deadline(Deadline::Date(*date)),
        // A number is an Excel serial, or a date typed without separators (20260630).
        CellValue::Number(serial) => date_from_serial(*serial)
            .or_else(|| read_typed_date(&cell.text()))
            .map_or(DeadlineCell::Unreadable, |d| {
                DeadlineCell::Deadline(Deadline::Date(d))
            }),
        CellValue::Text(text) if text.trim().is_empty() => DeadlineCell::Empty,
        CellValue::Text(text) => {
            parse_deadline_text(text, year).map_or(DeadlineCell::Unreadable, DeadlineCell::Deadline)
        }
    }
}

/// Parses a deadline typed as text.
pub fn parse_deadline_text(text: &str, year: i32) -> Option<Deadline> {
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    if ["长期坚持", "长期", "持续推进", "持续", "常态化", "长期推进"]
        .iter()
        .any(|word| compact.starts_with(word))
    {
        return Some(Deadline::LongTerm);
    }
    // A time part after the date ("2026-06-30 00:00:00") is dropped when the whole text is not
    // a date (spaces inside "2026 年 6 月" are not a time part).
    parse_date_text(text, year)
        .or_else(|| {
            let date_part = text.trim().split([' ', 'T']).next().unwrap_or_default();
            parse_date_text(date_part, year)
        })
        .map(Deadline::Date)
}

/// Parses a full date the way the domain reads what people type (2026-06-30, 2026/6/30,
/// 2026.6.30, 2026年6月30日，20260630, full-width digits too), and besides those the forms
/// ledgers use: 2026年6月底，6月30日，6月底，6月 and 2026年6月 (the last day of the month), with
/// 截至 before or 前 after; `year` fills in a missing year.
pub fn parse_date_text(text: &str, year: i32) -> Option<NaiveDate> {
    let compact = compact_date_text(text);
    let compact = compact.trim_end_matches(['前', '之', '止', '以']);
    let compact = compact
        .strip_prefix("截至")
        .or_else(|| compact.strip_prefix("截止"))
        .unwrap_or(compact);
    if let Some(date) = read_typed_date(compact) {
        return Some(date);
    }
    let month_end =
        compact.ends_with("月底") || compact.ends_with("月末") || compact.ends_with('月');
    let numbers: Vec<i64> = compact
        .split(|c: char| !c.is_ascii_digit())
        .filter(|part| !part.is_empty())
        .map(|part| part.parse::<i64>().unwrap_or(-1))
        .collect();
    let separators_ok = compact
        .chars()
        .all(|c| c.is_ascii_digit() || "-/.年月日底末号".contains(c));
    if !separators_ok {
        return None;
    }
    let (y, m, d) = match (numbers.as_slice(), month_end) {
        ([y, m, d], false) if *y >= 1900 => (*y, *m, Some(*d)),
        ([y, m], true) if *y >= 1900 => (*y, *m, None),
        ([m, d], false) if compact.contains('月') => (i64::from(year), *m, Some(*d)),
        ([m], true) => (i64::from(year), *m, None),
        _ => return None,
    };
    let y = i32::try_from(y)
        .ok()
        .filter(|y| (1900..=2200).contains(y))?;
    let m = u32::try_from(m).ok()?;
    match d {
        Some(d) => NaiveDate::from_ymd_opt(y, m, u32::try_from(d).ok()?),
        None => last_day_of_month(y, m),
    }
}

fn last_day_of_month(year: i32, month: u32) -> Option<NaiveDate> {
    let first = NaiveDate::from_ymd_opt(year, month, 1)?;
    let next = if month == 12 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)?
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)?
    };
    debug_assert!(next > first);
    next.pred_opt()
}

/// Reads a status written in words. `None` when the words are not a status.
pub fn parse_status(text: &str) -> Option<MeasureStatus> {
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    // 未销号 and a bare 否 in a 是否销号 column say only that the measure is not closed, not
    // where it stands, so they are left to the other columns (or the default).
    if compact.is_empty() || compact.contains("未销号") || compact == "否" {
        return None;
    }
    if compact == "是" {
        return Some(MeasureStatus::Closed);
    }
    // Order matters: 未完成 must be read before 完成, and 已销号 before anything with 完成.
    let table: [(&[&str], MeasureStatus); 4] = [
        (&["已销号", "销号"], MeasureStatus::Closed),
        (
            &["未启动", "未完成", "未开始", "未整改", "待整改"],
            MeasureStatus::NotStarted,
        ),
        (
            &[
                "正在整改",
                "整改中",
                "推进中",
                "进行中",
                "持续整改",
                "正在推进",
                "部分完成",
            ],
            MeasureStatus::InProgress,
        ),
        (
            &[
                "已完成",
                "完成",
                "已整改",
                "整改完成",
                "已整改到位",
                "已办结",
                "办结",
            ],
            MeasureStatus::Completed,
        ),
    ];
    table
        .iter()
        .find(|(words, _)| words.iter().any(|word| compact.contains(word)))
        .map(|(_, status)| *status)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn every_written_date_form_is_read() {
        for text in [
            "2026-06-30",
            "2026/6/30",
            "2026.6.30",
            "2026年6月30日",
            "2026年6月底",
            "6月底",
            "6月30日",
            "2026年6月30日前",
            "2026-06-30 00:00:00",
            " 2026 年 6 月 30 日 ",
        ] {
            assert_eq!(
                parse_deadline_text(text, 2026),
                Some(Deadline::Date(day(2026, 6, 30))),
                "{text}"
            );
        }
        for text in [
            "20260630",
            "２０２６年６月３０日",
            "２０２６－６－３０",
            "截至2026.6.30",
        ] {
            assert_eq!(
                parse_date_text(text, 2026),
                Some(day(2026, 6, 30)),
                "{text}"
            );
        }
        assert_eq!(parse_date_text("６月底", 2026), Some(day(2026, 6, 30)));
        assert_eq!(parse_date_text("2月底", 2028), Some(day(2028, 2, 29)));
        assert_eq!(parse_date_text("12月", 2026), Some(day(2026, 12, 31)));
    }

    #[test]
    fn long_term_words_and_bad_text() {
        for text in ["长期坚持", "长期", "持续推进", "长期坚持,每季度检查"] {
            assert_eq!(
                parse_deadline_text(text, 2026),
                Some(Deadline::LongTerm),
                "{text}"
            );
        }
        for text in [
            "尽快",
            "2026-13-01",
            "6月32日",
            "abc",
            "2026",
            "12345678",
            "20260230",
            "２０２６年２月３０日",
        ] {
            assert_eq!(parse_deadline_text(text, 2026), None, "{text}");
        }
    }

    #[test]
    fn serials_become_dates_only_in_range() {
        assert_eq!(date_from_serial(46_203.0), Some(day(2026, 6, 30)));
        assert_eq!(date_from_serial(3.0), None);
        assert_eq!(
            read_deadline(&CellValue::Number(46_203.0), 2026),
            DeadlineCell::Deadline(Deadline::Date(day(2026, 6, 30)))
        );
        assert_eq!(
            read_deadline(&CellValue::Number(20_260_630.0), 2026),
            DeadlineCell::Deadline(Deadline::Date(day(2026, 6, 30)))
        );
        assert_eq!(
            read_deadline(&CellValue::Number(12.0), 2026),
            DeadlineCell::Unreadable
        );
    }

    #[test]
    fn statuses_in_words() {
        for (text, status) in [
            ("已完成", MeasureStatus::Completed),
            ("完成", MeasureStatus::Completed),
            ("已整改", MeasureStatus::Completed),
            ("正在整改", MeasureStatus::InProgress),
            ("整改中", MeasureStatus::InProgress),
            ("推进中", MeasureStatus::InProgress),
            ("未启动", MeasureStatus::NotStarted),
            ("未完成", MeasureStatus::NotStarted),
            ("已销号", MeasureStatus::Closed),
        ] {
            assert_eq!(parse_status(text), Some(status), "{text}");
        }
        assert_eq!(parse_status("不清楚"), None);
        assert_eq!(parse_status("未销号"), None);
        assert_eq!(parse_status("是"), Some(MeasureStatus::Closed));
        assert_eq!(parse_status(""), None);
    }
}
