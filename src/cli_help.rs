//! The command line's help in Chinese. The subcommands are declared once, in English doc
//! comments (`cli`); where the user's language is Chinese (the default on a PC whose locale
//! says nothing else, as on Windows) every heading, description and option is replaced here
//! before parsing, with examples. `LANG=en_US.UTF-8` (or any other non-Chinese locale) keeps the
//! English help.

use std::fmt::Write as _;

use clap::{Command, CommandFactory, FromArgMatches};

use crate::cli::Cli;

/// A subcommand's name, its Chinese description, and its options' help by argument id.
type SubcommandHelp = (
    &'static str,
    &'static str,
    &'static [(&'static str, &'static str)],
);

/// Each subcommand's Chinese help.
const SUBCOMMANDS: &[SubcommandHelp] = &[
    (
        "init",
        "为本单位新建台账数据库，带默认问题类别和专项活动阶段",
        &[
            ("unit", "单位全称"),
            ("code", "单位代码（统一社会信用代码）"),
            ("superior", "上级单位"),
            ("leader", "主要负责人"),
        ],
    ),
    (
        "demo",
        "加入示例数据（需先 init）",
        &[
            ("problems", "问题数量"),
            ("seed", "随机种子；种子和日期相同，数据就相同"),
            ("today", "数据围绕的日期，年-月-日（默认今天）"),
        ],
    ),
    (
        "summary",
        "统计：问题数、各状态措施数、逾期数、承诺数、制度数",
        &[("json", "输出一个 JSON 对象")],
    ),
    (
        "check",
        "核查数据：完整性、外键、审计链、签发版本和佐证材料",
        &[],
    ),
    (
        "sign-off",
        "把当前数据审核签发为新的版本，并输出版本号",
        &[
            ("preparer", "填报人"),
            ("reviewer", "审核人"),
            ("leader", "主要负责人"),
        ],
    ),
    (
        "export-xlsx",
        "导出 Excel 台账（含分类统计、整改承诺、制度清单）",
        &[
            ("out", "保存的 .xlsx 文件"),
            (
                "flat",
                "每条措施一行，问题的序号、类别和表现在每行重复，不合并单元格（便于筛选、排序）",
            ),
        ],
    ),
    (
        "export-template",
        "导出问题类别和阶段安排，作为下发给下级单位的模板",
        &[("out", "保存的模板文件（.json）")],
    ),
    (
        "import-template",
        "导入上级单位下发的模板：按名称合并新类别，采用其阶段安排",
        &[("input", "模板文件（.json）")],
    ),
    (
        "export-csv",
        "导出 CSV 台账（UTF-8 带 BOM，可用 Excel 打开）",
        &[("out", "保存的 .csv 文件")],
    ),
    (
        "import-xlsx",
        "导入 Excel 或 WPS 台账（.xlsx、.xls 或 .ods），全部行在一次事务中写入",
        &[
            ("input", "要导入的表格"),
            (
                "verifier",
                "为标为“已销号”的行作核验的人；不填时这些行按“已完成”导入",
            ),
            (
                "sheet",
                "要导入的工作表，可写多次；不填时导入第一个台账工作表及与它列相同的工作表",
            ),
            (
                "no_grouping",
                "不合并重复的问题行：每个写有问题表现的行都作为一个新问题（默认把相同编号或相同问题的相邻行合并为一个问题）",
            ),
        ],
    ),
    (
        "export-pdf",
        "生成 PDF 文书：来自已签发的版本，或把当前数据标为“草稿”",
        &[
            (
                "kind",
                "ledger（问题整改台账）、commitment（整改承诺书）、progress（整改进展情况报告）或 rules（制度清单）；汇总库中为 summary（各单位整改情况汇总报告）",
            ),
            ("revision", "要打印的签发版本；不填则打印当前数据的草稿"),
            ("out", "保存的 PDF 文件"),
        ],
    ),
    (
        "export-docx",
        "生成 Word 文档（.docx），供在 WPS 或 Word 中修改定稿：来自已签发的版本，或当前数据",
        &[
            (
                "kind",
                "commitment（整改承诺书）、progress（整改进展情况报告）或 work-summary（整改工作总结报告草稿，数字和表格已填好）",
            ),
            ("revision", "取数据的签发版本；不填则用当前数据"),
            ("out", "保存的 .docx 文件"),
        ],
    ),
    (
        "export-bundle",
        "把签发版本导出为报送上级的数据包（.zip），写入后回读核验",
        &[
            ("revision", "签发版本（默认最新）"),
            ("out", "保存位置，如 U 盘上的文件"),
        ],
    ),
    (
        "verify",
        "核验数据包：文件名、大小、Ed25519 与国密 SM2 签名、每个文件的 SHA-256 与 SM3（不需要数据库）",
        &[("bundle", "数据包（.zip）")],
    ),
    (
        "init-aggregate",
        "把新数据库建为上级单位的汇总库，并生成回执签名密钥",
        &[("office", "汇总单位全称，如“市作风办”")],
    ),
    (
        "import-bundle",
        "把下级单位的数据包接收进汇总库，逐个核验，各自一次事务写入",
        &[
            ("bundles", "数据包（.zip），可以多个"),
            ("replace_key", "接受该单位更换后的签名密钥（更换密钥）"),
        ],
    ),
    (
        "export-receipt",
        "为某单位最新接收的版本写出签名的回执",
        &[
            ("unit", "单位全称，与其数据包中的一致"),
            ("pdf", "同时生成一页可打印的回执 PDF（盖章后交给该单位）"),
            ("out", "保存的回执文件"),
        ],
    ),
    (
        "import-receipt",
        "导入上级单位出具的回执，记为该版本“已报送 · 已接收”",
        &[("input", "回执文件")],
    ),
    (
        "backup",
        "写出一份经过核验的数据库副本",
        &[("out", "保存位置")],
    ),
    (
        "restore",
        "用备份替换当前数据（替换前先备份当前数据）",
        &[("input", "要恢复的备份")],
    ),
];

/// One example for each subcommand, shown under its help.
const SUBCOMMAND_EXAMPLES: &[(&str, &str)] = &[
    (
        "init",
        "zhenggai --db 台账.sqlite init --unit 某县行政审批局 --superior 某县人民政府办公室",
    ),
    (
        "demo",
        "zhenggai --db 演示.sqlite demo --problems 120 --seed 7",
    ),
    ("summary", "zhenggai --db 台账.sqlite summary --json"),
    ("check", "zhenggai --db 台账.sqlite check"),
    (
        "sign-off",
        "zhenggai --db 台账.sqlite sign-off --preparer 李娜 --reviewer 周强 --leader 王建国",
    ),
    (
        "export-xlsx",
        "zhenggai --db 台账.sqlite export-xlsx --flat E:\\问题整改台账.xlsx",
    ),
    (
        "export-template",
        "zhenggai --db 台账.sqlite export-template E:\\问题类别模板.json",
    ),
    (
        "import-template",
        "zhenggai --db 台账.sqlite import-template E:\\问题类别模板.json",
    ),
    (
        "export-csv",
        "zhenggai --db 台账.sqlite export-csv E:\\问题整改台账.csv",
    ),
    (
        "import-xlsx",
        "zhenggai --db 台账.sqlite import-xlsx 自查问题清单.xlsx --sheet 窗口服务 --verifier 赵敏",
    ),
    (
        "export-pdf",
        "zhenggai --db 台账.sqlite export-pdf --kind commitment --revision 2 E:\\整改承诺书.pdf",
    ),
    (
        "export-docx",
        "zhenggai --db 台账.sqlite export-docx --kind work-summary E:\\整改工作总结报告.docx",
    ),
    (
        "export-bundle",
        "zhenggai --db 台账.sqlite export-bundle E:\\数据包.zip",
    ),
    ("verify", "zhenggai verify E:\\数据包.zip"),
    (
        "init-aggregate",
        "zhenggai --db 汇总.sqlite init-aggregate --office 某市人民政府办公室",
    ),
    (
        "import-bundle",
        "zhenggai --db 汇总.sqlite import-bundle E:\\数据包.zip",
    ),
    (
        "export-receipt",
        "zhenggai --db 汇总.sqlite export-receipt --unit 某县行政审批局 --pdf 回执.pdf 回执.json",
    ),
    (
        "import-receipt",
        "zhenggai --db 台账.sqlite import-receipt E:\\回执.json",
    ),
    (
        "backup",
        "zhenggai --db 台账.sqlite backup E:\\台账备份.sqlite",
    ),
    (
        "restore",
        "zhenggai --db 台账.sqlite restore E:\\台账备份.sqlite",
    ),
];

/// Examples under the main help.
const EXAMPLES: &str = "示例：
  zhenggai                                   打开窗口（使用默认数据库）
  zhenggai --read-only                       只读打开（另一程序正在使用台账时查看、导出、打印）
  zhenggai --db 台账.sqlite init --unit 某县行政审批局
  zhenggai --db 台账.sqlite import-xlsx 自查问题清单.xlsx
  zhenggai --db 台账.sqlite sign-off --preparer 李娜 --reviewer 周强 --leader 王建国
  zhenggai --db 台账.sqlite export-pdf --kind ledger --revision 1 E:\\问题整改台账.pdf
  zhenggai --db 台账.sqlite export-docx --kind work-summary E:\\整改工作总结报告.docx
  zhenggai --db 台账.sqlite export-bundle E:\\数据包.zip
  zhenggai verify E:\\数据包.zip";

/// Whether help should be Chinese: a locale variable that names one decides, the first of
/// `LC_ALL`, `LC_MESSAGES` and `LANG` that is set; with none (Windows) it is Chinese.
pub fn prefers_chinese(lookup: impl Fn(&str) -> Option<String>) -> bool {
    ["LC_ALL", "LC_MESSAGES", "LANG"]
        .into_iter()
        .find_map(|name| lookup(name).filter(|value| !value.is_empty()))
        .is_none_or(|locale| locale.to_ascii_lowercase().starts_with("zh"))
}

/// The command line with its help in Chinese.
pub fn chinese_command() -> Command {
    let mut command = Cli::command()
        .about("整改台账：离线整理自查问题清单、整改措施、整改承诺和制度清单，审核签发、打印盖章，并用数据包报送上级。不带子命令时打开窗口。")
        .after_help(EXAMPLES)
        .subcommand_value_name("子命令")
        .mut_arg("db", |arg| {
            arg.help("台账数据库文件（默认：系统数据文件夹；程序旁有 portable 文件时为程序旁的 data 文件夹）")
                .value_name("文件")
        })
        .mut_arg("read_only", |arg| {
            arg.help("只读打开窗口：另一程序正在使用台账时，仍可查看、导出和打印")
        })
        .disable_help_subcommand(true);
    command = localise_common(command);
    for (name, about, args) in SUBCOMMANDS {
        command = command.mut_subcommand(*name, |mut sub| {
            sub = localise_common(sub.about(*about));
            if let Some((_, example)) = SUBCOMMAND_EXAMPLES.iter().find(|(of, _)| of == name) {
                sub = sub.after_help(format!("示例：\n  {example}"));
            }
            for (id, help) in *args {
                sub = sub.mut_arg(*id, |arg| arg.help(*help));
            }
            sub
        });
    }
    command
}

/// The headings and the help and version flags every command shares. The headings are written
/// into the template (clap's own end in a half-width colon), each only where it has entries.
fn localise_common(command: Command) -> Command {
    let mut template = String::from("{about}\n\n用法：{usage}\n");
    if command.has_subcommands() {
        template.push_str("\n子命令：\n{subcommands}\n");
    }
    if command.get_positionals().next().is_some() {
        template.push_str("\n参数：\n{positionals}\n");
    }
    template.push_str("\n选项：\n{options}{after-help}");
    let command = command.help_template(template).disable_help_flag(true).arg(
        clap::Arg::new("help")
            .short('h')
            .long("help")
            .action(clap::ArgAction::Help)
            .help("显示帮助"),
    );
    if command.get_version().is_some() {
        command.disable_version_flag(true).arg(
            clap::Arg::new("version")
                .short('V')
                .long("version")
                .action(clap::ArgAction::Version)
                .help("显示版本"),
        )
    } else {
        command
    }
}

/// Parses `args` with the Chinese or the English help.
pub fn parse_from<I, T>(args: I, chinese: bool) -> Result<Cli, clap::Error>
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    if !chinese {
        return <Cli as clap::Parser>::try_parse_from(args);
    }
    let mut command = chinese_command();
    let matches = command.try_get_matches_from_mut(args)?;
    Cli::from_arg_matches(&matches).map_err(|err| err.format(&mut command))
}

/// The text to print for `err`: the help or version as clap wrote it, or the usage error. In
/// Chinese the error is put in Chinese words (clap writes only English) and the usage says
/// 选项 where clap says `[OPTIONS]`.
pub fn describe(err: &clap::Error, chinese: bool) -> String {
    let rendered = err.render().to_string();
    if !chinese {
        return rendered;
    }
    chinese_error(err)
        .unwrap_or(rendered)
        .replace("[OPTIONS]", "[选项]")
}

/// A usage error in Chinese, with clap's suggestion and the usage line; `None` for help,
/// version and the kinds clap only raises for faults in the program itself.
fn chinese_error(err: &clap::Error) -> Option<String> {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let context = |kind: ContextKind| match err.get(kind) {
        Some(ContextValue::String(text)) => text.clone(),
        Some(ContextValue::Strings(texts)) => texts.join("、"),
        Some(ContextValue::StyledStr(text)) => text.to_string(),
        Some(ContextValue::Number(number)) => number.to_string(),
        _ => String::new(),
    };
    let arg = context(ContextKind::InvalidArg);
    let what = match err.kind() {
        ErrorKind::UnknownArgument => format!("无法识别参数 {arg}"),
        ErrorKind::InvalidSubcommand => {
            format!("没有子命令 {}", context(ContextKind::InvalidSubcommand))
        }
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            let valid = context(ContextKind::ValidValue);
            let mut what = format!(
                "参数 {arg} 的值“{}”无效",
                context(ContextKind::InvalidValue)
            );
            if !valid.is_empty() {
                let _ = write!(what, "，可选的值：{valid}");
            }
            what
        }
        ErrorKind::MissingRequiredArgument => format!("缺少必填的参数 {arg}"),
        ErrorKind::MissingSubcommand => "缺少子命令".to_owned(),
        ErrorKind::ArgumentConflict => format!(
            "参数 {arg} 不能与 {} 同时使用",
            context(ContextKind::PriorArg)
        ),
        ErrorKind::NoEquals => format!("参数 {arg} 的值须用“=”连接"),
        ErrorKind::TooManyValues | ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            format!("参数 {arg} 的值的个数不对")
        }
        ErrorKind::InvalidUtf8 => "参数中有无法识别的字符（不是 UTF-8 编码）".to_owned(),
        _ => return None,
    };
    let mut text = format!("错误：{what}。\n");
    // clap lists similar names from the least to the most alike; the clerk needs only the
    // most alike.
    let suggested = [ContextKind::SuggestedArg, ContextKind::SuggestedSubcommand]
        .into_iter()
        .find_map(|kind| match err.get(kind) {
            Some(ContextValue::String(text)) => Some(text.clone()),
            Some(ContextValue::Strings(texts)) => texts.last().cloned(),
            _ => None,
        });
    if let Some(suggestion) = suggested {
        let _ = write!(text, "\n  提示：是否想输入 {suggestion}？\n");
    }
    let usage = context(ContextKind::Usage);
    let usage = usage.trim().trim_start_matches("Usage:").trim();
    if !usage.is_empty() {
        let _ = write!(text, "\n用法：{usage}\n");
    }
    text.push_str("\n查看帮助：zhenggai --help\n");
    Some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn help_of(args: &[&str]) -> String {
        let err = parse_from(args.iter().copied(), true).unwrap_err();
        assert_eq!(err.kind(), clap::error::ErrorKind::DisplayHelp);
        describe(&err, true)
    }

    fn error_of(args: &[&str]) -> String {
        let err = parse_from(args.iter().copied(), true).unwrap_err();
        assert!(err.use_stderr(), "{err}");
        describe(&err, true)
    }

    #[test]
    fn usage_errors_are_chinese_and_name_the_argument() {
        let cases: [(&[&str], &[&str]); 5] = [
            (
                &["zhenggai", "--bogus"],
                &["无法识别参数 --bogus", "用法：zhenggai"],
            ),
            (
                &["zhenggai", "exprot-pdf"],
                &["没有子命令 exprot-pdf", "是否想输入 export-pdf"],
            ),
            (
                &["zhenggai", "export-pdf", "--kind", "ledgr", "a.pdf"],
                &["参数 --kind", "“ledgr”无效", "可选的值：", "ledger"],
            ),
            (
                &["zhenggai", "demo", "--problems", "许多"],
                &["参数 --problems", "“许多”无效"],
            ),
            (
                &["zhenggai", "init"],
                &["缺少必填的参数 --unit", "用法：zhenggai init"],
            ),
        ];
        for (args, wanted) in cases {
            let message = error_of(args);
            for part in wanted {
                assert!(message.contains(part), "{part} missing from\n{message}");
            }
            assert!(message.starts_with("错误："), "{message}");
            for english in ["error:", "Usage", "[OPTIONS]", "tip:"] {
                assert!(!message.contains(english), "{english} in\n{message}");
            }
        }
        // In English, clap's own message stands.
        let err = parse_from(["zhenggai", "--bogus"], false).unwrap_err();
        assert!(describe(&err, false).contains("unexpected argument"));
    }

    #[test]
    fn the_help_is_chinese_with_examples() {
        let help = help_of(&["zhenggai", "--help"]);
        for wanted in [
            "用法：",
            "[选项]",
            "子命令",
            "选项",
            "显示帮助",
            "只读打开窗口",
            "示例：",
            "审核签发为新的版本",
        ] {
            assert!(help.contains(wanted), "{wanted} missing from\n{help}");
        }
        assert!(!help.contains("Usage"), "{help}");
        assert!(!help.contains("[OPTIONS]"), "{help}");
        let sub = help_of(&["zhenggai", "export-pdf", "--help"]);
        for wanted in [
            "生成 PDF 文书",
            "问题整改台账",
            "要打印的签发版本",
            "参数",
            "选项",
        ] {
            assert!(sub.contains(wanted), "{wanted} missing from\n{sub}");
        }
        assert!(!sub.contains("Where to write"), "{sub}");
        assert!(sub.contains("示例：\n  zhenggai --db"), "{sub}");
    }

    #[test]
    fn every_subcommand_and_option_has_chinese_help() {
        let command = chinese_command();
        for sub in command.get_subcommands() {
            let example = sub
                .get_after_help()
                .map(ToString::to_string)
                .unwrap_or_default();
            assert!(
                example.contains(&format!(" {}", sub.get_name())),
                "{} has no example: {example}",
                sub.get_name()
            );
            let about = sub.get_about().map(ToString::to_string).unwrap_or_default();
            assert!(
                about
                    .chars()
                    .any(|ch| ('\u{4e00}'..='\u{9fff}').contains(&ch)),
                "{}: {about}",
                sub.get_name()
            );
            for arg in sub.get_arguments() {
                let help = arg.get_help().map(ToString::to_string).unwrap_or_default();
                assert!(
                    help.chars()
                        .any(|ch| ('\u{4e00}'..='\u{9fff}').contains(&ch)),
                    "{} {}: {help}",
                    sub.get_name(),
                    arg.get_id()
                );
            }
        }
    }

    #[test]
    fn the_locale_decides_and_parsing_is_the_same_either_way() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                pairs
                    .iter()
                    .find(|(key, _)| *key == name)
                    .map(|(_, value)| (*value).to_owned())
            }
        };
        assert!(prefers_chinese(env(&[])));
        assert!(prefers_chinese(env(&[("LANG", "zh_CN.UTF-8")])));
        assert!(!prefers_chinese(env(&[("LANG", "en_US.UTF-8")])));
        assert!(!prefers_chinese(env(&[("LANG", "C.UTF-8")])));
        assert!(prefers_chinese(env(&[
            ("LC_ALL", "zh_CN.GB18030"),
            ("LANG", "C")
        ])));
        let args = [
            "zhenggai",
            "--db",
            "a.db",
            "sign-off",
            "--preparer",
            "李娜",
            "--reviewer",
            "周强",
            "--leader",
            "王建国",
        ];
        for chinese in [true, false] {
            let cli = parse_from(args, chinese).unwrap();
            assert!(cli.db.is_some());
            assert!(cli.command.is_some());
        }
        let english = parse_from(["zhenggai", "--help"], false)
            .unwrap_err()
            .to_string();
        assert!(english.contains("Usage"), "{english}");
    }
}
