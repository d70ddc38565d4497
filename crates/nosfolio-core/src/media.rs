//! What kind a file of evidence is and its MIME type, judged by its name
//! alone (the extension, in any case): the one rule the report, the web
//! app and any other output use to decide how a file is shown.

/// How a file of evidence is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MediaKind {
    /// Plain text: shown as written.
    Text,
    /// Markdown: rendered (and sanitized).
    Markdown,
    /// An e-mail message (`.eml`): its headers and body.
    Email,
    /// A PNG, JPEG, GIF or WebP image.
    Image,
    /// A PDF document.
    Pdf,
    /// Anything else: listed, never shown.
    Other,
}

impl MediaKind {
    /// Its name in lower case, as templates and JSON have it.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Text => "text",
            Self::Markdown => "markdown",
            Self::Email => "email",
            Self::Image => "image",
            Self::Pdf => "pdf",
            Self::Other => "other",
        }
    }

    /// Whether it is text a reader reads (plain, Markdown or e-mail).
    #[must_use]
    pub fn is_textual(self) -> bool {
        matches!(self, Self::Text | Self::Markdown | Self::Email)
    }
}

/// A file's kind and MIME type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Media {
    /// How it is shown.
    pub kind: MediaKind,
    /// Its MIME type, as an attachment or a download names it.
    pub mime: &'static str,
}

impl Media {
    /// The type a web server sends it as, for a browser to show it only
    /// as what it is: anything textual as plain UTF-8 text (never as a page
    /// of its own), images and PDFs as themselves, anything else as bytes.
    #[must_use]
    pub fn served_type(self) -> &'static str {
        match self.kind {
            MediaKind::Text | MediaKind::Markdown | MediaKind::Email => "text/plain; charset=utf-8",
            MediaKind::Image | MediaKind::Pdf => self.mime,
            MediaKind::Other => "application/octet-stream",
        }
    }
}

/// Extensions (lower case), their kind and MIME type.
const TABLE: &[(&str, MediaKind, &str)] = &[
    ("txt", MediaKind::Text, "text/plain"),
    ("text", MediaKind::Text, "text/plain"),
    ("log", MediaKind::Text, "text/plain"),
    ("csv", MediaKind::Text, "text/csv"),
    ("tsv", MediaKind::Text, "text/tab-separated-values"),
    ("yaml", MediaKind::Text, "application/yaml"),
    ("yml", MediaKind::Text, "application/yaml"),
    ("md", MediaKind::Markdown, "text/markdown"),
    ("markdown", MediaKind::Markdown, "text/markdown"),
    ("eml", MediaKind::Email, "message/rfc822"),
    ("png", MediaKind::Image, "image/png"),
    ("jpg", MediaKind::Image, "image/jpeg"),
    ("jpeg", MediaKind::Image, "image/jpeg"),
    ("gif", MediaKind::Image, "image/gif"),
    ("webp", MediaKind::Image, "image/webp"),
    ("pdf", MediaKind::Pdf, "application/pdf"),
    ("doc", MediaKind::Other, "application/msword"),
    (
        "docx",
        MediaKind::Other,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    ("xls", MediaKind::Other, "application/vnd.ms-excel"),
    (
        "xlsx",
        MediaKind::Other,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    (
        "pptx",
        MediaKind::Other,
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ),
    (
        "odt",
        MediaKind::Other,
        "application/vnd.oasis.opendocument.text",
    ),
    (
        "ods",
        MediaKind::Other,
        "application/vnd.oasis.opendocument.spreadsheet",
    ),
    ("mp3", MediaKind::Other, "audio/mpeg"),
    ("m4a", MediaKind::Other, "audio/mp4"),
    ("wav", MediaKind::Other, "audio/wav"),
    ("mp4", MediaKind::Other, "video/mp4"),
    ("mov", MediaKind::Other, "video/quicktime"),
    ("zip", MediaKind::Other, "application/zip"),
    // Attached to the PDF report with their type, never shown: HTML and
    // SVG can hold script, TIFF no browser shows.
    ("html", MediaKind::Other, "text/html"),
    ("htm", MediaKind::Other, "text/html"),
    ("svg", MediaKind::Other, "image/svg+xml"),
    ("tif", MediaKind::Other, "image/tiff"),
    ("tiff", MediaKind::Other, "image/tiff"),
    ("json", MediaKind::Other, "application/json"),
    ("xml", MediaKind::Other, "application/xml"),
    ("rtf", MediaKind::Other, "application/rtf"),
    ("ppt", MediaKind::Other, "application/vnd.ms-powerpoint"),
    (
        "odp",
        MediaKind::Other,
        "application/vnd.oasis.opendocument.presentation",
    ),
    ("webm", MediaKind::Other, "video/webm"),
];

/// The kind and MIME type of the file at `path` (`/`-separated; only its
/// last name counts), by its extension in any case: `Photo.JPG` is a JPEG
/// image, a name without a known extension is [`MediaKind::Other`] and
/// `application/octet-stream`.
#[must_use]
pub fn media_of(path: &str) -> Media {
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    let extension = name
        .rsplit_once('.')
        .filter(|(stem, _)| !stem.is_empty())
        .map(|(_, e)| e.to_ascii_lowercase());
    extension
        .and_then(|e| TABLE.iter().find(|(x, _, _)| *x == e))
        .map_or(
            Media {
                kind: MediaKind::Other,
                mime: "application/octet-stream",
            },
            |&(_, kind, mime)| Media { kind, mime },
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_and_types_by_extension_in_any_case() {
        for (path, kind, mime) in [
            ("evidence/notes.txt", MediaKind::Text, "text/plain"),
            ("evidence/list.CSV", MediaKind::Text, "text/csv"),
            (
                "evidence/statement.md",
                MediaKind::Markdown,
                "text/markdown",
            ),
            ("evidence/Reply.EML", MediaKind::Email, "message/rfc822"),
            ("evidence/photo.JPG", MediaKind::Image, "image/jpeg"),
            ("evidence/a.jpeg", MediaKind::Image, "image/jpeg"),
            ("evidence/scan.Png", MediaKind::Image, "image/png"),
            ("evidence/x.gif", MediaKind::Image, "image/gif"),
            ("evidence/x.webp", MediaKind::Image, "image/webp"),
            ("evidence/report.PDF", MediaKind::Pdf, "application/pdf"),
            (
                "evidence/recording.bin",
                MediaKind::Other,
                "application/octet-stream",
            ),
            (
                "evidence/README",
                MediaKind::Other,
                "application/octet-stream",
            ),
            (
                "evidence/.png",
                MediaKind::Other,
                "application/octet-stream",
            ),
            (
                "evidence.md/notes",
                MediaKind::Other,
                "application/octet-stream",
            ),
            // Named for what they are (an attachment's type), but never
            // shown and served only as bytes: see `served_type`.
            ("evidence/page.html", MediaKind::Other, "text/html"),
            ("evidence/svg.svg", MediaKind::Other, "image/svg+xml"),
        ] {
            assert_eq!(media_of(path), Media { kind, mime }, "{path}");
        }
    }

    #[test]
    fn text_is_served_as_plain_text_and_the_unknown_as_bytes() {
        assert_eq!(media_of("a.md").served_type(), "text/plain; charset=utf-8");
        assert_eq!(media_of("a.eml").served_type(), "text/plain; charset=utf-8");
        assert_eq!(media_of("a.csv").served_type(), "text/plain; charset=utf-8");
        assert_eq!(media_of("a.webp").served_type(), "image/webp");
        assert_eq!(media_of("a.pdf").served_type(), "application/pdf");
        assert_eq!(media_of("a.docx").served_type(), "application/octet-stream");
        // Never as a page or a drawing that could run script.
        assert_eq!(media_of("a.html").served_type(), "application/octet-stream");
        assert_eq!(media_of("a.SVG").served_type(), "application/octet-stream");
    }
}
