//! The 报送 guide: the steps from the first problem to the superior office's receipt, each done
//! or not, and which one comes next. Worked out from the workbook and the submission data; what
//! the data cannot tell (whether the signed forms were printed, whether the bundle went on a
//! stick) the app remembers and hands in as [`GuideMarks`].

use crate::domain::{MeasureStatus, ProblemId};
use crate::view::{Submission, Workbook};

/// One step of the submission, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GuideStep {
    /// 填写问题：the self-inspection problems are entered.
    FillProblems,
    /// 制定措施：every problem has at least one measure.
    PlanMeasures,
    /// 跟踪销号：no measure is past its deadline unfinished.
    TrackCloseOut,
    /// 报送前检查：the check finds nothing that stops the sign-off.
    Check,
    /// 签发：the current data is signed off as a revision.
    SignOff,
    /// 打印盖章：the signed forms are printed for wet signature and seal.
    PrintAndSeal,
    /// 导出数据包到 U 盘：the signed revision's bundle is written for the superior office.
    ExportBundle,
    /// 收到回执：the superior office's receipt for the revision is recorded.
    Receipt,
}

impl GuideStep {
    /// Every step, in order.
    pub const ALL: [Self; 8] = [
        Self::FillProblems,
        Self::PlanMeasures,
        Self::TrackCloseOut,
        Self::Check,
        Self::SignOff,
        Self::PrintAndSeal,
        Self::ExportBundle,
        Self::Receipt,
    ];

    /// The step's name as the guide shows it.
    pub fn label(self) -> &'static str {
        match self {
            Self::FillProblems => "填写问题",
            Self::PlanMeasures => "制定措施",
            Self::TrackCloseOut => "跟踪销号",
            Self::Check => "报送前检查",
            Self::SignOff => "签发",
            Self::PrintAndSeal => "打印盖章",
            Self::ExportBundle => "导出数据包到 U 盘",
            Self::Receipt => "收到回执",
        }
    }
}

/// What the app remembers of steps the data cannot show, for the newest signed revision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct GuideMarks {
    /// The newest revision whose signed forms were written as PDF for printing.
    pub printed: Option<i64>,
    /// The newest revision whose data bundle was written.
    pub bundle: Option<i64>,
}

/// A step with whether it is done and a short note on where it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GuideLine {
    /// The step.
    pub step: GuideStep,
    /// Whether it is done.
    pub done: bool,
    /// Where it stands, e.g. 「还有 3 个问题没有措施」.
    pub note: String,
}

/// The guide: every step, and the first one not done.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Guide {
    /// The steps in order.
    pub lines: Vec<GuideLine>,
}

impl Guide {
    /// Works the guide out from the workbook, the submission data and the app's marks.
    pub fn new(workbook: &Workbook, submission: &Submission, marks: GuideMarks) -> Self {
        let problems = workbook.problems.len();
        let measures = workbook.measures.len();
        let without_measures = problems_without_measures(workbook);
        let overdue = workbook.summary.overdue;
        let closed = workbook
            .measures
            .iter()
            .filter(|measure| measure.status == MeasureStatus::Closed)
            .count();
        let blocking = submission.blocking_count();
        let latest = submission
            .sign_offs
            .last()
            .map(|sign_off| sign_off.revision);
        let signed_current = latest.is_some() && submission.changes_since_last.is_empty();
        let receipt = latest.is_some_and(|revision| {
            submission
                .receipts
                .iter()
                .any(|receipt| receipt.revision == revision)
        });
        let marked = |mark: Option<i64>| latest.is_some() && mark == latest;
        let bundle = marked(marks.bundle) || receipt;
        let printed = marked(marks.printed) || receipt;
        let revision_note = |done: bool, done_text: &str, todo_text: &str| match latest {
            Some(revision) => format!(
                "第 {revision} 版{}",
                if done { done_text } else { todo_text }
            ),
            None => "签发后进行".to_owned(),
        };
        let line = |step, done, note: String| GuideLine { step, done, note };
        Self {
            lines: vec![
                line(
                    GuideStep::FillProblems,
                    problems > 0,
                    format!("已登记 {problems} 个问题"),
                ),
                line(
                    GuideStep::PlanMeasures,
                    problems > 0 && without_measures == 0,
                    if problems == 0 {
                        "先登记问题".to_owned()
                    } else if without_measures == 0 {
                        format!("共 {measures} 条措施")
                    } else {
                        format!("还有 {without_measures} 个问题没有措施")
                    },
                ),
                line(
                    GuideStep::TrackCloseOut,
                    measures > 0 && overdue == 0,
                    if overdue > 0 {
                        format!("逾期未完成 {overdue} 条")
                    } else {
                        format!("已销号 {closed}/{measures} 条")
                    },
                ),
                line(
                    GuideStep::Check,
                    problems > 0 && blocking == 0,
                    if blocking > 0 {
                        format!("有 {blocking} 项须先改正")
                    } else {
                        "没有须改正的问题".to_owned()
                    },
                ),
                line(
                    GuideStep::SignOff,
                    signed_current,
                    match latest {
                        Some(revision) if signed_current => format!("已签发第 {revision} 版"),
                        Some(revision) => format!("第 {revision} 版签发后又有修改"),
                        None => "尚未签发".to_owned(),
                    },
                ),
                line(
                    GuideStep::PrintAndSeal,
                    printed,
                    revision_note(printed, "已生成打印用 PDF", "待打印、签字、盖章"),
                ),
                line(
                    GuideStep::ExportBundle,
                    bundle,
                    revision_note(bundle, "数据包已导出", "数据包待导出"),
                ),
                line(
                    GuideStep::Receipt,
                    receipt,
                    revision_note(receipt, "已收到回执", "待上级回执"),
                ),
            ],
        }
    }

    /// The first step not done, if any.
    pub fn next(&self) -> Option<GuideStep> {
        self.lines
            .iter()
            .find(|line| !line.done)
            .map(|line| line.step)
    }
}

/// How many problems have no measure yet.
fn problems_without_measures(workbook: &Workbook) -> usize {
    let with_measures: std::collections::HashSet<ProblemId> = workbook
        .measures
        .iter()
        .map(|measure| measure.problem_id)
        .collect();
    workbook
        .problems
        .iter()
        .filter(|problem| !with_measures.contains(&problem.id))
        .count()
}
