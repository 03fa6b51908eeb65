//! Templates handed down by a superior office: exported from one database, merged into another
//! by category name without touching its problems; bad files refused with nothing changed.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{Fixture, temp_db};
use zhenggai::domain::{CategoryDraft, Command, UnitDraft};
use zhenggai::interop::{
    InteropError, TEMPLATE_FORMAT, export_template, import_template, read_template,
};
use zhenggai::setup::init_workbook;
use zhenggai::store::Store;

/// A superior's database with the default taxonomy plus one area of its own and a renamed plan.
fn superior_template(dir: &std::path::Path) -> std::path::PathBuf {
    let (_keep, path) = temp_db();
    let mut store = Store::open(&path).unwrap();
    init_workbook(
        &mut store,
        UnitDraft {
            name: "市作风建设领导小组办公室".into(),
            ..UnitDraft::default()
        },
        2026,
    )
    .unwrap();
    let area = store
        .apply(&Command::AddCategory(CategoryDraft {
            parent_id: None,
            name: "形式主义、官僚主义问题".into(),
        }))
        .unwrap();
    let zhenggai::domain::RecordRef::Category(area_id) = area else {
        panic!("{area:?}");
    };
    store
        .apply(&Command::AddCategory(CategoryDraft {
            parent_id: Some(area_id),
            name: "文山会海".into(),
        }))
        .unwrap();
    let mut campaign = store.current_campaign().unwrap().unwrap();
    campaign.title = "2026年作风建设年活动".into();
    store
        .apply(&Command::UpdateCampaign {
            campaign_id: campaign.id,
            draft: campaign.to_draft(),
        })
        .unwrap();
    let file = dir.join("模板.json");
    let template = export_template(&store, &file).unwrap();
    assert_eq!(template.format, TEMPLATE_FORMAT);
    assert_eq!(template.campaign.phases.len(), 5);
    file
}

#[test]
fn a_template_merges_by_name_and_keeps_the_units_data() {
    let dir = tempfile::tempdir().unwrap();
    let file = superior_template(dir.path());

    // The unit (the fixture) has its own categories and a problem filed under one of them.
    let mut fx = Fixture::new();
    let before = fx.store.categories().unwrap();
    let problem_before = fx.store.problem(fx.problem_id).unwrap();

    let template = read_template(&file).unwrap();
    let report = import_template(&mut fx.store, &template).unwrap();
    let after = fx.store.categories().unwrap();
    assert_eq!(
        after.len(),
        before.len() + report.areas_added + report.items_added
    );
    assert!(report.areas_added >= 1, "{report:?}");
    let names: Vec<&str> = after.iter().map(|c| c.name.as_str()).collect();
    assert!(names.contains(&"形式主义、官僚主义问题"));
    assert!(names.contains(&"文山会海"));
    // Nothing the unit had is gone or renamed, and its problem keeps its category.
    for category in &before {
        assert!(after.contains(category), "{category:?} changed");
    }
    assert_eq!(fx.store.problem(fx.problem_id).unwrap(), problem_before);
    let campaign = fx.store.current_campaign().unwrap().unwrap();
    assert_eq!(campaign.title, "2026年作风建设年活动");
    assert_eq!(campaign.phases.len(), 5);

    // Importing the same template again adds nothing.
    let again = import_template(&mut fx.store, &template).unwrap();
    assert_eq!((again.areas_added, again.items_added), (0, 0));
    assert_eq!(fx.store.categories().unwrap(), after);
    assert!(fx.store.check().unwrap().is_ok());
}

#[test]
fn a_file_that_is_not_a_template_is_refused_and_nothing_changes() {
    let dir = tempfile::tempdir().unwrap();
    let fx = Fixture::new();
    let before = fx.store.categories().unwrap();
    for (name, bytes) in [
        ("乱码.json", &b"\x00\x01not json"[..]),
        ("别的.json", &br#"{"format":"other","version":1}"#[..]),
        (
            "新版.json",
            &br#"{"format":"zhenggai-template","version":9,"campaign":{"title":"x","year":2026,"phases":[]},"categories":[]}"#[..],
        ),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let err = read_template(&path).unwrap_err();
        assert!(
            matches!(err, InteropError::NotATemplate { .. }),
            "{name}: {err:?}"
        );
        assert!(err.to_string().contains("不是整改台账模板"), "{err}");
    }
    assert_eq!(fx.store.categories().unwrap(), before);
}

#[test]
fn a_template_with_an_invalid_plan_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let file = superior_template(dir.path());
    let mut template = read_template(&file).unwrap();
    // A phase that ends before it starts: the campaign update is refused, and so is the rest.
    let phase = &mut template.campaign.phases[0];
    std::mem::swap(&mut phase.starts_on, &mut phase.ends_on);
    let mut fx = Fixture::new();
    let before = fx.store.categories().unwrap();
    let audit_before = fx.store.audit_entries().unwrap().len();
    assert!(import_template(&mut fx.store, &template).is_err());
    assert_eq!(fx.store.categories().unwrap(), before);
    assert_eq!(fx.store.audit_entries().unwrap().len(), audit_before);
}
