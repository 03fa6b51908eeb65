//! The demo unit's people: the leadership team (领导班子), its divisions (处室/科室) with their
//! chiefs and cadres. Problems name them as subjects and measures as the responsible people.

use super::rng::Rng;

/// Common surnames, so generated names look like a real staff list.
const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "林",
    "何", "郭", "马", "罗", "梁", "宋", "郑", "谢", "韩", "唐", "冯", "于", "董", "程", "曹", "袁",
    "邓", "许", "沈", "曾", "彭", "吕", "苏", "蒋",
];

/// Given names of one or two characters.
const GIVEN_NAMES: &[&str] = &[
    "建国", "红梅", "立新", "志勇", "娜", "敏", "伟", "静", "丽华", "海燕", "晓东", "文博", "俊杰",
    "雪梅", "秀英", "桂兰", "国强", "建华", "春燕", "志刚", "明辉", "晓燕", "玉兰", "德明", "永刚",
    "海涛", "丽", "强", "磊", "洋", "艳", "勇", "军", "杰", "涛", "超", "霞", "平", "刚", "斌",
    "鹏", "浩", "宇", "欣怡", "子涵", "思远", "嘉怡", "佳琪", "婷婷", "晨", "亮", "芳", "琳", "慧",
    "颖", "倩", "波", "辉", "峰", "凯", "卫东", "振华", "淑珍", "玉梅", "长青", "文静", "小龙",
    "锦程",
];

/// The unit's divisions with the title of their head.
const DIVISIONS: &[(&str, &str)] = &[
    ("办公室", "主任"),
    ("行政审批科", "科长"),
    ("政务服务科", "科长"),
    ("政策法规科", "科长"),
    ("人事科", "科长"),
    ("督查室", "主任"),
    ("财务科", "科长"),
    ("信息化建设科", "科长"),
    ("投资项目审批科", "科长"),
    ("社会事务审批科", "科长"),
    ("便民服务中心", "主任"),
];

/// The titles of the leadership team after the principal leader.
const MEMBER_TITLES: &[&str] = &["副局长", "副局长", "党组成员、副局长", "纪检监察组组长"];

/// One member of the leadership team.
#[derive(Debug, Clone)]
pub struct Member {
    /// Title, e.g. 副局长.
    pub title: &'static str,
    /// Full name.
    pub name: String,
}

impl Member {
    /// How a problem names the member: 副局长 王建国.
    pub fn subject(&self) -> String {
        format!("{} {}", self.title, self.name)
    }
}

/// One division with its people.
#[derive(Debug, Clone)]
pub struct Division {
    /// Name, e.g. 行政审批科.
    pub name: &'static str,
    /// The head's name.
    pub chief: String,
    /// The other cadres.
    pub staff: Vec<String>,
    /// The index (in [`Roster::members`]) of the team member in charge (分管领导).
    pub leader: usize,
}

/// Everyone the demo data names.
#[derive(Debug, Clone)]
pub struct Roster {
    /// The leadership team; the first is the principal leader (主要负责人).
    pub members: Vec<Member>,
    /// The divisions.
    pub divisions: Vec<Division>,
}

impl Roster {
    /// Draws a staff list. The principal leader is `leader` when the unit names one.
    pub fn generate(rng: &mut Rng, leader: &str) -> Self {
        let leader = leader.trim();
        // The unit's own leader counts as taken, so no one else gets the same name.
        let mut taken: Vec<String> = if leader.is_empty() {
            Vec::new()
        } else {
            vec![leader.to_owned()]
        };
        let mut name = |rng: &mut Rng| -> String {
            // Retry on collisions; after a while accept a numbered name so this always ends.
            for _ in 0..50 {
                let candidate = format!("{}{}", rng.pick(SURNAMES), rng.pick(GIVEN_NAMES));
                if !taken.contains(&candidate) {
                    taken.push(candidate.clone());
                    return candidate;
                }
            }
            let fallback = format!(
                "{}{}{}",
                rng.pick(SURNAMES),
                rng.pick(GIVEN_NAMES),
                taken.len()
            );
            taken.push(fallback.clone());
            fallback
        };
        let principal = if leader.is_empty() {
            name(rng)
        } else {
            leader.to_owned()
        };
        let mut members = vec![Member {
            title: "党组书记、局长",
            name: principal,
        }];
        for &title in MEMBER_TITLES {
            members.push(Member {
                title,
                name: name(rng),
            });
        }
        // The deputies (members 1 to 3) share the divisions; the office and the inspection
        // office answer to the principal leader and the discipline inspector respectively.
        let divisions = DIVISIONS
            .iter()
            .enumerate()
            .map(|(index, &(division, _title))| {
                let leader = match division {
                    "办公室" => 0,
                    "督查室" => 4,
                    _ => 1 + index % 3,
                };
                let chief = name(rng);
                let staff_count = rng.between(3, 6) as usize;
                let staff = (0..staff_count).map(|_| name(rng)).collect();
                Division {
                    name: division,
                    chief,
                    staff,
                    leader,
                }
            })
            .collect();
        Self { members, divisions }
    }

    /// The principal leader's name.
    pub fn principal(&self) -> &str {
        self.members
            .first()
            .map_or("", |member| member.name.as_str())
    }

    /// The division called `name`, or the first one.
    pub fn division(&self, name: &str) -> &Division {
        self.divisions
            .iter()
            .find(|division| division.name == name)
            .unwrap_or(&self.divisions[0])
    }

    /// The name of the team member in charge of `division`.
    pub fn leader_of(&self, division: &Division) -> &str {
        self.members
            .get(division.leader)
            .map_or(self.principal(), |member| member.name.as_str())
    }

    /// The divisions a team member is in charge of (the first division when none).
    pub fn divisions_of(&self, member: usize) -> Vec<&Division> {
        let owned: Vec<&Division> = self
            .divisions
            .iter()
            .filter(|division| division.leader == member)
            .collect();
        if owned.is_empty() {
            vec![&self.divisions[0]]
        } else {
            owned
        }
    }

    /// Who verifies close-outs: the inspection office's people and the discipline inspector.
    pub fn verifiers(&self) -> Vec<String> {
        let office = self.division("督查室");
        let mut verifiers = vec![format!("督查室 {}", office.chief)];
        verifiers.extend(office.staff.iter().map(|name| format!("督查室 {name}")));
        if let Some(inspector) = self.members.get(4) {
            verifiers.push(inspector.subject());
        }
        verifiers
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roster_names_are_unique_and_the_unit_leader_is_principal() {
        let roster = Roster::generate(&mut Rng::new(3), "张志强");
        assert_eq!(roster.principal(), "张志强");
        let mut names: Vec<&str> = roster.members.iter().map(|m| m.name.as_str()).collect();
        for division in &roster.divisions {
            names.push(&division.chief);
            names.extend(division.staff.iter().map(String::as_str));
        }
        let count = names.len();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), count);
        assert_eq!(roster.division("督查室").name, "督查室");
        for member in 0..roster.members.len() {
            assert!(!roster.divisions_of(member).is_empty());
        }
    }
}
