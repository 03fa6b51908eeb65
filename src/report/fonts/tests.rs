//! Tests of font discovery and selection, with copies of the bundled font under the official
//! typefaces' file names.

use super::*;
use crate::report::canvas::Page;
use crate::report::geometry::PageSize;

#[test]
fn official_fonts_are_found_by_file_name_in_subfolders() {
    let dir = tempfile::tempdir().unwrap();
    let nested = dir.path().join("truetype").join("windows");
    std::fs::create_dir_all(&nested).unwrap();
    // The bundled font stands in for 仿宋 here; only the name decides the role.
    std::fs::write(nested.join("SIMFANG.TTF"), BUNDLED_FONT_TTF).unwrap();
    std::fs::write(dir.path().join("simhei.ttf"), b"not a font").unwrap();
    let set = FontSet::discover(&[dir.path().to_path_buf()]).unwrap();
    assert!(set.has_official());
    assert_eq!(set.face(Role::Body, true), 1);
    // The unreadable 黑体 file is skipped: headings keep the bundled font.
    assert_eq!(set.face(Role::Heading, true), 0);
    assert_eq!(set.face(Role::Body, false), 0);
    assert_eq!(set.pens(true).body.face, 1);

    let nothing = FontSet::discover(&[dir.path().join("missing")]).unwrap();
    assert!(!nothing.has_official());
}

/// The file name of the face `role` is set in.
fn file_of(set: &FontSet, role: Role) -> String {
    let face = set.face(role, true);
    if face == 0 {
        return "bundled".to_owned();
    }
    Path::new(&set.faces()[face].source)
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default()
}

#[test]
fn each_role_takes_its_official_typeface_or_else_the_bundled_font() {
    let dir = tempfile::tempdir().unwrap();
    // Copies of the bundled font under the official names: only the name decides the role.
    for name in [
        "FZXBSJW.TTF",
        "仿宋_GB2312.ttf",
        "simfang.ttf",
        "SimHei.ttf",
        "simkai.ttf",
    ] {
        std::fs::write(dir.path().join(name), BUNDLED_FONT_TTF).unwrap();
    }
    let set = FontSet::discover(&[dir.path().to_path_buf()]).unwrap();
    assert_eq!(file_of(&set, Role::Title), "FZXBSJW.TTF");
    assert_eq!(file_of(&set, Role::Body), "仿宋_GB2312.ttf");
    assert_eq!(file_of(&set, Role::Heading), "SimHei.ttf");
    assert_eq!(file_of(&set, Role::Subheading), "simkai.ttf");
    assert_eq!(set.face(Role::Default, true), 0);
    let pens = set.pens(true);
    assert_eq!(pens.subheading.face, set.face(Role::Subheading, true));
    assert!(set.pens(false).title.face == 0 && set.pens(false).body.face == 0);

    // Without 小标宋 the title takes 黑体；without 楷体 second-level headings take the
    // bundled font (itself a 楷体 design).
    let partial = tempfile::tempdir().unwrap();
    std::fs::write(partial.path().join("SIMHEI.TTF"), BUNDLED_FONT_TTF).unwrap();
    let set = FontSet::discover(&[partial.path().to_path_buf()]).unwrap();
    assert_eq!(file_of(&set, Role::Title), "SIMHEI.TTF");
    assert_eq!(set.face(Role::Title, true), set.face(Role::Heading, true));
    assert_eq!(
        set.faces().len(),
        2,
        "one file serving two roles is loaded once"
    );
    assert_eq!(file_of(&set, Role::Body), "bundled");
    assert_eq!(file_of(&set, Role::Subheading), "bundled");
}

#[test]
fn a_face_lacking_a_character_gives_way_to_the_roles_next_typeface() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["仿宋_GB2312.ttf", "simfang.ttf"] {
        std::fs::write(dir.path().join(name), BUNDLED_FONT_TTF).unwrap();
    }
    let set = FontSet::discover(&[dir.path().to_path_buf()]).unwrap();
    let gb2312 = set.face(Role::Body, true);
    let pen = set.pens(true).body;
    let mut page = Page::new(PageSize::a4_portrait());
    page.items.push(pen.text(0.0, 10.0, 10.0, "整改 \u{E000}"));
    let document = Document {
        title: String::new(),
        pages: vec![page],
    };
    assert_eq!(set.faces_lacking_glyphs(&document), [gb2312]);
    let next = set.pens_avoiding(&[gb2312]).body.face;
    assert!(next != gb2312 && next != 0);
    assert_eq!(set.pens_avoiding(&[gb2312, next]).body.face, 0);
}

#[test]
fn the_bundled_font_is_parsed_once_for_all_documents() {
    let first = FontSet::bundled().unwrap();
    let second = FontSet::bundled().unwrap();
    let parsed = first.faces()[0].parsed().unwrap();
    assert!(std::ptr::eq(parsed, second.faces()[0].parsed().unwrap()));
    assert!(std::ptr::eq(
        parsed,
        FontSet::discover(&[]).unwrap().faces()[0].parsed().unwrap()
    ));
}

#[test]
fn text_a_face_cannot_show_is_detected() {
    let set = FontSet::bundled().unwrap();
    let pen = set.pens(true).default;
    let mut page = Page::new(PageSize::a4_portrait());
    page.items.push(pen.text(0.0, 10.0, 10.0, "整改台账 2026"));
    let mut document = Document {
        title: String::new(),
        pages: vec![page],
    };
    assert!(!set.lacks_glyphs(&document));
    // A private-use character no font maps.
    document.pages[0]
        .items
        .push(pen.text(0.0, 30.0, 10.0, "\u{E000}"));
    assert!(set.lacks_glyphs(&document));
}
