//! A unit's received revision, read-only: who signed it, its counts, overdue measures, the chart
//! by area, its problems, and what changed since the revision received before it.

use eframe::egui::{self, RichText};
use egui_extras::{Column, TableBuilder};
use zhenggai::domain::ReceivedRevision;
use zhenggai::domain::local_today;
use zhenggai::domain::revision_diff::{RevisionDiff, diff_snapshots};
use zhenggai::view::{Dashboard, UnitLine, Workbook};

use crate::ui::shell::session::Session;
use crate::ui::widgets::bar_chart::category_chart_ui;
use crate::ui::widgets::local_time;

/// The label of the button back to the units (tests click it).
pub const BACK: &str = "返回汇总";

/// A unit being looked at.
pub struct Drill {
    received: ReceivedRevision,
    workbook: Workbook,
    dashboard: Dashboard,
    /// The revision received before this one and the changes since, if any.
    changes: Option<(i64, RevisionDiff)>,
}

impl Drill {
    /// Reads the frozen data of `line`'s revision (and the one before it, for the changes).
    pub fn load(session: &Session, line: &UnitLine) -> Result<Self, String> {
        let store = session.store();
        let read = || -> Result<Self, zhenggai::store::StoreError> {
            let received = line.received.clone();
            let snapshot = store.received_snapshot(received.id)?;
            let changes = match store.received_before(&received.unit, received.revision)? {
                Some(before) => Some((
                    before.revision,
                    diff_snapshots(&store.received_snapshot(before.id)?, &snapshot),
                )),
                None => None,
            };
            let workbook =
                Workbook::from_snapshot(snapshot, Some(received.revision), local_today());
            Ok(Self {
                dashboard: Dashboard::build(&workbook),
                received,
                workbook,
                changes,
            })
        };
        read().map_err(|err| format!("无法读取「{}」的报送数据：{err}", line.received.unit))
    }

    /// The unit's name (for tests).
    #[cfg(test)]
    pub fn unit(&self) -> &str {
        &self.received.unit
    }
}

/// Draws the unit; returns `false` when the user goes back.
pub fn drill_ui(ui: &mut egui::Ui, drill: &Drill) -> bool {
    let mut stay = true;
    let received = &drill.received;
    ui.horizontal(|ui| {
        if ui.button(BACK).clicked() {
            stay = false;
        }
        ui.heading(format!(
            "{} · 第 {} 版（只读）",
            received.unit, received.revision
        ));
    });
    ui.label(format!(
        "签发 {}（填报人 {}，审核人 {}，主要负责人 {}）；接收 {}；单位密钥 {}；数据指纹 {}",
        local_time(&received.signed_at),
        received.preparer,
        received.reviewer,
        received.leader,
        local_time(&received.received_at),
        received.key_id,
        received.data_sha256
    ));
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            let summary = &drill.workbook.summary;
            let by_status = &summary.measures_by_status;
            ui.add_space(6.0);
            ui.label(format!(
                "问题 {} 个；整改措施 {} 条（未启动 {}，整改中 {}，已完成 {}，已销号 {}）；逾期未完成 {} 条；完成率 {:.1}%，销号率 {:.1}%",
                summary.problems,
                summary.measures,
                by_status.not_started,
                by_status.in_progress,
                by_status.completed,
                by_status.closed,
                summary.overdue,
                drill.dashboard.completion_rate * 100.0,
                drill.dashboard.close_out_rate * 100.0
            ));
            if let Some((before, diff)) = &drill.changes {
                ui.collapsing(
                    format!("与第 {before} 版相比的变化（{} 项）", diff.changes.len()),
                    |ui| {
                        for change in &diff.changes {
                            ui.label(format!("【{}】{}", change.change.label(), change.label));
                        }
                    },
                );
            }
            ui.add_space(6.0);
            ui.label(RichText::new(format!("逾期未完成（共 {} 条）", drill.dashboard.overdue.len())).strong());
            for due in &drill.dashboard.overdue {
                ui.label(format!(
                    "{} 号问题：{}（{}，时限 {}，逾期 {} 天）",
                    due.problem_number, due.content, due.responsible, due.deadline, due.days
                ));
            }
            ui.add_space(6.0);
            category_chart_ui(ui, &drill.dashboard.by_category);
            ui.add_space(6.0);
            ui.label(RichText::new("问题清单").strong());
            problems_table_ui(ui, &drill.workbook);
        });
    stay
}

/// The unit's problems, read-only.
fn problems_table_ui(ui: &mut egui::Ui, workbook: &Workbook) {
    TableBuilder::new(ui)
        .id_salt("drill_problems")
        .striped(true)
        .vscroll(false)
        .column(Column::auto().at_least(40.0))
        .column(Column::auto().at_least(120.0).clip(true))
        .column(Column::remainder().at_least(200.0).clip(true))
        .columns(Column::auto().at_least(56.0), 3)
        .header(24.0, |mut header| {
            for title in ["编号", "类别", "问题表现", "措施数", "状态", "最近时限"]
            {
                header.col(|ui| {
                    ui.strong(title);
                });
            }
        })
        .body(|body| {
            body.rows(24.0, workbook.rows.len(), |mut row| {
                let problem = &workbook.rows[row.index()];
                row.col(|ui| {
                    ui.label(problem.number.to_string());
                });
                row.col(|ui| {
                    ui.label(&problem.category);
                });
                row.col(|ui| {
                    ui.label(&problem.description)
                        .on_hover_text(&problem.description);
                });
                row.col(|ui| {
                    ui.label(problem.measure_count.to_string());
                });
                row.col(|ui| {
                    ui.label(problem.status.map_or("—", |status| status.label()));
                });
                row.col(|ui| {
                    ui.label(
                        problem
                            .nearest_deadline
                            .map_or_else(|| "—".to_owned(), zhenggai::domain::Deadline::label),
                    );
                });
            });
        });
}
