//! Phrase pools for problems (问题表现、典型事例、原因剖析), taken from the seeds: the items of
//! seed 001 §三, its ten big problems (十大问题), and the examples and causes the seeds describe.
//!
//! [`AREAS`] is aligned with [`crate::domain::category::DEFAULT_TAXONOMY`]: area `i`, item `j`
//! here describes the same category as there. Templates may hold the placeholders `{matter}`,
//! `{times}`, `{month}`, `{day}`, `{days}` and `{count}`, which [`super::problems`] fills in.

/// The texts of one item: its findings and typical examples.
#[derive(Debug)]
pub struct ItemCorpus {
    /// Descriptions (问题表现).
    pub descriptions: &'static [&'static str],
    /// Typical examples (典型事例).
    pub examples: &'static [&'static str],
}

/// The problem texts of one area of the default taxonomy.
#[derive(Debug)]
pub struct AreaCorpus {
    /// The texts per item, in the taxonomy's item order.
    pub items: &'static [ItemCorpus],
    /// The "ten big problems" (十大问题) this area is about.
    pub labels: &'static [&'static str],
    /// Root causes (原因剖析).
    pub causes: &'static [&'static str],
}

/// Shorthand for the tables below.
const fn item(
    descriptions: &'static [&'static str],
    examples: &'static [&'static str],
) -> ItemCorpus {
    ItemCorpus {
        descriptions,
        examples,
    }
}

/// The four areas of seed 001 §三.
pub const AREAS: [AreaCorpus; 4] = [
    AreaCorpus {
        items: &[
            item(
                &[
                    "没有授予窗口人员审批权限，即办件不能在窗口立即办理",
                    "存在窗口受理、回部门办理现象，办件在科室间流转时间过长",
                    "窗口首席代表授权不充分，签字盖章仍需回机关逐级审批",
                    "进驻政务服务中心的事项“明进暗不进”，部分事项仍在机关办理",
                    "窗口人员只收件不审核，审批权限仍集中在分管领导手中",
                ],
                &[
                    "明查暗访发现，{matter}窗口无人授权签批，申请人被告知“等领导回来签字”",
                    "某企业申请{matter}，材料在窗口受理后转回科室审核，{days}个工作日后才办结，超出承诺时限",
                    "{month}月{day}日，群众办理{matter}时，窗口人员称需回局里审批，让其改日再来",
                ],
            ),
            item(
                &[
                    "流程设置不合理、衔接不顺畅，一个事项需经多个环节逐级签批",
                    "审批中涉及多个部门配合的，存在互相推诿现象",
                    "并联审批推进不力，前置条件互为前提，企业无所适从",
                    "办事指南与实际要求不一致，申请材料反复补正",
                    "审批环节多、流程长，承诺时限内办结率偏低",
                ],
                &[
                    "{month}月，群众办理{matter}需分别到三个窗口重复提交相同材料",
                    "某企业办理{matter}，因前置审批互为条件，在两个科室之间往返{times}次",
                ],
            ),
            item(
                &[
                    "主动服务意识不强，业务能力不高，办事机械教条，效率低下",
                    "要求申请人提供非必要证明材料，存在“奇葩证明”",
                    "对申请材料中的细微瑕疵一律退件，不实行容缺受理",
                    "对新出台的审批政策把握不准，同一事项不同人员解释不一",
                ],
                &[
                    "{month}月{day}日，某企业办理{matter}，因缺少一份非必要证明材料往返窗口{times}次",
                    "{matter}的办事指南所列材料与窗口实际要求不一致，申请人被要求补正{times}次",
                    "某企业申请{matter}，因申请表一处笔误被退件，只得重新排队办理",
                ],
            ),
        ],
        labels: &["不认真", "不深入", "不开明"],
        causes: &[
            "对“放管服”改革精神学习领会不深，习惯于管理思维",
            "审批权力下放后配套制度没有跟上，对窗口授权存在顾虑",
            "部门间信息共享机制不健全，数据不能互通",
            "流程再造停留在表面，没有从群众办事的角度梳理流程",
        ],
    },
    AreaCorpus {
        items: &[
            item(
                &[
                    "对上级政策评头论足，乱发牢骚",
                    "道听途说、在工作群中转发小道消息，散布不实之辞",
                    "参加政治理论学习走过场，学习笔记照抄照搬",
                ],
                &[
                    "{month}月{day}日，在工作群中转发未经核实的网络传言，造成不良影响",
                    "在{month}月的集中学习中，有{count}名干部请假缺席，且未补学",
                ],
            ),
            item(
                &[
                    "执行上级决策部署打折扣、做选择",
                    "搞上有政策、下有对策，有的甚至各自为政、另搞一套",
                    "对上级交办的督办事项不扯回销、不报结果",
                ],
                &[
                    "{month}月{day}日，上级督办的{matter}相关事项超期{days}天未报送办理结果",
                    "{month}月召开的专题会议议定事项，有{count}项未按时限落实",
                ],
            ),
            item(
                &[
                    "死抠条条框框，照本宣科，机械片面理解执行文件",
                    "习惯于翻本本、找不行的依据，不会找能办成的依据",
                    "遇事只说不行，不想怎么行，对政策未明确的事项一律拒办",
                ],
                &[
                    "对某企业提出的{matter}诉求，以“没有先例”为由不予受理，后经协调依法办结",
                    "对群众咨询的{matter}事项，仅答复“文件没有规定”，未提出解决办法",
                ],
            ),
            item(
                &[
                    "主动作为不力，遇到问题绕道走，遇到难题往后拖，怕惹麻烦、怕担风险",
                    "习惯“击鼓传花”，当“二传手”，遇事踢皮球",
                    "科室间推诿扯皮，能推则推、能躲就躲",
                    "责任心不强，不求过得硬，只求过得去",
                ],
                &[
                    "对跨科室的{matter}事项，两个科室相互推诿，群众在两处之间往返{times}次",
                    "某企业办理{matter}遇到政策衔接问题，相关科室以“需请示”为由拖延{days}天",
                ],
            ),
            item(
                &[
                    "中层干部活力不足，对工作安排找各种理由顶着不办",
                    "部分中层干部出工不出力，“中梗阻”现象较普遍",
                    "中层干部上传下达打折扣，基层反映的问题不及时汇报",
                ],
                &[
                    "{month}月局党组部署的{matter}提速工作，相关科室拖延{days}天未启动",
                    "基层反映的{matter}办理难问题，科室负责人未及时向分管领导汇报",
                ],
            ),
            item(
                &[
                    "习惯于当太平官，该负责的不负责，该决策的不决策，该拍板的不拍板",
                    "自身权限能够解决的事情层层向上请示汇报，矛盾问题上交",
                    "当老好人，对本单位干部作风问题不敢抓、不敢管，不敢较真碰硬",
                    "不履职、不尽责，得过且过，对群众反映的问题久拖不办",
                ],
                &[
                    "一起涉及{matter}的投诉在科室积压{days}天未作处理",
                    "对职权范围内可以解决的{matter}事项仍层层请示，办理时间延长{days}天",
                ],
            ),
            item(
                &[
                    "对干部自由散漫、我行我素，精神不振、作风漂浮等问题听之任之",
                    "对项目管理、资金使用等监管不到位，监督方式不灵活",
                    "存在“好人主义”思想，不愿监督、不敢监督、不善监督",
                    "对委托中介机构的技术审查把关不严，收费过高问题未及时纠正",
                ],
                &[
                    "对下属单位项目资金使用情况未开展检查，审计发现问题{count}个",
                    "对窗口人员迟到早退问题未及时纠正，{month}月暗访发现{count}人次",
                ],
            ),
        ],
        labels: &["不担当", "不碰硬", "不留痕"],
        causes: &[
            "政治理论学习不深不透，“四个意识”树得不牢",
            "担当精神不足，怕担责任、怕出问题",
            "责任追究制度执行不严，干与不干一个样、干好干坏一个样",
            "对中层干部的考核激励机制不健全，能上不能下",
        ],
    },
    AreaCorpus {
        items: &[
            item(
                &[
                    "缺乏为民情感，对办事群众态度生硬、语言冷淡",
                    "窗口人员上班时间玩手机、聊天，对群众咨询爱答不理",
                    "接听咨询电话不耐烦，未按规定使用文明用语",
                ],
                &[
                    "社会评议中，服务对象反映窗口人员态度生硬，全年收到相关投诉{count}件",
                    "{month}月{day}日暗访时，窗口人员在工作时间玩手机，对咨询群众爱答不理",
                ],
            ),
            item(
                &[
                    "不履行一次性告知义务，申请要件材料不明确",
                    "宣传解释不到位，让群众来回跑",
                    "首问责任人对非本岗业务简单回复“不归我管”，未引导到位",
                ],
                &[
                    "{month}月{day}日，群众办理{matter}，窗口未一次性告知所需材料，往返{times}次才办成",
                    "群众来电咨询{matter}，被转接{times}次仍未得到答复",
                ],
            ),
            item(
                &[
                    "对群众申请办理的事项不主动帮助解决",
                    "以经办人员休假、外出办事、生病等不在岗为由，久拖不办",
                    "AB岗制度形同虚设，经办人不在岗时业务停办",
                ],
                &[
                    "经办人休假期间，{matter}申请{days}天无人办理，无B岗顶岗",
                    "一位老年群众办理{matter}不会使用自助设备，窗口人员未主动帮办",
                ],
            ),
            item(
                &[
                    "缺乏换位思考意识，面对群众、企业正当诉求，过多强调客观原因和历史原因",
                    "对前任遗留的历史问题不敢下深水、不想去解决",
                    "对已作出的服务承诺因人员调整不再兑现",
                ],
                &[
                    "某企业反映的{matter}历史遗留问题，经多次反映仍未答复",
                    "前任承诺为某企业协调解决的{matter}问题，因人员调整被搁置",
                ],
            ),
            item(
                &[
                    "乡（镇）便民服务中心作用发挥不够，甚至成为摆设",
                    "12345热线转办件回复不及时，群众满意率偏低",
                    "网上办事平台办件量少，“网上能办”但“网上难办”",
                ],
                &[
                    "{month}月，12345热线转办的{matter}咨询件超期{days}天未回复",
                    "某乡（镇）便民服务中心{month}月办件量仅{count}件，群众仍需到县城办理",
                ],
            ),
        ],
        labels: &["不亲民", "不认真", "不习惯"],
        causes: &[
            "宗旨意识淡薄，为民服务的思想树得不牢",
            "首问负责、一次性告知等制度执行不到位，缺乏刚性约束",
            "服务质量考核评价没有与个人绩效挂钩",
            "换位思考不够，对群众的急难愁盼感受不深",
        ],
    },
    AreaCorpus {
        items: &[
            item(
                &[
                    "存在山区意识、碉堡意识，自我感觉良好",
                    "思想不解放，视野不开阔，满足于完成上级布置的任务",
                    "对标先进地区找差距不够，工作标准不高",
                ],
                &[
                    "{month}月赴先进地区学习考察后，只写了心得体会，未结合本地实际提出改进措施",
                    "年度工作目标定得偏低，有{count}项指标低于全市平均水平",
                ],
            ),
            item(
                &[
                    "学习意识淡薄，不愿学习新知识，穿新鞋走老路",
                    "对新理念新政策不适应、不会抓，想办的事情办不成",
                    "对统计、金融、规划等专业知识掌握不够，服务企业时讲不清政策",
                ],
                &[
                    "在{month}月组织的业务知识测试中，有{count}人不及格",
                    "对{matter}相关新政策理解不透，向企业解释前后不一，造成企业误报",
                ],
            ),
            item(
                &[
                    "安之若素、甘于平庸，落实上级部署行动迟缓、敷衍了事",
                    "开展工作懒散消极、不下实功",
                    "精神不振，上班迟到早退，工作满足于“过得去”",
                ],
                &[
                    "上半年仅组织集中学习{count}次，且多以读文件代替研讨",
                    "{month}月暗访发现，工作时间有{count}人次不在岗",
                ],
            ),
            item(
                &[
                    "按部就班、墨守成规，无法应对新情况新问题",
                    "不善于用市场经济方法去分析、研究和解决问题",
                    "推进“互联网+政务服务”办法不多，信息化手段运用不足",
                ],
                &[
                    "上级推广的{matter}网上办理模式，至{month}月仍未落地",
                    "{matter}仍全部采用纸质材料办理，未推行电子证照",
                ],
            ),
        ],
        labels: &["不学习", "不思考", "不深入"],
        causes: &[
            "学习的自觉性不强，存在重业务轻学习倾向",
            "培训针对性不强，学用结合不够",
            "进取意识不强，满足于现状，缺乏对标一流的追求",
            "缺乏有效的激励机制，干事创业的内生动力不足",
        ],
    },
];

/// Causes any area may add as a second reason.
pub const GENERAL_CAUSES: &[&str] = &[
    "监督检查不经常，发现问题后跟踪问效不够",
    "制度建设滞后，已有制度执行不严",
    "对作风建设的重要性认识不足，抓作风的力度层层递减",
    "理想信念有所松懈，自我要求有所放松",
];

/// The matters people come to the unit for, named in examples.
pub const MATTERS: &[&str] = &[
    "施工许可",
    "营业执照变更登记",
    "食品经营许可",
    "不动产登记",
    "社保关系转移接续",
    "建设工程规划许可",
    "排污许可",
    "道路运输经营许可",
    "药品零售许可",
    "公共场所卫生许可",
    "企业投资项目备案",
    "消防设计审查",
    "户外广告设置许可",
    "城市道路占用挖掘许可",
    "特种设备使用登记",
    "医疗机构执业登记",
    "民办学校办学许可",
];

/// How often, in Chinese numerals, for examples like 往返窗口三次.
pub const TIMES: &[&str] = &["两", "三", "三", "四", "五"];

/// Consequences that may end a description.
pub const TAILS: &[&str] = &[
    "群众反映较多",
    "影响了办事效率",
    "企业满意度不高",
    "在社会评议中被点名",
    "造成不良社会影响",
    "与作风建设要求差距较大",
];

/// Framings by level: 领导班子, 班子成员, 处室科室, 干部个人 (the order of `ProblemLevel::ALL`).
pub const FRAMES: [&[&str]; 4] = [
    &["", "在抓班子带队伍方面，", "在推进重点工作中，"],
    &["", "在分管工作中，", "对分管科室，"],
    &["", "在日常业务办理中，", "在履行职责中，"],
    &["", "在日常工作中，", "在办理业务时，"],
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::category::DEFAULT_TAXONOMY;

    #[test]
    fn corpus_matches_the_default_taxonomy_and_no_pool_is_empty() {
        assert_eq!(AREAS.len(), DEFAULT_TAXONOMY.len());
        for (area, (_, items)) in AREAS.iter().zip(DEFAULT_TAXONOMY) {
            assert_eq!(area.items.len(), items.len());
            for item in area.items {
                assert!(!item.descriptions.is_empty() && !item.examples.is_empty());
            }
            assert!(!area.labels.is_empty());
            assert!(!area.causes.is_empty());
        }
        for pool in [GENERAL_CAUSES, MATTERS, TIMES, TAILS] {
            assert!(!pool.is_empty());
        }
        assert!(FRAMES.iter().all(|pool| !pool.is_empty()));
    }
}
