//! Paths inside a portfolio: always relative to its root, `/`-separated, and
//! never allowed to leave it.

use std::path::{Component, Path};

use nosfolio_core::Problem;

/// Joins `written` (from a sidecar in folder `base`, both relative to the
/// root) and normalises it without touching the disk.
///
/// # Errors
/// [`Problem::OutsidePortfolio`] for an absolute path or one whose `..`
/// climbs above the root.
pub(crate) fn join_inside(base: &str, written: &str) -> Result<String, Problem> {
    let outside = || Problem::OutsidePortfolio {
        path: written.to_owned(),
    };
    let as_path = Path::new(written);
    if as_path.is_absolute()
        || written.starts_with(['/', '\\'])
        || as_path
            .components()
            .any(|c| matches!(c, Component::Prefix(_)))
        || written.as_bytes().get(1) == Some(&b':')
    {
        return Err(outside());
    }
    let mut parts: Vec<&str> = base.split('/').filter(|p| !p.is_empty()).collect();
    for part in written.split(['/', '\\']) {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop().ok_or_else(outside)?;
            }
            name => parts.push(name),
        }
    }
    Ok(parts.join("/"))
}

/// The folder part of a relative path: `evidence/a/b.yaml` → `evidence/a`.
pub(crate) fn parent(relative: &str) -> &str {
    relative.rsplit_once('/').map_or("", |(dir, _)| dir)
}

/// The last component of a relative path.
pub(crate) fn file_name(relative: &str) -> &str {
    relative.rsplit_once('/').map_or(relative, |(_, name)| name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_are_normalised_inside_the_root() {
        assert_eq!(
            join_inside("evidence/a", "p1.png").unwrap(),
            "evidence/a/p1.png"
        );
        assert_eq!(
            join_inside("evidence/a", "./../b/./c.pdf").unwrap(),
            "evidence/b/c.pdf"
        );
        assert_eq!(
            join_inside("evidence", "../portfolio.yaml").unwrap(),
            "portfolio.yaml"
        );
    }

    #[test]
    fn escaping_and_absolute_paths_are_refused() {
        for bad in [
            "../../etc/passwd",
            "/etc/passwd",
            "\\\\server\\share",
            "C:\\x",
            "a/../../..",
        ] {
            assert!(join_inside("evidence", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn parents_and_names() {
        assert_eq!(parent("evidence/a/b.yaml"), "evidence/a");
        assert_eq!(parent("top.yaml"), "");
        assert_eq!(file_name("evidence/a/b.yaml"), "b.yaml");
    }
}
