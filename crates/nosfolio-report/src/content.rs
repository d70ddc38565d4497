//! The evidence itself: what a file of a piece of evidence holds
//! ([`evidence_content`], by its kind, [`nosfolio_core::media_of`]), ready
//! for any output, and that as HTML ([`evidence_content_html`]) for the
//! report and for the web app's page of a piece alike; the PDF report
//! typesets the same [`EvidenceContent`].
//!
//! - plain text: escaped, its lines and spaces kept, the first
//!   [`TEXT_SHOWN`] bytes at most (a note says how much is shown);
//! - Markdown: rendered and sanitized by the same code as a piece's
//!   description (its nesting bounded, no image, no link leaving the
//!   portfolio), front matter left out;
//! - e-mail: From, To, Cc, Date and Subject as a small table, then the
//!   text body (or the HTML body, sanitized), then its attachments by
//!   name and size;
//! - images: in the report decoded (within [`IMAGE_PIXELS`] and
//!   [`IMAGE_BYTES`], checked before decoding), turned upright as their
//!   metadata says, scaled down to [`IMAGE_WIDTH`] pixels wide at most,
//!   re-encoded (which also drops their metadata: a photo's location) and
//!   embedded as a `data:` URI; on a web page linked;
//! - PDF and any other file: listed, with its size and SHA-256.
//!
//! Bytes are read through the caller's bounded reader ([`ReadHead`]), one
//! file at a time: a report never holds more than one file's bytes.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::io;

use base64::Engine as _;
use html_escape::encode_quoted_attribute as escape;
use nosfolio_core::{MAX_HTML_DEPTH, MediaKind, html_depth, media_of, split_front_matter};

use crate::markdown::{Links, markdown_to_html_bounded, sanitize_html};
use crate::text::human_size;

/// How many bytes of a plain text, Markdown file or e-mail body are shown
/// at most.
pub const TEXT_SHOWN: u64 = 64 * 1024;

/// The largest e-mail message read (its attachments included).
pub const EMAIL_LIMIT: u64 = 16 * 1024 * 1024;

/// The largest image file read.
pub const IMAGE_LIMIT: u64 = 32 * 1024 * 1024;

/// The most pixels an image may have to be decoded (width × height): a
/// small file can declare a huge image (a decompression bomb).
pub const IMAGE_PIXELS: u64 = 64 * 1024 * 1024;

/// The most memory a decoded image may take (a 16-bit image with alpha
/// takes 8 bytes a pixel).
pub const IMAGE_BYTES: u64 = 256 * 1024 * 1024;

/// The widest an embedded image is, in pixels: wider ones are scaled down
/// (never up), their aspect kept. About an A4 page's width at 200 dpi.
pub const IMAGE_WIDTH: u32 = 1600;

/// The JPEG quality of a re-encoded photograph.
const JPEG_QUALITY: u8 = 80;

/// Reads a file of evidence by its path (relative to the portfolio,
/// `/`-separated): at most `limit` bytes from its start, and the file's
/// whole size.
pub type ReadHead<'a> = dyn Fn(&str, u64) -> io::Result<(Vec<u8>, u64)> + Sync + 'a;

/// A file to show.
#[derive(Debug, Clone, Copy)]
pub struct ContentFile<'a> {
    /// Its path relative to the portfolio, `/`-separated.
    pub path: &'a str,
    /// Its size in bytes, as the portfolio was read.
    pub size: u64,
    /// Its SHA-256, when it could be read.
    pub sha256: Option<&'a str>,
    /// The title of its piece of evidence: an image's alternative text.
    pub title: &'a str,
}

/// Where the HTML goes.
#[derive(Debug, Clone, Copy)]
pub enum ContentFor<'a> {
    /// A self-contained report: images embedded, Markdown links made
    /// relative to a report reached by `base` (see
    /// [`crate::ReportMeta::base`]), files not shown listed.
    Report {
        /// How to reach the portfolio from the report's folder.
        base: &'a [String],
    },
    /// A page of the web app: an image as an `<img>` of `image_src`, a PDF
    /// or other file left to the page (nothing is returned for it), a
    /// Markdown file's links leading to `page`.
    Page {
        /// Where the page's browser fetches the file.
        image_src: &'a str,
        /// The web app's page of a file, holding `{path}` for its path.
        page: &'a str,
    },
}

/// What a file of evidence holds, ready to be shown in any format (the
/// HTML report, a piece's web page, the PDF report): each output shows the
/// same text, the same image and the same notes, by this one rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EvidenceContent {
    /// Plain text as written, its line breaks and tabs kept and any other
    /// control character (or bidirectional override) dropped.
    Text {
        /// The text.
        text: String,
        /// Set when only the file's start is shown.
        shortened: Option<Shortened>,
    },
    /// Markdown, its front matter left out.
    Markdown {
        /// The Markdown after the front matter.
        body: String,
        /// The file's folder in the portfolio, one segment each: its
        /// relative links start there.
        folder: Vec<String>,
        /// Set when only the file's start is shown.
        shortened: Option<Shortened>,
    },
    /// An e-mail message.
    Email(EmailContent),
    /// An image, decoded, turned upright, scaled and re-encoded.
    Image(ImageContent),
    /// A PDF or another file no report can show: listed with its size and
    /// SHA-256.
    Listed(MediaKind),
    /// Why the file is not shown, as a sentence for the reader.
    Note(String),
}

/// How much of a long file is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shortened {
    /// Bytes shown.
    pub shown: u64,
    /// Bytes in all.
    pub whole: u64,
}

impl Shortened {
    /// `Shortened: 65,536 of 120,000 bytes shown.`
    #[must_use]
    pub fn sentence(&self) -> String {
        format!(
            "Shortened: {} of {} bytes shown.",
            grouped(self.shown),
            grouped(self.whole)
        )
    }
}

/// An e-mail message as shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmailContent {
    /// From, To, Cc, Date and Subject, those the message has, made safe
    /// to show.
    pub headers: Vec<(&'static str, String)>,
    /// Its body.
    pub body: EmailBody,
    /// The names and sizes of the files attached to it.
    pub attachments: Vec<(String, u64)>,
}

/// The body of an e-mail message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EmailBody {
    /// Its text body (kept as [`EvidenceContent::Text`] keeps text).
    Text {
        /// The text.
        text: String,
        /// Set when only the body's start is shown.
        shortened: Option<Shortened>,
    },
    /// Only an HTML body: `html` when it may be sanitized and shown (not
    /// too large, not nested too deep), and always its text.
    Html {
        /// The HTML, not yet sanitized.
        html: Option<String>,
        /// The same as text.
        text: String,
    },
    /// No text at all.
    Empty,
}

/// An image ready to embed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageContent {
    /// `image/jpeg` for a photograph, else `image/png`.
    pub mime: &'static str,
    /// Its width in pixels, at most [`IMAGE_WIDTH`].
    pub width: u32,
    /// Its height in pixels.
    pub height: u32,
    /// The encoded image, without any of the original's metadata.
    pub bytes: Vec<u8>,
}

/// What `file` holds, read through `read` (see the module's
/// documentation): never more than one file's bytes, within the limits
/// above; a file that cannot be read or decoded gives a note saying so.
#[must_use]
pub fn evidence_content(file: &ContentFile<'_>, read: &ReadHead<'_>) -> EvidenceContent {
    match media_of(file.path).kind {
        MediaKind::Text => text_content(file, read),
        MediaKind::Markdown => markdown_content(file, read),
        MediaKind::Email => email_content(file, read),
        MediaKind::Image => match embedded_image(file, read) {
            Ok(image) => EvidenceContent::Image(image),
            Err(why) => {
                EvidenceContent::Note(format!("The image {} is not shown: {why}.", file.path))
            }
        },
        kind @ (MediaKind::Pdf | MediaKind::Other) => EvidenceContent::Listed(kind),
    }
}

/// The HTML showing what `file` holds (see the module's documentation).
/// Whatever the file holds, the HTML is safe to embed: nothing in it runs,
/// loads from elsewhere or leaves the portfolio; a file that cannot be
/// read or decoded gives a note saying so.
#[must_use]
pub fn evidence_content_html(
    file: &ContentFile<'_>,
    target: ContentFor<'_>,
    read: &ReadHead<'_>,
) -> String {
    match (media_of(file.path).kind, target) {
        (MediaKind::Image, ContentFor::Page { image_src, .. }) => format!(
            "<img class=\"evidence-image\" src=\"{}\" alt=\"{}\">",
            escape(image_src),
            escape(file.title)
        ),
        (MediaKind::Pdf | MediaKind::Other, ContentFor::Page { .. }) => String::new(),
        (_, ContentFor::Report { base }) => {
            content_html(&evidence_content(file, read), file, Some(base), None)
        }
        (_, ContentFor::Page { page, .. }) => {
            content_html(&evidence_content(file, read), file, None, Some(page))
        }
    }
}

/// `content` of `file` as HTML, Markdown links made relative to a report
/// reached by `base`, or leading to the web app's `page` of each file.
fn content_html(
    content: &EvidenceContent,
    file: &ContentFile<'_>,
    base: Option<&[String]>,
    page: Option<&str>,
) -> String {
    match content {
        EvidenceContent::Text { text, shortened } => {
            let mut out = format!("<pre class=\"evidence-text\">{}</pre>\n", escape(text));
            out.push_str(&shortened_html(*shortened));
            out
        }
        EvidenceContent::Markdown {
            body,
            folder,
            shortened,
        } => {
            let links = match (base, page) {
                (_, Some(page)) => Links::Pages {
                    folder: folder.clone(),
                    page: page.to_owned(),
                },
                (base, None) => {
                    let mut from: Vec<String> = base.unwrap_or_default().to_vec();
                    from.extend(folder.iter().cloned());
                    Links::Report(from)
                }
            };
            let (html, _) = markdown_to_html_bounded(body, &links);
            let mut out = format!("<div class=\"evidence-markdown\">\n{html}</div>\n");
            out.push_str(&shortened_html(*shortened));
            out
        }
        EvidenceContent::Email(email) => email_html(email),
        EvidenceContent::Image(image) => format!(
            "<img class=\"evidence-image\" src=\"data:{};base64,{}\" width=\"{}\" height=\"{}\" alt=\"{}\">\n",
            image.mime,
            base64::engine::general_purpose::STANDARD.encode(&image.bytes),
            image.width,
            image.height,
            escape(file.title)
        ),
        EvidenceContent::Listed(kind) => listed_html(file, *kind),
        EvidenceContent::Note(text) => note(text),
    }
}

/// `text` as shown: its line breaks and tabs kept, other control
/// characters (and bidirectional overrides, which could make text read
/// other than it is) dropped.
fn kept_text(text: &str) -> String {
    text.chars()
        .filter(|&c| {
            c == '\n'
                || c == '\t'
                || !(c.is_control()
                    || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'))
        })
        .collect()
}

/// A note for the reader, inside the content.
fn note(text: &str) -> String {
    format!("<p class=\"content-note\">{}</p>\n", escape(text))
}

fn shortened_html(shortened: Option<Shortened>) -> String {
    shortened.map_or_else(String::new, |s| note(&s.sentence()))
}

/// Bytes as text: UTF-8 (an incomplete character at a cut end left out),
/// anything invalid replaced.
fn as_text(bytes: &[u8], cut: bool) -> Cow<'_, str> {
    let bytes = match std::str::from_utf8(bytes) {
        Err(e) if cut && e.error_len().is_none() => &bytes[..e.valid_up_to()],
        _ => bytes,
    };
    String::from_utf8_lossy(bytes)
}

/// Numbers with thousands separated, as a reader counts bytes.
fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn unreadable(file: &ContentFile<'_>, error: &io::Error) -> EvidenceContent {
    EvidenceContent::Note(format!("{} could not be read: {error}.", file.path))
}

/// The first [`TEXT_SHOWN`] bytes of `file` as text, and whether that is
/// not all of it.
fn text_head(
    file: &ContentFile<'_>,
    read: &ReadHead<'_>,
) -> Result<(String, Option<Shortened>), EvidenceContent> {
    let (bytes, size) = read(file.path, TEXT_SHOWN).map_err(|e| unreadable(file, &e))?;
    let cut = (bytes.len() as u64) < size;
    let text = as_text(&bytes, cut).into_owned();
    let shortened = cut.then_some(Shortened {
        shown: bytes.len() as u64,
        whole: size,
    });
    Ok((text, shortened))
}

fn text_content(file: &ContentFile<'_>, read: &ReadHead<'_>) -> EvidenceContent {
    match text_head(file, read) {
        Ok((text, shortened)) => EvidenceContent::Text {
            text: kept_text(&text),
            shortened,
        },
        Err(note) => note,
    }
}

fn markdown_content(file: &ContentFile<'_>, read: &ReadHead<'_>) -> EvidenceContent {
    let (text, shortened) = match text_head(file, read) {
        Ok(head) => head,
        Err(note) => return note,
    };
    // Front matter is the piece's description, shown above: the text is
    // what follows it.
    let body = match split_front_matter(&text) {
        Some(Ok(front)) => front.body,
        _ => &text,
    };
    // Its links are relative to its own folder, inside the portfolio.
    let folder = file
        .path
        .rsplit_once('/')
        .map(|(folder, _)| folder.split('/').map(str::to_owned).collect())
        .unwrap_or_default();
    EvidenceContent::Markdown {
        body: body.to_owned(),
        folder,
        shortened,
    }
}

/// An address header's addresses, as `Name <address>`.
fn addresses(address: Option<&mail_parser::Address<'_>>) -> Option<String> {
    let list: Vec<String> = address?
        .iter()
        .map(|a| match (a.name.as_deref(), a.address.as_deref()) {
            (Some(name), Some(address)) => format!("{name} <{address}>"),
            (Some(name), None) => name.to_owned(),
            (None, Some(address)) => address.to_owned(),
            (None, None) => String::new(),
        })
        .filter(|a| !a.is_empty())
        .collect();
    (!list.is_empty()).then(|| list.join(", "))
}

fn email_content(file: &ContentFile<'_>, read: &ReadHead<'_>) -> EvidenceContent {
    let (bytes, size) = match read(file.path, EMAIL_LIMIT) {
        Ok(read) => read,
        Err(e) => return unreadable(file, &e),
    };
    if (bytes.len() as u64) < size {
        return EvidenceContent::Note(format!(
            "This message is too large to show here ({}; up to {} is shown).",
            human_size(size),
            human_size(EMAIL_LIMIT)
        ));
    }
    let Some(message) = mail_parser::MessageParser::default().parse(&bytes) else {
        return EvidenceContent::Note("This file could not be read as an e-mail message.".into());
    };
    let headers = [
        ("From", addresses(message.from())),
        ("To", addresses(message.to())),
        ("Cc", addresses(message.cc())),
        ("Date", message.date().map(mail_parser::DateTime::to_rfc822)),
        ("Subject", message.subject().map(str::to_owned)),
    ]
    .into_iter()
    .filter_map(|(name, value)| Some((name, crate::text::clean(&value?))))
    .collect();
    // The text body; else the HTML one (as text when it is too large or
    // nests too deep for the sanitizer's parser).
    let plain = message.text_bodies().find(|part| !part.is_text_html());
    let body = if let Some(text) = plain.and_then(|part| part.text_contents()) {
        let cut = text.len() as u64 > TEXT_SHOWN;
        let shown = if cut {
            let mut end = usize::try_from(TEXT_SHOWN).unwrap_or(usize::MAX);
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            &text[..end]
        } else {
            text
        };
        EmailBody::Text {
            text: kept_text(shown),
            shortened: cut.then_some(Shortened {
                shown: shown.len() as u64,
                whole: text.len() as u64,
            }),
        }
    } else if let Some(html) = message.body_html(0) {
        let shown =
            html.len() as u64 <= 4 * TEXT_SHOWN && html_depth([html.as_ref()]) <= MAX_HTML_DEPTH;
        EmailBody::Html {
            html: shown.then(|| html.into_owned()),
            text: kept_text(&message.body_text(0).unwrap_or_default()),
        }
    } else {
        EmailBody::Empty
    };
    let attachments = message
        .attachments()
        .map(|part| {
            use mail_parser::MimeHeaders as _;
            (
                crate::text::clean(part.attachment_name().unwrap_or("unnamed attachment")),
                part.len() as u64,
            )
        })
        .collect();
    EvidenceContent::Email(EmailContent {
        headers,
        body,
        attachments,
    })
}

fn email_html(email: &EmailContent) -> String {
    let mut out = String::from("<table class=\"email-headers\"><tbody>\n");
    for (name, value) in &email.headers {
        let _ = writeln!(
            out,
            "<tr><th scope=\"row\">{name}</th><td>{}</td></tr>",
            escape(value)
        );
    }
    out.push_str("</tbody></table>\n");
    match &email.body {
        EmailBody::Text { text, shortened } => {
            let _ = writeln!(
                out,
                "<pre class=\"evidence-text email-body\">{}</pre>",
                escape(text)
            );
            out.push_str(&shortened_html(*shortened));
        }
        EmailBody::Html {
            html: Some(html), ..
        } => {
            let _ = writeln!(
                out,
                "<div class=\"email-body email-html\">{}</div>",
                sanitize_html(html, &Links::Report(Vec::new()))
            );
        }
        EmailBody::Html { html: None, text } => {
            let _ = writeln!(
                out,
                "<pre class=\"evidence-text email-body\">{}</pre>",
                escape(text)
            );
        }
        EmailBody::Empty => out.push_str(&note("The message has no text.")),
    }
    if !email.attachments.is_empty() {
        let items: String = email
            .attachments
            .iter()
            .map(|(name, size)| {
                format!(
                    "<li>{} <span class=\"note\">({})</span></li>",
                    escape(name),
                    human_size(*size)
                )
            })
            .collect();
        let _ = writeln!(
            out,
            "<p class=\"content-note\">Attached to the message:</p>\n<ul class=\"email-attachments\">{items}</ul>"
        );
    }
    out
}

/// A file the HTML report lists: where the reader finds it.
fn listed_html(file: &ContentFile<'_>, kind: MediaKind) -> String {
    let what = if kind == MediaKind::Pdf {
        "a PDF document"
    } else {
        "a file"
    };
    format!(
        "<p class=\"content-listed\"><span class=\"path\">{}</span>, {what} of {}, SHA-256 <code class=\"hash\">{}</code>: not shown in this HTML report; it opens from its link, and is attached to the PDF version of this report.</p>\n",
        escape(file.path),
        human_size(file.size),
        file.sha256.map_or_else(|| "unreadable".into(), escape)
    )
}

/// The image at `file`, scaled and re-encoded; or why not, in words.
fn embedded_image(file: &ContentFile<'_>, read: &ReadHead<'_>) -> Result<ImageContent, String> {
    use image::{ImageDecoder as _, ImageReader, Limits};
    let (bytes, size) =
        read(file.path, IMAGE_LIMIT).map_err(|e| format!("it could not be read ({e})"))?;
    if (bytes.len() as u64) < size {
        return Err(format!(
            "it is too large ({}; images up to {} are shown)",
            human_size(size),
            human_size(IMAGE_LIMIT)
        ));
    }
    let reader = || {
        ImageReader::new(io::Cursor::new(&bytes[..]))
            .with_guessed_format()
            .map_err(|e| e.to_string())
    };
    let undecodable = |e: image::ImageError| format!("it could not be decoded as an image ({e})");
    let (width, height) = reader()?.into_dimensions().map_err(undecodable)?;
    if u64::from(width) * u64::from(height) > IMAGE_PIXELS {
        return Err(format!(
            "it is {width} × {height} pixels, more than the {} million shown",
            IMAGE_PIXELS / 1_000_000
        ));
    }
    let mut reader = reader()?;
    let format = reader.format();
    let mut limits = Limits::default();
    limits.max_image_width = Some(width.max(1));
    limits.max_image_height = Some(height.max(1));
    limits.max_alloc = Some(IMAGE_BYTES);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(undecodable)?;
    let bytes_decoded = decoder.total_bytes();
    if bytes_decoded > IMAGE_BYTES {
        return Err(format!(
            "decoded, it would take {}, more than the {} allowed",
            human_size(bytes_decoded),
            human_size(IMAGE_BYTES)
        ));
    }
    // A photograph taken on its side says so in its metadata, which
    // re-encoding drops: it is turned as a browser would show it.
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut image = image::DynamicImage::from_decoder(decoder).map_err(undecodable)?;
    image.apply_orientation(orientation);
    let image = if image.width() > IMAGE_WIDTH {
        let scaled_height =
            (u64::from(image.height()) * u64::from(IMAGE_WIDTH) / u64::from(image.width())).max(1);
        image.resize_exact(
            IMAGE_WIDTH,
            u32::try_from(scaled_height).unwrap_or(u32::MAX),
            image::imageops::FilterType::Triangle,
        )
    } else {
        image
    };
    // A photograph as JPEG; a drawing, a scan kept as PNG, anything with
    // transparency, as PNG.
    let photo = format == Some(image::ImageFormat::Jpeg)
        || (format == Some(image::ImageFormat::WebP) && !image.color().has_alpha());
    let mut encoded = Vec::new();
    let mime = if photo {
        let rgb = image.to_rgb8();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut encoded, JPEG_QUALITY)
            .encode_image(&rgb)
            .map_err(|e| format!("it could not be encoded ({e})"))?;
        "image/jpeg"
    } else {
        image
            .write_to(&mut io::Cursor::new(&mut encoded), image::ImageFormat::Png)
            .map_err(|e| format!("it could not be encoded ({e})"))?;
        "image/png"
    };
    Ok(ImageContent {
        mime,
        width: image.width(),
        height: image.height(),
        bytes: encoded,
    })
}

/// The placeholder a report's template holds for the content of file
/// number `n`, filled by [`fill`] after the template is rendered: the
/// content is made one file at a time, into the page itself.
pub(crate) fn placeholder(n: usize) -> String {
    format!("{MARK}{n}-->")
}

const MARK: &str = "<!--nosfolio-content:";

/// `page` with each placeholder replaced by the content of its file among
/// `files`, made one at a time.
pub(crate) fn fill(
    page: &str,
    files: &[crate::report::ContentSource],
    base: &[String],
    read: &ReadHead<'_>,
) -> String {
    let mut out = String::with_capacity(page.len());
    let mut rest = page;
    while let Some(at) = rest.find(MARK) {
        out.push_str(&rest[..at]);
        let after = &rest[at + MARK.len()..];
        let found = after.find("-->").and_then(|end| {
            let n: usize = after[..end].parse().ok()?;
            Some((files.get(n)?, end))
        });
        match found {
            Some((source, end)) => {
                out.push_str(&evidence_content_html(
                    &source.file(),
                    ContentFor::Report { base },
                    read,
                ));
                rest = &after[end + 3..];
            }
            None => {
                out.push_str(MARK);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reader(
        files: Vec<(&'static str, Vec<u8>)>,
    ) -> impl Fn(&str, u64) -> io::Result<(Vec<u8>, u64)> + Sync {
        move |path: &str, limit: u64| {
            let (_, bytes) = files
                .iter()
                .find(|(p, _)| *p == path)
                .ok_or_else(|| io::Error::new(io::ErrorKind::NotFound, "no such file"))?;
            let shown = bytes
                .len()
                .min(usize::try_from(limit).unwrap_or(usize::MAX));
            Ok((bytes[..shown].to_vec(), bytes.len() as u64))
        }
    }

    fn report(path: &'static str, bytes: Vec<u8>) -> String {
        let read = reader(vec![(path, bytes)]);
        let file = ContentFile {
            path,
            size: 0,
            sha256: Some("abc"),
            title: "A \"title\" <b>",
        };
        evidence_content_html(&file, ContentFor::Report { base: &[] }, &read)
    }

    /// CRC-32 as PNG chunks have it.
    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = 0xffff_ffffu32;
        for &b in bytes {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xedb8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }

    type Tried = Result<(), Box<dyn std::error::Error>>;

    fn png(width: u32, height: u32) -> Result<Vec<u8>, image::ImageError> {
        let image = image::RgbImage::from_pixel(width, height, image::Rgb([200, 10, 10]));
        let mut bytes = Vec::new();
        image::DynamicImage::ImageRgb8(image)
            .write_to(&mut io::Cursor::new(&mut bytes), image::ImageFormat::Png)?;
        Ok(bytes)
    }

    #[test]
    fn plain_text_is_escaped_and_kept_as_written() {
        let html = report("e/a.txt", b"line <one>\n  two & \x1b[31mthree\n".to_vec());
        assert_eq!(
            html,
            "<pre class=\"evidence-text\">line &lt;one&gt;\n  two &amp; [31mthree\n</pre>\n"
        );
    }

    #[test]
    fn long_text_is_shortened_with_a_note() {
        let mut text = "é".repeat(40_000).into_bytes();
        text.extend(b"TAIL");
        let html = report("e/a.log", text);
        assert!(!html.contains("TAIL"));
        assert!(!html.contains('\u{fffd}'), "no half character at the cut");
        assert!(
            html.contains("Shortened: 65,536 of 80,004 bytes shown."),
            "{}",
            &html[html.len() - 200..]
        );
    }

    #[test]
    fn markdown_is_rendered_sanitized_without_its_front_matter() {
        let html = report(
            "evidence/s.md",
            b"---\ntitle: Secret title\n---\n# Heading\n\n<script>alert(1)</script>\n\n[x](javascript:alert(2)) [y](https://example.com/) [z](other.pdf) <img src=x onerror=alert(3)>\n".to_vec(),
        );
        assert!(html.contains("<h1>Heading</h1>"), "{html}");
        assert!(!html.contains("Secret title"), "{html}");
        for bad in [
            "<script",
            "href=\"javascript",
            "href=\"https:",
            "<img",
            "onerror",
        ] {
            assert!(!html.contains(bad), "{bad} in {html}");
        }
        assert_eq!(html.matches("href=").count(), 1, "{html}");
        assert!(html.contains("href=\"evidence/other.pdf\""), "{html}");
    }

    #[test]
    fn an_email_shows_its_headers_body_and_attachments() {
        let eml = "From: Ann Smith <ann@example.com>\r\nTo: Bob <bob@example.com>, c@example.com\r\nCc: d@example.com\r\nSubject: Budget <review>\r\nDate: Thu, 6 Mar 2025 10:00:00 +0000\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nHello <Bob>,\r\nthe figures.\r\n--b\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename=\"figures.pdf\"\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n--b--\r\n";
        let html = report("e/m.eml", eml.as_bytes().to_vec());
        for expected in [
            "<th scope=\"row\">From</th><td>Ann Smith &lt;ann@example.com&gt;</td>",
            "<td>Bob &lt;bob@example.com&gt;, c@example.com</td>",
            "<th scope=\"row\">Cc</th>",
            "<td>Budget &lt;review&gt;</td>",
            "<th scope=\"row\">Date</th><td>Thu, 6 Mar 2025",
            "Hello &lt;Bob&gt;,",
            "figures.pdf",
        ] {
            assert!(html.contains(expected), "{expected} not in {html}");
        }
    }

    #[test]
    fn an_html_email_is_sanitized() {
        let eml = "From: x@example.com\r\nSubject: s\r\nContent-Type: text/html\r\n\r\n<p onclick=\"alert(1)\">Hi <b>there</b><script>alert(2)</script><img src=https://tracker.example/p.gif onerror=alert(3)><a href=\"javascript:alert(4)\">x</a><a href=\"https://example.com/\">y</a></p>\r\n";
        let html = report("e/m.eml", eml.as_bytes().to_vec());
        assert!(html.contains("<b>there</b>"), "{html}");
        for bad in [
            "onclick",
            "<script",
            "<img",
            "tracker",
            "javascript",
            "https:",
        ] {
            assert!(!html.contains(bad), "{bad} in {html}");
        }
    }

    #[test]
    fn an_image_is_embedded_scaled_to_the_page_never_up() -> Tried {
        let html = report("e/wide.png", png(3200, 100)?);
        assert!(
            html.starts_with("<img class=\"evidence-image\" src=\"data:image/png;base64,"),
            "{}",
            &html[..80]
        );
        assert!(
            html.contains("width=\"1600\" height=\"50\""),
            "{}",
            &html[html.len() - 120..]
        );
        assert!(html.contains("alt=\"A &quot;title&quot; &lt;b&gt;\""));
        let html = report("e/small.PNG", png(20, 10)?);
        assert!(html.contains("width=\"20\" height=\"10\""));
        Ok(())
    }

    #[test]
    fn a_jpeg_stays_a_jpeg() -> Tried {
        let image = image::RgbImage::from_pixel(8, 8, image::Rgb([1, 2, 3]));
        let mut bytes = Vec::new();
        image::DynamicImage::ImageRgb8(image)
            .write_to(&mut io::Cursor::new(&mut bytes), image::ImageFormat::Jpeg)?;
        let html = report("e/photo.jpg", bytes);
        assert!(html.contains("src=\"data:image/jpeg;base64,"), "{html}");
        Ok(())
    }

    #[test]
    fn a_photo_taken_on_its_side_is_turned_upright() -> Tried {
        use image::ImageEncoder as _;
        // EXIF (big-endian TIFF): one entry, Orientation (0x0112) = 6,
        // "rotate 90° clockwise to show".
        let exif = vec![
            b'M', b'M', 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0, 0, 0, 0,
            0,
        ];
        let image = image::RgbImage::from_pixel(40, 10, image::Rgb([1, 2, 3]));
        let mut bytes = Vec::new();
        let mut encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut bytes, 90);
        encoder.set_exif_metadata(exif)?;
        encoder.write_image(&image, 40, 10, image::ExtendedColorType::Rgb8)?;
        let html = report("e/side.jpg", bytes);
        assert!(
            html.contains("width=\"10\" height=\"40\""),
            "{}",
            &html[html.len() - 120..]
        );
        Ok(())
    }

    #[test]
    fn a_broken_or_huge_image_gives_a_note_not_a_panic() -> Tried {
        let html = report("e/broken.png", b"\x89PNG\r\n\x1a\nnot really".to_vec());
        assert!(
            html.contains("is not shown: it could not be decoded"),
            "{html}"
        );
        let html = report("e/text.jpg", b"hello".to_vec());
        assert!(html.contains("is not shown"), "{html}");
        // A PNG header declaring 100,000 × 100,000 pixels.
        let mut bomb = png(1, 1)?;
        bomb[16..20].copy_from_slice(&100_000u32.to_be_bytes());
        bomb[20..24].copy_from_slice(&100_000u32.to_be_bytes());
        let crc = crc32(&bomb[12..29]);
        bomb[29..33].copy_from_slice(&crc.to_be_bytes());
        let html = report("e/bomb.png", bomb);
        assert!(html.contains("100000 × 100000 pixels"), "{html}");
        Ok(())
    }

    #[test]
    fn other_files_are_listed_and_pages_get_links() {
        let html = report("e/a.pdf", Vec::new());
        assert!(
            html.contains("not shown in this HTML report; it opens from its link"),
            "{html}"
        );
        assert!(html.contains("<code class=\"hash\">abc</code>"), "{html}");
        let read = reader(vec![]);
        let file = ContentFile {
            path: "e/a.png",
            size: 1,
            sha256: None,
            title: "t",
        };
        let page = ContentFor::Page {
            image_src: "/file?path=e%2Fa.png&x=\"",
            page: "/piece?path={path}",
        };
        assert_eq!(
            evidence_content_html(&file, page, &read),
            "<img class=\"evidence-image\" src=\"/file?path=e%2Fa.png&amp;x=&quot;\" alt=\"t\">"
        );
    }

    #[test]
    fn an_unreadable_file_gives_a_note() {
        let read = reader(vec![]);
        let file = ContentFile {
            path: "e/gone.txt",
            size: 1,
            sha256: None,
            title: "t",
        };
        let html = evidence_content_html(&file, ContentFor::Report { base: &[] }, &read);
        assert!(html.contains("could not be read"), "{html}");
    }

    #[test]
    fn placeholders_are_filled_one_file_at_a_time() {
        let read = reader(vec![("e/a.txt", b"A".to_vec())]);
        let files = vec![crate::report::ContentSource {
            number: 1,
            path: "e/a.txt".to_owned(),
            size: 1,
            sha256: None,
            title: "t".to_owned(),
        }];
        let page = format!(
            "x{}y{}<!--nosfolio-content:z",
            placeholder(0),
            placeholder(7)
        );
        assert_eq!(
            fill(&page, &files, &[], &read),
            "x<pre class=\"evidence-text\">A</pre>\ny<!--nosfolio-content:7--><!--nosfolio-content:z"
        );
    }
}
