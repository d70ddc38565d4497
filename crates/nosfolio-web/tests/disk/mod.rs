//! The tests' own look at the disk: writing a portfolio's files as a
//! candidate would in their editor, and reading what the app wrote. The app
//! itself reads and writes only through the store.

#![allow(dead_code)]

use std::path::Path;

/// Writes `bytes` to `path`, making its folders.
pub(crate) fn put(path: impl AsRef<Path>, bytes: impl AsRef<[u8]>) {
    let path = path.as_ref();
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(path, bytes).unwrap();
}

/// The text of `path`; empty when there is no such file.
pub(crate) fn text(path: impl AsRef<Path>) -> String {
    std::fs::read_to_string(path).unwrap_or_default()
}

/// The bytes of `path`.
pub(crate) fn bytes(path: impl AsRef<Path>) -> Vec<u8> {
    std::fs::read(path).unwrap()
}

/// The paths in the folder `path`, in name order.
pub(crate) fn listing(path: impl AsRef<Path>) -> Vec<std::path::PathBuf> {
    let mut paths: Vec<_> = std::fs::read_dir(path)
        .map(|entries| entries.map(|e| e.unwrap().path()).collect())
        .unwrap_or_default();
    paths.sort();
    paths
}

/// A portfolio of M&LA3 with two pieces: notes claiming PC1 and PC2, and
/// an HTML page claiming PC3, for Priya Shah, assessed by Tom Reid.
pub(crate) fn write_portfolio(root: &Path) {
    put(
        root.join("portfolio.yaml"),
        "candidate: Priya Shah\nstandards: [mla3]\nassessors: [Tom Reid]\n",
    );
    put(root.join("evidence/notes.txt"), "Notes of the forum\n");
    put(
        root.join("evidence/notes.txt.yaml"),
        "title: Forum notes\nclaims: [PC1, PC2]\n",
    );
    put(
        root.join("evidence/page.html"),
        "<script>alert(1)</script>\n",
    );
    put(
        root.join("evidence/page.html.yaml"),
        "title: A page\nclaims: [PC3]\n",
    );
}

/// Sets every file under `root` as last modified an hour ago, so that the
/// app may keep what it read of them (files modified in the last two
/// seconds are never kept).
pub(crate) fn age(root: &Path) {
    let hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    let mut folders = vec![root.to_owned()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folders.push(path);
            } else {
                let file = std::fs::File::options().write(true).open(&path).unwrap();
                file.set_modified(hour_ago).unwrap();
            }
        }
    }
}
