//! How deep HTML nests, for every place that hands HTML written by others
//! to an HTML parser (the report's sanitizer, the importers' conversion to
//! text).
//!
//! html5ever, as the HTML standard asks, walks the whole stack of open
//! elements for many tags (is a `<p>` open "in button scope"?), so its
//! time grows with the square of the nesting: 150,000 `<div>` took minutes
//! (issue 14). HTML nested deeper than [`MAX_HTML_DEPTH`] is therefore
//! never given to it as HTML.

use std::collections::HashMap;

/// How many elements HTML written by others may hold open at once (as
/// counted by [`html_depth`]) before it is handled as text instead.
pub const MAX_HTML_DEPTH: usize = 64;

/// HTML elements that never hold others (no end tag).
const VOID: [&str; 14] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// An upper estimate of how many elements the HTML in `chunks` keeps open
/// at its deepest: every start tag of an element that is not void opens
/// one, an end tag closes one of its own name if one is open. An HTML
/// parser closes more than this (an end tag closes those inside it too),
/// never fewer. One pass over the text.
#[must_use]
pub fn html_depth<'a>(chunks: impl IntoIterator<Item = &'a str>) -> usize {
    let mut open: HashMap<String, usize> = HashMap::new();
    let (mut depth, mut deepest) = (0usize, 0usize);
    for chunk in chunks {
        let mut rest = chunk;
        while let Some(at) = rest.find('<') {
            rest = &rest[at + 1..];
            let closing = rest.starts_with('/');
            let name_start = usize::from(closing);
            let name: String = rest[name_start..]
                .chars()
                .take_while(char::is_ascii_alphanumeric)
                .map(|c| c.to_ascii_lowercase())
                .collect();
            // A tag's name starts with a letter: `<3` is text.
            if !name.starts_with(|c: char| c.is_ascii_alphabetic()) || VOID.contains(&name.as_str())
            {
                continue;
            }
            let end = rest.find('>').unwrap_or(rest.len());
            let self_closing = rest[..end].ends_with('/');
            if closing {
                if let Some(n) = open.get_mut(&name).filter(|n| **n > 0) {
                    *n -= 1;
                    depth -= 1;
                }
            } else if !self_closing {
                *open.entry(name).or_default() += 1;
                depth += 1;
                deepest = deepest.max(depth);
            }
        }
    }
    deepest
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn depth_counts_what_stays_open() {
        assert_eq!(html_depth(["<div><p>a</p><br><img src=x></div>"]), 2);
        assert_eq!(html_depth(["<div>", "<div>", "</div>", "<div/>"]), 2);
        // A stray end tag closes nothing.
        assert_eq!(html_depth(["</span><b><b></i><b>"]), 3);
        assert_eq!(html_depth(["a < b, <3 and </"]), 0);
        assert_eq!(html_depth(["<3 <3 <3 x"]), 0);
        assert_eq!(html_depth(["<div>".repeat(150_000).as_str()]), 150_000);
    }
}
