//! Which names a file handed over to become evidence may have: one plain
//! name, nothing nosfolio would read as something else, and nothing any
//! common system refuses or treats specially.

/// The longest name, in bytes (what common file systems allow).
const LONGEST: usize = 255;

/// Names Windows reserves for devices, whatever the extension.
const RESERVED: [&str; 22] = [
    "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8",
    "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

/// `name`, as given for a new evidence file, when it can be one; else why
/// not, in a sentence that says what to do.
///
/// Refused: an empty name; a path (`/`, `\`, `..`); a hidden name
/// (`.…`); a control, bidirectional or invisible character; a name longer
/// than 255 bytes or ending in a space or dot; a device name Windows
/// reserves (`CON`, `nul.txt`, `COM1`…); and a `.yaml`/`.yml` name, which
/// nosfolio would read as the description of another file.
///
/// # Errors
/// Why the name cannot be used.
pub fn evidence_file_name(name: &str) -> Result<&str, String> {
    let refuse = |why: &str| Err(format!("`{}` cannot name evidence: {why}", shown(name)));
    if name.is_empty() {
        return refuse("the name is empty");
    }
    if name.contains(['/', '\\']) || name == ".." {
        return refuse("it is a path; give the file's own name alone");
    }
    if name.starts_with('.') {
        return refuse("a name starting with `.` is hidden, and nosfolio does not read it");
    }
    if name.chars().any(|c| {
        c.is_control()
            || matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}')
    }) {
        return refuse("it holds a control or invisible character; rename the file");
    }
    if name.len() > LONGEST {
        return refuse("it is longer than 255 bytes; give it a shorter name");
    }
    if name.ends_with([' ', '.']) {
        return refuse("it ends in a space or a dot; rename the file");
    }
    let stem = name
        .split('.')
        .next()
        .unwrap_or(name)
        .trim_end()
        .to_lowercase();
    if RESERVED.contains(&stem.as_str()) {
        return refuse("it is a device name some systems reserve; rename the file");
    }
    let lower = name.to_lowercase();
    if lower.ends_with(".yaml") || lower.ends_with(".yml") {
        return refuse(
            "nosfolio would read a `.yaml` file as the description of another file; save it as `.txt`",
        );
    }
    Ok(name)
}

/// The name as shown in a message: control characters made visible.
fn shown(name: &str) -> String {
    name.chars()
        .take(80)
        .flat_map(|c| {
            if c.is_control() {
                c.escape_default().collect::<Vec<_>>()
            } else {
                vec![c]
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_names_pass_and_every_kind_of_bad_one_is_refused_saying_why() {
        for good in [
            "notes.txt",
            "Statement p1.pdf",
            "Zoë's e-mail.eml",
            "con-notes.txt",
        ] {
            assert_eq!(evidence_file_name(good), Ok(good));
        }
        for (bad, why) in [
            ("", "empty"),
            ("../portfolio.yaml", "a path"),
            ("/etc/passwd", "a path"),
            ("a\\b.txt", "a path"),
            ("..", "a path"),
            (".hidden", "hidden"),
            ("a\nb.txt", "control"),
            ("a\u{202e}txt.exe", "invisible"),
            ("CON", "device"),
            ("nul.txt", "device"),
            ("com1.log", "device"),
            ("notes.", "ends in a space or a dot"),
            ("notes.txt.yaml", "description of another file"),
        ] {
            let error = evidence_file_name(bad).unwrap_err();
            assert!(error.contains(why), "{bad:?}: {error}");
        }
        assert!(
            evidence_file_name(&"a".repeat(256))
                .unwrap_err()
                .contains("255")
        );
        assert!(
            !evidence_file_name("a\nb").unwrap_err().contains('\n'),
            "shown escaped"
        );
    }
}
