//! Skills × levels spreadsheets saved as CSV: one row per skill, one
//! column per level (the UK Government DDaT capability framework's
//! Awareness, Working, Practitioner and Expert; SFIA's levels 1 to 7).
//!
//! The header says which column is which ([`columns`]): a name column
//! (`Skill`, `Name`, `Skill name`…), an optional description column
//! (`Description`, `Skill description`…), an optional grouping column
//! (`Role family`, `Category`…) and the levels. When any header gives a
//! level's number (`Level 3`, `3`) the levels are those columns, by their
//! numbers; otherwise every other column with a header is a level,
//! numbered 1, 2… in the header's order. Options name the columns when the
//! header says otherwise.
//!
//! Each skill becomes a competency node (its id made from its name, its
//! description its text) under its group's node, with one level per cell
//! that describes it: the cell is the level's descriptor, so the level is
//! claimable itself (`SKILL.LN`), titled with the column's header. Empty
//! cells and placeholders (`not defined`, `n/a`, `-`…) are skipped and
//! reported; zero-width characters and stray whitespace are stripped.

use std::collections::HashMap;

use nosfolio_core::{Group, Item};

use crate::ids::{Ids, standard_id};
use crate::moodle::Lines;
use crate::report::{ImportError, ImportReport};
use crate::{Format, ImportOptions, Imported, assemble};

/// The most skill rows read (DDaT has 188, SFIA about 150).
const MAX_ROWS: usize = 10_000;

/// The most columns a header may have.
const MAX_COLUMNS: usize = 200;

/// Headers of a skill's name, compared in lower case.
const NAME_HEADERS: &[&str] = &[
    "skill",
    "skill name",
    "skill title",
    "name",
    "competency",
    "competency name",
    "capability",
    "title",
];

/// Headers of a skill's description.
const DESCRIPTION_HEADERS: &[&str] = &[
    "description",
    "skill description",
    "competency description",
    "definition",
    "skill definition",
    "overview",
    "summary",
];

/// Headers of the grouping column.
const GROUP_HEADERS: &[&str] = &[
    "role family",
    "job family",
    "family",
    "category",
    "skill category",
    "group",
    "skill group",
    "cluster",
    "area",
    "domain",
];

/// Headers of a skill's code, kept as the competency's `code`.
const CODE_HEADERS: &[&str] = &["code", "skill code"];

/// Cells that say a level is not described.
const PLACEHOLDERS: &[&str] = &[
    "not defined",
    "undefined",
    "not applicable",
    "n/a",
    "na",
    "none",
    "nil",
    "-",
    "--",
    "—",
    "–",
];

/// A level column.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Level {
    /// 0-based column.
    column: usize,
    number: u32,
    /// The header as written.
    title: String,
}

/// Which column is which.
#[derive(Debug)]
pub(crate) struct Columns {
    name: usize,
    description: Option<usize>,
    group: Option<usize>,
    code: Option<usize>,
    levels: Vec<Level>,
    /// Headed columns that are none of these.
    unused: Vec<usize>,
}

/// A cell without zero-width characters, byte-order marks and stray
/// whitespace; Windows line ends made `\n`.
fn clean(cell: &str) -> String {
    let kept: String = cell
        .chars()
        .filter(|c| {
            !matches!(
                c,
                '\u{200b}' | '\u{2060}'..='\u{2064}' | '\u{feff}' | '\u{180e}' | '\u{00ad}'
            )
        })
        .collect();
    let edges = |c: char| c.is_whitespace() || matches!(c, '\u{200c}' | '\u{200d}');
    kept.replace("\r\n", "\n")
        .lines()
        .map(str::trim_end)
        .collect::<Vec<_>>()
        .join("\n")
        .trim_matches(edges)
        .to_owned()
}

/// A header as compared with the known names: cleaned, lower case, single
/// spaces, without a trailing `:` or `*`.
fn key(header: &str) -> String {
    clean(header)
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .trim_end_matches([':', '*'])
        .trim_end()
        .to_owned()
}

/// The level number a header gives: `Level 3`, `level-3`, `Level 3 -
/// Apply`, `3`.
fn level_number(header: &str) -> Option<u32> {
    let key = key(header);
    let rest = key
        .strip_prefix("level")
        .map_or(key.as_str(), |r| r.trim_start_matches([' ', '-', '_']));
    let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let after = rest.get(digits..).unwrap_or_default();
    if digits == 0 || after.starts_with(|c: char| c.is_alphanumeric()) {
        return None;
    }
    rest.get(..digits)?.parse().ok()
}

/// Why a level cell is skipped: empty, or a placeholder.
fn skipped(cell: &str) -> Option<String> {
    if cell.is_empty() {
        return Some("empty".to_owned());
    }
    let key = key(cell);
    let key = key.trim_end_matches('.');
    PLACEHOLDERS
        .contains(&key)
        .then(|| format!("`{}`", cell.replace('\n', " ")))
}

/// The header's cells, quoted, for messages.
fn listed(header: &[String]) -> String {
    header
        .iter()
        .filter(|h| !h.is_empty())
        .map(|h| format!("`{h}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Reads the header: which column is the name, the description, the group,
/// the code, and which are levels.
///
/// # Errors
/// [`ImportError::NotRecognised`] when the header has no name column or no
/// level column (the file is not a skills × levels CSV, or the columns
/// must be named); [`ImportError::Shape`] when an option names a column the
/// header does not have, two columns give one level, or there are too
/// many columns.
pub(crate) fn columns(
    file: &str,
    header: &[String],
    options: &ImportOptions,
) -> Result<Columns, ImportError> {
    if header.len() > MAX_COLUMNS {
        return Err(ImportError::shape(
            file,
            "line 1",
            format!(
                "{} columns, more than the {MAX_COLUMNS} a skills × levels CSV may have: keep one row per skill, one column per level",
                header.len()
            ),
        ));
    }
    let keys: Vec<String> = header.iter().map(|h| key(h)).collect();
    let named = |value: &str, flag: &str| -> Result<usize, ImportError> {
        let wanted = key(value);
        keys.iter()
            .position(|k| *k == wanted)
            .or_else(|| {
                value
                    .trim()
                    .parse::<usize>()
                    .ok()
                    .filter(|n| (1..=header.len()).contains(n))
                    .map(|n| n - 1)
            })
            .ok_or_else(|| {
                ImportError::shape(
                    file,
                    "line 1",
                    format!(
                        "no column is headed `{}` (named by {flag}); the header has {}: name one of them, or a column's number (1 for the first)",
                        value.trim(),
                        listed(header)
                    ),
                )
            })
    };
    let mut used: Vec<usize> = Vec::new();
    let find = |option: Option<&String>,
                flag: &str,
                known: &[&str],
                used: &mut Vec<usize>|
     -> Result<Option<usize>, ImportError> {
        let found = match option {
            Some(value) => {
                let column = named(value, flag)?;
                if used.contains(&column) {
                    return Err(ImportError::shape(
                        file,
                        &format!("line 1, column {}", column + 1),
                        format!(
                            "`{}` ({flag}) is already named as another column; name each column once",
                            header[column]
                        ),
                    ));
                }
                Some(column)
            }
            None => known.iter().find_map(|name| {
                keys.iter()
                    .enumerate()
                    .position(|(i, k)| k == name && !used.contains(&i))
            }),
        };
        used.extend(found);
        Ok(found)
    };
    let name = find(
        options.name_column.as_ref(),
        "--name-column",
        NAME_HEADERS,
        &mut used,
    )?;
    let Some(name) = name else {
        return Err(not_this(
            file,
            header,
            "no column names the skills (a header such as `Skill`, `Name` or `Skill name`)",
        ));
    };
    let description = find(
        options.description_column.as_ref(),
        "--description-column",
        DESCRIPTION_HEADERS,
        &mut used,
    )?;
    let group = find(
        options.group_column.as_ref(),
        "--group-column",
        GROUP_HEADERS,
        &mut used,
    )?;
    let code = if options.level_columns.is_empty() {
        find(None, "", CODE_HEADERS, &mut used)?
    } else {
        None
    };
    let (level_columns, unused): (Vec<usize>, Vec<usize>) = if options.level_columns.is_empty() {
        let rest: Vec<usize> = (0..header.len())
            .filter(|i| !used.contains(i) && keys.get(*i).is_some_and(|k| !k.is_empty()))
            .collect();
        if rest.iter().any(|&i| level_number(&header[i]).is_some()) {
            rest.into_iter()
                .partition(|&i| level_number(&header[i]).is_some())
        } else {
            (rest, Vec::new())
        }
    } else {
        let mut levels = Vec::new();
        for value in &options.level_columns {
            let column = named(value, "--level-columns")?;
            if used.contains(&column) || levels.contains(&column) {
                return Err(ImportError::shape(
                    file,
                    &format!("line 1, column {}", column + 1),
                    format!(
                        "`{}` is named as a level and as another column (or twice); name each column once",
                        header[column]
                    ),
                ));
            }
            levels.push(column);
        }
        let unused = (0..header.len())
            .filter(|i| {
                !used.contains(i)
                    && !levels.contains(i)
                    && keys.get(*i).is_some_and(|k| !k.is_empty())
            })
            .collect();
        (levels, unused)
    };
    if level_columns.is_empty() {
        return Err(not_this(
            file,
            header,
            "no level columns: every column is the skill's name, description or group",
        ));
    }
    let levels = numbered(file, header, &level_columns)?;
    Ok(Columns {
        name,
        description,
        group,
        code,
        levels,
        unused,
    })
}

/// The levels' numbers: each header's own when every one gives one, else
/// 1, 2… in order.
fn numbered(file: &str, header: &[String], columns: &[usize]) -> Result<Vec<Level>, ImportError> {
    let own: Option<Vec<u32>> = columns.iter().map(|&c| level_number(&header[c])).collect();
    let numbers: Vec<u32> = own.unwrap_or_else(|| (1..).take(columns.len()).collect());
    let mut levels: Vec<Level> = Vec::new();
    for (&column, number) in columns.iter().zip(numbers) {
        if let Some(first) = levels.iter().find(|l| l.number == number) {
            return Err(ImportError::shape(
                file,
                &format!("line 1, column {}", column + 1),
                format!(
                    "`{}` and `{}` both give level {number}; name the level columns in order with --level-columns",
                    first.title, header[column]
                ),
            ));
        }
        levels.push(Level {
            column,
            number,
            title: header[column].clone(),
        });
    }
    Ok(levels)
}

fn not_this(file: &str, header: &[String], problem: &str) -> ImportError {
    ImportError::NotRecognised {
        file: file.to_owned(),
        found: format!(
            "its header (line 1) has {}: {problem}",
            if header.iter().all(String::is_empty) {
                "no names".to_owned()
            } else {
                listed(header)
            }
        ),
        expected: Format::LevelsCsv.expects().to_owned(),
    }
}

/// The first record of `text`, cleaned, if it reads as CSV.
fn header_of(text: &str) -> Option<Vec<String>> {
    let record = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes())
        .records()
        .next()?
        .ok()?;
    Some(record.iter().map(clean).collect())
}

/// Whether the header is a skills × levels table's by the known names,
/// and says so clearly enough to be taken for one without `--from`: a
/// description column beside the levels, or levels that give their
/// numbers.
pub(crate) fn detected(text: &str) -> bool {
    header_of(text).is_some_and(|header| {
        columns("", &header, &ImportOptions::default()).is_ok_and(|c| {
            c.description.is_some() || c.levels.iter().all(|l| level_number(&l.title).is_some())
        })
    })
}

/// Whether the header has a skill name column and a level column by the
/// known names (so a file of Moodle's column count is still not Moodle's).
pub(crate) fn has_skill_and_levels(text: &str) -> bool {
    header_of(text).is_some_and(|header| columns("", &header, &ImportOptions::default()).is_ok())
}

/// Whether `text` starts with a CSV row of two columns or more: what
/// `--from levels-csv` lets through for [`columns`] to judge with the
/// options given.
pub(crate) fn csv_with_columns(text: &str) -> bool {
    header_of(text).is_some_and(|h| h.len() >= 2)
}

/// The standard being built.
struct Builder<'a> {
    file: &'a str,
    columns: &'a Columns,
    header: &'a [String],
    groups: Vec<Group>,
    ids: Ids,
    /// Group name → its node.
    clusters: HashMap<String, usize>,
    /// The group of the row above, for a row whose group cell is empty.
    current: Option<String>,
    /// Rows whose group came from the row above.
    filled: usize,
    skills: usize,
}

impl Builder<'_> {
    fn cell(&self, record: &csv::StringRecord, column: Option<usize>) -> String {
        column
            .and_then(|c| record.get(c))
            .map(clean)
            .unwrap_or_default()
    }

    /// The node of the row's group, made on first use.
    fn cluster(&mut self, record: &csv::StringRecord, report: &mut ImportReport) -> Option<usize> {
        let value = self.cell(record, self.columns.group);
        let name = if value.is_empty() {
            self.filled += usize::from(self.current.is_some());
            self.current.clone()?
        } else {
            self.current = Some(value.clone());
            value
        };
        if let Some(&index) = self.clusters.get(&name) {
            return Some(index);
        }
        let fallback = format!("G{}", self.clusters.len() + 1);
        self.groups.push(Group {
            id: self.ids.assign(Some(&name), &fallback, report),
            title: name.clone(),
            ..Group::default()
        });
        let index = self.groups.len() - 1;
        self.clusters.insert(name, index);
        Some(index)
    }

    /// One skill: a competency node with a claimable level per described
    /// cell, or a note saying why it was left out.
    fn row(&mut self, record: &csv::StringRecord, line: u64, report: &mut ImportReport) {
        let at = format!("line {line}");
        let name = self.cell(record, Some(self.columns.name));
        if name.is_empty() {
            report.note(
                "not-carried-over",
                Some(format!("{at}, column {}", self.columns.name + 1)),
                format!(
                    "the row has no skill name (`{}` is empty); it is left out",
                    self.header[self.columns.name]
                ),
            );
            return;
        }
        self.skills += 1;
        let mut described = Vec::new();
        let mut skipped_cells = Vec::new();
        for level in &self.columns.levels {
            let cell = self.cell(record, Some(level.column));
            match skipped(&cell) {
                Some(reason) => skipped_cells.push(format!("{} ({reason})", level.title)),
                None => described.push((level, cell)),
            }
        }
        if !skipped_cells.is_empty() {
            report.note(
                "skipped",
                Some(at.clone()),
                format!("`{name}` has no descriptor at {}", skipped_cells.join(", ")),
            );
        }
        if described.is_empty() {
            report.note(
                "not-carried-over",
                Some(at),
                format!("`{name}` is described at no level, so it has nothing to claim; left out"),
            );
            return;
        }
        let parent = self.cluster(record, report);
        let fallback = format!("S{}", self.skills);
        let id = self.ids.assign(Some(&name), &fallback, report);
        let description = self.cell(record, self.columns.description);
        let code = self.cell(record, self.columns.code);
        self.groups.push(Group {
            id: id.clone(),
            title: name,
            text: (!description.is_empty()).then_some(description),
            code: (!code.is_empty()).then_some(code),
            parent,
            ..Group::default()
        });
        let owner = self.groups.len() - 1;
        for (level, cell) in described {
            self.groups.push(Group {
                id: format!("{id}.level-{}", level.number),
                title: level.title.clone(),
                parent: Some(owner),
                level: Some(level.number),
                claimable: true,
                items: vec![Item::new(format!("{id}.L{}", level.number), cell)],
                ..Group::default()
            });
        }
    }
}

pub(crate) fn import(
    file: &str,
    text: &str,
    options: &ImportOptions,
) -> Result<Imported, ImportError> {
    let mut report = ImportReport::new(Format::LevelsCsv);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut lines = Lines::default();
    let csv_error = |lines: &mut Lines, e: csv::Error| ImportError::Csv {
        file: file.to_owned(),
        line: lines.at(text, e.position()),
        message: e.to_string(),
    };
    let mut records = reader.records();
    let header: Vec<String> = match records.next() {
        Some(record) => record
            .map_err(|e| csv_error(&mut lines, e))?
            .iter()
            .map(clean)
            .collect(),
        None => return Err(not_this(file, &[], "the file is empty")),
    };
    let columns = columns(file, &header, options)?;
    for &column in &columns.unused {
        report.note(
            "not-carried-over",
            Some(format!("line 1, column {}", column + 1)),
            format!(
                "column `{}` is not read: it is not the skill's name, description, group, code or a level (name it in --level-columns if it is a level)",
                header[column]
            ),
        );
    }
    let title = {
        let name = file.rsplit(['/', '\\']).next().unwrap_or(file);
        name.rsplit_once('.')
            .map_or(name, |(stem, _)| stem)
            .to_owned()
    };
    report.note(
        "missing",
        None,
        format!("a CSV holds no framework title; the title is the file's name, `{title}`: edit `title:` in the standard file"),
    );
    let standard_id_value = options.id.clone().unwrap_or_else(|| standard_id(&title));
    let mut builder = Builder {
        file,
        columns: &columns,
        header: &header,
        groups: Vec::new(),
        ids: Ids::default(),
        clusters: HashMap::new(),
        current: None,
        filled: 0,
        skills: 0,
    };
    // The standard's own id names the group of top-level items.
    builder
        .ids
        .assign(Some(&standard_id_value), "standard", &mut report);
    let mut rows = 0;
    for record in records {
        let record = record.map_err(|e| csv_error(&mut lines, e))?;
        let line = lines.at(text, record.position());
        if record.iter().all(|c| clean(c).is_empty()) {
            continue;
        }
        rows += 1;
        if rows > MAX_ROWS {
            return Err(ImportError::shape(
                builder.file,
                &format!("line {line}"),
                format!(
                    "more than {MAX_ROWS} rows of skills: split the spreadsheet into several files and import each"
                ),
            ));
        }
        if record.len() > header.len() {
            report.note(
                "columns",
                Some(format!("line {line}")),
                format!(
                    "{} cells where the header names {}; the cells past the header are not read",
                    record.len(),
                    header.len()
                ),
            );
        }
        builder.row(&record, line, &mut report);
    }
    if let Some(group) = columns.group.filter(|_| builder.filled > 0) {
        report.note(
                "converted",
                None,
                format!(
                    "{} with an empty `{}` {} in the group of the row above (as merged cells are saved)",
                    if builder.filled == 1 { "1 row".to_owned() } else { format!("{} rows", builder.filled) },
                    header[group],
                    if builder.filled == 1 { "is" } else { "are" }
                ),
            );
    }
    report.source_entries = rows;
    report.source_depth = if columns.group.is_some() { 3 } else { 2 };
    let standard = assemble(standard_id_value, None, title, None, builder.groups);
    Ok(Imported { standard, report })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(names: &str) -> Vec<String> {
        names.split(',').map(clean).collect()
    }

    #[test]
    fn cells_lose_zero_width_characters_and_placeholders_are_skipped() {
        assert_eq!(
            clean("\u{feff} Works\u{200b} alone \u{2060}\r\n"),
            "Works alone"
        );
        assert_eq!(clean("a  \r\nb"), "a\nb");
        for placeholder in [
            "",
            "not defined",
            "N/A",
            "n/a",
            "-",
            "—",
            "None.",
            "Not applicable",
        ] {
            assert!(skipped(placeholder).is_some(), "{placeholder:?}");
        }
        assert_eq!(skipped("Leads the team"), None);
        assert_eq!(skipped("None of the above applies"), None);
    }

    #[test]
    fn level_numbers_come_from_headers_that_give_them() {
        assert_eq!(level_number("Level 3"), Some(3));
        assert_eq!(level_number("level-7"), Some(7));
        assert_eq!(level_number("Level 2 - Assist"), Some(2));
        assert_eq!(level_number("5"), Some(5));
        assert_eq!(level_number("Working"), None);
        assert_eq!(level_number("Level 3b"), None);
        assert_eq!(level_number("2nd"), None);
    }

    #[test]
    fn columns_are_found_by_their_headers_or_named() {
        let columns = |h: &str, o: &ImportOptions| columns("f.csv", &header(h), o);
        let found = columns(
            "Role family,Skill,Skill description,Awareness,Working,Practitioner,Expert",
            &ImportOptions::default(),
        )
        .unwrap();
        assert_eq!(
            (found.group, found.name, found.description),
            (Some(0), 1, Some(2))
        );
        let levels: Vec<(usize, u32)> = found.levels.iter().map(|l| (l.column, l.number)).collect();
        assert_eq!(levels, [(3, 1), (4, 2), (5, 3), (6, 4)]);
        // Numbered headers are the levels; other columns are not read.
        let found = columns(
            "Code,Skill,Level 2,Level 5,Guidance",
            &ImportOptions::default(),
        )
        .unwrap();
        assert_eq!(found.code, Some(0));
        let levels: Vec<(usize, u32)> = found.levels.iter().map(|l| (l.column, l.number)).collect();
        assert_eq!(levels, [(2, 2), (3, 5)]);
        assert_eq!(found.unused, [4]);
        let options = ImportOptions {
            name_column: Some("Thing".into()),
            level_columns: vec!["Low".into(), "3".into()],
            ..ImportOptions::default()
        };
        let found = columns("Thing,Notes,High,Low", &options).unwrap();
        let levels: Vec<(usize, u32, &str)> = found
            .levels
            .iter()
            .map(|l| (l.column, l.number, l.title.as_str()))
            .collect();
        assert_eq!(levels, [(3, 1, "Low"), (2, 2, "High")]);
        assert_eq!(found.unused, [1]);
        let message = columns(
            "Thing,High",
            &ImportOptions {
                name_column: Some("Nom".into()),
                ..ImportOptions::default()
            },
        )
        .unwrap_err()
        .to_string();
        assert_eq!(
            message,
            "f.csv: line 1: no column is headed `Nom` (named by --name-column); the header has `Thing`, `High`: name one of them, or a column's number (1 for the first)"
        );
        let message = columns("Skill,Level 1,1", &ImportOptions::default())
            .unwrap_err()
            .to_string();
        assert!(
            message.starts_with("f.csv: line 1, column 3: `Level 1` and `1` both give level 1"),
            "{message}"
        );
        let message = columns(
            "Skill,Description,Level 1",
            &ImportOptions {
                description_column: Some("skill".into()),
                ..ImportOptions::default()
            },
        )
        .unwrap_err()
        .to_string();
        assert_eq!(
            message,
            "f.csv: line 1, column 1: `Skill` (--description-column) is already named as another column; name each column once"
        );
        assert!(matches!(
            columns("Skill,Description", &ImportOptions::default()),
            Err(ImportError::NotRecognised { .. })
        ));
        assert!(matches!(
            columns("Email,Phone", &ImportOptions::default()),
            Err(ImportError::NotRecognised { .. })
        ));
        let wide = vec!["x".to_owned(); MAX_COLUMNS + 1];
        assert!(
            columns_of(&wide)
                .unwrap_err()
                .to_string()
                .contains("more than the 200")
        );
    }

    fn columns_of(header: &[String]) -> Result<Columns, ImportError> {
        columns("f.csv", header, &ImportOptions::default())
    }
}
