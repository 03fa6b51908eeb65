//! The measure status machine: 未启动 → 整改中 → 已完成 → 已销号.
//!
//! Plain status changes go one step forward, or back from 已完成 to 整改中 when a check finds the
//! work unfinished (退回整改). 已销号 is reached only through a close-out ([`super::close_out`]),
//! which has guards of its own, and is final.

use super::error::{DomainError, DomainResult};
use super::labels::labelled_enum;

labelled_enum!(
    /// Where a rectification measure stands.
    MeasureStatus {
        /// 未启动: recorded, work not begun.
        NotStarted => ("not_started", "未启动"),
        /// 整改中: work under way.
        InProgress => ("in_progress", "整改中"),
        /// 已完成: the responsible person reports it done; awaiting verification.
        Completed => ("completed", "已完成"),
        /// 已销号: verified and closed out.
        Closed => ("closed", "已销号"),
    }
);

impl MeasureStatus {
    /// Whether the work still has to be done (so a passed deadline makes it overdue).
    pub fn is_open(self) -> bool {
        matches!(self, Self::NotStarted | Self::InProgress)
    }

    /// The statuses a plain status change may move to from here (close-out excluded).
    pub fn plain_successors(self) -> &'static [MeasureStatus] {
        match self {
            // Work can start, and a completed measure can be reopened when the check fails.
            Self::NotStarted | Self::Completed => &[Self::InProgress],
            Self::InProgress => &[Self::Completed],
            Self::Closed => &[],
        }
    }
}

/// Checks a plain status change (not a close-out) and explains a refusal.
pub fn check_status_change(from: MeasureStatus, to: MeasureStatus) -> DomainResult<()> {
    if from.plain_successors().contains(&to) {
        return Ok(());
    }
    let hint = match (from, to) {
        (MeasureStatus::Closed, _) => "已销号的措施不能再改变状态。",
        (_, MeasureStatus::Closed) => "请在措施已完成后使用「销号」，填写核验人和核验意见。",
        (MeasureStatus::NotStarted, MeasureStatus::Completed) => "请先改为「整改中」并记录进展。",
        (MeasureStatus::InProgress, MeasureStatus::NotStarted) => {
            "已开始整改的措施不能退回未启动。"
        }
        (MeasureStatus::Completed, MeasureStatus::NotStarted) => "如需退回，请改为「整改中」。",
        _ => "状态没有变化。",
    };
    Err(DomainError::IllegalTransition {
        from: from.label(),
        to: to.label(),
        hint,
    })
}

#[cfg(test)]
mod tests {
    use super::MeasureStatus::{Closed, Completed, InProgress, NotStarted};
    use super::*;

    #[test]
    fn every_allowed_plain_change_is_accepted() {
        for (from, to) in [
            (NotStarted, InProgress),
            (InProgress, Completed),
            (Completed, InProgress),
        ] {
            assert_eq!(check_status_change(from, to), Ok(()), "{from:?} → {to:?}");
        }
    }

    #[test]
    fn every_other_plain_change_is_refused_with_a_reason() {
        let allowed = [
            (NotStarted, InProgress),
            (InProgress, Completed),
            (Completed, InProgress),
        ];
        let mut refused = 0;
        for &from in MeasureStatus::ALL {
            for &to in MeasureStatus::ALL {
                if allowed.contains(&(from, to)) {
                    continue;
                }
                let err = check_status_change(from, to).unwrap_err();
                let DomainError::IllegalTransition { hint, .. } = err else {
                    panic!("{from:?} → {to:?} gave {err:?}");
                };
                assert!(!hint.is_empty());
                assert!(err.to_string().contains(from.label()));
                refused += 1;
            }
        }
        // 16 pairs minus the 3 allowed ones.
        assert_eq!(refused, 13);
    }

    #[test]
    fn closing_is_not_a_plain_change() {
        let message = check_status_change(Completed, Closed)
            .unwrap_err()
            .to_string();
        assert!(message.contains("销号"), "{message}");
    }

    #[test]
    fn codes_and_labels_round_trip() {
        for &status in MeasureStatus::ALL {
            assert_eq!(MeasureStatus::from_code(status.code()), Some(status));
            assert_eq!(MeasureStatus::from_label(status.label()), Some(status));
        }
        assert!(NotStarted.is_open() && InProgress.is_open());
        assert!(!Completed.is_open() && !Closed.is_open());
    }
}
