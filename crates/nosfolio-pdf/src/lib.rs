//! The archival PDF of a portfolio report (issue 18): typeset natively by
//! typst used as a library, no browser needed.
//!
//! The PDF is made from the same [`ReportModel`] as the HTML report, so the
//! audience's rules are already applied: what the HTML leaves out, the PDF
//! leaves out. The model is handed to a fixed typst template (embedded in
//! this crate) as JSON, read with typst's `json()`: no user text is ever
//! parsed as typst markup. The PDF conforms to PDF/A-3b, carries bookmarks
//! from its headings, is tagged, and has every evidence file its audience
//! may see attached, with its MIME type and its SHA-256 as description.
//!
//! This crate never touches the disk: the caller reads each file (through
//! the store's bounded read) and this crate checks its bytes against the
//! SHA-256 the portfolio recorded before attaching them.

#![forbid(unsafe_code)]

mod world;

use std::io;

use nosfolio_report::{
    ContentFile, EmailBody, EvidenceContent, ReadHead, ReportModel, human_size, markdown_blocks,
};
use serde_json::{Value, json};
use sha2::{Digest as _, Sha256};
use typst::foundations::{Datetime, Smart};
use typst::layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

/// The largest evidence file attached: a larger one is listed, not attached.
pub const ATTACHMENT_LIMIT: u64 = 64 * 1024 * 1024;

/// Why the PDF could not be made.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// The report's model could not be turned into the template's data.
    #[error("cannot prepare the report's data")]
    Data(#[source] serde_json::Error),
    /// typst could not typeset the report (a bug in the template).
    #[error("cannot typeset the report: {0}")]
    Typeset(String),
    /// typst could not write the PDF (for example a PDF/A rule broken).
    #[error("cannot write the PDF: {0}")]
    Export(String),
}

/// A file the audience may see that was not attached, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotAttached {
    /// The file's path in the portfolio.
    pub path: String,
    /// Why, in words.
    pub reason: String,
}

/// The PDF and what went into it.
#[derive(Debug)]
pub struct Pdf {
    /// The PDF file's bytes.
    pub bytes: Vec<u8>,
    /// The paths of the files attached.
    pub attached: Vec<String>,
    /// The files the audience may see that were not attached (unreadable,
    /// too large, or changed since the portfolio recorded their hash).
    pub not_attached: Vec<NotAttached>,
}

/// The widest an image is shown, in points: the A4 page's text width.
const IMAGE_MOST_WIDTH: f64 = 480.0;

/// The tallest an image is shown, in points: most of an A4 page, so that
/// it shares its page with its heading.
const IMAGE_MOST_HEIGHT: f64 = 560.0;

/// Points per pixel of an embedded image: 150 pixels to the inch.
const POINTS_PER_PIXEL: f64 = 72.0 / 150.0;

/// The report as an archival PDF (PDF/A-3b) with the audience's evidence
/// files attached. `read` reads a file by its path in the portfolio (at
/// most the limit it is given, and the file's whole size): each file the
/// audience sees in full is shown as the HTML report shows it (by
/// [`nosfolio_report::evidence_content`]) and attached; a file larger than
/// [`ATTACHMENT_LIMIT`], or whose bytes do not match the SHA-256 the
/// portfolio recorded, is not attached, and the PDF says so.
///
/// # Errors
/// When typst cannot typeset or export the report.
pub fn report_pdf(model: &ReportModel, read: &ReadHead<'_>) -> Result<Pdf, PdfError> {
    let mut report = serde_json::to_value(model.data()).map_err(PdfError::Data)?;
    let mut files = Vec::new();
    let mut attachments = Vec::new();
    let mut attached = Vec::new();
    let mut not_attached = Vec::new();
    for shown in model.shown_files() {
        let bytes = read(shown.path, ATTACHMENT_LIMIT).and_then(|(bytes, size)| {
            if (bytes.len() as u64) < size {
                Err(io::Error::other(format!(
                    "is {}, more than the {} a file attached may be",
                    human_size(size),
                    human_size(ATTACHMENT_LIMIT)
                )))
            } else {
                Ok(bytes)
            }
        });
        let outcome = checked(shown.sha256, bytes);
        match outcome {
            Ok(bytes) => {
                let virtual_path = format!("/attachments/{}", attachments.len());
                attachments.push(json!({
                    "number": shown.number,
                    "path": shown.path,
                    "data": virtual_path,
                    "mime": nosfolio_core::media_of(shown.path).mime,
                    "sha256": shown.sha256,
                    "description": format!("SHA-256 {}", shown.sha256.unwrap_or_default()),
                }));
                files.push((virtual_path, bytes));
                attached.push(shown.path.to_owned());
            }
            Err(reason) => {
                attachments.push(json!({
                    "number": shown.number,
                    "path": shown.path,
                    "sha256": shown.sha256,
                    "problem": reason,
                }));
                not_attached.push(NotAttached {
                    path: shown.path.to_owned(),
                    reason,
                });
            }
        }
    }
    let contents = contents(model, read, &mut files);
    let mut data = json!({
        "descriptions": model.description_lines(),
        "values": model.values_lines(),
        "attachments": attachments,
        "contents": contents,
    });
    // Text the fonts cannot show would break PDF/A (no .notdef glyph may
    // be drawn): such characters are shown as U+FFFD or `?`.
    displayable(&mut report);
    displayable(&mut data);
    if let Value::Object(map) = &mut data {
        map.insert("report".to_owned(), report);
        // The names the files are attached under, as they are (never
        // typeset, so they need no font).
        map.insert("attach_names".to_owned(), json!(attached));
    }
    let generated = model_date(&data);
    let ident = format!(
        "nosfolio-report-{}-{}",
        data["report"]["audience"].as_str().unwrap_or_default(),
        data["report"]["digest"].as_str().unwrap_or_default()
    );
    files.push((
        "/data.json".to_owned(),
        serde_json::to_vec(&data).map_err(PdfError::Data)?,
    ));
    drop(data);
    let world = world::ReportWorld::new(files, generated);
    let document: PagedDocument = typst::compile(&world)
        .output
        .map_err(|errors| PdfError::Typeset(messages(&errors)))?;
    // What typst kept to compile faster next time (every evaluation and
    // layout along the way) is no use to a process that compiles once:
    // freed before the export needs its own memory. The document holds
    // the attachments it needs; the world's copy of the data goes too.
    drop(world);
    typst::comemo::evict(0);
    let standards =
        PdfStandards::new(&[PdfStandard::A_3b]).map_err(|e| PdfError::Export(e.to_string()))?;
    let options = PdfOptions {
        ident: Smart::Custom(&ident),
        timestamp: generated.map(Timestamp::new_utc),
        page_ranges: None,
        standards,
        tagged: true,
    };
    let bytes = typst_pdf::pdf(&document, &options)
        .map_err(|errors| PdfError::Export(messages(&errors)))?;
    Ok(Pdf {
        bytes,
        attached,
        not_attached,
    })
}

/// What each file shown in full holds, as the template's data: a list for
/// each piece, keyed by its number. An image goes into `files` as a
/// virtual file of its own, named in the data.
fn contents(
    model: &ReportModel,
    read: &ReadHead<'_>,
    files: &mut Vec<(String, Vec<u8>)>,
) -> serde_json::Map<String, Value> {
    let mut by_piece = serde_json::Map::new();
    for (number, file) in model.shown_contents() {
        let shown = content_data(&file, read, files);
        if let Value::Array(list) = by_piece
            .entry(number.to_string())
            .or_insert_with(|| Value::Array(Vec::new()))
        {
            list.push(shown);
        }
    }
    by_piece
}

/// One file's content as the template's data (see [`contents`]).
fn content_data(
    file: &ContentFile<'_>,
    read: &ReadHead<'_>,
    files: &mut Vec<(String, Vec<u8>)>,
) -> Value {
    let note = |shortened: Option<nosfolio_report::Shortened>| shortened.map(|s| s.sentence());
    match nosfolio_report::evidence_content(file, read) {
        EvidenceContent::Text { text, shortened } => json!({
            "path": file.path, "kind": "text", "text": text, "note": note(shortened),
        }),
        EvidenceContent::Markdown {
            body, shortened, ..
        } => json!({
            "path": file.path, "kind": "blocks", "blocks": markdown_blocks(&body),
            "note": note(shortened),
        }),
        EvidenceContent::Email(email) => {
            let (text, note) = match email.body {
                EmailBody::Text { text, shortened } => (text, note(shortened)),
                EmailBody::Html { text, .. } => (text, None),
                EmailBody::Empty => (String::new(), Some("The message has no text.".to_owned())),
            };
            json!({
                "path": file.path,
                "kind": "email",
                "headers": email.headers,
                "text": text,
                "note": note,
                "attachments": email
                    .attachments
                    .iter()
                    .map(|(name, size)| format!("{name} ({})", human_size(*size)))
                    .collect::<Vec<_>>(),
            })
        }
        EvidenceContent::Image(image) => {
            let (width, height) = shown_size(image.width, image.height);
            let path = format!("/images/{}", files.len());
            files.push((path.clone(), image.bytes));
            json!({
                "path": file.path, "kind": "image", "data": path, "alt": file.title,
                "width": width, "height": height,
            })
        }
        EvidenceContent::Listed(_) => json!({
            "path": file.path, "kind": "note",
            "note": "Not shown here: the file is attached to this PDF (see Attached files).",
        }),
        EvidenceContent::Note(text) => json!({"path": file.path, "kind": "note", "note": text}),
    }
}

/// An image's size on the page in points, `width` × `height` pixels at
/// [`POINTS_PER_PIXEL`], scaled down (never up) to fit the page's text
/// width and [`IMAGE_MOST_HEIGHT`], its aspect kept.
fn shown_size(width: u32, height: u32) -> (f64, f64) {
    let (width, height) = (
        f64::from(width.max(1)) * POINTS_PER_PIXEL,
        f64::from(height.max(1)) * POINTS_PER_PIXEL,
    );
    let scale = (IMAGE_MOST_WIDTH / width)
        .min(IMAGE_MOST_HEIGHT / height)
        .min(1.0);
    (width * scale, height * scale)
}

/// A file's bytes as read, if they are the bytes the portfolio recorded
/// (by SHA-256); otherwise why they are not attached.
fn checked(recorded: Option<&str>, read: io::Result<Vec<u8>>) -> Result<Vec<u8>, String> {
    let bytes = read.map_err(|error| format!("cannot be read: {error}"))?;
    let Some(recorded) = recorded else {
        return Err("has no recorded SHA-256".to_owned());
    };
    let actual = hex::encode(Sha256::digest(&bytes));
    if recorded.eq_ignore_ascii_case(&actual) {
        Ok(bytes)
    } else {
        Err(format!(
            "has changed since the portfolio recorded it (SHA-256 now {actual})"
        ))
    }
}

/// The report's date (`generated`, `YYYY-MM-DD`) as typst's date: the
/// PDF's own date, so that the same portfolio on the same day gives the
/// same file.
fn model_date(data: &Value) -> Option<Datetime> {
    let text = data["report"]["generated"].as_str()?;
    let mut parts = text.splitn(3, '-').map(str::parse::<i64>);
    let (Some(Ok(year)), Some(Ok(month)), Some(Ok(day))) =
        (parts.next(), parts.next(), parts.next())
    else {
        return None;
    };
    Datetime::from_ymd_hms(
        i32::try_from(year).ok()?,
        u8::try_from(month).ok()?,
        u8::try_from(day).ok()?,
        0,
        0,
        0,
    )
}

/// typst's diagnostics as one line each.
fn messages(errors: &[typst::diag::SourceDiagnostic]) -> String {
    errors
        .iter()
        .map(|e| {
            let hints: String = e.hints.iter().map(|h| format!(" (hint: {h})")).collect();
            format!("{}{hints}", e.message)
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// Every string in `value` with each character no embedded font can show
/// replaced, and control characters but line breaks and tabs dropped.
fn displayable(value: &mut Value) {
    match value {
        Value::String(text) => {
            let shown = |c: char| c.is_ascii_graphic() || c == ' ' || world::covered(c);
            if text.chars().any(|c| c.is_control() || !shown(c)) {
                *text = text
                    .chars()
                    .filter(|&c| !c.is_control() || c == '\n' || c == '\t')
                    .map(|c| {
                        if c == '\n' || c == '\t' || shown(c) {
                            c
                        } else if world::covered('\u{FFFD}') {
                            '\u{FFFD}'
                        } else {
                            '?'
                        }
                    })
                    .collect();
            }
        }
        Value::Array(items) => items.iter_mut().for_each(displayable),
        Value::Object(map) => map.values_mut().for_each(displayable),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use std::io;

    use super::{IMAGE_MOST_HEIGHT, IMAGE_MOST_WIDTH, checked, displayable, shown_size};

    const EMPTY: &str = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    #[test]
    fn only_the_bytes_the_portfolio_recorded_are_attached() {
        assert_eq!(checked(Some(EMPTY), Ok(Vec::new())), Ok(Vec::new()));
        let changed = checked(Some(EMPTY), Ok(b"changed".to_vec())).unwrap_err();
        assert!(changed.contains("has changed since"), "{changed}");
        assert!(checked(None, Ok(Vec::new())).is_err());
        let unreadable = checked(Some(EMPTY), Err(io::Error::other("too large"))).unwrap_err();
        assert!(unreadable.contains("too large"), "{unreadable}");
    }

    #[test]
    fn images_fit_the_page_never_scaled_up() {
        let (w, h) = shown_size(100, 50);
        assert!(
            (w - 48.0).abs() < 0.01 && (h - 24.0).abs() < 0.01,
            "{w} × {h}"
        );
        let (w, h) = shown_size(1600, 400);
        assert!((w - IMAGE_MOST_WIDTH).abs() < 0.01 && (h - IMAGE_MOST_WIDTH / 4.0).abs() < 0.01);
        let (w, h) = shown_size(400, 1600);
        assert!((h - IMAGE_MOST_HEIGHT).abs() < 0.01 && (w - IMAGE_MOST_HEIGHT / 4.0).abs() < 0.01);
    }

    #[test]
    fn text_no_font_can_show_is_replaced_and_control_characters_dropped() {
        let mut value = serde_json::json!({"a": ["ok \u{1}text\nnext", "\u{10FFFD}"]});
        displayable(&mut value);
        assert_eq!(value["a"][0], "ok text\nnext");
        let replaced = value["a"][1].as_str().unwrap();
        assert!(replaced == "\u{FFFD}" || replaced == "?", "{replaced}");
    }
}
