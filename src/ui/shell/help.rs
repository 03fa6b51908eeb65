//! Short help （F1 or 帮助）：what the current screen is for, how it is used, and the few words
//! the 报送 process turns on （销号、签发、数据包、回执）.

use eframe::egui::{self, RichText};

use crate::ui::shell::nav::Screen;

/// The words a new clerk meets first, each with its meaning.
const GLOSSARY: [(&str, &str); 5] = [
    (
        "销号",
        "整改措施完成后，经核验确认整改到位，登记核验人、核验日期和佐证材料，措施即为“已销号”，此后不能再修改。",
    ),
    (
        "签发",
        "把当前台账定稿为一个版本（第 N 版），由填报人、审核人、主要负责人确认，并用本单位的签名密钥签名。签发后的文书才打印盖章、报送上级。",
    ),
    (
        "草稿",
        "尚未签发的当前数据。草稿打印件带“草稿”水印，只供内部核对。",
    ),
    (
        "数据包",
        "签发版本的电子数据（.zip 文件），带数字签名和每个文件的校验值。复制到 U 盘报送上级，上级可核验它确由本单位签发、未被改动。",
    ),
    (
        "回执",
        "上级单位收到并核验数据包后出具的签名文件。在「签发与导出」中导入回执，即表示该版本已报送成功。",
    ),
];

/// What `screen` is for and how it is used.
fn screen_help(screen: Screen) -> &'static [&'static str] {
    match screen {
        Screen::Overview => &[
            "概览显示本单位整改的总体进度：问题和措施的数量、完成率、各阶段的时间安排，以及已逾期和即将到期的措施。",
            "上方的“报送步骤”提示下一步该做什么，点按钮即可前往。",
            "点逾期或即将到期的一条措施，可以直接打开它。",
        ],
        Screen::Problems => &[
            "在这里登记自查发现的问题，并为每个问题制定整改措施：责任领导、责任部门、责任人和整改时限。",
            "Ctrl+N 新建问题；Ctrl+F 搜索，可输入拼音首字母（如 ckqx）；可按类别、状态、责任人筛选。",
            "已有 Excel 或 WPS 台账的，可用“导入 Excel”一次导入，导入前可以预览。",
            "措施完成后，在措施中登记进展、上传佐证材料，经核验后“销号”。",
            "改错了可以按 Ctrl+Z 撤销。",
        ],
        Screen::Commitments => &[
            "整改承诺是向社会和服务对象公开作出的承诺，每条写明承诺内容和承诺时限。",
            "它们会印在《整改承诺书》上，在「签发与导出」中导出或打印。",
        ],
        Screen::Rules => &[
            "制度清单登记整改中新建或修订的制度：名称、文号、印发日期，以及它解决了哪些问题。",
            "建章立制是整改的长效机制，上级检查时常会查看。",
        ],
        Screen::SignOff => &[
            "报送前先做“报送前检查”：红色项须改正后才能签发，黄色项是提醒。",
            "签发把当前数据定稿为第 N 版；签发后导出的文书带签名指纹，可打印后签字盖章。",
            "“导出数据包”把签发版本写到 U 盘，报送上级；收到上级回执后在这里导入。",
            "导出完成后可以点“打开文件”或“打开所在文件夹”查看。",
        ],
        Screen::Settings => &[
            "设置本单位信息、专项活动的阶段时间和问题类别；导入上级下发的模板。",
            "“数据与备份”中可以备份数据、从备份恢复。程序每次启动也会自动备份。",
        ],
    }
}

/// What the first-run wizard is for, shown before any screen exists.
const WIZARD_HELP: &[&str] = &[
    "第一次使用时，按“单位信息 → 专项活动 → 问题类别 → 完成”几步建立本单位的台账，每一步都可以返回修改，建立后在「设置」中也能调整。",
    "想先看看台账是什么样子，可以点“先看看示例台账”：示例数据放在单独的文件里，退出示例后即删除，不会写入您的台账。",
    "上级单位（如作风办）用本程序接收、核验并汇总各单位的数据包，请在第一页建立汇总库。",
];

/// Which help to show: a screen's, or the wizard's before the workbook exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HelpTopic {
    /// A screen of the workbook.
    Screen(Screen),
    /// The first-run wizard.
    Wizard,
}

impl HelpTopic {
    fn title(self) -> &'static str {
        match self {
            Self::Screen(screen) => screen.label(),
            Self::Wizard => "建立台账",
        }
    }

    fn paragraphs(self) -> &'static [&'static str] {
        match self {
            Self::Screen(screen) => screen_help(screen),
            Self::Wizard => WIZARD_HELP,
        }
    }
}

/// Draws the help window for `topic` while `open`; the window's close button and Esc clear it.
pub fn help_window(ctx: &egui::Context, topic: HelpTopic, open: &mut bool) {
    if ctx.input(|input| input.key_pressed(egui::Key::Escape)) {
        *open = false;
    }
    egui::Window::new(format!("帮助：{}", topic.title()))
        .id(egui::Id::unique("help_window"))
        .open(open)
        .collapsible(false)
        .default_width(520.0)
        .max_height(520.0)
        .show(ctx, |ui| {
            egui::ScrollArea::vertical().show(ui, |ui| {
                for paragraph in topic.paragraphs() {
                    ui.label(*paragraph);
                    ui.add_space(4.0);
                }
                ui.separator();
                ui.label(RichText::new("常用词").strong());
                for (word, meaning) in GLOSSARY {
                    ui.horizontal_wrapped(|ui| {
                        ui.label(RichText::new(format!("{word}：")).strong());
                        ui.label(meaning);
                    });
                    ui.add_space(2.0);
                }
                ui.separator();
                ui.weak("按 F1 随时打开本帮助，按 Esc 关闭。");
            });
        });
}
