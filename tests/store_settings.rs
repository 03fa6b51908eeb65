//! Settings kept with the working data: the default signers (round trip, refusals that write
//! nothing, undo, the migration that adds them to an older file), the manual backup the 设置
//! screen offers, and the first-run setup with a taxonomy and campaign of the user's choosing.

// Helper functions of an integration test crate are test code too, but clippy only exempts
// `#[test]` functions from these lints.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{Fixture, apply, campaign_draft, raw, refused, temp_db, unit_draft};
use zhenggai::domain::campaign::five_phase_template;
use zhenggai::domain::text::SHORT_TEXT_MAX_CHARS;
use zhenggai::domain::{CampaignDraft, Command, DefaultSigners, RecordRef};
use zhenggai::setup::{TaxonomyArea, default_taxonomy, init_workbook_with};
use zhenggai::store::schema::{LATEST_VERSION, migrate_to};
use zhenggai::store::{Store, StoreError};
use zhenggai::undo::{plan_undo, undo_command};

fn signers(preparer: &str, reviewer: &str, leader: &str) -> DefaultSigners {
    DefaultSigners {
        preparer: preparer.into(),
        reviewer: reviewer.into(),
        leader: leader.into(),
    }
}

#[test]
fn default_signers_round_trip_trimmed_and_audited() {
    let mut fx = Fixture::new();
    assert_eq!(
        fx.store.default_signers().unwrap(),
        DefaultSigners::default()
    );

    let before = fx.store.audit_entries().unwrap().len();
    let target = apply(
        &mut fx.store,
        &Command::SetDefaultSigners(signers(" 李娜 ", "周强", "王建国\u{3000}")),
    );
    assert_eq!(target, RecordRef::Unit(fx.unit_id));
    assert_eq!(
        fx.store.default_signers().unwrap(),
        signers("李娜", "周强", "王建国")
    );
    let entries = fx.store.audit_entries().unwrap();
    assert_eq!(entries.len(), before + 1);
    assert_eq!(entries[before].action, "set_default_signers");

    // Setting again replaces the one row; clearing a name is allowed.
    apply(
        &mut fx.store,
        &Command::SetDefaultSigners(signers("李娜", "", "王建国")),
    );
    assert_eq!(
        fx.store.default_signers().unwrap(),
        signers("李娜", "", "王建国")
    );
    assert_eq!(
        common::count_rows(&fx.path, "SELECT count(*) FROM default_signers"),
        1
    );

    // The names survive closing and reopening, and the sign-off can start from them.
    fx.store.close().unwrap();
    let store = Store::open(&fx.path).unwrap();
    let stored = store.default_signers().unwrap();
    assert_eq!(stored.to_sign_off_draft().preparer, "李娜");
    assert!(store.check().unwrap().is_ok());
}

#[test]
fn invalid_default_signers_are_refused_and_write_nothing() {
    let mut fx = Fixture::new();
    apply(
        &mut fx.store,
        &Command::SetDefaultSigners(signers("李娜", "周强", "王建国")),
    );
    let too_long = "审".repeat(SHORT_TEXT_MAX_CHARS + 1);
    let err = refused(
        &mut fx.store,
        &Command::SetDefaultSigners(signers("李娜", &too_long, "王建国")),
    );
    assert!(err.to_string().contains("审核人"), "{err}");
    assert_eq!(
        fx.store.default_signers().unwrap(),
        signers("李娜", "周强", "王建国")
    );

    // The table's own checks refuse what the validation would have trimmed or refused.
    let conn = raw(&fx.path);
    assert!(
        conn.execute(
            "UPDATE default_signers SET preparer = ' 李娜 ' WHERE id = 1",
            []
        )
        .is_err()
    );
    assert!(
        conn.execute(
            "INSERT INTO default_signers (id, preparer) VALUES (2, '张三')",
            []
        )
        .is_err()
    );
}

#[test]
fn default_signers_need_a_unit() {
    let (_dir, path) = temp_db();
    let mut store = Store::open(&path).unwrap();
    let err = store
        .apply(&Command::SetDefaultSigners(signers("李娜", "", "")))
        .unwrap_err();
    assert!(matches!(err, StoreError::NotInitialised), "{err:?}");
    assert!(store.audit_entries().unwrap().is_empty());
    assert_eq!(store.default_signers().unwrap(), DefaultSigners::default());
}

#[test]
fn setting_default_signers_is_undone_by_restoring_the_previous_names() {
    let mut fx = Fixture::new();
    apply(
        &mut fx.store,
        &Command::SetDefaultSigners(signers("李娜", "周强", "王建国")),
    );
    let command = Command::SetDefaultSigners(signers("张伟", "周强", "王建国"));
    let plan = plan_undo(&fx.store, &command).unwrap();
    let target = apply(&mut fx.store, &command);
    let reverse = undo_command(plan, target).unwrap();
    apply(&mut fx.store, &reverse);
    assert_eq!(
        fx.store.default_signers().unwrap(),
        signers("李娜", "周强", "王建国")
    );
}

#[test]
fn a_version_three_file_gains_empty_default_signers() {
    let (_dir, path) = temp_db();
    let mut conn = rusqlite::Connection::open(&path).unwrap();
    migrate_to(&mut conn, 3).unwrap();
    conn.execute(
        "INSERT INTO unit (name, leader, created_at)
         VALUES ('某县市场监督管理局', '陈光明', '2025-03-01T08:00:00Z')",
        [],
    )
    .unwrap();
    drop(conn);

    let mut store = Store::open(&path).unwrap();
    let version: i64 = raw(&path)
        .pragma_query_value(None, "user_version", |row| row.get(0))
        .unwrap();
    assert_eq!(version, LATEST_VERSION);
    const { assert!(LATEST_VERSION >= 4) };
    assert_eq!(store.default_signers().unwrap(), DefaultSigners::default());
    assert_eq!(store.unit().unwrap().unwrap().leader, "陈光明");
    // The backup made before migrating is still at version 3, without the new table.
    let backups = store.backups().unwrap();
    assert_eq!(backups[0].reason, "migrate");
    let old_version: i64 = raw(&backups[0].path)
        .pragma_query_value(None, "user_version", |row| row.get(0))
        .unwrap();
    assert_eq!(old_version, 3);

    // The migrated file takes default signers.
    apply(
        &mut store,
        &Command::SetDefaultSigners(signers("", "", "陈光明")),
    );
    assert_eq!(store.default_signers().unwrap().leader, "陈光明");
    assert!(store.check().unwrap().is_ok());
}

#[test]
fn backup_now_adds_a_listed_dated_backup_even_from_a_read_only_store() {
    let fx = Fixture::new();
    assert!(fx.store.backups().unwrap().is_empty());
    let made = fx.store.backup_now("manual").unwrap();
    let backups = fx.store.backups().unwrap();
    assert_eq!(backups.len(), 1);
    assert_eq!(backups[0].path, made);
    assert_eq!(backups[0].reason, "manual");
    let made_at = backups[0].made_at().expect("stamp in the name");
    let age = chrono::Local::now().naive_local() - made_at;
    assert!(age.num_seconds().abs() < 120, "{made_at}");
    assert!(backups[0].size_bytes().unwrap() > 0);

    // A second connection (the settings screen's worker) can back up while the writer is open.
    let reader = Store::open_read_only(&fx.path).unwrap();
    reader.backup_now("manual").unwrap();
    assert_eq!(fx.store.backups().unwrap().len(), 2);
    let copy = Store::open_read_only(&made).unwrap();
    assert_eq!(copy.unit().unwrap().unwrap().name, unit_draft().name);
}

#[test]
fn backups_made_within_one_second_for_different_reasons_list_newest_first() {
    let fx = Fixture::new();
    for reason in ["start", "manual", "import", "manual"] {
        fx.store.backup_now(reason).unwrap();
    }
    let reasons: Vec<String> = fx
        .store
        .backups()
        .unwrap()
        .into_iter()
        .map(|backup| backup.reason)
        .collect();
    // Usually all four share one second; either way the order is the order they were made.
    assert_eq!(reasons, ["manual", "import", "manual", "start"]);
}

#[test]
fn setup_with_a_chosen_taxonomy_and_campaign_writes_them_all() {
    let (_dir, path) = temp_db();
    let mut store = Store::open(&path).unwrap();
    let mut taxonomy = default_taxonomy();
    taxonomy[0].items[0] = "窗口授权不充分".into();
    taxonomy.push(TaxonomyArea {
        name: "其他问题".into(),
        items: vec![],
    });
    let mut campaign = campaign_draft();
    campaign.title = "2026年作风建设年活动".into();
    init_workbook_with(&mut store, unit_draft(), campaign.clone(), &taxonomy).unwrap();

    assert_eq!(store.unit().unwrap().unwrap().name, unit_draft().name);
    let stored = store.current_campaign().unwrap().unwrap();
    assert_eq!(stored.title, "2026年作风建设年活动");
    assert_eq!(stored.phases.len(), 5);
    let categories = store.categories().unwrap();
    assert!(categories.iter().any(|c| c.name == "窗口授权不充分"));
    assert!(!categories.iter().any(|c| c.name == "窗口授权不到位"));
    assert!(
        categories
            .iter()
            .any(|c| c.name == "其他问题" && c.parent_id.is_none())
    );
    let items: usize = taxonomy.iter().map(|area| area.items.len()).sum();
    assert_eq!(categories.len(), taxonomy.len() + items);
}

#[test]
fn setup_refusing_any_part_writes_nothing() {
    let (_dir, path) = temp_db();
    let mut store = Store::open(&path).unwrap();
    // Two items of one area with the same name: the last category is refused.
    let taxonomy = vec![TaxonomyArea {
        name: "放管服改革".into(),
        items: vec!["审批慢".into(), "审批慢".into()],
    }];
    let err =
        init_workbook_with(&mut store, unit_draft(), campaign_draft(), &taxonomy).unwrap_err();
    assert!(err.to_string().contains("审批慢"), "{err}");
    assert!(store.unit().unwrap().is_none());
    assert!(store.categories().unwrap().is_empty());
    assert!(store.audit_entries().unwrap().is_empty());

    // A reversed phase is refused after unit and categories were written: still nothing stays.
    let mut phases = five_phase_template(2026);
    let second = &mut phases[1];
    std::mem::swap(&mut second.starts_on, &mut second.ends_on);
    let campaign = CampaignDraft {
        title: "专项活动".into(),
        year: 2026,
        phases,
    };
    assert!(init_workbook_with(&mut store, unit_draft(), campaign, &default_taxonomy()).is_err());
    assert!(store.unit().unwrap().is_none());
    assert!(store.categories().unwrap().is_empty());
    assert!(store.campaigns().unwrap().is_empty());
}
