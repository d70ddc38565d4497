//! Deterministic synthetic portfolios: the same seed gives the same bytes,
//! so runs on different machines measure the same work.

use std::fs;
use std::io::{self, Write};
use std::path::Path;

use nosfolio_core::builtin_standard;
use rayon::prelude::*;

/// SplitMix64: a tiny, well-mixed generator; enough for synthetic data.
#[derive(Debug, Clone)]
pub(crate) struct SplitMix64(u64);

impl SplitMix64 {
    pub(crate) fn new(seed: u64) -> Self {
        Self(seed)
    }

    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number below `n` (n > 0).
    pub(crate) fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next_u64() % n as u64).unwrap_or(0)
    }

    fn fill(&mut self, buffer: &mut [u8]) {
        for chunk in buffer.chunks_mut(8) {
            let bytes = self.next_u64().to_le_bytes();
            chunk.copy_from_slice(&bytes[..chunk.len()]);
        }
    }
}

/// Writes `size` pseudo-random bytes from `seed` to `path`, 1 MiB at a time.
fn random_file(path: &Path, size: u64, seed: u64) -> io::Result<()> {
    let mut random = SplitMix64::new(seed);
    let mut file = io::BufWriter::new(fs::File::create(path)?);
    let mut buffer = vec![0u8; 1 << 20];
    let mut left = size;
    while left > 0 {
        let n = usize::try_from(left.min(buffer.len() as u64)).unwrap_or(buffer.len());
        random.fill(&mut buffer[..n]);
        file.write_all(&buffer[..n])?;
        left -= n as u64;
    }
    file.flush()
}

/// What the sidecars of a portfolio may say: M&LA3's evidence types with
/// the items each supports, and optionally a second standard's items.
struct Claims {
    types: Vec<(String, Vec<String>)>,
    extra: Vec<String>,
}

impl Claims {
    fn new(with_networking: bool) -> io::Result<Self> {
        let builtin = |id: &str| {
            builtin_standard(id)
                .ok_or_else(|| io::Error::other(format!("no built-in standard `{id}`")))
        };
        let mla3 = builtin("mla3")?;
        let prefix = if with_networking { "mla3:" } else { "" };
        let types = mla3
            .evidence_types
            .iter()
            .map(|t| {
                let items = t.supports.iter().map(|i| format!("{prefix}{i}")).collect();
                (t.id.clone(), items)
            })
            .collect();
        let extra = if with_networking {
            let networking = builtin("networking")?;
            networking
                .items()
                .map(|(_, item)| format!("networking:{}", item.id))
                .collect()
        } else {
            Vec::new()
        };
        Ok(Self { types, extra })
    }

    fn sidecar(&self, random: &mut SplitMix64, title: &str) -> String {
        let (kind, items) = &self.types[random.below(self.types.len())];
        let mut out = format!(
            "title: {title}\ndate: 2025-{:02}-{:02}\ntype: {kind}\nclaims:\n",
            1 + random.below(12),
            1 + random.below(28)
        );
        let mut claimed = Vec::new();
        for _ in 0..1 + random.below(3) {
            let item = &items[random.below(items.len())];
            if !claimed.contains(item) {
                claimed.push(item.clone());
            }
        }
        if !self.extra.is_empty() {
            claimed.push(self.extra[random.below(self.extra.len())].clone());
        }
        for (n, item) in claimed.iter().enumerate() {
            if n == 0 {
                out.push_str(&format!(
                    "  - item: {item}\n    at: paragraph {}\n    note: Shows it in practice.\n",
                    1 + random.below(9)
                ));
            } else {
                out.push_str(&format!("  - {item}\n"));
            }
        }
        out
    }
}

/// A portfolio in `dir`: `pieces` evidence files of `piece_bytes` each with
/// a sidecar, claiming M&LA3 (and the networking framework when asked).
pub(crate) fn portfolio(
    dir: &Path,
    seed: u64,
    pieces: usize,
    piece_bytes: u64,
    with_networking: bool,
) -> io::Result<()> {
    let evidence = dir.join("evidence");
    fs::create_dir_all(&evidence)?;
    let standards = if with_networking {
        "[mla3, networking]"
    } else {
        "[mla3]"
    };
    fs::write(
        dir.join("portfolio.yaml"),
        format!("candidate: Candidate {seed}\nstandards: {standards}\nassessor: A. Assessor\n"),
    )?;
    let claims = Claims::new(with_networking)?;
    let mut random = SplitMix64::new(seed);
    for n in 0..pieces {
        let name = format!("{n:05}-evidence.bin");
        random_file(&evidence.join(&name), piece_bytes, random.next_u64())?;
        let sidecar = claims.sidecar(&mut random, &format!("Evidence {n} of candidate {seed}"));
        fs::write(evidence.join(format!("{name}.yaml")), sidecar)?;
    }
    Ok(())
}

/// One portfolio of `count` large files of `size` bytes each, generated in
/// parallel.
pub(crate) fn large_files(dir: &Path, count: usize, size: u64) -> io::Result<()> {
    portfolio(dir, 1, 0, 0, false)?;
    let claims = Claims::new(false)?;
    (0..count).into_par_iter().try_for_each(|n| {
        let name = format!("recording-{n:02}.bin");
        let path = dir.join("evidence").join(&name);
        random_file(&path, size, 0x5eed_0000 + n as u64)?;
        let mut random = SplitMix64::new(n as u64);
        let sidecar = claims.sidecar(&mut random, &format!("Recorded discussion {n}"));
        fs::write(dir.join("evidence").join(format!("{name}.yaml")), sidecar)
    })
}

/// `count` portfolios of `pieces` pieces each under `root`, generated in
/// parallel.
pub(crate) fn caseload(
    root: &Path,
    count: usize,
    pieces: usize,
    piece_bytes: u64,
) -> io::Result<()> {
    (0..count).into_par_iter().try_for_each(|n| {
        let dir = root.join(format!("cohort-{}/candidate-{n:04}", n % 10));
        portfolio(&dir, 1000 + n as u64, pieces, piece_bytes, false)
    })
}

/// `counts` (ascending) portfolios of `pieces` pieces each, nested so that
/// every count is a caseload of its own: the first `counts[0]` under
/// `root/sub…/sub…`, the next ones up to `counts[1]` one level up, and so
/// on, so that [`nested_root`] of each count holds exactly that many. One
/// tree measures every size, and the larger caseloads hold the smaller.
pub(crate) fn nested_caseload(
    root: &Path,
    counts: &[usize],
    pieces: usize,
    piece_bytes: u64,
) -> io::Result<()> {
    let total = counts.last().copied().unwrap_or(0);
    (0..total).into_par_iter().try_for_each(|n| {
        let level = counts.iter().position(|&count| n < count).unwrap_or(0);
        let dir =
            nested_root(root, counts, level).join(format!("cohort-{}/candidate-{n:05}", n % 10));
        portfolio(&dir, 5000 + n as u64, pieces, piece_bytes, false)
    })
}

/// The folder of [`nested_caseload`] holding exactly `counts[level]`
/// portfolios.
pub(crate) fn nested_root(root: &Path, counts: &[usize], level: usize) -> std::path::PathBuf {
    let mut dir = root.to_path_buf();
    for count in counts[level..].iter().rev().skip(1) {
        dir.push(format!("up-to-{count}"));
    }
    dir
}

/// Case 6: a portfolio of one piece whose sidecar's description is
/// `description` (a YAML block, so any text goes in as written).
pub(crate) fn described_piece(dir: &Path, description: &str) -> io::Result<()> {
    portfolio(dir, 6, 0, 0, false)?;
    let evidence = dir.join("evidence");
    fs::write(evidence.join("notes.txt"), "notes\n")?;
    fs::write(
        evidence.join("notes.txt.yaml"),
        format!("title: Notes\ndate: 2025-01-01\nclaims: [PC1]\ndescription: |\n  {description}\n"),
    )
}

/// Case 6: a portfolio whose own standard has `items` items in ten groups,
/// with `pieces` pieces each claiming five different items.
pub(crate) fn many_items(dir: &Path, items: usize, pieces: usize) -> io::Result<()> {
    fs::create_dir_all(dir.join("evidence"))?;
    fs::create_dir_all(dir.join("standards"))?;
    fs::write(
        dir.join("portfolio.yaml"),
        "candidate: Candidate 6\nstandards: [standards/big.yaml]\nassessor: A. Assessor\n",
    )?;
    let mut standard =
        String::from("id: big\nkind: nos-unit\ncode: BIG\ntitle: Many items\ngroups:\n");
    for g in 0..10 {
        standard.push_str(&format!("  - id: g{g}\n    title: Group {g}\n    items:\n"));
        for i in g * items / 10..(g + 1) * items / 10 {
            standard.push_str(&format!("      - id: I{i}\n        text: Item {i}\n"));
        }
    }
    let supported: Vec<String> = (0..items).step_by(7).map(|i| format!("I{i}")).collect();
    standard.push_str(&format!(
        "evidence_types:\n  - id: notes\n    text: notes\n    supports: [{}]\n",
        supported.join(", ")
    ));
    fs::write(dir.join("standards/big.yaml"), standard)?;
    let mut random = SplitMix64::new(6);
    for p in 0..pieces {
        let name = format!("{p:05}.txt");
        fs::write(dir.join("evidence").join(&name), format!("piece {p}\n"))?;
        let mut claimed: Vec<usize> = Vec::new();
        while claimed.len() < 5.min(items) {
            let item = random.below(items);
            if !claimed.contains(&item) {
                claimed.push(item);
            }
        }
        let claims: Vec<String> = claimed.iter().map(|i| format!("I{i}")).collect();
        fs::write(
            dir.join("evidence").join(format!("{name}.yaml")),
            format!(
                "title: Piece {p}\ndate: 2025-01-01\nclaims: [{}]\n",
                claims.join(", ")
            ),
        )?;
    }
    Ok(())
}

/// Case 6: a portfolio whose contacts list has `contacts` contacts, every
/// one sharing an interest with every other (the worst case for
/// `network introduce`): about 75 bytes a contact.
pub(crate) fn many_contacts(dir: &Path, contacts: usize) -> io::Result<()> {
    portfolio(dir, 7, 0, 0, false)?;
    fs::create_dir_all(dir.join("network"))?;
    let mut list = String::from("date: 2026-01-05\ncontacts:\n");
    for c in 0..contacts {
        list.push_str(&format!(
            "  - id: c{c}\n    name: Contact {c}\n    interests: [networking, topic {}]\n",
            c % 50
        ));
    }
    fs::write(dir.join("network/contacts.yaml"), list)
}

/// Case 6: a Moodle competency framework CSV of `rows` competencies, in
/// trees of 100 (about 45 bytes a row).
pub(crate) fn moodle_csv(path: &Path, rows: usize) -> io::Result<()> {
    let mut out = String::from(
        "\"Parent id number\",\"Id number\",Shortname,Description,\"Description format\",\"Scale values\",\"Scale configuration\",\"Rule type (optional)\",\"Rule outcome (optional)\",\"Rule config (optional)\",\"Cross referenced competency id numbers\",\"Exported id (optional)\",\"Is framework\",Taxonomy\r\n,FW,\"Framework\",About,1,,,,,,,,1,\r\n",
    );
    for i in 0..rows {
        let parent = if i % 100 == 0 {
            String::new()
        } else {
            format!("c{}", i - i % 100)
        };
        out.push_str(&format!(
            "{parent},c{i},\"Comp {i}\",Text {i},2,,,,,,,,0,\r\n"
        ));
    }
    fs::write(path, out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_portfolio() {
        let dir = tempfile::tempdir().unwrap();
        portfolio(&dir.path().join("a"), 7, 3, 100, true).unwrap();
        portfolio(&dir.path().join("b"), 7, 3, 100, true).unwrap();
        for file in [
            "evidence/00002-evidence.bin",
            "evidence/00002-evidence.bin.yaml",
        ] {
            let a = fs::read(dir.path().join("a").join(file)).unwrap();
            let b = fs::read(dir.path().join("b").join(file)).unwrap();
            assert_eq!(a, b);
        }
    }

    #[test]
    fn each_nested_root_holds_its_count() {
        let dir = tempfile::tempdir().unwrap();
        let counts = [2, 5, 7];
        nested_caseload(dir.path(), &counts, 1, 10).unwrap();
        for (level, &count) in counts.iter().enumerate() {
            let root = nested_root(dir.path(), &counts, level);
            let mut found = 0;
            let mut folders = vec![root];
            while let Some(folder) = folders.pop() {
                if folder.join("portfolio.yaml").is_file() {
                    found += 1;
                    continue;
                }
                for entry in fs::read_dir(&folder).unwrap() {
                    let path = entry.unwrap().path();
                    if path.is_dir() {
                        folders.push(path);
                    }
                }
            }
            assert_eq!(found, count, "level {level}");
        }
    }
}
