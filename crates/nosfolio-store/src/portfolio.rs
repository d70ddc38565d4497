//! Opening a portfolio: `portfolio.yaml`, its standards, and every piece of
//! evidence under `evidence/` with its files hashed.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use nosfolio_core::{
    Coverage, Decision, Diagnostic, Evidence, EvidenceFile, EvidenceMeta, FrontMatter, Located,
    Manifest, Policy, Problem, SignOff, Signable as _, StandardSet, StandardSource, Target,
    TrustList, builtin_ids, builtin_standard, parse_decisions, parse_manifest, parse_meta,
    parse_sign_offs, parse_standard, resolve, sort_diagnostics, split_front_matter,
};
use nosfolio_network::{
    ContactsList, JOURNAL_EVIDENCE_TYPE, JournalEntry, Network, parse_contacts, parse_entry,
};
use walkdir::WalkDir;

use crate::cache::{Cache, CacheWarning, Stamp};
use crate::decisions::DECISIONS_LIMIT;
use crate::error::StoreError;
use crate::hash::{Hashed, Progress, hash_all, hash_bytes, listing_line};
use crate::key::CacheKey;
use crate::layout;
use crate::memo::Inputs;
use crate::owned::{path_to_read, read_owned, refused};
use crate::paths::{file_name, join_inside, parent};
use crate::read::{MARKDOWN_LIMIT, TEXT_LIMIT, read_text, starts_with_front_matter};
use crate::signoffs::SIGN_OFF_FILE;

/// The file that makes a folder a portfolio.
pub const MANIFEST_FILE: &str = "portfolio.yaml";

/// The folder, inside a portfolio, that holds the evidence.
pub const EVIDENCE_DIR: &str = "evidence";

/// The folder, inside a portfolio, that holds assessors' decisions.
pub const ASSESSMENT_DIR: &str = "assessment";

/// The networking plan's contacts list, inside a portfolio.
pub const CONTACTS_FILE: &str = "network/contacts.yaml";

/// The folder, inside a portfolio, that holds the networking journal.
pub const JOURNAL_DIR: &str = "network/journal";

/// The evidence type of the contacts list unless it says otherwise.
const CONTACTS_EVIDENCE_TYPE: &str = "annotated-contacts-list";

/// A portfolio as read from disk, with every problem found on the way.
#[derive(Debug, Clone)]
pub struct Portfolio {
    /// The portfolio folder.
    pub root: PathBuf,
    /// `portfolio.yaml`, when it could be read.
    pub manifest: Option<Manifest>,
    /// The standards it names that could be loaded.
    pub standards: StandardSet,
    /// The assessment policy of `portfolio.yaml`, resolved against the standards.
    pub policy: Policy,
    /// What the candidate is going for (`target:` of `portfolio.yaml`),
    /// resolved against the standards.
    pub target: Target,
    /// Every piece of evidence, ordered by path.
    pub evidence: Vec<Evidence>,
    /// Every assessor decision from `assessment/*.yaml`, oldest first, each
    /// weighed ([`Decision::standing`]) under the trust list read with, if
    /// any: only those that count ([`Decision::counts`]) set coverage.
    pub decisions: Vec<Decision>,
    /// The declaration, sign-offs and countersignatures of `sign-off.yaml`,
    /// in the order made, each weighed as the decisions are.
    pub sign_offs: Vec<SignOff>,
    /// The trust list the decisions were weighed under, as shown (its
    /// file), when one was in force.
    pub trust: Option<String>,
    /// The networking plan: `network/contacts.yaml` and the journal.
    pub network: Network,
    /// Every problem found, ordered by file and position.
    pub diagnostics: Vec<Diagnostic>,
    /// Why the cache could not be used or kept, when it was asked for.
    pub cache_warnings: Vec<CacheWarning>,
}

/// How a portfolio is read: [`Portfolio::open_with`].
#[derive(Clone, Copy, Default)]
pub struct ScanOptions<'a> {
    /// Use and update the cache in `.nosfolio/` (see [`crate::CACHE_DIR`]),
    /// marked with this key: a cache without its mark is not trusted.
    pub cache: Option<&'a CacheKey>,
    /// Told how much there is to hash and how much has been, as it happens.
    pub progress: Option<&'a dyn Progress>,
    /// A walk of the portfolio just taken by the caller: the files are
    /// listed and their stamps taken from it rather than asked of the
    /// system again.
    pub inputs: Option<&'a Inputs>,
    /// With `cache`, a portfolio that has no file cache yet gets one only
    /// when reading it hashed this many bytes or more (0: always). A cache
    /// kept is updated whatever this says. A caseload reads many portfolios
    /// whose rows it keeps elsewhere: starting a file cache in each small
    /// one (a folder and a file) cost more than reading it again would.
    pub start_cache_at: u64,
    /// The verifier's trust list: with one, only decisions signed by a key
    /// it gives their maker count.
    pub trust: Option<&'a TrustList>,
}

impl std::fmt::Debug for ScanOptions<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ScanOptions")
            .field("cache", &self.cache.is_some())
            .field("progress", &self.progress.is_some())
            .field("inputs", &self.inputs.is_some())
            .field("start_cache_at", &self.start_cache_at)
            .field("trust", &self.trust.map(|t| &t.file))
            .finish()
    }
}

impl Portfolio {
    /// Reads the portfolio in `root`, every file afresh, without the cache.
    ///
    /// Problems with single files do not fail the call: they are collected
    /// in [`Portfolio::diagnostics`] and the rest is still read.
    ///
    /// # Errors
    /// When `root` is not a readable folder with a `portfolio.yaml`.
    pub fn open(root: &Path) -> Result<Self, StoreError> {
        Self::open_with(root, &ScanOptions::default())
    }

    /// Reads the portfolio in `root` as `options` say: with the cache, the
    /// result is the same, but unchanged files are not read again.
    ///
    /// # Errors
    /// When `root` is not a readable folder with a `portfolio.yaml`.
    pub fn open_with(root: &Path, options: &ScanOptions<'_>) -> Result<Self, StoreError> {
        let metadata = fs::metadata(root).map_err(|source| StoreError::Io {
            path: root.to_owned(),
            source,
        })?;
        if !metadata.is_dir() {
            return Err(StoreError::NotAFolder {
                path: root.to_owned(),
            });
        }
        let manifest_path = root.join(MANIFEST_FILE);
        if !manifest_path.exists() {
            return Err(StoreError::NoManifest {
                root: root.to_owned(),
            });
        }
        let canonical_root = fs::canonicalize(root).map_err(|source| StoreError::Io {
            path: root.to_owned(),
            source,
        })?;
        let mut cache_warnings = Vec::new();
        let cache = options.cache.map(|key| {
            let (cache, warning) = Cache::load(root, key);
            cache_warnings.extend(warning);
            cache
        });
        let mut reader = Reader {
            root: canonical_root,
            diagnostics: Vec::new(),
            listed: HashMap::new(),
            owners: HashMap::new(),
            cache,
            progress: options.progress,
            inputs: options.inputs,
        };

        let manifest = reader.manifest();
        let standards = manifest
            .as_ref()
            .map(|m| reader.standards(m))
            .unwrap_or_default();
        let all_loaded = standards_complete(manifest.as_ref(), &standards);
        // Claims are only checked against a complete set of standards: against
        // a partial one every claim of a missing standard would look unknown.
        let checked_against = all_loaded.then_some(&standards);
        let (policy, target) = match (&manifest, checked_against) {
            (Some(manifest), Some(standards)) => {
                let (policy, problems) =
                    Policy::resolve(&manifest.policy, standards, MANIFEST_FILE);
                reader.diagnostics.extend(problems);
                let (target, problems) =
                    Target::resolve(&manifest.target, standards, MANIFEST_FILE);
                reader.diagnostics.extend(problems);
                (policy, target)
            }
            _ => (Policy::default(), Target::default()),
        };
        let network = reader.network();
        let evidence = reader.evidence(checked_against, &network);
        let mut decisions = reader.decisions();
        for decision in &mut decisions {
            decision.weigh(options.trust);
        }
        let mut sign_offs = reader.sign_offs();
        for record in &mut sign_offs {
            record.weigh(options.trust);
        }

        let start_at = options.start_cache_at;
        cache_warnings.extend(reader.cache.and_then(|cache| cache.save(start_at)));
        let mut diagnostics = reader.diagnostics;
        sort_diagnostics(&mut diagnostics);
        Ok(Self {
            root: root.to_owned(),
            manifest,
            standards,
            policy,
            target,
            evidence,
            decisions,
            trust: options.trust.map(|t| t.file.clone()),
            sign_offs,
            network,
            diagnostics,
            cache_warnings,
        })
    }

    /// Coverage of the portfolio: every item of its standards, under its
    /// policy and target, with its assessors' decisions.
    #[must_use]
    pub fn coverage(&self) -> Coverage {
        Coverage::compute_assessed(
            &self.standards,
            &self.evidence,
            &self.policy,
            &self.target,
            &self.decisions,
        )
    }

    /// The **evidence digest**, shown on the report's cover: the SHA-256 of
    /// the `sha256sum`-style listing `<sha256>  <path>\n` of every piece of
    /// evidence in path order (escaped as `sha256sum` does, so that it reads
    /// back one way only), with `unreadable` for a piece whose files could
    /// not all be read. It fingerprints the evidence a report was made
    /// from; it is not the seal digest (`Seal::digest`), which covers every
    /// file of the portfolio and when it was sealed.
    #[must_use]
    pub fn evidence_digest(&self) -> String {
        let mut listing = String::new();
        for piece in &self.evidence {
            listing_line(
                &mut listing,
                piece.sha256.as_deref().unwrap_or("unreadable"),
                &piece.path,
            );
        }
        hash_bytes(listing.as_bytes())
    }

    /// Whether `portfolio.yaml` was read and every standard it names was
    /// loaded: claims are checked, and can be made, only then.
    #[must_use]
    pub fn standards_complete(&self) -> bool {
        standards_complete(self.manifest.as_ref(), &self.standards)
    }

    /// The piece of evidence that `relative` (a path relative to the root,
    /// `/`-separated) belongs to: as its main file, one of its files, or its
    /// description.
    #[must_use]
    pub fn piece(&self, relative: &str) -> Option<&Evidence> {
        self.evidence.iter().find(|e| {
            e.path == relative
                || e.described_by == relative
                || e.files.iter().any(|f| f.path == relative)
        })
    }

    /// The bytes of `relative`, a file of one of the portfolio's pieces of
    /// evidence (its main file or one of its `files:`), refused above
    /// `limit`: for showing the evidence itself. Nothing else of the
    /// folder is read this way.
    ///
    /// # Errors
    /// [`std::io::ErrorKind::NotFound`] for a path that is no piece's file;
    /// else as the file cannot be read (not a regular file, too large).
    pub fn evidence_bytes(&self, relative: &str, limit: u64) -> io::Result<Vec<u8>> {
        self.owned_evidence(relative)?;
        crate::read::read_bytes(&self.root.join(relative), limit)
    }

    /// The first `limit` bytes at most of `relative`, a file of one of the
    /// portfolio's pieces of evidence (as [`Self::evidence_bytes`]), and
    /// the file's whole size: for showing the start of a long text without
    /// reading the rest.
    ///
    /// # Errors
    /// As [`Self::evidence_bytes`], but never for being too large.
    pub fn evidence_head(&self, relative: &str, limit: u64) -> io::Result<(Vec<u8>, u64)> {
        self.owned_evidence(relative)?;
        crate::read::read_head(&self.root.join(relative), limit)
    }

    /// `Ok` when `relative` is a file of one of the pieces of evidence.
    fn owned_evidence(&self, relative: &str) -> io::Result<()> {
        let owned = self
            .piece(relative)
            .is_some_and(|p| p.path == relative || p.files.iter().any(|f| f.path == relative));
        if owned {
            Ok(())
        } else {
            Err(io::Error::new(
                io::ErrorKind::NotFound,
                format!("{relative} is not a file of this portfolio's evidence"),
            ))
        }
    }

    /// Whether any problem is an error (not just a warning).
    #[must_use]
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity() == nosfolio_core::Severity::Error)
    }
}

/// A description of evidence: a sidecar, or a Markdown file's front matter.
struct Description {
    /// The sidecar or Markdown file, relative to the root.
    file: String,
    meta: EvidenceMeta,
    /// Whether it could not be read or parsed (the problem is already reported).
    broken: bool,
    /// For a sidecar: the file it is named after, if that exists.
    implied: Option<String>,
    /// For front matter: the Markdown file itself.
    front_matter: bool,
}

/// The standards `manifest` names, loaded as opening the portfolio at
/// `root` loads them, and the problems found doing so.
pub(crate) fn load_standards(root: &Path, manifest: &Manifest) -> (StandardSet, Vec<Diagnostic>) {
    let mut reader = Reader::uncached(root);
    let set = reader.standards(manifest);
    (set, reader.diagnostics)
}

/// The journal as it is on disk now, read the way [`Portfolio::open`] reads
/// it: for a change that must not remove what the journal names.
pub(crate) fn read_journal(root: &Path) -> Vec<JournalEntry> {
    Reader::uncached(root).network().journal
}

struct Reader<'a> {
    root: PathBuf,
    diagnostics: Vec<Diagnostic>,
    /// The stamps of the files listed under `evidence/`.
    listed: HashMap<String, Stamp>,
    /// Each evidence file, with the description of the first piece it is part of.
    owners: HashMap<String, String>,
    cache: Option<Cache>,
    progress: Option<&'a dyn Progress>,
    /// Stamps the caller took just before.
    inputs: Option<&'a Inputs>,
}

impl Reader<'_> {
    /// A reader of single parts of the portfolio at `root`, without cache.
    fn uncached(root: &Path) -> Self {
        Reader {
            root: fs::canonicalize(root).unwrap_or_else(|_| root.to_owned()),
            diagnostics: Vec::new(),
            listed: HashMap::new(),
            owners: HashMap::new(),
            cache: None,
            progress: None,
            inputs: None,
        }
    }

    fn report(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    fn manifest(&mut self) -> Option<Manifest> {
        let text = read_owned(&self.root, MANIFEST_FILE, TEXT_LIMIT)
            .map_err(|d| self.report(d))
            .ok()?;
        parse_manifest(MANIFEST_FILE, &text)
            .map_err(|ds| self.diagnostics.extend(ds))
            .ok()
    }

    fn standards(&mut self, manifest: &Manifest) -> StandardSet {
        let mut set = StandardSet::new();
        for Located {
            value: source,
            position,
        } in &manifest.standards
        {
            let loaded = match source {
                StandardSource::Builtin(id) => match builtin_standard(id) {
                    Some(standard) => Some(standard.clone()),
                    None => {
                        self.report(Diagnostic::new(
                            MANIFEST_FILE,
                            *position,
                            Problem::UnknownStandard {
                                id: id.clone(),
                                known: builtin_ids(),
                            },
                        ));
                        None
                    }
                },
                StandardSource::File(written) => self.standard_file(written, *position),
            };
            if let Some(standard) = loaded {
                let id = standard.id.clone();
                if !set.add(standard) {
                    self.report(Diagnostic::new(
                        MANIFEST_FILE,
                        *position,
                        Problem::RepeatedStandard { id },
                    ));
                }
            }
        }
        set
    }

    fn standard_file(
        &mut self,
        written: &str,
        position: Option<nosfolio_core::Position>,
    ) -> Option<nosfolio_core::Standard> {
        let relative = match self.existing_file("", written) {
            Ok(relative) => relative,
            Err(problem) => {
                self.report(Diagnostic::new(MANIFEST_FILE, position, problem));
                return None;
            }
        };
        let text = read_owned(&self.root, &relative, TEXT_LIMIT)
            .map_err(|d| self.report(d))
            .ok()?;
        parse_standard(&relative, &text)
            .map_err(|ds| self.diagnostics.extend(ds))
            .ok()
    }

    /// Resolves `written` relative to folder `base` and checks that it is an
    /// existing regular file inside the portfolio (following symlinks), and
    /// not in a hidden folder nor hidden itself: the seal covers every file
    /// the portfolio reads, and it leaves hidden ones (`.git/`, `.nosfolio/`) out.
    fn existing_file(&self, base: &str, written: &str) -> Result<String, Problem> {
        let relative = join_inside(base, written)?;
        if relative.split('/').any(|part| part.starts_with('.')) {
            return Err(Problem::HiddenPath {
                path: written.to_owned(),
            });
        }
        let absolute = self.root.join(&relative);
        match fs::canonicalize(&absolute) {
            Ok(real) if !real.starts_with(&self.root) => Err(Problem::OutsidePortfolio {
                path: written.to_owned(),
            }),
            // Through a link, into a hidden folder: not sealed either.
            Ok(real) if hidden_inside(&self.root, &real) => Err(Problem::HiddenPath {
                path: written.to_owned(),
            }),
            Ok(real) if !real.is_file() => Err(Problem::NotAFile {
                path: written.to_owned(),
            }),
            Ok(_) => Ok(relative),
            Err(error) if error.kind() == io::ErrorKind::NotFound => Err(Problem::MissingFile {
                path: written.to_owned(),
                implied: false,
            }),
            Err(error) => Err(Problem::Unreadable {
                path: written.to_owned(),
                message: error.to_string(),
            }),
        }
    }

    /// Every decision in `assessment/*.yaml`: files in name order, each in
    /// the order written, then stably by date.
    ///
    /// Every entry of the folder is accounted for: a file that cannot be
    /// read as decisions (a name that is not UTF-8, a folder, link or
    /// device, another kind of file, too large, not text, not a list of
    /// decisions) is an error naming it. Only hidden entries (`.…`, such as
    /// the temporary file of a write in progress) are not part of it.
    fn decisions(&mut self) -> Vec<Decision> {
        let folder = self.root.join(ASSESSMENT_DIR);
        match fs::symlink_metadata(&folder) {
            Err(error) if error.kind() == io::ErrorKind::NotFound => return Vec::new(),
            Ok(meta) if meta.is_dir() => {}
            Ok(_) => {
                self.report(not_decisions(
                    ASSESSMENT_DIR,
                    "not a folder (a file or a link)",
                ));
                return Vec::new();
            }
            Err(error) => {
                self.unreadable(&folder, &error);
                return Vec::new();
            }
        }
        let entries = match fs::read_dir(&folder) {
            Ok(entries) => entries,
            Err(error) => {
                self.unreadable(&folder, &error);
                return Vec::new();
            }
        };
        let mut files = Vec::new();
        for entry in entries {
            match entry {
                Ok(entry) if entry.file_name().as_encoded_bytes().starts_with(b".") => {}
                Ok(entry) => files.push(entry),
                Err(error) => self.unreadable(&folder, &error),
            }
        }
        files.sort_by_key(fs::DirEntry::file_name);
        let mut all = Vec::new();
        for entry in files {
            let name = entry.file_name();
            let shown = format!("{ASSESSMENT_DIR}/{}", name.to_string_lossy());
            if name.to_str().is_none() {
                self.report(Diagnostic::file(
                    shown.clone(),
                    Problem::NonUtf8Name {
                        lossy: shown.clone(),
                    },
                ));
            }
            match entry.file_type() {
                Ok(kind) if kind.is_file() => {}
                Ok(_) => {
                    self.report(not_decisions(
                        &shown,
                        "not a regular file (a folder, a link or a device)",
                    ));
                    continue;
                }
                Err(error) => {
                    self.unreadable(&entry.path(), &error);
                    continue;
                }
            }
            if !layout::is_yaml(&shown) {
                self.report(not_decisions(&shown, "not a decision file (`.yaml`)"));
                continue;
            }
            // A file whose name is not UTF-8 is still read: its error is
            // reported, and its decisions (a referral, say) still count.
            let Ok(text) =
                read_text(&entry.path(), &shown, DECISIONS_LIMIT).map_err(|d| self.report(d))
            else {
                continue;
            };
            match parse_decisions(&shown, &text) {
                Ok(decisions) => all.extend(decisions),
                Err(problems) => self.diagnostics.extend(problems),
            }
        }
        all.sort_by(|a, b| a.date.cmp(&b.date));
        all
    }

    /// Every file under `folder`, relative to the root, skipping hidden
    /// ones. Each regular file's stamp is kept in `self.listed` for the
    /// cache. Not walked in order: the set sorts.
    ///
    /// When the caller walked the whole portfolio just before ([`Inputs`]),
    /// that walk's listing is used: the folder is not listed again. (Such a
    /// walk holds no link, unreadable entry or name that is not UTF-8: it
    /// is not taken otherwise.)
    fn walk(&mut self, folder: &str) -> BTreeSet<String> {
        if let Some(inputs) = self.inputs {
            let mut files = BTreeSet::new();
            for (path, stamp) in inputs.files_under(folder) {
                self.listed.insert(path.to_owned(), stamp);
                files.insert(path.to_owned());
            }
            return files;
        }
        let mut files = BTreeSet::new();
        // The folder itself, or one above it, may be a link: walked only
        // if it stays inside the portfolio.
        if let Err(refusal) = path_to_read(&self.root, folder) {
            self.report(refused(folder, refusal));
            return files;
        }
        let top = self.root.join(folder);
        if !top.is_dir() {
            return files;
        }
        let walker = WalkDir::new(&top)
            .follow_links(false)
            .into_iter()
            .filter_entry(|e| {
                e.depth() == 0 || !e.file_name().as_encoded_bytes().starts_with(b".")
            });
        for entry in walker {
            let entry = match entry {
                Ok(entry) => entry,
                Err(error) => {
                    let path = error.path().map_or_else(|| top.clone(), Path::to_path_buf);
                    let message = error.to_string();
                    let error = error
                        .into_io_error()
                        .unwrap_or_else(|| io::Error::other(message));
                    self.unreadable(&path, &error);
                    continue;
                }
            };
            let file_type = entry.file_type();
            if file_type.is_dir() {
                continue;
            }
            let Some(relative) = self.relative(entry.path()) else {
                let lossy = self.shown(entry.path());
                self.report(Diagnostic::file(
                    lossy.clone(),
                    Problem::NonUtf8Name { lossy },
                ));
                continue;
            };
            if entry.path_is_symlink() {
                match self.existing_file("", &relative) {
                    Ok(_) => {}
                    // A link to a folder is not followed, and says nothing.
                    Err(Problem::NotAFile { .. }) => continue,
                    Err(problem) => {
                        self.report(Diagnostic::file(relative, problem));
                        continue;
                    }
                }
            } else if file_type.is_file() {
                let stamp = entry
                    .metadata()
                    .ok()
                    .map(|metadata| Stamp::from_metadata(&metadata));
                if let Some(stamp) = stamp {
                    self.listed.insert(relative.clone(), stamp);
                }
            } else {
                // A pipe, socket or device is never opened; said, so that
                // one named as a sidecar does not pass for a missing one.
                self.unreadable(
                    entry.path(),
                    &io::Error::new(
                        io::ErrorKind::InvalidInput,
                        "not a regular file (a pipe, socket or device): move it out of the portfolio",
                    ),
                );
                continue;
            }
            files.insert(relative);
        }
        files
    }

    fn unreadable(&mut self, path: &Path, error: &io::Error) {
        let shown = self.shown(path);
        self.report(Diagnostic::file(
            shown.clone(),
            Problem::Unreadable {
                path: shown,
                message: error.to_string(),
            },
        ));
    }

    /// The stamp of `path` (relative to the root): as listed, or read now
    /// for a file reached through a link or named from outside `evidence/`.
    fn stamp(&self, path: &str) -> Option<Stamp> {
        self.listed
            .get(path)
            .copied()
            .or_else(|| self.inputs.and_then(|inputs| inputs.stamp(path)))
            .or_else(|| Stamp::of(&self.root.join(path)))
    }

    fn relative(&self, path: &Path) -> Option<String> {
        let inside = path.strip_prefix(&self.root).ok()?;
        let parts: Option<Vec<&str>> = inside.iter().map(|p| p.to_str()).collect();
        parts.map(|p| p.join("/"))
    }

    fn shown(&self, path: &Path) -> String {
        path.strip_prefix(&self.root)
            .unwrap_or(path)
            .to_string_lossy()
            .replace('\\', "/")
    }

    /// The declaration, sign-offs and countersignatures of `sign-off.yaml`,
    /// in the order made.
    fn sign_offs(&mut self) -> Vec<SignOff> {
        let file = self.root.join(SIGN_OFF_FILE);
        if !(file.exists() || file.is_symlink()) {
            return Vec::new();
        }
        let Ok(text) =
            read_owned(&self.root, SIGN_OFF_FILE, DECISIONS_LIMIT).map_err(|d| self.report(d))
        else {
            return Vec::new();
        };
        parse_sign_offs(SIGN_OFF_FILE, &text).unwrap_or_else(|problems| {
            self.diagnostics.extend(problems);
            Vec::new()
        })
    }

    /// The networking plan: the contacts list and every journal entry, with
    /// journal references checked against the list.
    fn network(&mut self) -> Network {
        let list = self.root.join(CONTACTS_FILE);
        let list = if list.exists() || list.is_symlink() {
            read_owned(&self.root, CONTACTS_FILE, TEXT_LIMIT)
                .map_err(|d| self.report(d))
                .ok()
                .and_then(|text| {
                    let (list, problems) = parse_contacts(CONTACTS_FILE, &text);
                    self.diagnostics.extend(problems);
                    list
                })
        } else {
            None
        };
        let mut journal = Vec::new();
        for path in self.walk(JOURNAL_DIR) {
            let lower = path.to_ascii_lowercase();
            if !(lower.ends_with(".md") || lower.ends_with(".markdown")) {
                self.report(Diagnostic::file(
                    path,
                    Problem::NetworkWarning {
                        message: "not a journal entry: journal entries are Markdown files".into(),
                        help: "name it `….md` with front matter, or move it to evidence/ and describe it with `nosfolio claim FILE ITEM…`".into(),
                    },
                ));
                continue;
            }
            let Ok(text) = read_text(&self.root.join(&path), &path, MARKDOWN_LIMIT)
                .map_err(|d| self.report(d))
            else {
                continue;
            };
            let (entry, problems) = parse_entry(&path, &text);
            self.diagnostics.extend(problems);
            journal.extend(entry);
        }
        let network = Network::new(list, journal);
        self.diagnostics.extend(network.check());
        network
    }

    fn evidence(&mut self, standards: Option<&StandardSet>, network: &Network) -> Vec<Evidence> {
        let files = self.walk(EVIDENCE_DIR);
        let is_sidecar = |path: &str| layout::is_sidecar(path, |p| files.contains(p));

        let mut descriptions = Vec::new();
        for path in &files {
            if is_sidecar(path) {
                let stem = layout::described_file(path);
                let implied = files.contains(stem).then(|| stem.to_owned());
                let meta = self.meta(path, 0, TEXT_LIMIT, false);
                if implied.is_none() && meta.as_ref().is_some_and(|m| m.files.is_empty()) {
                    self.report(Diagnostic::file(
                        path.clone(),
                        Problem::MissingFile {
                            path: stem.to_owned(),
                            implied: true,
                        },
                    ));
                }
                descriptions.push(Description {
                    file: path.clone(),
                    broken: meta.is_none(),
                    meta: meta.unwrap_or_default(),
                    implied,
                    front_matter: false,
                });
            } else if layout::is_markdown(path) && starts_with_front_matter(&self.root.join(path)) {
                let sidecar = layout::sidecar_names(path)
                    .into_iter()
                    .find(|s| files.contains(s));
                if let Some(sidecar) = sidecar {
                    self.report(Diagnostic::file(
                        path.clone(),
                        Problem::DescribedTwice { sidecar },
                    ));
                    continue;
                }
                let meta = self.meta(path, FrontMatter::LINE_OFFSET, MARKDOWN_LIMIT, true);
                descriptions.push(Description {
                    file: path.clone(),
                    broken: meta.is_none(),
                    meta: meta.unwrap_or_default(),
                    implied: None,
                    front_matter: true,
                });
            }
        }

        let mut covered: BTreeSet<String> = BTreeSet::new();
        let mut pieces = Vec::new();
        for description in descriptions {
            // A broken description still covers its files: the error about it
            // is enough, they are not also unclaimed.
            covered.insert(description.file.clone());
            covered.extend(description.implied.iter().cloned());
            if description.broken {
                continue;
            }
            let piece = self.piece(&description, standards);
            covered.extend(piece.files.iter().map(|f| f.path.clone()));
            pieces.push(piece);
        }
        for description in network_descriptions(network, standards) {
            pieces.push(self.piece(&description, standards));
        }
        for path in files
            .iter()
            .filter(|p| !is_sidecar(p) && !covered.contains(*p))
        {
            self.report(Diagnostic::file(
                path.clone(),
                Problem::Unclaimed { path: path.clone() },
            ));
        }
        self.hash(&mut pieces);
        pieces.sort_by(|a, b| a.path.cmp(&b.path));
        pieces
    }

    /// Reads and parses a sidecar (or, with `front_matter`, a Markdown file's
    /// front matter).
    fn meta(
        &mut self,
        path: &str,
        line_offset: u64,
        limit: u64,
        front_matter: bool,
    ) -> Option<EvidenceMeta> {
        let stamp = self.cache.as_ref().and_then(|_| self.stamp(path));
        if let (Some(cache), Some(stamp)) = (&mut self.cache, stamp)
            && let Some(meta) = cache.meta(path, stamp)
        {
            return Some(meta);
        }
        let text = read_text(&self.root.join(path), path, limit)
            .map_err(|d| self.report(d))
            .ok()?;
        let yaml = if front_matter {
            match split_front_matter(&text)? {
                Ok(front) => front.yaml.to_owned(),
                Err(problem) => {
                    self.report(Diagnostic::new(
                        path,
                        nosfolio_core::Position::new(1, 1),
                        problem,
                    ));
                    return None;
                }
            }
        } else {
            text
        };
        let (meta, problems) = parse_meta(path, &yaml, line_offset);
        if let (Some(cache), Some(stamp), Some(meta), true) =
            (&mut self.cache, stamp, &meta, problems.is_empty())
        {
            cache.record_meta(path, stamp, meta.clone());
        }
        self.diagnostics.extend(problems);
        meta
    }

    fn piece(&mut self, description: &Description, standards: Option<&StandardSet>) -> Evidence {
        let file = &description.file;
        let meta = &description.meta;
        let mut paths: Vec<String> = Vec::new();
        if description.front_matter {
            paths.push(file.clone());
        }
        if let Some(implied) = &description.implied {
            paths.push(implied.clone());
        }
        for path in &paths {
            self.own(file, path, None);
        }
        for written in &meta.files {
            match self.existing_file(parent(file), &written.value) {
                Ok(relative) if !paths.contains(&relative) => {
                    self.own(file, &relative, written.position);
                    paths.push(relative);
                }
                Ok(_) => {}
                Err(problem) => {
                    self.report(Diagnostic::new(file.clone(), written.position, problem));
                }
            }
        }
        let resolved = standards.map(|set| {
            let (resolved, problems) = resolve(file, meta, set);
            self.diagnostics.extend(problems);
            resolved
        });
        let path = match (&description.implied, meta.files.is_empty()) {
            (Some(implied), true) => implied.clone(),
            _ => file.clone(),
        };
        let resolved = resolved.unwrap_or_default();
        Evidence {
            title: meta
                .title
                .clone()
                .unwrap_or_else(|| file_name(&path).to_owned()),
            path,
            described_by: file.clone(),
            date: meta.date,
            evidence_type: resolved.evidence_type,
            confidentiality: meta.confidentiality,
            description: meta.description.clone(),
            witness: meta.witness.clone(),
            draft: meta.draft,
            files: paths
                .into_iter()
                .map(|path| EvidenceFile {
                    path,
                    size: 0,
                    sha256: None,
                })
                .collect(),
            sha256: None,
            claims: resolved.claims,
        }
    }

    /// Records that the piece described by `description` holds `path`, and
    /// reports it, at `position` in `description`, when another piece
    /// already does.
    fn own(&mut self, description: &str, path: &str, position: Option<nosfolio_core::Position>) {
        match self.owners.get(path) {
            Some(first) if first != description => {
                let problem = Problem::InTwoPieces {
                    path: path.to_owned(),
                    first: first.clone(),
                };
                self.report(Diagnostic::new(description, position, problem));
            }
            Some(_) => {}
            None => {
                self.owners.insert(path.to_owned(), description.to_owned());
            }
        }
    }

    /// Hashes every file of every piece, in parallel, each file once; with
    /// the cache, only the files that changed since it was written.
    fn hash(&mut self, pieces: &mut [Evidence]) {
        let unique: BTreeSet<&str> = pieces
            .iter()
            .flat_map(|p| p.files.iter().map(|f| f.path.as_str()))
            .collect();
        let mut hashed: HashMap<String, Hashed> = HashMap::new();
        let mut stamps: HashMap<&str, Stamp> = HashMap::new();
        let mut to_read = Vec::new();
        for path in unique {
            let stamp = self.stamp(path);
            let known = match (&mut self.cache, stamp) {
                (Some(cache), Some(stamp)) => cache.sha256(path, stamp),
                _ => None,
            };
            match (known, stamp) {
                (Some(sha256), Some(stamp)) => {
                    hashed.insert(path.to_owned(), Ok((sha256, stamp.size())));
                }
                _ => {
                    to_read.push((path.to_owned(), stamp.map_or(0, Stamp::size)));
                    stamps.extend(stamp.map(|s| (path, s)));
                }
            }
        }
        for (path, result) in hash_all(&self.root, to_read, self.progress) {
            if let (Some(cache), Some(stamp), Ok((sha256, size))) =
                (&mut self.cache, stamps.get(path.as_str()), &result)
                && stamp.size() == *size
            {
                cache.record_sha256(&path, *stamp, sha256.clone());
            }
            hashed.insert(path, result);
        }
        let mut failures = BTreeMap::new();
        for piece in pieces.iter_mut() {
            for file in &mut piece.files {
                match &hashed[&file.path] {
                    Ok((sha256, size)) => {
                        file.sha256 = Some(sha256.clone());
                        file.size = *size;
                    }
                    Err(error) => {
                        failures.insert(file.path.clone(), error.to_string());
                    }
                }
            }
            piece.sha256 = digest(&piece.files);
        }
        for (path, message) in failures {
            self.report(Diagnostic::file(
                path.clone(),
                Problem::Unreadable { path, message },
            ));
        }
    }
}

/// Whether `real` (a canonical path inside the canonical `root`) has a
/// hidden component below `root`.
pub(crate) fn hidden_inside(root: &Path, real: &Path) -> bool {
    real.strip_prefix(root).is_ok_and(|inside| {
        inside
            .iter()
            .any(|part| part.as_encoded_bytes().starts_with(b"."))
    })
}

/// Whether a manifest was read and every standard it names was loaded.
pub(crate) fn standards_complete(manifest: Option<&Manifest>, standards: &StandardSet) -> bool {
    manifest.is_some_and(|m| m.standards.len() == standards.standards().len())
}

/// The parts of the networking plan that are evidence: the contacts list
/// and each journal entry that claims items, typed as an annotated contacts
/// list and a reflective log unless they say otherwise (and the standards
/// define those types).
fn network_descriptions(network: &Network, standards: Option<&StandardSet>) -> Vec<Description> {
    let typed = |meta: &EvidenceMeta, default: &str| {
        let mut meta = meta.clone();
        let known = standards.is_some_and(|s| s.resolve_type(default).is_ok());
        if meta.evidence_type.is_none() && known {
            meta.evidence_type = Some(Located {
                value: default.to_owned(),
                position: None,
            });
        }
        meta
    };
    let list = network
        .list
        .iter()
        .filter(|l: &&ContactsList| !l.meta.claims.is_empty())
        .map(|l| {
            (
                CONTACTS_FILE.to_owned(),
                typed(&l.meta, CONTACTS_EVIDENCE_TYPE),
            )
        });
    let entries = network
        .journal
        .iter()
        .filter(|e: &&JournalEntry| !e.meta.claims.is_empty())
        .map(|e| {
            let mut meta = typed(&e.meta, JOURNAL_EVIDENCE_TYPE);
            meta.date = Some(e.date);
            // Not the names of the people met: the title is shown wherever
            // the entry is, and contacts are often private.
            meta.title
                .get_or_insert_with(|| format!("Networking log: {}, {}", e.kind, e.date));
            (e.file.clone(), meta)
        });
    list.chain(entries)
        .map(|(file, meta)| Description {
            file,
            meta,
            broken: false,
            implied: None,
            front_matter: true,
        })
        .collect()
}

/// An entry of `assessment/` that cannot hold decisions.
fn not_decisions(shown: &str, what: &str) -> Diagnostic {
    Diagnostic::file(
        shown,
        Problem::Unreadable {
            path: shown.to_owned(),
            message: format!(
                "{what}: `{ASSESSMENT_DIR}/` holds only the decision files `nosfolio assess` writes; move it out of the folder"
            ),
        },
    )
}

/// A piece's digest: its one file's SHA-256, or the SHA-256 of a
/// `sha256sum`-style listing of its files ([`listing_line`]: a name with a
/// line break cannot pass for two files).
fn digest(files: &[EvidenceFile]) -> Option<String> {
    match files {
        [] => None,
        [one] => one.sha256.clone(),
        many => {
            let mut listing = String::new();
            for file in many {
                listing_line(&mut listing, file.sha256.as_deref()?, &file.path);
            }
            Some(hash_bytes(listing.as_bytes()))
        }
    }
}
