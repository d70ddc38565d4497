//! File names nosfolio makes: the one slug of a name or a kind, and the one
//! sequence of names to try for a new file that must not replace another.

/// Longest slug, in characters (all ASCII).
const SLUG_LIMIT: usize = 60;

/// How many names a new file tries before giving up.
const NAME_ATTEMPTS: usize = 1000;

/// A file-name form of `text`: transliterated to ASCII (`Zoë Åberg` →
/// `zoe-aberg`, `王芳` → `wang-fang`), lower case, runs of anything but
/// letters and digits as one `-`, no `-` at either end, at most 60
/// characters. Empty when `text` has no letters or digits to keep.
///
/// ASCII names are the same on every file system: no Unicode normalisation
/// turns one assessor's file into two names on a Mac and a PC.
#[must_use]
pub fn slug(text: &str) -> String {
    let ascii = deunicode::deunicode_with_tofu(text, "-");
    let mut out = String::new();
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.truncate(SLUG_LIMIT);
    out.trim_end_matches('-').to_owned()
}

/// The names to try, in order, for a new file `stem.extension` in `folder`
/// (relative, `/`-separated): `folder/stem.extension`, then
/// `folder/stem-2.extension`, `-3`… up to a thousand.
pub(crate) fn free_names(
    folder: &str,
    stem: &str,
    extension: &str,
) -> impl Iterator<Item = String> {
    let (folder, stem, extension) = (folder.to_owned(), stem.to_owned(), extension.to_owned());
    (1..=NAME_ATTEMPTS).map(move |n| match n {
        1 => format!("{folder}/{stem}.{extension}"),
        n => format!("{folder}/{stem}-{n}.{extension}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_ascii_lower_case_words_joined_by_dashes() {
        assert_eq!(slug("Tom Reid"), "tom-reid");
        assert_eq!(slug("  Tom  O'Reid-Smith  "), "tom-o-reid-smith");
        assert_eq!(slug("Zoë Åberg"), "zoe-aberg");
        assert_eq!(slug("王芳"), "wang-fang");
        assert_eq!(slug("Lunch"), "lunch");
        assert_eq!(slug("Tom\nReid\u{2028}"), "tom-reid");
        assert_eq!(slug("../../etc"), "etc");
        assert_eq!(slug("--- !!! ---"), "");
        assert_eq!(slug(""), "");
        let long = slug(&"word ".repeat(30));
        assert!(long.len() <= SLUG_LIMIT && !long.ends_with('-'), "{long}");
    }

    #[test]
    fn free_names_count_up_from_the_plain_name() {
        let names: Vec<String> = free_names("network/journal", "2026-01-05-lunch", "md")
            .take(3)
            .collect();
        assert_eq!(
            names,
            [
                "network/journal/2026-01-05-lunch.md",
                "network/journal/2026-01-05-lunch-2.md",
                "network/journal/2026-01-05-lunch-3.md"
            ]
        );
        assert_eq!(free_names("a", "b", "c").count(), NAME_ATTEMPTS);
    }
}
