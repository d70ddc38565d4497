//! `nosfolio report --format pdf`: the archival PDF (issue 18), checked
//! with poppler-utils (pdftotext, pdfdetach, pdfinfo) and qpdf. Without
//! those tools the checks say so and skip, except under CI (`CI=true`),
//! where `.ci/run` installs them and their absence is a failure.

use std::fs;
use std::path::Path;
use std::process::Command;

use crate::support::TempPortfolio;

const MARKER: &str = "PDFSECRETMARKER";

/// Whether every one of `tools` can be run; if not, says so, and fails
/// under CI.
fn tools_present(test: &str, tools: &[&str]) -> bool {
    let missing: Vec<&str> = tools
        .iter()
        .copied()
        .filter(|tool| {
            Command::new(tool)
                .arg("-v")
                .output()
                .map_or(true, |_| false)
        })
        .collect();
    if missing.is_empty() {
        return true;
    }
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!(
            "{} missing, but CI must run {test}: .ci/run installs poppler-utils and qpdf",
            missing.join(", ")
        );
    }
    eprintln!(
        "SKIPPED {test}: {} not installed (apt-get install poppler-utils qpdf); CI runs it",
        missing.join(", ")
    );
    false
}

/// A portfolio with a private piece carrying the marker in every field
/// (title, description, witness, where, how, its file's name and its
/// contents), an assessor-only piece and a public one.
fn portfolio() -> TempPortfolio {
    let portfolio = TempPortfolio::empty();
    portfolio.write(
        "portfolio.yaml",
        "candidate: Careful Candidate\nstandards: [mla3]\n",
    );
    portfolio.write(
        &format!("evidence/contacts-{MARKER}-file.csv"),
        format!("name\nCONTENTS{MARKER}\n"),
    );
    portfolio.write(
        &format!("evidence/contacts-{MARKER}-file.csv.yaml"),
        format!(
            "title: Contacts TITLE{MARKER}\n\
             date: 2025-03-01\n\
             type: annotated-contacts-list\n\
             confidentiality: private\n\
             description: Private DESCRIPTION{MARKER} text.\n\
             witness: {{name: NAME{MARKER}, role: ROLE{MARKER}, organisation: ORG{MARKER}, relationship: REL{MARKER}, date: 2025-03-02}}\n\
             claims:\n  - item: PC1\n    at: AT{MARKER}\n    note: NOTE{MARKER}\n  - KC8\n"
        ),
    );
    portfolio.write("evidence/assessor-only.txt", "assessor only words\n");
    portfolio.write(
        "evidence/assessor-only.txt.yaml",
        "title: Assessor only letter\ntype: correspondence\ndescription: For the assessor.\nclaims:\n  - item: PC2\n    note: shows it\n",
    );
    portfolio.write("evidence/public notes.md", "# Public\n\nPublic words.\n");
    portfolio.write(
        "evidence/public notes.md.yaml",
        "title: Public report on the forum\ntype: reports\nconfidentiality: public\nclaims: [PC4]\n",
    );
    portfolio
}

/// What each audience's PDF must attach (and show the title of).
fn visible(audience: &str) -> Vec<(String, &'static str)> {
    let private = (
        format!("evidence/contacts-{MARKER}-file.csv"),
        "Contacts TITLEPDFSECRETMARKER",
    );
    let assessor = (
        "evidence/assessor-only.txt".to_owned(),
        "Assessor only letter",
    );
    let public = (
        "evidence/public notes.md".to_owned(),
        "Public report on the forum",
    );
    match audience {
        "candidate" => vec![assessor, private, public],
        "assessor" => vec![assessor, public],
        _ => vec![public],
    }
}

fn run(program: &str, args: &[&str]) -> String {
    let output = Command::new(program).args(args).output().unwrap();
    assert!(
        output.status.success(),
        "{program} {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Writes the `audience`'s PDF into the portfolio's parent folder.
fn write_pdf(portfolio: &TempPortfolio, out: &Path, audience: &str) {
    let run = portfolio.run(&[
        "report",
        "--format",
        "pdf",
        "--audience",
        audience,
        "-o",
        out.to_str().unwrap(),
    ]);
    run.code(0);
}

/// Every item id of mla3, from the matrix's JSON.
fn item_ids(portfolio: &TempPortfolio) -> Vec<String> {
    let run = portfolio.run(&["matrix", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let mut ids = Vec::new();
    collect_ids(&json, &mut ids);
    assert!(ids.len() >= 32, "{ids:?}");
    ids
}

fn collect_ids(value: &serde_json::Value, ids: &mut Vec<String>) {
    match value {
        serde_json::Value::Object(map) => {
            if let (Some(id), Some(_)) = (map.get("id"), map.get("status"))
                && let Some(id) = id.as_str()
            {
                ids.push(id.to_owned());
            }
            map.values().for_each(|v| collect_ids(v, ids));
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| collect_ids(v, ids)),
        _ => {}
    }
}

/// Every way `text` may be written in a PDF's bytes: as it is, in
/// UTF-16BE (text strings), and as hex of either.
fn encodings(text: &str) -> Vec<Vec<u8>> {
    let utf16: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
    let hex = |bytes: &[u8]| -> Vec<Vec<u8>> {
        let lower: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        vec![lower.to_uppercase().into_bytes(), lower.into_bytes()]
    };
    let mut all = vec![text.as_bytes().to_vec(), utf16.clone()];
    all.extend(hex(text.as_bytes()));
    all.extend(hex(&utf16));
    all
}

fn holds(haystack: &[u8], needle: &str) -> bool {
    encodings(needle)
        .iter()
        .any(|n| haystack.windows(n.len()).any(|w| w == n.as_slice()))
}

#[test]
fn the_pdf_holds_every_item_every_title_and_exactly_the_files_its_audience_may_see() {
    let test = "the_pdf_holds_every_item_every_title_and_exactly_the_files_its_audience_may_see";
    if !tools_present(test, &["pdftotext", "pdfdetach", "pdfinfo", "qpdf"]) {
        return;
    }
    let portfolio = portfolio();
    let ids = item_ids(&portfolio);
    let out_dir = tempfile::tempdir().unwrap();
    for audience in ["candidate", "assessor", "public"] {
        let pdf = out_dir.path().join(format!("{audience}.pdf"));
        write_pdf(&portfolio, &pdf, audience);
        let pdf_arg = pdf.to_str().unwrap();

        // The text: every item id and every visible piece's title.
        let text = run("pdftotext", &["-enc", "UTF-8", pdf_arg, "-"]);
        for id in &ids {
            assert!(text.contains(id.as_str()), "{audience}: item {id} missing");
        }
        for (_, title) in visible(audience) {
            assert!(text.contains(title), "{audience}: title {title:?} missing");
        }

        // The attachments: exactly the visible files, bytes unchanged.
        let list = run("pdfdetach", &["-enc", "UTF-8", "-list", pdf_arg]);
        let mut names: Vec<&str> = list
            .lines()
            .skip(1)
            .filter_map(|line| line.split_once(": ").map(|(_, name)| name))
            .collect();
        names.sort_unstable();
        let expected: Vec<String> = visible(audience).into_iter().map(|(p, _)| p).collect();
        assert_eq!(names, expected, "{audience}: attachments\n{list}");
        let saved = out_dir.path().join(format!("{audience}-files"));
        fs::create_dir_all(&saved).unwrap();
        for (n, path) in expected.iter().enumerate() {
            let target = saved.join(n.to_string());
            run(
                "pdfdetach",
                &[
                    "-save",
                    &(n + 1).to_string(),
                    "-o",
                    target.to_str().unwrap(),
                    pdf_arg,
                ],
            );
            let attached = fs::read(&target).unwrap();
            let original = fs::read(portfolio.path().join(path)).unwrap();
            assert_eq!(
                nosfolio_store::hash_bytes(&attached),
                nosfolio_store::hash_bytes(&original),
                "{audience}: {path} attached changed"
            );
        }

        // PDF/A-3b, by pdfinfo (its Info-dictionary subtype, when this
        // poppler prints one; tagged) and by the XMP metadata it reads.
        let info = run("pdfinfo", &[pdf_arg]);
        assert!(
            info.lines()
                .filter(|l| l.starts_with("PDF subtype:"))
                .all(|l| l.contains("PDF/A-3b")),
            "{audience}: pdfinfo\n{info}"
        );
        assert!(
            info.lines()
                .any(|l| l.starts_with("Tagged:") && l.contains("yes")),
            "{audience}: pdfinfo\n{info}"
        );
        let xmp = run("pdfinfo", &["-meta", pdf_arg]);
        assert!(
            xmp.contains("<pdfaid:part>3</pdfaid:part>") || xmp.contains("pdfaid:part=\"3\""),
            "{audience}: XMP\n{xmp}"
        );
        assert!(
            xmp.contains("<pdfaid:conformance>B</pdfaid:conformance>")
                || xmp.contains("pdfaid:conformance=\"B\""),
            "{audience}: XMP\n{xmp}"
        );

        // A bookmark for each section.
        let outlines = run("qpdf", &["--json", "--json-key=outlines", pdf_arg]);
        for section in [
            "Summary",
            "Items and their evidence",
            "Evidence",
            "Coverage matrix",
            "Attached files",
        ] {
            assert!(
                outlines.contains(&format!("\"title\": \"{section}\"")),
                "{audience}: no bookmark {section}\n{outlines}"
            );
        }
        assert_eq!(
            outlines.contains("\"title\": \"Gaps\""),
            audience == "candidate",
            "{audience}: the gaps are the candidate's alone"
        );

        // Every stream decompressed: the descriptions hold each hash; and
        // the private marker only in the candidate's version.
        let qdf = out_dir.path().join(format!("{audience}.qdf.pdf"));
        let status = Command::new("qpdf")
            .args(["--qdf", "--object-streams=disable", pdf_arg])
            .arg(&qdf)
            .status()
            .unwrap();
        // 3 is qpdf's "succeeded with warnings".
        assert!(matches!(status.code(), Some(0 | 3)), "{audience}: qpdf");
        let bytes = fs::read(&qdf).unwrap();
        for path in &expected {
            let sha = nosfolio_store::hash_bytes(&fs::read(portfolio.path().join(path)).unwrap());
            assert!(
                holds(&bytes, &format!("SHA-256 {sha}")),
                "{audience}: no description with the hash of {path}"
            );
        }
        let attachments: Vec<u8> = (0..expected.len())
            .flat_map(|n| fs::read(saved.join(n.to_string())).unwrap())
            .collect();
        if audience == "candidate" {
            assert!(text.contains(&format!("DESCRIPTION{MARKER}")));
            assert!(holds(&attachments, &format!("CONTENTS{MARKER}")));
            assert!(holds(&bytes, &format!("CONTENTS{MARKER}")));
        } else {
            assert!(!text.contains(MARKER), "{audience}: text leaks\n{text}");
            assert!(!holds(&attachments, MARKER), "{audience}: attachments leak");
            assert!(
                !holds(&bytes, MARKER),
                "{audience}: the decompressed PDF leaks"
            );
            assert!(
                !holds(&fs::read(&pdf).unwrap(), MARKER),
                "{audience}: the PDF leaks"
            );
            assert!(text.contains("Private evidence") || audience == "public");
        }
    }
}

#[test]
fn a_pdf_needs_a_file_and_never_replaces_one_without_force() {
    let portfolio = portfolio();
    let run = portfolio.run(&["report", "--format", "pdf"]);
    run.code(2);
    assert!(run.stderr.contains("-o"), "{}", run.stderr);

    let out_dir = tempfile::tempdir().unwrap();
    let pdf = out_dir.path().join("portfolio.pdf");
    fs::write(&pdf, "mine").unwrap();
    let pdf_arg = pdf.to_str().unwrap();
    let run = portfolio.run(&["report", "--format", "pdf", "-o", pdf_arg]);
    run.code(2);
    assert!(run.stderr.contains("already exists"), "{}", run.stderr);
    assert_eq!(fs::read(&pdf).unwrap(), b"mine");
    portfolio
        .run(&["report", "--format", "pdf", "-o", pdf_arg, "--force"])
        .code(0);
    assert!(fs::read(&pdf).unwrap().starts_with(b"%PDF-"));
}

#[test]
fn typst_markup_in_user_text_stays_text() {
    let test = "typst_markup_in_user_text_stays_text";
    if !tools_present(test, &["pdftotext"]) {
        return;
    }
    let portfolio = TempPortfolio::empty();
    let hostile = r#"Notes #panic("boom") #read("/data.json") *x* $y$ ] [ \ // <l> @ref"#;
    portfolio.write(
        "portfolio.yaml",
        "candidate: \"#panic(\\\"candidate\\\")\"\nstandards: [mla3]\n",
    );
    portfolio.write("evidence/notes.md", "notes\n");
    portfolio.write(
        "evidence/notes.md.yaml",
        format!(
            "title: '{hostile}'\ntype: reports\ndescription: '{hostile}'\nclaims:\n  - item: PC1\n    note: '{hostile}'\n"
        ),
    );
    let out_dir = tempfile::tempdir().unwrap();
    let pdf = out_dir.path().join("hostile.pdf");
    write_pdf(&portfolio, &pdf, "candidate");
    let text = run("pdftotext", &["-enc", "UTF-8", pdf.to_str().unwrap(), "-"]);
    assert!(text.contains("#panic(\"candidate\")"), "{text}");
    assert!(
        text.contains(r#"Notes #panic("boom") #read("/data.json") *x* $y$ ]"#),
        "{text}"
    );
}

#[test]
fn past_twenty_pieces_each_matrix_row_lists_the_pieces_claiming_its_item()
-> Result<(), Box<dyn std::error::Error>> {
    let test = "past_twenty_pieces_each_matrix_row_lists_the_pieces_claiming_its_item";
    if !tools_present(test, &["pdftotext"]) {
        return Ok(());
    }
    let portfolio = TempPortfolio::empty();
    portfolio.write(
        "portfolio.yaml",
        "candidate: Many Pieces\nstandards: [mla3]\n",
    );
    for n in 1..=21 {
        let claims = if n == 21 { "[PC1, B1]" } else { "[PC1]" };
        portfolio.write(&format!("evidence/{n:02}-notes.md"), format!("notes {n}\n"));
        portfolio.write(
            &format!("evidence/{n:02}-notes.md.yaml"),
            format!("title: Notes {n}\ntype: reports\nclaims: {claims}\n"),
        );
    }
    let out_dir = tempfile::tempdir()?;
    let pdf = out_dir.path().join("many.pdf");
    write_pdf(&portfolio, &pdf, "candidate");
    let path = pdf.to_str().ok_or("a temporary path that is not UTF-8")?;
    let text = run("pdftotext", &["-enc", "UTF-8", path, "-"]);
    let matrix = text
        .split("Coverage matrix")
        .last()
        .ok_or("no coverage matrix")?;
    assert!(matrix.contains("Evidence claiming it"), "{matrix}");
    // The list wraps in its column: read its lines as one.
    let flowing = matrix.split_whitespace().collect::<Vec<_>>().join(" ");
    let all: Vec<String> = (1..=21).map(|n| format!("E{n}")).collect();
    assert!(flowing.contains(&all.join(", ")), "{matrix}");
    Ok(())
}
