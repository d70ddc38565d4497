//! "Did you mean…" suggestions for mistyped ids and keys.

/// Up to `limit` of `candidates` closest to `query`, best first.
///
/// A case-insensitive exact match wins outright; otherwise candidates within
/// a small edit distance (relative to the length of the query) are returned,
/// nearest first and in the candidates' order among equals.
pub fn nearest<'a, I, S>(query: &str, candidates: I, limit: usize) -> Vec<String>
where
    I: IntoIterator<Item = &'a S>,
    S: AsRef<str> + ?Sized + 'a,
{
    let query_folded = query.to_lowercase();
    let mut scored: Vec<(usize, usize, &str)> = Vec::new();
    for (order, candidate) in candidates.into_iter().enumerate() {
        let candidate = candidate.as_ref();
        let folded = candidate.to_lowercase();
        if folded == query_folded {
            return vec![candidate.to_owned()];
        }
        let distance = strsim::damerau_levenshtein(&query_folded, &folded);
        let allowed = (query_folded.chars().count().max(folded.chars().count()) / 3).max(1);
        if distance <= allowed && !scored.iter().any(|(_, _, c)| *c == candidate) {
            scored.push((distance, order, candidate));
        }
    }
    scored.sort_unstable();
    scored
        .into_iter()
        .take(limit)
        .map(|(_, _, c)| c.to_owned())
        .collect()
}

/// Compresses ids into ranges, keeping their order: `PC1..PC6, B1..B10, KI1`.
pub(crate) fn summarize_ids<'a>(ids: impl IntoIterator<Item = &'a str>) -> String {
    let mut runs: Vec<(String, &'a str, &'a str, u64)> = Vec::new(); // prefix, first, last, last number
    for id in ids {
        let split = split_number(id);
        if let (Some((prefix, number)), Some(run)) = (split, runs.last_mut())
            && run.0 == prefix
            && run.3 + 1 == number
        {
            run.2 = id;
            run.3 = number;
            continue;
        }
        let (prefix, number) = split.unwrap_or((id, u64::MAX - 1));
        runs.push((prefix.to_owned(), id, id, number));
    }
    runs.iter()
        .map(|(_, first, last, _)| {
            if first == last {
                (*first).to_owned()
            } else {
                format!("{first}..{last}")
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// `PC12` → (`PC`, 12); `L3.2` → (`L3.`, 2).
fn split_number(id: &str) -> Option<(&str, u64)> {
    let digits = id.len() - id.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    if digits == 0 || digits == id.len() {
        return None;
    }
    let (prefix, number) = id.split_at(id.len() - digits);
    number.parse().ok().map(|n| (prefix, n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_match_ignoring_case_wins() {
        assert_eq!(nearest("pc2", ["PC1", "PC2", "PC3"].iter(), 3), ["PC2"]);
    }

    #[test]
    fn close_ids_are_suggested_nearest_first() {
        assert_eq!(
            nearest("PC7", ["PC1", "PC6", "B7", "KG1"].iter(), 2),
            ["PC1", "PC6"]
        );
        assert_eq!(
            nearest("titel", ["title", "date", "type"].iter(), 3),
            ["title"]
        );
        assert!(nearest("zzzzzz", ["title", "date"].iter(), 3).is_empty());
    }

    #[test]
    fn ranges_are_compressed() {
        let ids = [
            "PC1", "PC2", "PC3", "B1", "B2", "KI1", "L3.1", "L3.2", "L4.1", "x",
        ];
        assert_eq!(
            summarize_ids(ids),
            "PC1..PC3, B1..B2, KI1, L3.1..L3.2, L4.1, x"
        );
    }
}
