use eframe::egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};

use super::*;
use crate::ui::shell::fonts::install_fonts;

fn finished(job: &Job) -> JobResult {
    let started = std::time::Instant::now();
    loop {
        if let Some(done) = job.poll().expect("the worker answers") {
            return done;
        }
        assert!(
            started.elapsed() < std::time::Duration::from_secs(10),
            "the worker did not finish"
        );
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
}

#[test]
fn reported_progress_is_shown_as_a_bar_and_a_reading_job_gets_its_own_store() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("台账.sqlite");
    let store = Store::open(&path).expect("open");
    let (reported, when_reported) = mpsc::channel::<()>();
    let (go_on, wait) = mpsc::channel::<()>();
    let request = JobRequest::read("正在测试……", move |store, job| {
        job.report(JobProgress {
            fraction: None,
            text: "正在准备".into(),
        });
        job.report(JobProgress {
            fraction: Some(0.25),
            text: "正在写入：1 / 4".into(),
        });
        let _ = reported.send(());
        let _ = wait.recv();
        anyhow::ensure!(store.is_read_only(), "a reading job writes nothing");
        Ok(format!("{} 次签发", store.sign_offs()?.len()))
    });
    let mut job = Job::start(request, store.another_reader().expect("a reader"));
    when_reported.recv().expect("the work reported");
    {
        let mut harness = Harness::builder()
            .with_context_setup(install_fonts)
            .build_ui(|ui| job.status_ui(ui));
        harness.step();
        // The bar carries the reported text (a spinner is an unlabelled indicator).
        harness.get_by_role_and_label(Role::ProgressIndicator, "正在写入：1 / 4");
        harness.get_by_label("正在测试……");
        // This work cannot stop part-way, so there is nothing to cancel.
        assert!(harness.query_by_label("取消").is_none());
    }
    go_on.send(()).expect("the worker waits");
    let done = finished(&job).expect("the job succeeds");
    assert_eq!(done.message, "0 次签发");
    // The session's own store stayed open and usable the whole time.
    assert!(store.sign_offs().expect("the store works").is_empty());
}

#[test]
fn cancel_stops_work_that_checks_and_says_so() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("台账.sqlite");
    let store = Store::open(&path).expect("open");
    let writer = store.another_writer().expect("a second writer");
    let (go_on, wait) = mpsc::channel::<()>();
    let request = JobRequest::write("正在接收……", move |_store, job| {
        let _ = wait.recv();
        job.stop_if_cancelled()?;
        Ok(String::from("不该到这里"))
    })
    .cancellable();
    let mut job = Job::start(request, writer);
    assert!(job.writes());
    {
        let mut harness = Harness::builder()
            .with_context_setup(install_fonts)
            .build_ui(|ui| job.status_ui(ui));
        harness.step();
        harness.get_by_label("正在接收……");
        // Only the spinner: an indicator without a text.
        let spinner = harness.get_by_role(Role::ProgressIndicator);
        assert!(
            spinner
                .accesskit_node()
                .label()
                .unwrap_or_default()
                .is_empty()
        );
        harness.get_by_label("取消").click();
        harness.step();
        harness.step();
        harness.get_by_label("正在取消……");
    }
    go_on.send(()).expect("the worker waits");
    let err = finished(&job).err().expect("the job stopped");
    assert!(err.downcast_ref::<Cancelled>().is_some(), "{err}");
    assert_eq!(err.to_string(), "已取消，未作任何改动。");
}

#[test]
fn a_file_finished_after_cancel_is_discarded_and_one_not_cancelled_stays() {
    let dir = tempfile::tempdir().expect("temp dir");
    let written = dir.path().join("汇总表.xlsx");
    std::fs::write(&written, b"done").expect("write");
    JobContext::for_test(false)
        .discard_if_cancelled(&written)
        .expect("not cancelled");
    assert!(written.exists());
    assert!(
        JobContext::for_test(true)
            .discard_if_cancelled(&written)
            .is_err()
    );
    assert!(!written.exists(), "a cancelled export leaves no file");
}
