//! `nosfolio report --format pdf`: the archival PDF (issue 18), checked
//! with poppler-utils (pdftotext, pdfdetach, pdfinfo) and qpdf. Without
//! those tools the checks say so and skip, except under CI (`CI=true`),
//! where `.ci/run` installs them and their absence is a failure.

use std::path::Path;
use std::process::Command;

use crate::support::{TempPortfolio, file_bytes, put_file};

type Tried = Result<(), Box<dyn std::error::Error>>;

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

fn run(program: &str, args: &[&str]) -> Result<String, Box<dyn std::error::Error>> {
    let output = Command::new(program).args(args).output()?;
    assert!(
        output.status.success(),
        "{program} {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

/// A path as the tools take it.
fn arg(path: &Path) -> Result<&str, Box<dyn std::error::Error>> {
    Ok(path.to_str().ok_or("a temporary path that is not UTF-8")?)
}

/// Writes the `audience`'s PDF to `out`; its text by pdftotext.
fn write_pdf(
    portfolio: &TempPortfolio,
    out: &Path,
    audience: &str,
) -> Result<String, Box<dyn std::error::Error>> {
    let run = portfolio.run(&[
        "report",
        "--format",
        "pdf",
        "--audience",
        audience,
        "-o",
        arg(out)?,
    ]);
    run.code(0);
    run_text(out)
}

/// The text of a PDF, by pdftotext.
fn run_text(pdf: &Path) -> Result<String, Box<dyn std::error::Error>> {
    run("pdftotext", &["-enc", "UTF-8", arg(pdf)?, "-"])
}

/// Every item id of mla3, from the matrix's JSON.
fn item_ids(portfolio: &TempPortfolio) -> Result<Vec<String>, serde_json::Error> {
    let run = portfolio.run(&["matrix", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&run.stdout)?;
    let mut ids = Vec::new();
    collect_ids(&json, &mut ids);
    assert!(ids.len() >= 32, "{ids:?}");
    Ok(ids)
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
fn the_pdf_holds_every_item_every_title_and_exactly_the_files_its_audience_may_see() -> Tried {
    let test = "the_pdf_holds_every_item_every_title_and_exactly_the_files_its_audience_may_see";
    if !tools_present(test, &["pdftotext", "pdfdetach", "pdfinfo", "qpdf"]) {
        return Ok(());
    }
    let portfolio = portfolio();
    let ids = item_ids(&portfolio)?;
    let out_dir = tempfile::tempdir()?;
    for audience in ["candidate", "assessor", "public"] {
        let pdf = out_dir.path().join(format!("{audience}.pdf"));
        // The text: every item id and every visible piece's title.
        let text = write_pdf(&portfolio, &pdf, audience)?;
        let pdf_arg = arg(&pdf)?;
        for id in &ids {
            assert!(text.contains(id.as_str()), "{audience}: item {id} missing");
        }
        for (_, title) in visible(audience) {
            assert!(text.contains(title), "{audience}: title {title:?} missing");
        }

        // The attachments: exactly the visible files, bytes unchanged.
        let list = run("pdfdetach", &["-enc", "UTF-8", "-list", pdf_arg])?;
        let mut names: Vec<&str> = list
            .lines()
            .skip(1)
            .filter_map(|line| line.split_once(": ").map(|(_, name)| name))
            .collect();
        names.sort_unstable();
        let expected: Vec<String> = visible(audience).into_iter().map(|(p, _)| p).collect();
        assert_eq!(names, expected, "{audience}: attachments\n{list}");
        let saved = out_dir.path().join(format!("{audience}-files"));
        put_file(&saved.join("made"), "")?;
        for (n, path) in expected.iter().enumerate() {
            let target = saved.join(n.to_string());
            run(
                "pdfdetach",
                &["-save", &(n + 1).to_string(), "-o", arg(&target)?, pdf_arg],
            )?;
            let attached = file_bytes(&target)?;
            let original = file_bytes(&portfolio.path().join(path))?;
            assert_eq!(
                nosfolio_store::hash_bytes(&attached),
                nosfolio_store::hash_bytes(&original),
                "{audience}: {path} attached changed"
            );
        }

        // PDF/A-3b, by pdfinfo (its Info-dictionary subtype, when this
        // poppler prints one; tagged) and by the XMP metadata it reads.
        let info = run("pdfinfo", &[pdf_arg])?;
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
        let xmp = run("pdfinfo", &["-meta", pdf_arg])?;
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
        let outlines = run("qpdf", &["--json", "--json-key=outlines", pdf_arg])?;
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
            .status()?;
        // 3 is qpdf's "succeeded with warnings".
        assert!(matches!(status.code(), Some(0 | 3)), "{audience}: qpdf");
        let bytes = file_bytes(&qdf)?;
        for path in &expected {
            let sha = nosfolio_store::hash_bytes(&file_bytes(&portfolio.path().join(path))?);
            assert!(
                holds(&bytes, &format!("SHA-256 {sha}")),
                "{audience}: no description with the hash of {path}"
            );
        }
        let mut attachments = Vec::new();
        for n in 0..expected.len() {
            attachments.extend(file_bytes(&saved.join(n.to_string()))?);
        }
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
                !holds(&file_bytes(&pdf)?, MARKER),
                "{audience}: the PDF leaks"
            );
            assert!(text.contains("Private evidence") || audience == "public");
        }
    }
    Ok(())
}

#[test]
fn a_pdf_needs_a_file_and_never_replaces_one_without_force() -> Tried {
    let portfolio = portfolio();
    let run = portfolio.run(&["report", "--format", "pdf"]);
    run.code(2);
    assert!(run.stderr.contains("-o"), "{}", run.stderr);

    let out_dir = tempfile::tempdir()?;
    let pdf = out_dir.path().join("portfolio.pdf");
    put_file(&pdf, "mine")?;
    let pdf_arg = arg(&pdf)?;
    let run = portfolio.run(&["report", "--format", "pdf", "-o", pdf_arg]);
    run.code(2);
    assert!(run.stderr.contains("already exists"), "{}", run.stderr);
    assert_eq!(file_bytes(&pdf)?, b"mine");
    portfolio
        .run(&["report", "--format", "pdf", "-o", pdf_arg, "--force"])
        .code(0);
    assert!(file_bytes(&pdf)?.starts_with(b"%PDF-"));
    Ok(())
}

#[test]
fn typst_markup_in_user_text_stays_text() -> Tried {
    let test = "typst_markup_in_user_text_stays_text";
    if !tools_present(test, &["pdftotext"]) {
        return Ok(());
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
    let out_dir = tempfile::tempdir()?;
    let text = write_pdf(&portfolio, &out_dir.path().join("hostile.pdf"), "candidate")?;
    assert!(text.contains("#panic(\"candidate\")"), "{text}");
    assert!(
        text.contains(r#"Notes #panic("boom") #read("/data.json") *x* $y$ ]"#),
        "{text}"
    );
    Ok(())
}

/// A PNG of one pixel.
const PIXEL_PNG: &[u8] = b"\x89\x50\x4e\x47\x0d\x0a\x1a\x0a\x00\x00\x00\x0d\x49\x48\x44\x52\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\x0d\x49\x44\x41\x54\x78\xda\x63\x64\x60\xf8\x5f\x0f\x00\x02\x87\x01\x80\xeb\x47\xba\x92\x00\x00\x00\x00\x49\x45\x4e\x44\xae\x42\x60\x82";

#[test]
fn the_evidence_itself_is_in_the_pdf() -> Tried {
    let test = "the_evidence_itself_is_in_the_pdf";
    if !tools_present(test, &["pdftotext", "pdfimages"]) {
        return Ok(());
    }
    let portfolio = TempPortfolio::empty();
    portfolio.write(
        "portfolio.yaml",
        "candidate: Careful Candidate\nstandards: [mla3]\n",
    );
    let pieces: [(&str, &[u8]); 4] = [
        ("notes.txt", b"Plain words of the candidate.\nA second line.\n"),
        (
            "reflection.md",
            b"# Situation\n\nWe met the **finance** team.\n\n1. first point\n2. second point\n",
        ),
        (
            "thanks.eml",
            b"From: Sam Lee <sam@example.org>\r\nTo: Priya <priya@example.org>\r\nSubject: Thanks for the introduction\r\n\r\nThe body of the message.\r\n",
        ),
        ("whiteboard.png", PIXEL_PNG),
    ];
    for (n, (name, bytes)) in pieces.iter().enumerate() {
        portfolio.write(&format!("evidence/{name}"), bytes);
        portfolio.write(
            &format!("evidence/{name}.yaml"),
            format!("title: Piece {n}\ntype: reports\nclaims: [PC1]\n"),
        );
    }
    let out_dir = tempfile::tempdir()?;
    let pdf = out_dir.path().join("content.pdf");
    let text = write_pdf(&portfolio, &pdf, "candidate")?;
    let flowing = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for shown in [
        "Plain words of the candidate. A second line.",
        "Situation",
        "We met the finance team.",
        "1. first point",
        "2. second point",
        "From Sam Lee <sam@example.org>",
        "Subject Thanks for the introduction",
        "The body of the message.",
    ] {
        assert!(flowing.contains(shown), "{shown:?} not in\n{text}");
    }
    // The image is drawn (pdfimages lists it), not only attached.
    let images = run("pdfimages", &["-list", arg(&pdf)?])?;
    assert!(images.lines().count() > 2, "no image drawn:\n{images}");
    Ok(())
}

#[test]
fn past_forty_pieces_each_matrix_row_lists_the_pieces_claiming_its_item() -> Tried {
    let test = "past_forty_pieces_each_matrix_row_lists_the_pieces_claiming_its_item";
    if !tools_present(test, &["pdftotext"]) {
        return Ok(());
    }
    let portfolio = TempPortfolio::empty();
    portfolio.write(
        "portfolio.yaml",
        "candidate: Many Pieces\nstandards: [mla3]\n",
    );
    // 40 pieces: a grid of two tables, as the HTML report's; 41: a list.
    for n in 1..=41 {
        let claims = if n == 41 { "[PC1, B1]" } else { "[PC1]" };
        portfolio.write(&format!("evidence/{n:02}-notes.md"), format!("notes {n}\n"));
        portfolio.write(
            &format!("evidence/{n:02}-notes.md.yaml"),
            format!("title: Notes {n}\ntype: reports\nclaims: {claims}\n"),
        );
        if n == 40 {
            let out_dir = tempfile::tempdir()?;
            let text = write_pdf(&portfolio, &out_dir.path().join("forty.pdf"), "candidate")?;
            let matrix = text.split("Coverage matrix").last().ok_or("no matrix")?;
            assert!(matrix.contains("Evidence E21 to E40"), "{matrix}");
            assert!(!matrix.contains("Evidence claiming it"), "{matrix}");
        }
    }
    let out_dir = tempfile::tempdir()?;
    let text = write_pdf(&portfolio, &out_dir.path().join("many.pdf"), "candidate")?;
    let matrix = text
        .split("Coverage matrix")
        .last()
        .ok_or("no coverage matrix")?;
    assert!(matrix.contains("Evidence claiming it"), "{matrix}");
    // The list wraps in its column: read its lines as one.
    let flowing = matrix.split_whitespace().collect::<Vec<_>>().join(" ");
    let all: Vec<String> = (1..=41).map(|n| format!("E{n}")).collect();
    assert!(flowing.contains(&all.join(", ")), "{matrix}");
    Ok(())
}
