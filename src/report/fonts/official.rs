//! The official typefaces GB/T 9704-2012 prescribes, the names their files and name tables go
//! by on Windows and on Linux desktops (UOS, Kylin), and the order each role tries them in.

use super::Role;

/// One official typeface and the names it is installed under.
#[derive(Debug)]
pub struct Typeface {
    /// Its Chinese name, for messages and tests.
    pub name: &'static str,
    /// File names it is installed under, lower case, best first.
    pub files: &'static [&'static str],
    /// Family names its name table gives, as [`normalise_family`] leaves them.
    pub families: &'static [&'static str],
}

/// 方正小标宋简体，the title face.
pub const XIAOBIAOSONG: Typeface = Typeface {
    name: "方正小标宋简体",
    files: &["fzxbsjw.ttf", "fzxbsjw--gb1-0.ttf", "方正小标宋简体.ttf"],
    families: &["方正小标宋简体", "fzxiaobiaosongb05s", "fzxbsjw"],
};

/// 方正小标宋_GBK, the same design with the larger GBK character set.
pub const XIAOBIAOSONG_GBK: Typeface = Typeface {
    name: "方正小标宋_GBK",
    files: &["fzxbsk.ttf", "方正小标宋_gbk.ttf"],
    families: &["方正小标宋gbk", "fzxiaobiaosongb05", "fzxbsk"],
};

/// 仿宋_GB2312, the body face most offices' templates name.
pub const FANGSONG_GB2312: Typeface = Typeface {
    name: "仿宋_GB2312",
    files: &["仿宋_gb2312.ttf", "fangsong_gb2312.ttf", "fs_gb2312.ttf"],
    families: &["仿宋gb2312", "fangsonggb2312"],
};

/// 仿宋，as Windows ships it (`simfang.ttf`), with the GBK character set.
pub const FANGSONG: Typeface = Typeface {
    name: "仿宋",
    files: &["simfang.ttf", "仿宋.ttf", "fangsong.ttf"],
    families: &["仿宋", "fangsong", "simfang"],
};

/// 黑体，for first-level headings（一、）， as Windows ships it (`simhei.ttf`).
pub const HEITI: Typeface = Typeface {
    name: "黑体",
    files: &["simhei.ttf", "黑体.ttf"],
    families: &["黑体", "simhei"],
};

/// 楷体_GB2312, for second-level headings（（一））.
pub const KAITI_GB2312: Typeface = Typeface {
    name: "楷体_GB2312",
    files: &["楷体_gb2312.ttf", "kaiti_gb2312.ttf", "kt_gb2312.ttf"],
    families: &["楷体gb2312", "kaitigb2312"],
};

/// 楷体，as Windows ships it (`simkai.ttf`).
pub const KAITI: Typeface = Typeface {
    name: "楷体",
    files: &["simkai.ttf", "楷体.ttf", "kaiti.ttf"],
    families: &["楷体", "kaiti", "simkai"],
};

/// The typefaces `role` tries, best first; the bundled font follows them all. A title without
/// 方正小标宋 is set in 黑体，as offices do when the PC lacks it.
pub fn candidates(role: Role) -> &'static [&'static Typeface] {
    match role {
        Role::Default => &[],
        Role::Title => &[&XIAOBIAOSONG, &XIAOBIAOSONG_GBK, &HEITI],
        Role::Body => &[&FANGSONG_GB2312, &FANGSONG],
        Role::Heading => &[&HEITI],
        Role::Subheading => &[&KAITI_GB2312, &KAITI],
    }
}

/// Parts of a file name that suggest an official typeface under a name not listed above: only
/// such files have their name table read, so a folder of thousands of fonts is not opened
/// file by file.
pub const NAME_HINTS: &[&str] = &[
    "fz",
    "xbs",
    "xiaobiao",
    "小标宋",
    "fang",
    "仿宋",
    "kai",
    "楷",
    "hei",
    "黑",
    "gb2312",
];

/// A family name as it is compared: lower case, without spaces, underscores or hyphens
/// (`FZXiaoBiaoSong-B05S` and `fzxiaobiaosongb05s` are one family).
pub fn normalise_family(name: &str) -> String {
    name.chars()
        .filter(|ch| !matches!(ch, ' ' | '_' | '-' | '\u{3000}'))
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listed_names_are_in_the_form_they_are_compared_in() {
        let roles = [Role::Title, Role::Body, Role::Heading, Role::Subheading];
        for typeface in roles.iter().flat_map(|role| candidates(*role)) {
            for family in typeface.families {
                assert_eq!(normalise_family(family), *family, "{}", typeface.name);
            }
            for file in typeface.files {
                assert_eq!(file.to_lowercase(), *file, "{}", typeface.name);
            }
        }
        assert_eq!(
            normalise_family("FZXiaoBiaoSong-B05S"),
            "fzxiaobiaosongb05s"
        );
        assert_eq!(normalise_family("仿宋_GB2312"), "仿宋gb2312");
    }
}
