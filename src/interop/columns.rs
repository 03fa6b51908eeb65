//! Which column holds what: the ledger fields, the keywords that recognise their headers, and the
//! [`ColumnMapping`] found automatically in the first rows of a sheet, which a UI can show and
//! correct before importing.

use super::cells::CellValue;

/// How many rows from the top are searched for the header row.
pub const HEADER_SEARCH_ROWS: usize = 10;

/// A field of the ledger that a column can hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LedgerField {
    /// 序号 or 编号 (the numbers are assigned anew), but rows of a flat ledger that share one
    /// belong to one problem.
    Number,
    /// 问题类别.
    Category,
    /// 问题表现 / 问题描述 / 存在问题.
    Description,
    /// 责任主体.
    Subject,
    /// 典型事例.
    Example,
    /// 原因剖析.
    Cause,
    /// 整改措施.
    Measure,
    /// 整改目标.
    Goal,
    /// 责任领导.
    Leader,
    /// 责任部门 / 责任单位.
    Division,
    /// 责任人.
    Person,
    /// 整改时限 / 完成时限.
    Deadline,
    /// 进展情况 / 完成情况.
    Progress,
    /// 状态 / 是否销号.
    Status,
}

impl LedgerField {
    /// The field's Chinese name, for previews and messages.
    pub fn label(self) -> &'static str {
        match self {
            Self::Number => "序号",
            Self::Category => "问题类别",
            Self::Description => "问题表现",
            Self::Subject => "责任主体",
            Self::Example => "典型事例",
            Self::Cause => "原因剖析",
            Self::Measure => "整改措施",
            Self::Goal => "整改目标",
            Self::Leader => "责任领导",
            Self::Division => "责任部门",
            Self::Person => "责任人",
            Self::Deadline => "整改时限",
            Self::Progress => "进展情况",
            Self::Status => "状态",
        }
    }

    /// Recognises a header cell. The order of the checks matters: 整改措施 before 问题 (a
    /// header 问题整改措施 names measures), 时限 before 完成 (完成时限 is a deadline, 完成情况
    /// is progress), 责任领导/责任部门 before 责任人.
    pub fn recognise(header: &str) -> Option<Self> {
        let text: String = header
            .chars()
            .filter(|c| {
                !c.is_whitespace() && !matches!(c, '*' | ':' | '：' | '(' | ')' | '（' | '）')
            })
            .collect();
        if text.is_empty() || text.chars().count() > 20 {
            return None;
        }
        let has = |words: &[&str]| words.iter().any(|word| text.contains(word));
        let field = if has(&["序号", "编号"])
            || ["No.", "No", "ID"]
                .iter()
                .any(|latin| text.eq_ignore_ascii_case(latin))
        {
            Self::Number
        } else if has(&["措施", "举措", "整改方案"]) {
            Self::Measure
        } else if has(&["类别", "类型", "分类", "领域"]) {
            Self::Category
        } else if has(&["时限", "期限", "完成时间", "截止", "完成日期", "整改时间"])
        {
            Self::Deadline
        } else if has(&["销号", "状态"]) {
            Self::Status
        } else if has(&[
            "进展",
            "完成情况",
            "整改情况",
            "落实情况",
            "整改结果",
            "推进情况",
        ]) {
            Self::Progress
        } else if has(&["领导"]) {
            Self::Leader
        } else if has(&["部门", "单位", "处室", "科室"]) {
            Self::Division
        } else if has(&["责任人", "经办人", "联系人"]) {
            Self::Person
        } else if has(&["责任主体", "主体"]) {
            Self::Subject
        } else if has(&["事例", "案例", "具体表现"]) {
            Self::Example
        } else if has(&["原因"]) {
            Self::Cause
        } else if has(&["目标"]) {
            Self::Goal
        } else if has(&["问题"]) {
            Self::Description
        } else {
            return None;
        };
        Some(field)
    }
}

/// What the importer does with one column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ColumnRole {
    /// The column holds this field.
    Field(LedgerField),
    /// An unknown column with a header: its text is kept, labelled with the header (see
    /// [`super::parse`] for where).
    Keep(String),
    /// An empty or unwanted column.
    Ignore,
}

/// The detected (or corrected) layout of a sheet: where the header is, where the data starts,
/// and what each column holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnMapping {
    /// The header rows, 0-based in the grid (two for a two-row header).
    pub header_rows: Vec<usize>,
    /// The first data row, 0-based in the grid.
    pub data_start: usize,
    /// The role of each column, by 0-based column index.
    pub columns: Vec<ColumnRole>,
}

impl ColumnMapping {
    /// The column holding `field`, if any.
    pub fn column_of(&self, field: LedgerField) -> Option<usize> {
        self.columns
            .iter()
            .position(|role| *role == ColumnRole::Field(field))
    }

    /// Gives column `column` the role `role`; a field already held by another column moves here
    /// (that column is ignored from then on), so a field is never read from two columns.
    pub fn set(&mut self, column: usize, role: ColumnRole) {
        if let ColumnRole::Field(field) = role
            && let Some(previous) = self.column_of(field)
        {
            self.columns[previous] = ColumnRole::Ignore;
        }
        if column >= self.columns.len() {
            self.columns.resize(column + 1, ColumnRole::Ignore);
        }
        self.columns[column] = role;
    }

    /// The fields the columns hold, in column order: two sheets laid out alike give the same.
    pub fn fields(&self) -> Vec<LedgerField> {
        self.columns
            .iter()
            .filter_map(|role| match role {
                ColumnRole::Field(field) => Some(*field),
                _ => None,
            })
            .collect()
    }

    /// Whether the mapping can import anything: it needs the problem column (问题表现).
    pub fn is_usable(&self) -> bool {
        self.column_of(LedgerField::Description).is_some()
    }

    /// Finds the header in the first [`HEADER_SEARCH_ROWS`] rows of `grid`: the row that
    /// recognises the most fields (at least two, one of them 问题表现 or 整改措施), plus the row
    /// below it when that row is a second header row (it recognises fields and holds no data in
    /// the problem and measure columns).
    pub fn detect(grid: &[Vec<CellValue>]) -> Option<Self> {
        let (header_row, mut columns) = grid
            .iter()
            .take(HEADER_SEARCH_ROWS)
            .enumerate()
            .map(|(index, row)| (index, roles_of(row)))
            .filter(|(_, roles)| {
                let fields = count_fields(roles);
                fields >= 2
                    && roles.iter().any(|role| {
                        matches!(
                            role,
                            ColumnRole::Field(LedgerField::Description | LedgerField::Measure)
                        )
                    })
            })
            // The first of the best rows wins, so a title row mentioning 问题 never does.
            .fold(
                None::<(usize, Vec<ColumnRole>)>,
                |best, candidate| match best {
                    Some(best) if count_fields(&best.1) >= count_fields(&candidate.1) => Some(best),
                    _ => Some(candidate),
                },
            )?;
        let mut header_rows = vec![header_row];
        if let Some(next) = grid.get(header_row + 1) {
            let sub_roles = roles_of(next);
            if is_sub_header(&grid[header_row], &columns, &sub_roles, next) {
                for (column, role) in sub_roles.into_iter().enumerate() {
                    if matches!(role, ColumnRole::Field(_) | ColumnRole::Keep(_)) {
                        if column >= columns.len() {
                            columns.resize(column + 1, ColumnRole::Ignore);
                        }
                        columns[column] = role;
                    }
                }
                header_rows.push(header_row + 1);
            }
        }
        let mut mapping = Self {
            data_start: header_rows[header_rows.len() - 1] + 1,
            header_rows,
            columns: Vec::new(),
        };
        // Through `set` a repeated field keeps its first column; later ones become kept text.
        for (column, role) in columns.into_iter().enumerate() {
            match role {
                ColumnRole::Field(field) if mapping.column_of(field).is_some() => {
                    mapping.set(column, ColumnRole::Keep(field.label().to_owned()));
                }
                other => mapping.set(column, other),
            }
        }
        mapping.is_usable().then_some(mapping)
    }
}

/// The roles a row's cells would have as a header row.
fn roles_of(row: &[CellValue]) -> Vec<ColumnRole> {
    row.iter()
        .map(|cell| match cell {
            CellValue::Text(text) if !text.trim().is_empty() => LedgerField::recognise(text)
                .map_or_else(
                    || ColumnRole::Keep(text.trim().to_owned()),
                    ColumnRole::Field,
                ),
            _ => ColumnRole::Ignore,
        })
        .collect()
}

fn count_fields(roles: &[ColumnRole]) -> usize {
    roles
        .iter()
        .filter(|role| matches!(role, ColumnRole::Field(_)))
        .count()
}

/// Whether `row` (with `sub_roles`) is the second row of a two-row header under `header_row`
/// (whose roles are `header`): it holds no numbers or dates, it names at least one field in a
/// column the first row leaves open (empty, an unknown group title such as 责任 or 责任主体),
/// and under the first row's problem and measure columns it is empty, repeats that header, or
/// names another field. A first data row whose problem or measure text happens to contain a
/// keyword (建立问题台账的整改措施) names the same field as the header above it, so it stays data.
fn is_sub_header(
    header_row: &[CellValue],
    header: &[ColumnRole],
    sub_roles: &[ColumnRole],
    row: &[CellValue],
) -> bool {
    let numbers = row
        .iter()
        .any(|cell| matches!(cell, CellValue::Number(_) | CellValue::Date(_)));
    let opens_a_group = sub_roles.iter().enumerate().any(|(column, role)| {
        matches!(role, ColumnRole::Field(_))
            && matches!(
                header.get(column),
                None | Some(
                    ColumnRole::Ignore
                        | ColumnRole::Keep(_)
                        | ColumnRole::Field(LedgerField::Subject)
                )
            )
    });
    let data_under_main = header.iter().enumerate().any(|(column, role)| {
        let ColumnRole::Field(main @ (LedgerField::Description | LedgerField::Measure)) = role
        else {
            return false;
        };
        let Some(cell) = row.get(column).filter(|cell| !cell.is_empty()) else {
            return false;
        };
        let repeats_header = header_row
            .get(column)
            .is_some_and(|above| above.text() == cell.text());
        let names_other_field = matches!(
            sub_roles.get(column),
            Some(ColumnRole::Field(field)) if field != main
        );
        !repeats_header && !names_other_field
    });
    !numbers && opens_a_group && !data_under_main
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(cells: &[&str]) -> Vec<CellValue> {
        cells
            .iter()
            .map(|text| {
                if text.is_empty() {
                    CellValue::Empty
                } else {
                    CellValue::Text((*text).to_owned())
                }
            })
            .collect()
    }

    #[test]
    fn headers_are_recognised_by_keywords() {
        for (header, field) in [
            ("问题表现", LedgerField::Description),
            ("存在问题", LedgerField::Description),
            ("问题描述", LedgerField::Description),
            ("整改措施", LedgerField::Measure),
            ("责任领导", LedgerField::Leader),
            ("责任单位", LedgerField::Division),
            ("责任部门", LedgerField::Division),
            ("责任人", LedgerField::Person),
            ("完成时限", LedgerField::Deadline),
            ("整改时限", LedgerField::Deadline),
            ("完成情况", LedgerField::Progress),
            ("进展情况", LedgerField::Progress),
            ("是否销号", LedgerField::Status),
            ("问题类别", LedgerField::Category),
            ("序 号", LedgerField::Number),
            ("问题编号", LedgerField::Number),
            ("NO.", LedgerField::Number),
            ("id", LedgerField::Number),
        ] {
            assert_eq!(LedgerField::recognise(header), Some(field), "{header}");
        }
        assert_eq!(LedgerField::recognise("备注"), None);
    }

    #[test]
    fn title_rows_are_passed_and_two_row_headers_combined() {
        let grid = vec![
            row(&["某县行政审批局作风问题整改台账"]),
            row(&["填报单位:某县行政审批局", "", "", "2026年6月"]),
            row(&[
                "序号",
                "存在问题",
                "整改措施",
                "责任主体",
                "",
                "",
                "完成时限",
                "备注",
            ]),
            row(&["", "", "", "责任领导", "责任部门", "责任人", "", ""]),
            row(&[
                "1",
                "办事慢",
                "压缩时限",
                "王",
                "审批科",
                "李",
                "2026-06-30",
                "",
            ]),
        ];
        let mapping = ColumnMapping::detect(&grid).unwrap();
        assert_eq!(mapping.header_rows, vec![2, 3]);
        assert_eq!(mapping.data_start, 4);
        assert_eq!(mapping.column_of(LedgerField::Leader), Some(3));
        assert_eq!(mapping.column_of(LedgerField::Division), Some(4));
        assert_eq!(mapping.column_of(LedgerField::Person), Some(5));
        assert_eq!(mapping.column_of(LedgerField::Deadline), Some(6));
        assert_eq!(mapping.columns[7], ColumnRole::Keep("备注".into()));
    }

    #[test]
    fn a_first_data_row_with_keywords_is_not_taken_for_a_second_header_row() {
        // Text only (序号 left empty), and the measure and problem cells contain keywords.
        let grid = vec![
            row(&["序号", "问题表现", "整改措施", "分管负责同志", "整改时限"]),
            row(&["", "", "先行整改的措施", "赵副局长", "2026-05-31"]),
            row(&[
                "",
                "群众反映问题办理慢",
                "建立问题台账",
                "王副局长",
                "长期坚持",
            ]),
        ];
        let mapping = ColumnMapping::detect(&grid).unwrap();
        assert_eq!(mapping.header_rows, vec![0]);
        assert_eq!(mapping.data_start, 1);
        let grid = vec![grid[0].clone(), grid[2].clone()];
        assert_eq!(ColumnMapping::detect(&grid).unwrap().header_rows, vec![0]);

        // A group title over its parts, and a header repeated in the second row, still combine.
        let grid = vec![
            row(&["序号", "问题", "", "整改措施", "责任主体", "", "完成时限"]),
            row(&[
                "",
                "问题类别",
                "问题表现",
                "整改措施",
                "责任领导",
                "责任人",
                "",
            ]),
            row(&["1", "作风", "办事慢", "压缩时限", "王", "李", "6月底"]),
        ];
        let mapping = ColumnMapping::detect(&grid).unwrap();
        assert_eq!(mapping.header_rows, vec![0, 1]);
        assert_eq!(mapping.column_of(LedgerField::Category), Some(1));
        assert_eq!(mapping.column_of(LedgerField::Description), Some(2));
        assert_eq!(mapping.column_of(LedgerField::Leader), Some(4));
        assert_eq!(mapping.column_of(LedgerField::Person), Some(5));
    }

    #[test]
    fn no_header_is_none_and_corrections_move_a_field() {
        let grid = vec![row(&["张三", "李四"]), row(&["1", "2"])];
        assert_eq!(ColumnMapping::detect(&grid), None);
        let grid = vec![row(&["问题", "整改措施", "备注"])];
        let mut mapping = ColumnMapping::detect(&grid).unwrap();
        mapping.set(2, ColumnRole::Field(LedgerField::Measure));
        assert_eq!(mapping.column_of(LedgerField::Measure), Some(2));
        assert_eq!(mapping.columns[1], ColumnRole::Ignore);
    }
}
