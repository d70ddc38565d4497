//! How files in `evidence/` pair up with their descriptions: the naming
//! rules the scan reads by and `claim` writes by, kept in one place.

/// Whether `path` names a YAML file.
pub(crate) fn is_yaml(path: &str) -> bool {
    path.ends_with(".yaml") || path.ends_with(".yml")
}

/// Whether `path` names a Markdown file (which may describe itself in
/// front matter).
pub(crate) fn is_markdown(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    lower.ends_with(".md") || lower.ends_with(".markdown")
}

/// The names a sidecar of `path` may have, the usual one first.
pub(crate) fn sidecar_names(path: &str) -> [String; 2] {
    [format!("{path}.yaml"), format!("{path}.yml")]
}

/// Whether `path` is a sidecar, given which files exist: a YAML file that
/// has no sidecar of its own (a YAML file with a sidecar is evidence).
pub(crate) fn is_sidecar(path: &str, exists: impl Fn(&str) -> bool) -> bool {
    is_yaml(path) && !sidecar_names(path).iter().any(|s| exists(s))
}

/// The file a sidecar is named after: `minutes.pdf` for `minutes.pdf.yaml`.
pub(crate) fn described_file(sidecar: &str) -> &str {
    sidecar.rsplit_once('.').map_or(sidecar, |(stem, _)| stem)
}

/// The names, in order of preference, of a new sidecar for a piece made of
/// several files, `first` being the first of them: the first file's name
/// without its extension (`statement-p1.yaml` for `statement-p1.png`, listing
/// every file under `files:`), unless a file of that stem exists (the
/// sidecar would then describe it); then the first file's own sidecar name.
pub(crate) fn piece_sidecar_names(first: &str, exists: impl Fn(&str) -> bool) -> Vec<String> {
    let (folder, name) = first.rsplit_once('/').map_or(("", first), |(d, n)| (d, n));
    let mut names = Vec::new();
    if let Some((stem, _)) = name.rsplit_once('.')
        && !stem.is_empty()
    {
        let stem = if folder.is_empty() {
            stem.to_owned()
        } else {
            format!("{folder}/{stem}")
        };
        if !exists(&stem) {
            names.push(format!("{stem}.yaml"));
        }
    }
    names.extend(sidecar_names(first).into_iter().take(1));
    names
}

/// `path` as written in a sidecar in folder `base` (both relative to the
/// portfolio root): `p2.png` beside it, `../scans/p2.png` elsewhere.
pub(crate) fn relative_from(base: &str, path: &str) -> String {
    let base: Vec<&str> = base.split('/').filter(|p| !p.is_empty()).collect();
    let target: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
    let common = base.iter().zip(&target).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<&str> = vec![".."; base.len() - common];
    parts.extend(&target[common..]);
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_yaml_file_with_a_sidecar_is_evidence() {
        let files = ["evidence/a.yaml", "evidence/a.yaml.yaml", "evidence/b.yml"];
        let exists = |p: &str| files.contains(&p);
        assert!(!is_sidecar("evidence/a.yaml", exists));
        assert!(is_sidecar("evidence/a.yaml.yaml", exists));
        assert!(is_sidecar("evidence/b.yml", exists));
        assert!(!is_sidecar("evidence/c.pdf", exists));
        assert_eq!(described_file("evidence/a.yaml.yaml"), "evidence/a.yaml");
    }

    #[test]
    fn a_piece_of_several_files_is_named_after_the_first() {
        let none = |_: &str| false;
        assert_eq!(
            piece_sidecar_names("evidence/statement-p1.png", none),
            [
                "evidence/statement-p1.yaml",
                "evidence/statement-p1.png.yaml"
            ]
        );
        let stem_exists = |p: &str| p == "evidence/statement-p1";
        assert_eq!(
            piece_sidecar_names("evidence/statement-p1.png", stem_exists),
            ["evidence/statement-p1.png.yaml"]
        );
        assert_eq!(
            piece_sidecar_names("evidence/README", none),
            ["evidence/README.yaml"]
        );
    }

    #[test]
    fn paths_are_written_relative_to_the_sidecar() {
        assert_eq!(relative_from("evidence", "evidence/p2.png"), "p2.png");
        assert_eq!(
            relative_from("evidence/a", "evidence/b/p2.png"),
            "../b/p2.png"
        );
        assert_eq!(relative_from("", "evidence/p2.png"), "evidence/p2.png");
    }
}
