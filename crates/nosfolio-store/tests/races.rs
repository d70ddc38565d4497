//! Files that change between the walk and the hash: the progress hook runs
//! after the evidence is listed and before any file is read, so it can
//! delete or rewrite files at exactly that moment.

#![allow(missing_docs)]

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use nosfolio_store::{Portfolio, Progress, ScanOptions, hash_bytes};

/// Deletes and rewrites files the first time hashing is announced.
struct Meddler {
    root: PathBuf,
    done: Mutex<bool>,
}

impl Progress for Meddler {
    fn add_work(&self, _bytes: u64) {
        let mut done = self.done.lock().expect("not poisoned");
        if !*done {
            *done = true;
            fs::remove_file(self.root.join("evidence/gone.txt")).expect("deletable");
            fs::write(self.root.join("evidence/changed.txt"), "rewritten, longer")
                .expect("writable");
        }
    }
    fn advance(&self, _bytes: u64) {}
}

fn portfolio(root: &Path) {
    let write = |relative: &str, text: &str| {
        let path = root.join(relative);
        fs::create_dir_all(path.parent().expect("a parent")).expect("creatable");
        fs::write(path, text).expect("writable");
    };
    write("portfolio.yaml", "candidate: A\nstandards: [mla3]\n");
    for name in ["gone", "changed", "kept"] {
        write(&format!("evidence/{name}.txt"), "original");
        write(&format!("evidence/{name}.txt.yaml"), "claims: [PC1]\n");
    }
}

#[test]
fn a_file_deleted_or_changed_between_walk_and_hash_is_reported_not_fatal() {
    let key = nosfolio_store::CacheKey::from_bytes([7; 32]);
    for cache in [None, Some(&key)] {
        let dir = tempfile::tempdir().expect("temporary folder");
        portfolio(dir.path());
        let meddler = Meddler {
            root: dir.path().to_owned(),
            done: Mutex::new(false),
        };
        let options = ScanOptions {
            cache,
            progress: Some(&meddler),
            ..ScanOptions::default()
        };
        let opened = Portfolio::open_with(dir.path(), &options).expect("opens");
        let problems: Vec<String> = opened.diagnostics.iter().map(ToString::to_string).collect();
        assert!(
            problems
                .iter()
                .any(|p| p.starts_with("evidence/gone.txt: error: cannot read `evidence/gone.txt`")),
            "{problems:?}"
        );
        let piece = |path: &str| {
            opened
                .evidence
                .iter()
                .find(|e| e.path == path)
                .expect("listed")
        };
        assert_eq!(piece("evidence/gone.txt").sha256, None);
        // What was hashed is what was read, size included.
        let changed = &piece("evidence/changed.txt").files[0];
        assert_eq!(
            changed.sha256.as_deref(),
            Some(hash_bytes(b"rewritten, longer").as_str())
        );
        assert_eq!(changed.size, 17);
        assert_eq!(
            piece("evidence/kept.txt").sha256.as_deref(),
            Some(hash_bytes(b"original").as_str())
        );

        // Read again, nothing meddling: the cache (if any) holds no stale hash.
        let again = Portfolio::open_with(
            dir.path(),
            &ScanOptions {
                cache,
                progress: None,
                ..ScanOptions::default()
            },
        )
        .expect("opens");
        let changed = again
            .evidence
            .iter()
            .find(|e| e.path == "evidence/changed.txt")
            .expect("listed");
        assert_eq!(
            changed.sha256.as_deref(),
            Some(hash_bytes(b"rewritten, longer").as_str())
        );
    }
}
