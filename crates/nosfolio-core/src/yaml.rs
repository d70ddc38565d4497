//! One place that turns YAML text into typed values, with the limits and
//! error conversion every nosfolio format shares, and the one place that
//! turns typed values into the YAML of the files nosfolio owns: one set of
//! serializer options and one quoting policy ([`to_string`]), used for
//! whole documents, front matter ([`to_front_matter`]), a lone scalar for
//! an in-place edit ([`scalar`], [`is_plain`]) and comments ([`comment`]).

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_saphyr::{Error, MessageFormatter, UserMessageFormatter};

use crate::diagnostic::{Diagnostic, Position, Problem};

mod policy;

pub(crate) use policy::DayText;
use policy::Policy;
pub use policy::{Day, day_text, optional_day_text};

/// Deepest nesting any nosfolio file needs, with room to spare. Deeper input
/// (a 10,000-deep attack) is refused quickly instead of exhausting the stack.
const MAX_DEPTH: usize = 64;

/// Most aliases, and most anchors, in one file.
const MAX_ALIASES: usize = 1_000;

/// Most lists, maps and values (nodes) in one file: room for a standard
/// of some 50,000 items, far more than any framework published.
const MAX_NODES: usize = 250_000;

/// Parses one YAML document into `T`, within nosfolio's depth and alias limits.
///
/// # Errors
/// The first problem, as a [`Diagnostic`] naming `file` and the position.
///
/// A UTF-8 byte order mark is skipped; CRLF line ends are accepted. The
/// error, if any, names `file` and the line and column the parser reported.
pub fn from_str<T: DeserializeOwned>(file: &str, text: &str) -> Result<T, Diagnostic> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let options = serde_saphyr::options! {
        with_snippet: false,
        budget: serde_saphyr::budget! {
            max_depth: MAX_DEPTH,
            max_documents: 1,
            max_aliases: MAX_ALIASES,
            max_anchors: MAX_ALIASES,
            max_nodes: MAX_NODES,
        },
    };
    serde_saphyr::from_str_with_options(text, options)
        .map_err(|error| to_diagnostic(file, text, &error))
}

/// A value could not be written as YAML.
#[derive(Debug, thiserror::Error)]
#[error("cannot write YAML")]
pub struct YamlWriteError {
    /// The serializer's reason.
    #[source]
    source: serde_saphyr::SerializeError,
}

impl YamlWriteError {
    /// The serializer's reason, in its words.
    pub(crate) fn reason(&self) -> String {
        self.source.to_string()
    }
}

/// The one set of serializer options every YAML nosfolio writes uses.
fn options() -> serde_saphyr::SerializerOptions {
    serde_saphyr::ser_options! {
        indent_step: 2,
        compact_list_indent: false,
        prefer_block_scalars: false,
        yaml_12: true,
        no_lang_directive: true,
    }
}

/// Writes `value` as YAML the way every file nosfolio writes is written:
/// keys in the order the type declares them, block style, two-space indents
/// with list items indented under their key, `[]` for an empty list.
///
/// Strings are quoted wherever a YAML reader, 1.2 or 1.1, would read them
/// as anything but the same text: `"yes"`, `"12"`, `"2025-04-02"`,
/// `"a: b"`; days wrapped in [`Day`] stay plain (`2026-01-05`). Strings
/// are written on one line unless the caller asks for a block
/// ([`Block`]), so every string reads back exactly.
///
/// No `---` or `%YAML` line is written, so a one-element list can be
/// appended to a file holding a list.
///
/// # Errors
/// When `value` cannot be represented (a map with non-text keys, say).
pub fn to_string<T: Serialize + ?Sized>(value: &T) -> Result<String, YamlWriteError> {
    serde_saphyr::to_string_with_options(&Policy(value), options())
        .map_err(|source| YamlWriteError { source })
}

/// `value` as the front matter of a Markdown file: its YAML (see
/// [`to_string`]) between `---` lines.
///
/// # Errors
/// As [`to_string`].
pub fn to_front_matter<T: Serialize + ?Sized>(value: &T) -> Result<String, YamlWriteError> {
    Ok(format!("---\n{}---\n", to_string(value)?))
}

/// `text` as one scalar on one line, as [`to_string`] writes it in a
/// value's place: `PC1`, `"yes"`, `"a\nb"`; with `quoted`, always quoted
/// (for a one-line `[…]` list, where more characters are special).
///
/// # Errors
/// As [`to_string`].
pub fn scalar(text: &str, quoted: bool) -> Result<String, YamlWriteError> {
    let written = if quoted {
        // Quoted already: no policy to apply.
        serde_saphyr::to_string_with_options(&serde_saphyr::DoubleQuoted(text), options())
            .map_err(|source| YamlWriteError { source })?
    } else {
        to_string(text)?
    };
    Ok(written.trim_end_matches('\n').to_owned())
}

/// Whether `text` is written plain (unquoted) by [`to_string`], so that
/// a reader of any YAML version reads it back as the same text.
#[must_use]
pub fn is_plain(text: &str) -> bool {
    scalar(text, false).is_ok_and(|written| written == text)
}

/// Text that reads better as a block: a literal block (`|`) when it runs
/// over several lines, one scalar (under the same quoting as every
/// string) otherwise, and always when it holds a character a literal block
/// cannot carry (a carriage return, another control character, a line
/// break other than `\n`, a byte-order mark): written double-quoted with
/// escapes, it reads back exactly. Long lines are not folded (`>`): serde-saphyr's
/// explicit folded style always keeps a final line break, so a line
/// without one would not read back exactly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Block<'a>(pub &'a str);

impl Serialize for Block<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.0.contains('\n') && block_can_carry(self.0) {
            serde_saphyr::LitStr(self.0).serialize(serializer)
        } else {
            self.0.serialize(serializer)
        }
    }
}

/// Whether a literal block carries every character of `text` as it is:
/// no control character but the line feed and tab, no other line break.
fn block_can_carry(text: &str) -> bool {
    !text.chars().any(|c| {
        (c.is_control() && c != '\n' && c != '\t')
            || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}')
    })
}

/// `text` as YAML comment lines (`# …`), one per line of `text`. Line
/// breaks of every kind YAML knows, and other control characters, end a
/// comment line or are dropped, so no text (a name with a newline, say)
/// can turn a comment into data.
#[must_use]
pub fn comment(text: &str) -> String {
    let mut out = String::new();
    for line in text.split(['\n', '\r', '\u{85}', '\u{2028}', '\u{2029}']) {
        let clean: String = line.chars().filter(|c| !c.is_control()).collect();
        let clean = clean.trim_end();
        if clean.is_empty() {
            out.push_str("#\n");
        } else {
            out.push_str("# ");
            out.push_str(clean);
            out.push('\n');
        }
    }
    out
}

/// The key written on `line` (1-based) of `text`, if the line has one:
/// `claims` for `claims: PC1`, `item` for `  - item: [PC1]`.
fn key_on_line(text: &str, line: u64) -> Option<&str> {
    let line = text
        .lines()
        .nth(usize::try_from(line).ok()?.checked_sub(1)?)?;
    let mut rest = line.trim_start();
    while let Some(inner) = rest.strip_prefix("- ") {
        rest = inner.trim_start();
    }
    let (key, _) = rest.split_once(':')?;
    let key = key.trim().trim_matches(['"', '\'']);
    let simple = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-');
    simple.then_some(key)
}

/// The parser's wording of a wrong type, said as what the user should write.
fn plain_words(message: &str) -> String {
    let expected = [
        (
            "expected sequence start",
            "expected a list, such as `[PC1, PC2]` or one `- ` line per entry",
        ),
        (
            "expected string scalar",
            "expected a single value (text), not a list or a map",
        ),
        ("invalid boolean", "expected `true` or `false`"),
        (
            "expected mapping start",
            "expected a map of `key: value` lines",
        ),
    ];
    expected
        .iter()
        .find(|(said, _)| message.starts_with(said))
        .map_or_else(|| message.to_owned(), |(_, plain)| (*plain).to_owned())
}

/// What a file that breaks nosfolio's reading budget did, said with the
/// limit it broke.
fn over_budget(breach: &serde_saphyr::budget::BudgetBreach) -> String {
    use serde_saphyr::budget::BudgetBreach;
    match breach {
        BudgetBreach::Documents { .. } => "a second YAML document starts here: a nosfolio file \
             holds one document, so remove this `---` line and what follows it, or move that \
             into a file of its own"
            .to_owned(),
        BudgetBreach::Depth { .. } => {
            format!(
                "nested too deeply: nosfolio reads at most {MAX_DEPTH} levels of lists and maps"
            )
        }
        BudgetBreach::Aliases { .. }
        | BudgetBreach::Anchors { .. }
        | BudgetBreach::AliasAnchorRatio { .. } => {
            format!("too many aliases or anchors: nosfolio reads at most {MAX_ALIASES} of each")
        }
        // The number as people write it: `MAX_NODES` (a test holds them equal).
        BudgetBreach::Nodes { .. } | BudgetBreach::Events { .. } => {
            "too many values: nosfolio reads at most 250,000 lists, maps and values in one file; \
             split it, or keep what it holds in more than one file"
                .to_owned()
        }
        other => format!("larger than nosfolio reads in one file ({other:?})"),
    }
}

fn to_diagnostic(file: &str, text: &str, error: &Error) -> Diagnostic {
    let position = error
        .location()
        .and_then(|l| Position::new(l.line(), l.column()));
    let problem = match error.without_snippet() {
        Error::SerdeUnknownField {
            field, expected, ..
        } => Problem::UnknownKey {
            key: field.clone(),
            allowed: expected.iter().map(|&s| s.to_owned()).collect(),
        },
        Error::DuplicateMappingKey { key: Some(key), .. } => {
            Problem::DuplicateKey { key: key.clone() }
        }
        Error::Budget { breach, .. } => Problem::Yaml {
            message: over_budget(breach),
        },
        other => {
            let said = UserMessageFormatter.format_message(other);
            let message = plain_words(&said);
            // A value of the wrong type belongs to the key on its line; a
            // syntax error may have been caused lines earlier.
            let wrong_type = message != said
                || [
                    "unknown variant",
                    "invalid type",
                    "invalid value",
                    "invalid length",
                ]
                .iter()
                .any(|s| said.starts_with(s));
            let key = position
                .filter(|_| wrong_type)
                .and_then(|p| key_on_line(text, p.line));
            Problem::Yaml {
                message: match key {
                    Some(key) => format!("`{key}`: {message}"),
                    None => message,
                },
            }
        }
    };
    Diagnostic::new(file, position, problem)
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::*;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Sample {
        title: String,
        count: Option<u32>,
    }

    fn error(text: &str) -> Diagnostic {
        from_str::<Sample>("f.yaml", text).unwrap_err()
    }

    #[test]
    fn unknown_keys_name_the_key_and_the_allowed_ones() {
        let d = error("title: a\ntitel: b\n");
        assert_eq!(d.position, Position::new(2, 1));
        assert_eq!(
            *d.problem,
            Problem::UnknownKey {
                key: "titel".into(),
                allowed: vec!["title".into(), "count".into()]
            }
        );
        assert!(d.to_string().contains("did you mean `title`"), "{d}");
    }

    #[test]
    fn a_second_document_is_named_with_its_line() {
        for text in ["title: a\n---\ntitle: b\n", "title: a\r\n---\r\n"] {
            let d = error(text);
            assert!(
                d.to_string().contains("a second YAML document starts here"),
                "{d}"
            );
            assert_eq!(d.position.map(|p| p.line), Some(2), "{d}");
        }
    }

    #[test]
    fn a_file_of_too_many_values_says_the_limit() {
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        struct Many {
            x: Vec<u8>,
        }
        let text = format!("x: [{}]\n", "1,".repeat(MAX_NODES));
        let d = from_str::<Many>("f.yaml", &text).unwrap_err();
        let limit = MAX_NODES.to_string();
        let written = format!("{},{}", &limit[..3], &limit[3..]);
        assert!(
            d.to_string()
                .contains(&format!("at most {written} lists, maps and values")),
            "{d}"
        );
    }

    #[test]
    fn duplicate_keys_are_errors_not_last_wins() {
        let d = error("title: a\ntitle: b\n");
        assert_eq!(
            *d.problem,
            Problem::DuplicateKey {
                key: "title".into()
            }
        );
        assert_eq!(d.position, Position::new(2, 1));
    }

    #[test]
    fn wrong_types_and_syntax_have_positions() {
        let d = error("title: a\ncount: many\n");
        assert_eq!(d.position, Position::new(2, 8));
        let d = error("title: [a\n");
        assert!(d.position.is_some());
    }

    #[test]
    fn wrong_types_name_the_key_and_what_to_write() {
        let d = error("title: [a, b]\n");
        assert_eq!(
            d.problem.to_string(),
            "`title`: expected a single value (text), not a list or a map"
        );
        assert_eq!(key_on_line("a: 1\n  - item: [x]\n", 2), Some("item"));
        assert_eq!(key_on_line("- [x]\n", 1), None);
    }

    #[derive(Debug, PartialEq, serde::Serialize, Deserialize)]
    struct Written {
        title: String,
        #[serde(serialize_with = "day_text")]
        date: String,
        claims: Vec<String>,
        none: Vec<String>,
    }

    #[test]
    fn written_values_read_back_exactly() {
        for title in [
            "Jo O'Neil: \"JJ\"",
            "yes",
            "null",
            "- [x] # not a comment",
            "two\nlines\n",
            "  padded  ",
            "a ".repeat(80).as_str(),
            "\u{2028}separator\u{85}",
            "",
        ] {
            let value = Written {
                title: title.to_owned(),
                date: "2026-01-05".into(),
                claims: vec!["mla3:PC1".into(), "B4".into()],
                none: vec![],
            };
            let text = to_string(&value).unwrap();
            assert!(!text.starts_with("---") && !text.starts_with('%'), "{text}");
            let read: Written = from_str("f.yaml", &text).unwrap();
            assert_eq!(read, value, "{text}");
        }
        let text = to_string(&Written {
            title: "t".into(),
            date: "2026-01-05".into(),
            claims: vec!["PC1".into()],
            none: vec![],
        })
        .unwrap();
        assert_eq!(
            text,
            "title: t\ndate: 2026-01-05\nclaims:\n  - PC1\nnone: []\n"
        );
    }

    /// The quoting policy, as a table: each text, how the one writer
    /// writes it in a value's place, and whether a YAML 1.1 reader (PyYAML,
    /// Ruby) would read it, written plain, as something other than text. Every written form
    /// reads back as the same text with nosfolio's reader; every text 1.1
    /// would change is quoted. (Cross-checked by hand with PyYAML 6.)
    const POLICY: [(&str, &str, bool); 34] = [
        ("yes", "\"yes\"", true),
        ("No", "\"No\"", true),
        ("on", "\"on\"", true),
        ("OFF", "\"OFF\"", true),
        ("y", "\"y\"", true),
        ("~", "\"~\"", true),
        ("null", "\"null\"", true),
        ("True", "\"True\"", true),
        ("12", "\"12\"", true),
        ("1e3", "\"1e3\"", true),
        ("0x1F", "\"0x1F\"", true),
        ("0b101", "\"0b101\"", true),
        ("1_000", "\"1_000\"", true),
        ("1:30", "\"1:30\"", true),
        (".inf", "\".inf\"", true),
        ("2025-04-02", "\"2025-04-02\"", true),
        ("2025-04-02 10:00:00", "\"2025-04-02 10:00:00\"", true),
        ("<<", "\"<<\"", true),
        ("a: b", "\"a: b\"", false),
        ("- x", "\"- x\"", false),
        ("#x", "\"#x\"", false),
        ("a #b", "\"a #b\"", false),
        ("---", "\"---\"", false),
        (" lead", "\" lead\"", false),
        ("trail ", "\"trail \"", false),
        ("a\u{2028}b", "\"a\\Lb\"", false),
        ("\u{feff}x", "\"\\uFEFFx\"", false),
        ("two\nlines", "\"two\\nlines\"", false),
        ("", "\"\"", false),
        ("PC1", "PC1", false),
        ("mla3:PC1", "mla3:PC1", false),
        ("networking:L3.2", "networking:L3.2", false),
        ("Jo O'Neil", "Jo O'Neil", false),
        ("2026-01-05T", "2026-01-05T", false),
    ];

    #[test]
    fn every_text_is_written_so_that_yaml_1_1_and_1_2_read_it_back() {
        #[derive(Debug, PartialEq, serde::Serialize, Deserialize)]
        struct One {
            v: String,
        }
        for (text, written, yaml_11_misreads) in POLICY {
            assert_eq!(scalar(text, false).unwrap(), written, "{text:?}");
            assert_eq!(is_plain(text), written == text, "{text:?}");
            if yaml_11_misreads {
                assert!(written.starts_with('"'), "{text:?} must be quoted");
            }
            let one = One { v: text.to_owned() };
            let document = to_string(&one).unwrap();
            assert_eq!(document, format!("v: {written}\n"));
            assert_eq!(from_str::<One>("f.yaml", &document).unwrap(), one);
        }
    }

    #[test]
    fn the_policy_reaches_nested_text_and_days_stay_plain() {
        #[derive(serde::Serialize)]
        struct Nested<'a> {
            day: Day,
            #[serde(serialize_with = "day_text")]
            day_as_text: &'a str,
            #[serde(serialize_with = "day_text")]
            not_a_day: &'a str,
            text: &'a str,
            list: Vec<&'a str>,
            flow: serde_saphyr::FlowSeq<Vec<&'a str>>,
            some: Option<&'a str>,
            map: std::collections::BTreeMap<&'a str, &'a str>,
            block: Block<'a>,
        }
        let text = to_string(&Nested {
            day: Day(jiff::civil::date(2026, 1, 5)),
            day_as_text: "2026-01-05",
            not_a_day: "2026-02-30",
            text: "2026-01-05",
            list: vec!["yes", "x"],
            flow: serde_saphyr::FlowSeq(vec!["on", "a,b"]),
            some: Some("off"),
            map: [("k", "no")].into(),
            block: Block("one\nyes\n"),
        })
        .unwrap();
        assert_eq!(
            text,
            "day: 2026-01-05\nday_as_text: 2026-01-05\nnot_a_day: \"2026-02-30\"\ntext: \"2026-01-05\"\nlist:\n  - \"yes\"\n  - x\nflow: [\"on\", \"a,b\"]\nsome: \"off\"\nmap:\n  k: \"no\"\nblock: |\n  one\n  yes\n"
        );
        // serde-saphyr's own wrappers keep the style the caller chose; a
        // comment is text, not a value to quote.
        let styled = to_string(&[
            serde_saphyr::Commented("12", "source id: yes".into()),
            serde_saphyr::Commented("x", String::new()),
        ])
        .unwrap();
        assert_eq!(styled, "- \"12\" # source id: yes\n- x\n");
        let styled = to_string(&(
            serde_saphyr::SingleQuoted("yes"),
            serde_saphyr::DoubleQuoted("x"),
            serde_saphyr::LitStr("a\nb"),
        ))
        .unwrap();
        assert_eq!(styled, "- 'yes'\n- \"x\"\n- |-\n  a\n  b\n");
        assert_eq!(scalar("a, b", true).unwrap(), "\"a, b\"");
        assert_eq!(scalar("yes", true).unwrap(), "\"yes\"");
    }

    #[test]
    fn blocks_read_back_exactly() {
        #[derive(serde::Serialize)]
        struct Long<'a> {
            text: Block<'a>,
        }
        #[derive(Deserialize)]
        struct Read {
            text: String,
        }
        let words = "Plans and organises the work of the team, checking progress against the plan and telling people in good time when it changes.";
        for value in [
            words,
            "yes",
            "one\n  indented\n\ntrailing  \n",
            " lead\nx",
            "a\n\n\n",
            // Characters a literal block cannot carry: written quoted.
            "a\x01b\nc",
            "line one\r\nline two",
            "a\u{85}b\nc\u{2028}d\u{7f}",
            "\u{feff}bom\nx",
        ] {
            let written = to_string(&Long { text: Block(value) }).unwrap();
            let read: Read = from_str("f.yaml", &written).unwrap();
            assert_eq!(read.text, value, "{written}");
        }
        let written = to_string(&Long {
            text: Block("one\ntwo"),
        })
        .unwrap();
        assert_eq!(written, "text: |-\n  one\n  two\n");
    }

    #[test]
    fn comments_cannot_carry_data() {
        let text = comment("Decisions of Tom\nassessor: injected\r- x\u{2028}y: 1\u{85}z");
        assert_eq!(
            text,
            "# Decisions of Tom\n# assessor: injected\n# - x\n# y: 1\n# z\n"
        );
        let read: Option<Sample> = from_str("f.yaml", &text).ok();
        assert!(read.is_none(), "only comments: no keys");
        assert!(text.lines().all(|l| l.starts_with('#')));
    }

    #[test]
    fn bom_and_crlf_are_accepted() {
        let s: Sample = from_str("f.yaml", "\u{feff}title: x\r\ncount: 3\r\n").unwrap();
        assert_eq!(s.count, Some(3));
    }

    #[test]
    fn deep_nesting_is_refused() {
        let deep = format!("title: {}{}", "[".repeat(10_000), "]".repeat(10_000));
        let d = error(&deep);
        assert!(matches!(*d.problem, Problem::Yaml { .. }), "{d}");
    }

    #[test]
    fn alias_bombs_are_refused() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12 {
            let p = i - 1;
            text.push_str(&format!(
                "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
            ));
        }
        text.push_str("title: t\n");
        assert!(from_str::<serde_saphyr_value::Any>("f.yaml", &text).is_err());
    }

    mod serde_saphyr_value {
        /// Accepts and discards anything, to let the parser expand aliases.
        #[derive(Debug)]
        pub(super) struct Any;
        impl<'de> serde::Deserialize<'de> for Any {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                serde::de::IgnoredAny::deserialize(d).map(|_| Any)
            }
        }
    }
}
