//! The typst `World` the report is compiled in: one fixed template as the
//! main source, the embedded fonts, and the report's data and attachments
//! as virtual files held in memory. Nothing is read from the file system,
//! so a path in the data can never reach a file the report did not hand in.

use std::collections::HashMap;
use std::sync::OnceLock;

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime};
use typst::syntax::{FileId, Source, VirtualPath};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt as _, World};

/// The template, embedded in the crate.
const TEMPLATE: &str = include_str!("template/report.typ");

/// The fonts, loaded once per process.
pub(crate) struct Fonts {
    pub(crate) book: LazyHash<FontBook>,
    pub(crate) fonts: Vec<Font>,
}

/// The embedded fonts: typst's own (Libertinus Serif, New Computer Modern,
/// DejaVu Sans Mono), parsed once.
pub(crate) fn fonts() -> &'static Fonts {
    static FONTS: OnceLock<Fonts> = OnceLock::new();
    FONTS.get_or_init(|| {
        let fonts: Vec<Font> = typst_assets::fonts()
            .flat_map(|data| Font::iter(Bytes::new(data)))
            .collect();
        Fonts {
            book: LazyHash::new(FontBook::from_fonts(&fonts)),
            fonts,
        }
    })
}

/// Whether some embedded font has a glyph for `c`.
pub(crate) fn covered(c: char) -> bool {
    fonts()
        .fonts
        .iter()
        .any(|font| font.info().coverage.contains(u32::from(c)))
}

/// The world of one report.
pub(crate) struct ReportWorld {
    library: LazyHash<Library>,
    main: Source,
    files: HashMap<FileId, Bytes>,
    today: Option<Datetime>,
}

impl ReportWorld {
    /// A world whose main source is the template, with `files` (virtual
    /// absolute paths and their bytes) beside it.
    pub(crate) fn new(files: Vec<(String, Vec<u8>)>, today: Option<Datetime>) -> Self {
        let main_id = FileId::new(None, VirtualPath::new("/report.typ"));
        Self {
            library: LazyHash::new(Library::builder().build()),
            main: Source::new(main_id, TEMPLATE.to_owned()),
            files: files
                .into_iter()
                .map(|(path, bytes)| {
                    (
                        FileId::new(None, VirtualPath::new(&path)),
                        Bytes::new(bytes),
                    )
                })
                .collect(),
            today,
        }
    }
}

impl World for ReportWorld {
    fn library(&self) -> &LazyHash<Library> {
        &self.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &fonts().book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            Err(FileError::NotFound(id.vpath().as_rootless_path().into()))
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        self.files
            .get(&id)
            .cloned()
            .ok_or_else(|| FileError::NotFound(id.vpath().as_rootless_path().into()))
    }

    fn font(&self, index: usize) -> Option<Font> {
        fonts().fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<i64>) -> Option<Datetime> {
        self.today
    }
}
