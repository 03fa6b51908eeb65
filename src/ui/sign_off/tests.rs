//! The 签发与导出 screen through the UI: a blocking finding stops the sign-off, is fixed
//! through the link it offers, and then the revision is signed and frozen.

use eframe::egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use zhenggai::domain::{Command, ProblemDraft, ProblemLevel, ProblemSource, Severity};
use zhenggai::store::Store;

use crate::ui::shell::app::ZhenggaiApp;
use crate::ui::test_support::{
    TestDb, app_harness, click, fixtures, open_exports, replace_text, type_into,
};

/// A unit whose only problem has no measure yet: a blocking finding.
fn db_with_a_bare_problem() -> TestDb {
    let db = TestDb::with_unit(0);
    let mut store = Store::open(&db.path).expect("open");
    store
        .apply(&Command::AddProblem(ProblemDraft {
            category_id: None,
            level: ProblemLevel::Division,
            subject: "政务服务科".into(),
            source: ProblemSource::PublicEvaluation,
            description: "窗口工作人员一次性告知不到位，群众反映多次跑腿".into(),
            example: String::new(),
            cause: String::new(),
            severity: Severity::General,
            found_on: chrono::NaiveDate::from_ymd_opt(2026, 3, 2).expect("date"),
        }))
        .expect("add problem");
    store.close().expect("close");
    db
}

#[test]
fn signs_off_through_the_ui_after_fixing_a_blocking_finding() {
    let db = db_with_a_bare_problem();
    let mut harness = app_harness(&db);
    click(&mut harness, "签发与导出");
    harness.get_by_label_contains("问题 1 还没有整改措施");
    harness.get_by_label_contains("还有 1 项必须改正");
    for (label, name) in [
        ("填报人", "李娜"),
        ("审核人", "周强"),
        ("主要负责人", "王建国"),
    ] {
        type_into(&mut harness, Role::TextInput, label, name);
    }
    // The sign-off button is disabled while the finding stands: clicking it does nothing.
    click(&mut harness, "审核签发（冻结第 1 版）");
    assert!(harness.query_by_label("确认审核签发").is_none());
    assert!(db.read().sign_offs().expect("read").is_empty());

    // The finding's link opens the problem; a measure with a person and a deadline fixes it.
    click(&mut harness, "打开");
    type_into(
        &mut harness,
        Role::MultilineTextInput,
        "措施内容",
        "编制一次性告知清单并在窗口公示",
    );
    type_into(&mut harness, Role::TextInput, "责任人", "李娜");
    harness.get_by_label("长期坚持").click();
    harness.run();
    click(&mut harness, "添加措施");
    assert_eq!(db.read().measures().expect("read").len(), 1);

    // Back on the sign-off screen the check passes; the typed signers are still there.
    click(&mut harness, "签发与导出");
    harness.get_by_label_contains("未发现需要改正的问题");
    click(&mut harness, "审核签发（冻结第 1 版）");
    harness.get_by_label("确认审核签发");
    click(&mut harness, "签发");

    let sign_offs = db.read().sign_offs().expect("read");
    assert_eq!(sign_offs.len(), 1);
    assert_eq!(sign_offs[0].revision, 1);
    assert_eq!(
        (
            sign_offs[0].preparer.as_str(),
            sign_offs[0].reviewer.as_str(),
            sign_offs[0].leader.as_str()
        ),
        ("李娜", "周强", "王建国")
    );
    // The revisions list shows it and the button now offers the next one.
    harness.get_by_label("第 1 版");
    harness.get_by_role_and_label(Role::Button, "审核签发（冻结第 2 版）");
}

#[test]
fn a_cancelled_sign_off_writes_nothing() {
    let db = TestDb::with_unit(5);
    let mut harness = app_harness(&db);
    click(&mut harness, "签发与导出");
    for (label, name) in [
        ("填报人", "李娜"),
        ("审核人", "周强"),
        ("主要负责人", "王建国"),
    ] {
        type_into(&mut harness, Role::TextInput, label, name);
    }
    click(&mut harness, "审核签发（冻结第 1 版）");
    click(&mut harness, "取消");
    assert!(harness.query_by_label("确认审核签发").is_none());
    assert!(db.read().sign_offs().expect("read").is_empty());
}

#[test]
fn the_unit_key_fingerprint_is_shown_in_settings_and_on_the_sign_off_screen() {
    let db = TestDb::with_unit(0);
    let key = db
        .read()
        .unit_key()
        .expect("read")
        .expect("a key made with the unit");
    let sm2 = key.sm2.as_ref().expect("an SM2 key made with the unit");
    let mut harness = app_harness(&db);
    let expected = format!(
        "单位签名编号：{}    国密签名编号：{}",
        key.fingerprint(),
        sm2.fingerprint()
    );
    click(&mut harness, "设置");
    harness.get_by_label(&expected);
    click(&mut harness, "签发与导出");
    harness.get_by_label(&expected);
}

#[test]
fn the_ledger_is_exported_to_the_typed_folder_on_a_worker_thread() {
    let db = TestDb::with_unit(12);
    let out = tempfile::tempdir().expect("temp dir");
    let mut harness = app_harness(&db);
    // A folder that does not exist is refused with the reason; nothing is written.
    open_exports(&mut harness, std::path::Path::new("/no/such/folder"));
    click(&mut harness, "导出 Excel 台账");
    harness.get_by_label_contains("找不到文件夹 /no/such/folder");

    replace_text(
        &mut harness,
        Role::TextInput,
        "保存到文件夹",
        &out.path().display().to_string(),
    );
    // The export runs on a worker thread with a spinner (which repaints until it ends), so the
    // harness steps until its result is on the status line instead of waiting to settle.
    harness
        .get_by_role_and_label(Role::Button, "导出 Excel 台账")
        .click();
    let mut finished = false;
    for _ in 0..200 {
        harness.step();
        if harness.query_by_label_contains("可以安全拔出").is_some() {
            finished = true;
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert!(finished, "the export did not report back");
    let files: Vec<_> = std::fs::read_dir(out.path())
        .expect("read folder")
        .map(|entry| {
            entry
                .expect("entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    assert!(
        files[0].starts_with("市行政审批局-问题整改台账-"),
        "{files:?}"
    );
    assert_eq!(
        std::path::Path::new(&files[0])
            .extension()
            .and_then(|ext| ext.to_str()),
        Some("xlsx")
    );
    let bytes = std::fs::read(out.path().join(&files[0])).expect("read export");
    assert_eq!(&bytes[..2], b"PK", "an xlsx is a zip file");
    // The job has ended.
    assert!(!harness.state().job_running());

    // The draft ledger as PDF, the first document in the list.
    harness.run_steps(2);
    harness
        .get_all_by_label("导出 PDF")
        .next()
        .expect("a PDF export button")
        .click();
    let pdf = out.path().join(format!(
        "市行政审批局-问题整改台账-草稿-{}.pdf",
        zhenggai::domain::local_today().format("%Y%m%d")
    ));
    for _ in 0..300 {
        harness.step();
        if pdf.exists() && !harness.state().job_running() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let bytes = std::fs::read(&pdf).expect("the PDF was written");
    assert!(bytes.starts_with(b"%PDF"), "not a PDF");
}

/// A unit with demo data dated today, one evidence file and signed revision 1.
fn signed_db() -> TestDb {
    use zhenggai::domain::SignOffDraft;

    let db = TestDb::with_unit(12);
    let mut store = Store::open(&db.path).expect("open");
    let photo = db.path.with_file_name("现场照片.jpg");
    std::fs::write(&photo, fixtures::noise(60_000, 5)).expect("photo");
    let measure_id = store.measures().expect("measures")[0].id;
    fixtures::attach(&mut store, measure_id, &photo, "现场照片.jpg");
    store
        .apply(&Command::SignOff(SignOffDraft {
            preparer: "李娜".into(),
            reviewer: "周强".into(),
            leader: "王建国".into(),
        }))
        .expect("sign off");
    store.close().expect("close");
    db
}

/// Clicks 导出数据包 and steps the harness until the export has reported back. The export runs
/// on a worker thread with a progress bar (which repaints until it ends), so the harness steps
/// until the result is on the status line instead of waiting to settle.
fn export_bundle_and_wait(harness: &mut Harness<'static, ZhenggaiApp>) {
    harness
        .get_by_role_and_label(Role::Button, "导出数据包")
        .scroll_to_me();
    harness.run();
    harness
        .get_by_role_and_label(Role::Button, "导出数据包")
        .click();
    let started = std::time::Instant::now();
    while started.elapsed() < std::time::Duration::from_mins(1) {
        harness.step();
        let reported = harness.query_by_label_contains("操作未完成").is_some()
            || harness.query_by_label_contains("可以安全拔出").is_some();
        if !harness.state().job_running() && reported {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    panic!("the bundle export did not report back");
}

fn files_in(folder: &std::path::Path) -> Vec<String> {
    std::fs::read_dir(folder)
        .expect("read folder")
        .map(|entry| {
            entry
                .expect("entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect()
}

#[test]
fn the_data_bundle_of_the_latest_revision_is_exported_and_verified() {
    use egui_kittest::kittest::NodeT;

    let db = signed_db();
    let out = tempfile::tempdir().expect("temp dir");
    let mut harness = app_harness(&db);
    open_exports(&mut harness, out.path());
    // Signed but not yet exported: the guide says so.
    assert_eq!(
        harness.state().session().unwrap().guide_marks,
        zhenggai::view::GuideMarks::default()
    );
    // The latest signed revision is chosen by default.
    assert_eq!(
        harness
            .get_by_role_and_label(Role::ComboBox, "签发版本")
            .value()
            .as_deref(),
        Some("第 1 版（最新）")
    );
    export_bundle_and_wait(&mut harness);
    if let Some(failure) = harness.query_by_label_contains("操作未完成") {
        panic!("the export failed: {:?}", failure.accesskit_node().label());
    }

    let files = files_in(out.path());
    assert_eq!(
        files.len(),
        1,
        "only the bundle, no temporary file: {files:?}"
    );
    let verified = zhenggai::bundle::verify_bundle(&out.path().join(&files[0]))
        .expect("the written bundle verifies");
    assert_eq!(verified.manifest.revision, 1);
    assert_eq!(verified.manifest.unit, "市行政审批局");
    assert_eq!(
        files[0],
        zhenggai::bundle::bundle_file_name(&verified.manifest.unit, &verified.manifest.campaign, 1)
    );
    assert!(
        verified
            .manifest
            .files
            .iter()
            .any(|file| file.path.starts_with("evidence/")),
        "the evidence is in the bundle"
    );
    let path = out.path().join(&files[0]).display().to_string();
    harness.get_by_label_contains(&format!("已导出第 1 版数据包 {path}"));
    harness.get_by_label_contains("已核验，可以安全拔出 U 盘");
    // The file stays on screen with buttons to open it, and the guide ticks the step.
    harness.get_by_label(&path);
    harness.get_by_role_and_label(Role::Button, "打开文件");
    harness.get_by_role_and_label(Role::Button, "打开所在文件夹");
    assert_eq!(
        harness.state().session().unwrap().guide_marks.bundle,
        Some(1)
    );
}

#[test]
fn a_failed_bundle_export_is_shown_as_an_error_and_leaves_nothing_behind() {
    let db = signed_db();
    let out = tempfile::tempdir().expect("temp dir");
    // A folder already holding the bundle's name makes the final rename fail, as a stick pulled
    // at the last moment would.
    let name = {
        let store = Store::open(&db.path).expect("open");
        let unit = store.unit().expect("unit").expect("a unit");
        let campaigns = store.campaigns().expect("campaigns");
        let campaign = campaigns.last().expect("a campaign");
        zhenggai::bundle::bundle_file_name(&unit.name, &campaign.title, 1)
    };
    std::fs::create_dir(out.path().join(&name)).expect("blocking folder");
    let mut harness = app_harness(&db);
    open_exports(&mut harness, out.path());
    export_bundle_and_wait(&mut harness);
    // The failure stays on the status line as an error (in red), naming the bundle, with the
    // working data open again; no temporary file is left beside the folder.
    let error = harness
        .state()
        .session()
        .and_then(|session| session.error.as_ref().map(ToString::to_string))
        .expect("the failure is the session's error");
    assert!(error.starts_with("操作未完成：无法读写"), "{error}");
    assert!(error.contains(&name), "{error}");
    assert_eq!(files_in(out.path()), vec![name.clone()]);
    assert!(out.path().join(&name).is_dir());
}

#[test]
fn without_a_signed_revision_the_bundle_export_is_disabled_and_explained() {
    use egui_kittest::kittest::NodeT;

    let db = TestDb::with_unit(3);
    let out = tempfile::tempdir().expect("temp dir");
    let mut harness = app_harness(&db);
    open_exports(&mut harness, out.path());
    harness.get_by_label_contains("请先签发");
    let button = harness.get_by_role_and_label(Role::Button, "导出数据包");
    assert!(button.accesskit_node().is_disabled());
    button.scroll_to_me();
    harness.run();
    click(&mut harness, "导出数据包");
    harness.run_steps(5);
    // Nothing started and nothing was written.
    assert!(!harness.state().job_running());
    assert!(harness.query_by_label_contains("正在导出数据包").is_none());
    assert!(files_in(out.path()).is_empty());
}

#[test]
fn an_imported_receipt_marks_the_revision_received() {
    use zhenggai::domain::OfficeDraft;

    let db = signed_db();
    let office = tempfile::tempdir().expect("temp dir");
    let bundle = office.path().join("r1.zip");
    {
        let store = Store::open(&db.path).expect("open");
        zhenggai::bundle::export_bundle(&store, Some(1), &bundle, &mut |_| {
            std::ops::ControlFlow::Continue(())
        })
        .expect("export");
    }
    let receipt = office.path().join("回执.json");
    {
        let mut aggregate = Store::open(&office.path().join("汇总.sqlite")).expect("open");
        aggregate
            .apply(&Command::InitOffice(OfficeDraft {
                name: "市作风办".into(),
            }))
            .expect("office");
        let outcome = zhenggai::bundle::receive(&mut aggregate, &bundle, false);
        assert!(
            matches!(outcome, zhenggai::bundle::ReceiveOutcome::Received(_)),
            "{outcome:?}"
        );
        zhenggai::bundle::receipt::write_receipt(&aggregate, "市行政审批局", &receipt)
            .expect("receipt");
    }
    let mut harness = app_harness(&db);
    // Tall enough that the revision list stays in view while the receipt path is typed below.
    harness.set_size(eframe::egui::vec2(1280.0, 1600.0));
    click(&mut harness, "签发与导出");
    harness.get_by_label("未收到回执");
    type_into(
        &mut harness,
        Role::TextInput,
        "或输入回执文件路径",
        &receipt.display().to_string(),
    );
    click(&mut harness, super::IMPORT_RECEIPT);
    harness.get_by_label_contains("已报送 · 已接收 20");
    let receipts = db.read().receipts().expect("receipts");
    assert_eq!(receipts.len(), 1);
    assert_eq!(
        (receipts[0].revision, receipts[0].office.as_str()),
        (1, "市作风办")
    );
}

#[test]
fn the_screen_shows_what_changed_since_the_last_sign_off_and_in_each_revision() {
    use zhenggai::domain::{CommitmentDraft, CommitmentState, SignOffDraft};

    let db = signed_db();
    {
        let mut store = Store::open(&db.path).expect("open");
        store
            .apply(&Command::AddCommitment(CommitmentDraft {
                content: "推行首问负责制，群众来访当日答复".into(),
                audience: "办事群众".into(),
                publicity: "政务服务大厅公示".into(),
                due_on: None,
                state: CommitmentState::Pending,
            }))
            .expect("commitment");
        store
            .apply(&Command::SignOff(SignOffDraft {
                preparer: "李娜".into(),
                reviewer: "周强".into(),
                leader: "王建国".into(),
            }))
            .expect("sign off 2");
        let measure = store.measures().expect("measures")[0].clone();
        let mut draft = measure.to_draft();
        draft.responsible_person = "赵敏".into();
        store
            .apply(&Command::UpdateMeasure {
                measure_id: measure.id,
                draft,
            })
            .expect("edit after revision 2");
    }
    let mut harness = app_harness(&db);
    // Tall enough that the list of revisions is in view under the checks and exports.
    harness.set_size(eframe::egui::vec2(1280.0, 1600.0));
    click(&mut harness, "签发与导出");
    // Since revision 2: the one edited measure, with the field that changed.
    harness.get_by_label("新增 0 项，修改 1 项，销号 0 项，删除 0 项。");
    harness.get_by_label_contains("（责任人）");
    // Revision 2 against revision 1: the commitment added between them.
    harness.get_by_label("第 2 版").click();
    harness.run();
    harness.get_by_label("第 2 版的变化");
    harness.get_by_label_contains("【新增】承诺：推行首问负责制");
}

#[test]
fn punctuation_is_fixed_from_the_check_with_one_click_and_one_ctrl_z_restores_it() {
    use eframe::egui::{Key, Modifiers};

    let db = TestDb::with_unit(3);
    let standard = "窗口人员少，群众排队久（高峰时段）";
    let typed = zhenggai::domain::punctuation::as_typed_half_width(standard);
    let problem = db.read().problems().expect("problems")[0].clone();
    {
        let mut store = Store::open(&db.path).expect("open");
        let mut draft = problem.to_draft();
        draft.description = typed.clone();
        store
            .apply(&Command::UpdateProblem {
                problem_id: problem.id,
                draft,
            })
            .expect("type half-width marks");
        store.close().expect("close");
    }
    let mut harness = app_harness(&db);
    click(&mut harness, "签发与导出");
    harness.get_by_label_contains(&format!(
        "问题 {}：「问题表现」中有夹在中文之间的半角标点",
        problem.number
    ));
    let audit_before = db.read().audit_entries().expect("audit").len();

    click(&mut harness, "规范标点（1 条记录）");
    harness.run();
    let stored = db.read().problem(problem.id).expect("problem");
    assert_eq!(stored.description, standard);
    assert_eq!(
        db.read().audit_entries().expect("audit").len(),
        audit_before + 1
    );
    assert!(
        harness.query_by_label_contains("规范标点（").is_none(),
        "nothing left to fix"
    );

    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(
        db.read().problem(problem.id).expect("problem").description,
        typed
    );
}

/// Clicks the first button labelled `label` (the 问题整改台账's, at the top of the list); the
/// caller runs the harness, or waits for the job the click started.
fn click_first(harness: &mut Harness<'static, ZhenggaiApp>, label: &str) {
    harness
        .get_all_by_label(label)
        .next()
        .expect("a button")
        .click();
}

#[test]
fn printing_asks_for_copies_and_says_plainly_when_nothing_can_print() {
    let db = TestDb::with_unit(3);
    let mut harness = app_harness(&db);
    click(&mut harness, "签发与导出");
    click_first(&mut harness, "打印");
    harness.run();
    harness.get_by_label_contains("打印《问题整改台账");
    click(&mut harness, "取消");
    assert!(
        harness
            .query_by_label_contains("打印《问题整改台账")
            .is_none()
    );

    click_first(&mut harness, "打印");
    harness.run();
    if cfg!(not(windows)) {
        harness.get_by_label("份数");
    }
    let dialog_print = harness
        .get_all_by_role_and_label(Role::Button, "打印")
        .last()
        .expect("the dialog's 打印");
    dialog_print.click();
    crate::ui::test_support::finish_jobs(&mut harness);
    // This test machine has no printer: the reason is shown and the file is named, never a
    // claim that something printed.
    let told = crate::ui::test_support::shown_text(&harness, "文件已保存在");
    assert!(
        told.contains("打印系统") || told.contains("打印机") || told.contains("打印未成功"),
        "{told}"
    );
    assert!(told.contains("zhenggai-print"), "{told}");
}

#[test]
fn the_preview_shows_a_document_page_by_page_inside_the_app() {
    let db = TestDb::with_unit(40);
    let mut harness = app_harness(&db);
    click(&mut harness, "签发与导出");
    click_first(&mut harness, "预览");
    crate::ui::test_support::finish_jobs(&mut harness);
    harness.get_by_label_contains("打印预览：问题整改台账");
    let first = crate::ui::test_support::shown_text(&harness, "第 1 页，共");
    let pages: usize = first
        .trim_start_matches("第 1 页，共 ")
        .trim_end_matches(" 页")
        .parse()
        .expect("a page count");
    assert!(pages >= 2, "{first}");
    click(&mut harness, "下一页");
    harness.get_by_label(&format!("第 2 页，共 {pages} 页"));
    click(&mut harness, "关闭");
    assert!(harness.query_by_label_contains("打印预览").is_none());
}

#[test]
fn word_documents_are_exported_beside_the_pdfs_and_the_summary_as_a_draft() {
    let db = TestDb::with_unit(12);
    let out = tempfile::tempdir().expect("temp dir");
    let mut harness = app_harness(&db);
    open_exports(&mut harness, out.path());
    // 导出 Word sits on the rows of the 整改承诺书 and the 整改进展情况报告 only.
    assert_eq!(harness.get_all_by_label("导出 Word").count(), 2);
    let day = zhenggai::domain::local_today().format("%Y%m%d");
    let wanted = [
        ("导出 Word", format!("市行政审批局-整改承诺书-{day}.docx")),
        (
            "导出 Word 草稿",
            format!("市行政审批局-整改工作总结报告-{day}.docx"),
        ),
    ];
    for (button, name) in wanted {
        harness.run_steps(2);
        harness
            .get_all_by_label(button)
            .next()
            .expect("a Word export button")
            .click();
        let file = out.path().join(&name);
        for _ in 0..300 {
            harness.step();
            if file.exists() && !harness.state().job_running() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        let bytes = std::fs::read(&file).unwrap_or_else(|err| panic!("{name}: {err}"));
        assert_eq!(&bytes[..2], b"PK", "a .docx is a zip file");
        harness.get_by_label_contains("可以安全拔出");
    }
}
