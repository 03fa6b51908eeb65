//! Overdue maths: a measure is overdue when its date deadline has passed and the work is not yet
//! done (未启动 or 整改中). The deadline day itself is not overdue; 长期坚持 never is.

use chrono::NaiveDate;

use super::date::Deadline;
use super::status::MeasureStatus;

/// Whether a measure with this deadline and status is overdue on `today`.
pub fn is_overdue(deadline: Option<Deadline>, status: MeasureStatus, today: NaiveDate) -> bool {
    days_overdue(deadline, status, today).is_some()
}

/// How many days past its deadline an open measure is on `today`, or `None` when not overdue.
pub fn days_overdue(
    deadline: Option<Deadline>,
    status: MeasureStatus,
    today: NaiveDate,
) -> Option<i64> {
    let date = deadline?.date()?;
    let days = (today - date).num_days();
    (status.is_open() && days > 0).then_some(days)
}

/// Whether an open measure falls due within the next `within_days` days (today included) and is
/// not yet overdue: the 即将到期 list.
pub fn is_due_soon(
    deadline: Option<Deadline>,
    status: MeasureStatus,
    today: NaiveDate,
    within_days: i64,
) -> bool {
    match deadline.and_then(Deadline::date) {
        Some(date) if status.is_open() => (0..=within_days).contains(&(date - today).num_days()),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn open_measure_past_its_date_is_overdue() {
        let deadline = Some(Deadline::Date(day(2026, 6, 30)));
        for status in [MeasureStatus::NotStarted, MeasureStatus::InProgress] {
            assert!(
                !is_overdue(deadline, status, day(2026, 6, 30)),
                "deadline day"
            );
            assert_eq!(days_overdue(deadline, status, day(2026, 7, 1)), Some(1));
            assert_eq!(days_overdue(deadline, status, day(2026, 7, 31)), Some(31));
        }
    }

    #[test]
    fn finished_measures_are_never_overdue() {
        let deadline = Some(Deadline::Date(day(2026, 6, 30)));
        for status in [MeasureStatus::Completed, MeasureStatus::Closed] {
            assert!(!is_overdue(deadline, status, day(2027, 1, 1)));
        }
    }

    #[test]
    fn long_term_and_missing_deadlines_are_never_overdue() {
        for deadline in [Some(Deadline::LongTerm), None] {
            assert!(!is_overdue(
                deadline,
                MeasureStatus::NotStarted,
                day(2099, 1, 1)
            ));
            assert!(!is_due_soon(
                deadline,
                MeasureStatus::NotStarted,
                day(2026, 1, 1),
                7
            ));
        }
    }

    #[test]
    fn due_soon_covers_today_through_the_window() {
        let deadline = Some(Deadline::Date(day(2026, 7, 7)));
        let open = MeasureStatus::InProgress;
        assert!(is_due_soon(deadline, open, day(2026, 7, 7), 7));
        assert!(is_due_soon(deadline, open, day(2026, 6, 30), 7));
        assert!(!is_due_soon(deadline, open, day(2026, 6, 29), 7));
        assert!(!is_due_soon(deadline, open, day(2026, 7, 8), 7));
        assert!(!is_due_soon(
            deadline,
            MeasureStatus::Completed,
            day(2026, 7, 1),
            7
        ));
    }
}
