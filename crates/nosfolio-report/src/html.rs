//! The HTML report, rendered with tera from the templates in this crate's
//! `templates/` folder (embedded; a user's own file of the same name
//! replaces one).

use std::error::Error as _;

use tera::{Context, Tera};

use crate::content::ReadHead;
use crate::report::ReportModel;

/// How the page marks where a part rendered on its own goes:
/// `<!--nosfolio-evidence-->`, `<!--nosfolio-claims:ANCHOR-->`. Nothing a
/// user wrote can make one: every text is escaped, and sanitized HTML
/// keeps no comment.
const MARK: &str = "<!--nosfolio-";

/// The built-in templates, by name.
const TEMPLATES: [(&str, &str); 5] = [
    ("report.html", include_str!("../templates/report.html")),
    (
        "report-piece.html",
        include_str!("../templates/report-piece.html"),
    ),
    (
        "report-claims.html",
        include_str!("../templates/report-claims.html"),
    ),
    ("caseload.html", include_str!("../templates/caseload.html")),
    ("report.css", include_str!("../templates/report.css")),
];

/// A template could not be loaded or rendered.
#[derive(Debug, thiserror::Error)]
#[error("template {name}: {message}")]
pub struct TemplateError {
    /// The template's name.
    pub name: String,
    /// What tera said, with its causes.
    pub message: String,
}

fn template_error(name: &str, error: &tera::Error) -> TemplateError {
    let mut message = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    TemplateError {
        name: name.to_owned(),
        message,
    }
}

/// The names of the templates a user may override.
#[must_use]
pub fn template_names() -> Vec<&'static str> {
    TEMPLATES.iter().map(|(name, _)| *name).collect()
}

/// The report templates, built in or overridden.
pub struct Templates {
    tera: Tera,
    css: String,
}

impl Templates {
    /// The built-in templates, with `overrides` (name, content) replacing
    /// those of the same name.
    ///
    /// # Errors
    /// When a template does not parse.
    pub fn new(overrides: &[(String, String)]) -> Result<Self, TemplateError> {
        let source = |name: &str| -> String {
            overrides
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, text)| text.clone())
                .or_else(|| {
                    TEMPLATES
                        .iter()
                        .find(|(n, _)| *n == name)
                        .map(|(_, t)| (*t).to_owned())
                })
                .unwrap_or_default()
        };
        let mut tera = Tera::default();
        for name in TEMPLATES
            .iter()
            .map(|(name, _)| *name)
            .filter(|name| name.ends_with(".html"))
        {
            tera.add_raw_template(name, &source(name))
                .map_err(|e| template_error(name, &e))?;
        }
        Ok(Self {
            tera,
            css: source("report.css"),
        })
    }

    /// Renders a caseload as one HTML page.
    ///
    /// # Errors
    /// When the template refers to something the rows do not have.
    pub fn render_caseload(
        &self,
        rows: &[crate::CaseloadRow],
        generated: &str,
    ) -> Result<String, TemplateError> {
        let mut context = Context::new();
        let (portfolios, unsearched) = crate::caseload::counts(rows);
        // Each row with its sign-off in words, as the text table has it.
        let shown: Vec<serde_json::Value> = rows
            .iter()
            .map(|row| {
                let mut value = serde_json::to_value(row).unwrap_or_default();
                if let serde_json::Value::Object(map) = &mut value {
                    map.insert("sign_off_text".into(), row.sign_off().into());
                }
                value
            })
            .collect();
        context.insert("rows", &shown);
        context.insert("portfolios", &portfolios);
        context.insert("unsearched", &unsearched);
        context.insert("generated", generated);
        context.insert("version", env!("CARGO_PKG_VERSION"));
        context.insert("css", &self.css.replace("</", "<\\/"));
        self.tera
            .render("caseload.html", &context)
            .map_err(|e| template_error("caseload.html", &e))
    }

    /// Renders the HTML report: the page (`report.html`), then each piece
    /// of evidence (`report-piece.html`, with `piece` alone in its context)
    /// and each item's claims (`report-claims.html`, with `claims`) where
    /// the page marks them, one at a time, so that a report of thousands
    /// of pieces never holds them all as template values at once; each file
    /// of evidence the audience sees is shown where its piece places its
    /// `content` (read with `read`, one file at a time: see
    /// [`crate::evidence_content_html`]).
    ///
    /// # Errors
    /// When a template refers to something the model does not have.
    pub fn render(
        &self,
        model: &ReportModel,
        read: &ReadHead<'_>,
    ) -> Result<String, TemplateError> {
        let mut context =
            Context::from_serialize(model).map_err(|e| template_error("report.html", &e))?;
        // The stylesheet is the project's or the user's own file, not user
        // data: it goes in unescaped, but cannot close the style element.
        context.insert("css", &self.css.replace("</", "<\\/"));
        let page = self
            .tera
            .render("report.html", &context)
            .map_err(|e| template_error("report.html", &e))?;
        drop(context);
        let claims = model.claims_by_anchor();
        let mut out = String::with_capacity(page.len() * 2);
        let mut rest = page.as_str();
        while let Some(at) = rest.find(MARK) {
            out.push_str(&rest[..at]);
            let after = &rest[at + MARK.len()..];
            let Some(end) = after.find("-->") else {
                break;
            };
            let marker = &after[..end];
            if marker == "evidence" {
                for piece in model.pieces() {
                    let mut context = Context::new();
                    context.insert("piece", piece);
                    let html = self
                        .tera
                        .render("report-piece.html", &context)
                        .map_err(|e| template_error("report-piece.html", &e))?;
                    out.push_str(&crate::content::fill(
                        &html,
                        model.contents(),
                        model.base(),
                        read,
                    ));
                }
            } else if let Some(item) = marker
                .strip_prefix("claims:")
                .and_then(|anchor| claims.get(anchor))
            {
                let mut context = Context::new();
                context.insert("claims", item);
                out.push_str(
                    &self
                        .tera
                        .render("report-claims.html", &context)
                        .map_err(|e| template_error("report-claims.html", &e))?,
                );
            } else {
                out.push_str(&rest[at..at + MARK.len() + end + 3]);
            }
            rest = &after[end + 3..];
        }
        out.push_str(rest);
        Ok(out)
    }
}
