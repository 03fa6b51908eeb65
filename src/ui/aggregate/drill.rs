//! A unit's received revision, read-only: who signed it, its counts, overdue measures, the chart
//! by area, its problems, and what changed since the revision received before it.
//!
//! Two tabs under the unit's heading: 概况 (the counts, the changes, the overdue measures and
//! the chart) and 问题清单，a table as tall as the window whose column headers stay in view
//! while its rows scroll.

use eframe::egui::{self, RichText, Sense};
use egui_extras::{Column, TableBuilder};
use zhenggai::domain::ReceivedRevision;
use zhenggai::domain::local_today;
use zhenggai::domain::revision_diff::{RevisionDiff, diff_snapshots};
use zhenggai::view::{Dashboard, UnitLine, Workbook};

use crate::ui::shell::session::Session;
use crate::ui::widgets::bar_chart::category_chart_ui;
use crate::ui::widgets::local_time;
use crate::ui::widgets::wrapped_cell::{
    CELL_MARGIN, MAX_LINES, cell_height, fit_table, widest_text, wrapped_cell_ui,
};

/// The label of the button back to the units (tests click it).
pub const BACK: &str = "返回汇总";

/// The label of the overview tab (tests click it).
pub const OVERVIEW_TAB: &str = "概况";

/// The label of the problems tab: `问题清单（共 120 个）`.
pub fn problems_tab(count: usize) -> String {
    format!("问题清单（共 {count} 个）")
}

/// The height of a table row of one line.
const ROW_HEIGHT: f32 = 24.0;

/// Which part of the unit is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum DrillTab {
    /// The counts, the changes, the overdue measures and the chart.
    #[default]
    Overview,
    /// The table of the unit's problems.
    Problems,
}

/// A unit being looked at.
pub struct Drill {
    received: ReceivedRevision,
    workbook: Workbook,
    dashboard: Dashboard,
    /// The revision received before this one and the changes since, if any.
    changes: Option<(i64, RevisionDiff)>,
    /// The tab shown.
    tab: DrillTab,
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
                tab: DrillTab::Overview,
            })
        };
        read().map_err(|err| format!("无法读取「{}」的报送数据：{err}", line.received.unit))
    }

    /// The unit's name (for tests).
    #[cfg(test)]
    pub fn unit(&self) -> &str {
        &self.received.unit
    }

    /// The unit's problems as the table lists them (for tests).
    #[cfg(test)]
    pub fn rows(&self) -> &[zhenggai::view::ProblemRow] {
        &self.workbook.rows
    }
}

/// Draws the unit; returns `false` when the user goes back.
pub fn drill_ui(ui: &mut egui::Ui, drill: &mut Drill) -> bool {
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
        "签发 {}（填报人 {}，审核人 {}，主要负责人 {}）；接收 {}",
        local_time(&received.signed_at),
        received.preparer,
        received.reviewer,
        received.leader,
        local_time(&received.received_at),
    ));
    // The keys and fingerprints are for checking against the paper, not for reading: small,
    // one line each, so a hash is never broken across two.
    ui.label(RichText::new(received.keys_text()).small().weak());
    let fingerprint =
        |label: &str, hash: &str| RichText::new(format!("{label}{hash}")).small().weak();
    ui.label(fingerprint("数据指纹（SHA-256）：", &received.data_sha256));
    if let Some(sm3) = &received.data_sm3 {
        ui.label(fingerprint("数据指纹（SM3）：", sm3));
    }
    ui.add_space(4.0);
    ui.horizontal(|ui| {
        ui.selectable_value(&mut drill.tab, DrillTab::Overview, OVERVIEW_TAB);
        ui.selectable_value(
            &mut drill.tab,
            DrillTab::Problems,
            problems_tab(drill.workbook.rows.len()),
        );
    });
    ui.separator();
    match drill.tab {
        DrillTab::Overview => overview_ui(ui, drill),
        DrillTab::Problems => problems_table_ui(ui, &drill.workbook),
    }
    stay
}

/// The unit's counts, the changes since its previous revision, its overdue measures and the
/// chart by area, in a page that scrolls.
fn overview_ui(ui: &mut egui::Ui, drill: &Drill) {
    egui::ScrollArea::vertical()
        .id_salt("drill_overview")
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
        });
}

/// A column the user can drag wider or narrower, never narrower than `least`.
fn resizable(width: f32, least: f32) -> Column {
    Column::initial(width.max(least))
        .at_least(least)
        .clip(true)
        .resizable(true)
}

/// What the 最近时限 column says.
fn deadline_text(deadline: Option<zhenggai::domain::Deadline>) -> String {
    deadline.map_or_else(|| "—".to_owned(), zhenggai::domain::Deadline::label)
}

/// The unit's problems, read-only, in a table that fills the rest of the window: its header
/// stays in view while the rows scroll, its columns can be dragged wider or narrower, and
/// 问题表现 wraps onto up to three lines (the whole text on hover when longer).
fn problems_table_ui(ui: &mut egui::Ui, workbook: &Workbook) {
    if workbook.rows.is_empty() {
        ui.weak("该单位的报送版本中没有问题。");
        return;
    }
    let rows = &workbook.rows;
    let header = |title: &str| RichText::new(title).strong();
    let number_width = widest_text(
        ui,
        rows.iter()
            .map(|problem| RichText::new(problem.number.to_string()))
            .chain([header("编号")]),
    ) + CELL_MARGIN;
    let count_width = widest_text(ui, [header("措施数")]) + CELL_MARGIN;
    let status_width = widest_text(
        ui,
        rows.iter()
            .map(|problem| RichText::new(problem.status.map_or("—", |status| status.label())))
            .chain([header("状态")]),
    ) + CELL_MARGIN;
    let deadline_width = widest_text(
        ui,
        rows.iter()
            .map(|problem| RichText::new(deadline_text(problem.nearest_deadline)))
            .chain([header("最近时限")]),
    ) + CELL_MARGIN;
    let category_width = (ui.available_width() * 0.22).clamp(72.0, 240.0);
    ui.scope(|ui| {
        fit_table(ui, "drill_problems");
        TableBuilder::new(ui)
            .id_salt("drill_problems")
            .striped(true)
            .resizable(true)
            .auto_shrink([false, false])
            .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
            .column(resizable(number_width, number_width))
            .column(resizable(category_width, 48.0))
            .column(
                Column::remainder()
                    .at_least(120.0)
                    .clip(true)
                    .resizable(false),
            )
            .column(resizable(count_width, count_width))
            .column(resizable(status_width, status_width))
            .column(resizable(deadline_width, deadline_width))
            .header(24.0, |mut header| {
                for title in ["编号", "类别", "问题表现", "措施数", "状态", "最近时限"]
                {
                    header.col(|ui| {
                        ui.strong(title);
                    });
                }
            })
            .body(|mut body| {
                // Each row is as tall as its longest text wrapped in its column.
                let widths = body.widths().to_vec();
                let heights: Vec<f32> = rows
                    .iter()
                    .map(|problem| {
                        [
                            (problem.category.as_str(), widths[1], 2),
                            (problem.description.as_str(), widths[2], MAX_LINES),
                        ]
                        .into_iter()
                        .map(|(text, width, lines)| {
                            cell_height(
                                body.ui_mut(),
                                RichText::new(text),
                                width,
                                lines,
                                ROW_HEIGHT,
                            )
                        })
                        .fold(ROW_HEIGHT, f32::max)
                    })
                    .collect();
                body.heterogeneous_rows(heights.into_iter(), |mut row| {
                    let problem = &rows[row.index()];
                    row.col(|ui| {
                        ui.label(problem.number.to_string());
                    });
                    row.col(|ui| {
                        wrapped_cell_ui(
                            ui,
                            RichText::new(problem.category.as_str()),
                            2,
                            Sense::hover(),
                        );
                    });
                    row.col(|ui| {
                        wrapped_cell_ui(
                            ui,
                            RichText::new(problem.description.as_str()),
                            MAX_LINES,
                            Sense::hover(),
                        );
                    });
                    row.col(|ui| {
                        ui.label(problem.measure_count.to_string());
                    });
                    row.col(|ui| {
                        ui.label(problem.status.map_or("—", |status| status.label()));
                    });
                    row.col(|ui| {
                        ui.label(deadline_text(problem.nearest_deadline));
                    });
                });
            });
    });
}
