//! Phrase pools for the rectification work: measures and goals, progress notes, close-out
//! opinions, extension reasons, commitments and rules, drawn from the measures the seeds list
//! (首问负责制、一次性告知、限时办结、AB岗、“最多跑一次”、容缺受理、岗位练兵 …).
//!
//! Templates may hold the placeholders [`super::problems::fill`] fills in.

/// One measure: what is done, the goal, and the division that usually does it.
#[derive(Debug, Clone, Copy)]
pub struct MeasureText {
    /// The measure (整改措施).
    pub content: &'static str,
    /// The goal (整改目标).
    pub goal: &'static str,
    /// The division usually responsible; `None` leaves it to the problem's subject.
    pub division: Option<&'static str>,
}

/// Shorthand for the tables below.
const fn m(
    content: &'static str,
    goal: &'static str,
    division: Option<&'static str>,
) -> MeasureText {
    MeasureText {
        content,
        goal,
        division,
    }
}

/// Measures per area, aligned with [`crate::domain::category::DEFAULT_TAXONOMY`].
pub const AREA_MEASURES: [&[MeasureText]; 4] = [
    &[
        m(
            "向窗口首席代表充分授权，即办件由窗口当场审批办结",
            "即办件窗口当场办结率达到100%",
            Some("行政审批科"),
        ),
        m(
            "梳理进驻事项清单，推动审批事项全部进驻政务服务中心办理",
            "杜绝“明进暗不进”",
            Some("政务服务科"),
        ),
        m(
            "建立容缺受理预审机制，对缺少非必要资料的先行受理，允许领证时补齐",
            "企业因非必要材料往返次数为零",
            Some("行政审批科"),
        ),
        m(
            "编制办事指南并在政务服务网和窗口公开，做到办事要件一次说清",
            "办事指南准确率达到100%",
            Some("政务服务科"),
        ),
        m(
            "开展审批流程再造，合并审核环节，推行并联审批",
            "审批环节压缩三分之一以上",
            Some("行政审批科"),
        ),
        m(
            "清理不必要的申请材料和“奇葩证明”，公布保留证明事项清单",
            "取消无法律法规依据的证明材料",
            Some("政策法规科"),
        ),
        m(
            "推行“最多跑一次”，梳理公布“最多跑一次”事项清单",
            "高频事项实现一次办结",
            Some("政务服务科"),
        ),
        m(
            "建立跨科室联审联办机制，明确牵头科室和办理时限",
            "涉及多科室的事项不再互相推诿",
            Some("投资项目审批科"),
        ),
        m(
            "推进“互联网+政务服务”，让数据多跑路、群众少跑腿",
            "网上可办率达到90%以上",
            Some("信息化建设科"),
        ),
        m(
            "压缩承诺办结时限，在法定时限基础上再提速",
            "承诺时限比法定时限压缩50%以上",
            Some("行政审批科"),
        ),
    ],
    &[
        m(
            "组织专题学习，严明政治纪律和政治规矩，开展警示教育",
            "干部政治意识和纪律意识明显增强",
            Some("办公室"),
        ),
        m(
            "建立上级决策部署落实台账，实行挂图作战、销号管理",
            "上级部署事项按时落实率100%",
            Some("督查室"),
        ),
        m(
            "实行督办事项扯回销制度，每周通报办理进度",
            "督办事项按期回复率100%",
            Some("督查室"),
        ),
        m(
            "建立容错纠错机制，为担当者担当、为干事者撑腰",
            "干部主动担当作为氛围明显好转",
            Some("人事科"),
        ),
        m(
            "开展中层岗位职责讨论与效能校正，对不在状态的中层干部进行调整",
            "中层干部履职考核全覆盖",
            Some("人事科"),
        ),
        m(
            "严格落实“五严禁”，对推诿扯皮的发现一起、严查一起",
            "推诿扯皮问题零发生",
            Some("督查室"),
        ),
        m(
            "完善重大事项集体决策程序，明确决策权限和时限",
            "该决策事项不再层层上交",
            Some("办公室"),
        ),
        m(
            "加强对项目管理、资金使用的日常监管，开展专项检查",
            "监督检查覆盖所有在建项目",
            Some("财务科"),
        ),
        m(
            "建立岗位权责清单，明确每个岗位的职责和办理时限",
            "岗位职责清晰、责任到人",
            Some("政策法规科"),
        ),
        m(
            "逗硬执行绩效考核，考核结果与评先评优、干部使用挂钩",
            "考核结果运用到位",
            Some("人事科"),
        ),
    ],
    &[
        m(
            "推行首问负责制，首位接待人员负责引导办结或明确告知",
            "群众来访来电首问答复率100%",
            Some("政务服务科"),
        ),
        m(
            "落实一次性告知制度，制作并发放一次性告知单",
            "群众因材料不清往返次数为零",
            Some("政务服务科"),
        ),
        m(
            "建立AB岗工作制度，经办人不在岗时由B岗顶岗办理",
            "业务办理不因人员缺岗而中断",
            Some("办公室"),
        ),
        m(
            "开展文明服务培训，规范窗口服务用语和服务行为",
            "服务对象满意率达到95%以上",
            Some("政务服务科"),
        ),
        m(
            "建立历史遗留问题台账，逐件明确责任人和解决时限",
            "历史遗留问题逐件销号",
            Some("督查室"),
        ),
        m(
            "实行预约服务、延时服务和上门服务",
            "特殊群体办事需求得到及时响应",
            Some("便民服务中心"),
        ),
        m(
            "开展政务服务“好差评”，差评件逐件回访整改",
            "差评件整改回访率100%",
            Some("政务服务科"),
        ),
        m(
            "加强12345热线转办件办理，实行限时办结",
            "转办件按时办结率100%",
            Some("便民服务中心"),
        ),
        m(
            "规范乡（镇）便民服务中心运行，下沉高频服务事项",
            "便民服务中心办件量明显上升",
            Some("便民服务中心"),
        ),
        m(
            "实行领导干部窗口坐班和接待群众制度",
            "群众诉求当面解决率明显提高",
            Some("办公室"),
        ),
    ],
    &[
        m(
            "开展业务培训和岗位练兵，每季度组织一次业务考试",
            "业务考试合格率100%",
            Some("人事科"),
        ),
        m(
            "深入开展“大学习、大讨论、大调研”活动",
            "每名干部形成调研报告一篇",
            Some("办公室"),
        ),
        m(
            "制定年度学习计划，落实机关学习日制度",
            "全年集中学习不少于12次",
            Some("办公室"),
        ),
        m(
            "选派业务骨干到发达地区学习考察先进经验",
            "形成可复制推广的改进措施",
            Some("人事科"),
        ),
        m(
            "开展统计、金融、规划等专题培训，考试结果纳入年度考核",
            "干部专业能力明显提升",
            Some("人事科"),
        ),
        m(
            "评选“业务能手”“工作高手”，以工作实绩论英雄",
            "形成比学赶超的良好氛围",
            Some("人事科"),
        ),
        m(
            "建立年轻干部导师帮带制度，一对一传帮带",
            "年轻干部独立办件能力明显提高",
            Some("人事科"),
        ),
        m(
            "推进政务服务信息化建设，开展信息化应用培训",
            "干部熟练使用网上审批系统",
            Some("信息化建设科"),
        ),
        m(
            "对标先进地区梳理差距清单，制定追赶措施",
            "主要工作指标进入全市前列",
            Some("政策法规科"),
        ),
    ],
];

/// Measures that fit problems of any area.
pub const GENERAL_MEASURES: &[MeasureText] = &[
    m(
        "召开专题组织生活会，深入开展批评和自我批评",
        "查摆问题见人见事见思想",
        None,
    ),
    m(
        "将整改落实情况纳入年度目标考核",
        "整改不到位的不评先评优",
        Some("人事科"),
    ),
    m(
        "建立整改台账，实行清单化管理、销号式推进",
        "问题整改按期完成率100%",
        Some("督查室"),
    ),
    m(
        "定期开展明查暗访，通报典型问题",
        "问题早发现、早纠正",
        Some("督查室"),
    ),
    m(
        "向服务对象公开整改承诺，接受社会监督",
        "整改情况公开透明",
        Some("政务服务科"),
    ),
    m(
        "对典型问题责任人进行约谈提醒，情节严重的依规问责",
        "以问责倒逼作风转变",
        Some("督查室"),
    ),
];

/// Measures a team member takes on for their own problems.
pub const MEMBER_MEASURES: &[MeasureText] = &[
    m(
        "带头深入分管科室调研，帮助解决突出问题",
        "分管领域问题整改到位",
        None,
    ),
    m(
        "带头落实“一岗双责”，每月听取分管科室整改情况汇报",
        "分管科室整改按期完成",
        None,
    ),
    m(
        "在专题民主生活会上作深刻检视剖析，明确个人整改事项",
        "个人整改事项全部落实",
        None,
    ),
];

/// Measures a cadre takes on for their own problems.
pub const INDIVIDUAL_MEASURES: &[MeasureText] = &[
    m(
        "认真学习业务知识和政策法规，撰写学习心得",
        "熟练掌握本岗位业务",
        None,
    ),
    m(
        "严格遵守工作纪律，按时到岗、文明服务",
        "全年无有效投诉",
        None,
    ),
    m(
        "向服务对象作出个人服务承诺，接受群众监督",
        "服务对象满意率100%",
        None,
    ),
    m("向党支部作出书面检查，限期改正", "同类问题不再发生", None),
];

/// The first progress note of a measure under way.
pub const NOTES_STARTED: &[&str] = &[
    "已召开专题会议研究部署，制定整改方案，明确责任人和完成时限",
    "已完成问题梳理和原因分析，整改工作全面启动",
    "已向分管领导汇报整改思路，细化工作措施{count}条",
    "已召开科室会议传达整改要求，逐项分解任务",
];

/// Later progress notes.
pub const NOTES_ONGOING: &[&str] = &[
    "已组织开展专题培训{count}次，参训人员{people}人次",
    "已完成{count}个事项的流程梳理，正在征求相关科室意见",
    "相关制度已起草初稿，正在征求意见",
    "已对{count}名窗口人员开展服务规范培训",
    "已梳理办事事项{items}项，办事指南初稿已编制完成",
    "整改工作按计划推进，已完成阶段性任务",
    "涉及跨科室协调，已提请分管领导召开协调会",
    "已回访服务对象{count}人次，收集意见建议{count}条",
];

/// The note that reports a measure done.
pub const NOTES_DONE: &[&str] = &[
    "整改任务已全部完成，相关制度已印发执行",
    "整改措施已落实到位，经回访服务对象表示满意",
    "已完成整改并形成长效工作机制",
    "已按要求完成整改，相关材料已整理归档",
    "经自查，整改目标已实现，提请核验销号",
];

/// Verifiers' opinions (核验意见).
pub const OPINIONS: &[&str] = &[
    "经核验，整改措施已落实到位，达到整改目标，同意销号。",
    "经实地查看和回访服务对象，问题已整改到位，同意销号。",
    "整改资料齐全，制度已建立并执行，同意销号。",
    "经督查室复核，整改取得明显成效，同意销号，请持续巩固。",
];

/// Why a close-out has no attached evidence (the demo attaches no files).
pub const NO_EVIDENCE_REASONS: &[&str] = &[
    "佐证材料为纸质会议记录，已存办公室档案备查",
    "制度文件已正式印发，纸质文件存档备查",
    "经实地核验，现场照片存督查室，未上传电子件",
    "服务对象回访为电话回访，已登记于回访台账",
];

/// Reasons for extensions (延期理由).
pub const EXTENSION_REASONS: &[&str] = &[
    "涉及跨部门数据共享，需等待市级平台接口开通",
    "需财政资金配套，预算调整尚在审批中",
    "上级相关政策文件尚未出台，需待文件印发后修订制度",
    "涉及机构改革职能划转，需重新明确责任科室",
    "信息系统升级改造工期较长，供应商尚在实施",
    "需征求相关部门意见后提请党组会审议",
];

/// Commitments (整改承诺/服务承诺), from the promises the seeds name.
pub const COMMITMENTS: &[&str] = &[
    "即办件当场办结，承诺件在法定时限基础上压缩{percent}%以上办结",
    "严格落实一次性告知制度，办事群众因材料不清往返不超过一次",
    "落实首问负责制，首位接待人员负责引导办结或明确告知，不推诿、不扯皮",
    "推行“最多跑一次”，{items}项高频事项实现一次办结",
    "实行限时办结，群众投诉{workdays}个工作日内回复办理结果",
    "实行预约服务和延时服务，午间和节假日服务不断档",
    "落实AB岗工作制度，确保窗口人员休假、外出时业务不断档",
    "清理“奇葩证明”和不必要的申请材料，按期公布保留证明事项清单",
    "建立容缺受理机制，非必要材料缺失的先行受理，领证时补齐",
    "12345热线转办件{workdays}个工作日内办结回复",
    "实行政务服务“好差评”，差评件100%整改回访",
    "严禁“吃拿卡要”，不收受服务对象任何礼品礼金",
    "全面公开办事指南，办事条件、材料、流程、时限一目了然",
    "为重点项目提供全程帮办代办服务",
    "领导干部每月到窗口坐班接待群众不少于{times}次",
];

/// To whom commitments are made (承诺对象).
pub const AUDIENCES: &[&str] = &[
    "服务对象",
    "社会各界",
    "办事群众和企业",
    "全县人民群众",
    "上级机关和社会各界",
];

/// How commitments are made public (公开方式).
pub const PUBLICITY: &[&str] = &[
    "门户网站公示",
    "政务服务大厅公示栏",
    "“两微一端”公开",
    "窗口上墙公示",
    "当地报纸公开承诺",
    "《行风热线》节目公开承诺",
];

/// Rules created or revised, per area (aligned with the taxonomy).
pub const AREA_RULES: [&[&str]; 4] = [
    &[
        "窗口首席代表授权管理办法",
        "行政审批事项容缺受理实施办法",
        "并联审批工作规程",
        "政务服务事项办事指南编制规范",
        "限时办结制度",
        "帮办代办服务制度",
        "“最多跑一次”事项清单管理办法",
        "证明事项告知承诺制实施办法",
    ],
    &[
        "重大行政决策程序规定",
        "责任追究办法",
        "督查督办工作制度",
        "中层干部履职考核办法",
        "“三重一大”事项集体决策制度",
        "容错纠错实施办法",
        "行政执法全过程记录制度",
        "中层干部“回炉”教育管理办法",
    ],
    &[
        "首问负责制实施办法",
        "一次性告知制度",
        "AB岗工作制度",
        "服务承诺制度",
        "预约服务和延时服务制度",
        "群众投诉办理工作制度",
        "窗口服务规范",
        "政务服务“好差评”实施办法",
    ],
    &[
        "机关干部学习培训制度",
        "岗位练兵实施方案",
        "干部业务能力考评办法",
        "年轻干部导师帮带制度",
        "机关学习日制度",
        "“业务能手”评选办法",
        "干部外出学习考察管理办法",
        "“大学习、大讨论、大调研”活动实施方案",
    ],
];

/// Old rules that the rectification repeals (废止).
pub const REPEALED_RULES: &[&str] = &[
    "关于办理审批事项须提交单位证明的规定",
    "审批事项内部逐级审核暂行办法",
    "窗口收件后转科室办理工作规程",
    "窗口工作人员管理暂行规定",
    "行政审批事项会签暂行办法",
];

/// Prefixes of document numbers (文号), e.g. 审批发〔2026〕12号.
pub const DOC_PREFIXES: &[&str] = &["审批发", "局发", "局办发", "审批办发"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_pool_is_empty() {
        assert!(AREA_MEASURES.iter().all(|pool| pool.len() >= 3));
        assert!(AREA_RULES.iter().all(|pool| !pool.is_empty()));
        for pool in [
            NOTES_STARTED,
            NOTES_ONGOING,
            NOTES_DONE,
            OPINIONS,
            NO_EVIDENCE_REASONS,
            EXTENSION_REASONS,
            COMMITMENTS,
            AUDIENCES,
            PUBLICITY,
            REPEALED_RULES,
            DOC_PREFIXES,
        ] {
            assert!(!pool.is_empty());
        }
        for pool in [GENERAL_MEASURES, MEMBER_MEASURES, INDIVIDUAL_MEASURES] {
            assert!(!pool.is_empty());
        }
    }
}
