//! Properties of the contacts commands on any hand-written list: every add,
//! edit, score and remove is made in place, the result reads back with
//! `parse_contacts` as exactly the list intended (worked out here on the
//! model, independently of the editor), and every comment line the user
//! wrote survives, but those inside a contact they removed.

#![allow(missing_docs)]

use jiff::civil::{Date, date};
use nosfolio_core::{is_plain_yaml, to_yaml_scalar};
use nosfolio_network::{
    ChangeContext, Contact, ContactChange, ContactError, ContactFields, ContactsList, Field, List,
    Score, Written, change_contacts, parse_contacts,
};
use proptest::prelude::*;

const FILE: &str = "network/contacts.yaml";

/// Text people write, YAML's special characters included.
fn text() -> impl Strategy<Value = String> {
    "[a-zA-Z\u{e9}][a-zA-Z0-9 :#'\"\\-\\[\\]{},&*!|>%@`\u{e9}\t]{0,16}"
}

#[derive(Debug, Clone)]
struct HandContact {
    name: String,
    role: Option<String>,
    lists: Vec<List>,
    interests: Vec<String>,
    scores: Vec<(u8, u8)>,
    target: bool,
    ideas: Vec<String>,
    notes: Option<String>,
    cadence: Option<u16>,
}

fn hand_contact() -> impl Strategy<Value = HandContact> {
    (
        text(),
        proptest::option::of(text()),
        proptest::sample::subsequence(vec![List::KnowAndLike, List::CanHelp], 0..=2),
        proptest::collection::vec("[a-z]{1,8}", 0..3),
        proptest::collection::btree_map(1u8..=28, 1u8..=5, 0..3),
        any::<bool>(),
        proptest::collection::vec(text(), 0..3),
        proptest::option::of(text()),
        proptest::option::of(1u16..=366),
    )
        .prop_map(
            |(name, role, lists, interests, scores, target, ideas, notes, cadence)| HandContact {
                name,
                role,
                lists,
                interests,
                scores: scores.into_iter().collect(),
                target,
                ideas,
                notes,
                cadence,
            },
        )
}

/// How the candidate lays the file out.
#[derive(Debug, Clone, Copy)]
struct Layout {
    dash: usize,
    offset: usize,
    spaced: bool,
    block_lists: bool,
    crlf: bool,
}

fn layout() -> impl Strategy<Value = Layout> {
    (
        proptest::sample::select(vec![0usize, 2, 4]),
        proptest::sample::select(vec![2usize, 4]),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(dash, offset, spaced, block_lists, crlf)| Layout {
            dash,
            offset,
            spaced,
            block_lists,
            crlf,
        })
}

fn list_name(list: List) -> &'static str {
    match list {
        List::KnowAndLike => "know-and-like",
        List::CanHelp => "can-help",
    }
}

/// The file, written by hand: a comment line `# keep N` before every key
/// and entry, and after the id and name of every contact.
/// `text` as core's one writer writes it in a block value.
fn scalar(text: &str) -> String {
    to_yaml_scalar(text, false).expect("text is written")
}

/// `text` as an entry of a one-line `[…]` list: plain when it may be.
fn flow_scalar(text: &str) -> String {
    if is_plain_yaml(text) && !text.contains([',', '[', ']', '{', '}', '#']) {
        text.to_owned()
    } else {
        to_yaml_scalar(text, true).expect("text is written")
    }
}

fn write(contacts: &[HandContact], layout: Layout) -> String {
    let mut out = String::from("# keep 0: my plan\ndate: 2025-01-13\ncontacts: # keep 1\n");
    let mut next = 2;
    let mut comment = |indent: usize, out: &mut String| {
        out.push_str(&format!("{}# keep {next}\n", " ".repeat(indent)));
        next += 1;
    };
    let key = layout.dash + layout.offset;
    let pad = " ".repeat(key);
    for (n, contact) in contacts.iter().enumerate() {
        if layout.spaced && n > 0 {
            out.push('\n');
        }
        out.push_str(&format!(
            "{}-{}id: c{n}\n",
            " ".repeat(layout.dash),
            " ".repeat(layout.offset - 1)
        ));
        comment(key, &mut out);
        out.push_str(&format!("{pad}name: {}\n", scalar(&contact.name)));
        comment(key, &mut out);
        if let Some(role) = &contact.role {
            out.push_str(&format!("{pad}role: {}\n", scalar(role)));
        }
        let tags = |key_name: &str, items: &[String], out: &mut String| {
            if items.is_empty() {
                return;
            }
            if layout.block_lists {
                out.push_str(&format!("{pad}{key_name}:\n"));
                for item in items {
                    out.push_str(&format!("{pad}  - {}\n", scalar(item)));
                }
            } else {
                let quoted: Vec<String> = items.iter().map(|i| flow_scalar(i)).collect();
                out.push_str(&format!("{pad}{key_name}: [{}]\n", quoted.join(", ")));
            }
        };
        let lists: Vec<String> = contact
            .lists
            .iter()
            .map(|l| list_name(*l).to_owned())
            .collect();
        tags("lists", &lists, &mut out);
        tags("interests", &contact.interests, &mut out);
        if !contact.scores.is_empty() {
            out.push_str(&format!("{pad}scores:\n"));
            for (day, score) in &contact.scores {
                out.push_str(&format!(
                    "{pad}  - {{date: 2025-02-{day:02}, score: {score}}}\n"
                ));
                comment(key + 2, &mut out);
            }
        }
        if contact.target {
            out.push_str(&format!("{pad}target: 60\n{pad}target_from: 2025-02-01\n"));
        }
        if !contact.ideas.is_empty() {
            out.push_str(&format!("{pad}ideas:\n"));
            for idea in &contact.ideas {
                comment(key + 2, &mut out);
                out.push_str(&format!("{pad}  - {}\n", scalar(idea)));
            }
        }
        if let Some(cadence) = contact.cadence {
            out.push_str(&format!("{pad}cadence: {cadence}\n"));
        }
        if let Some(notes) = &contact.notes {
            out.push_str(&format!("{pad}notes: {}\n", scalar(notes)));
        }
    }
    out.push_str(&format!("# keep {next}: the end\n"));
    if layout.crlf {
        out = out.replace('\n', "\r\n");
    }
    out
}

/// One change, with the values it needs drawn in advance.
#[derive(Debug, Clone)]
enum Op {
    Add(
        String,
        Option<String>,
        Vec<String>,
        Vec<List>,
        Option<String>,
    ),
    Role(usize, String),
    AddIdea(usize, String),
    RemoveIdea(usize, usize),
    AddInterest(usize, String),
    RemoveInterest(usize, usize),
    ClearNotes(usize),
    Cadence(usize, u16),
    Lists(usize, Vec<List>, Vec<List>),
    Score(usize, u8, u8, bool),
    Remove(usize),
}

fn op() -> impl Strategy<Value = Op> {
    let who = 0usize..8;
    let lists = || proptest::sample::subsequence(vec![List::KnowAndLike, List::CanHelp], 0..=2);
    prop_oneof![
        (
            text(),
            proptest::option::of(text()),
            proptest::collection::vec(text(), 0..3),
            lists(),
            proptest::option::of("[a-zA-Z]{1,6}( [a-z]{1,6})?\n[a-z #:]{0,12}"),
        )
            .prop_map(|(n, r, i, l, notes)| Op::Add(n, r, i, l, notes)),
        (who.clone(), text()).prop_map(|(w, t)| Op::Role(w, t)),
        (who.clone(), text()).prop_map(|(w, t)| Op::AddIdea(w, t)),
        (who.clone(), 0usize..3).prop_map(|(w, i)| Op::RemoveIdea(w, i)),
        (who.clone(), "[a-z]{1,8}").prop_map(|(w, t)| Op::AddInterest(w, t)),
        (who.clone(), 0usize..3).prop_map(|(w, i)| Op::RemoveInterest(w, i)),
        who.clone().prop_map(Op::ClearNotes),
        (who.clone(), 1u16..=366).prop_map(|(w, c)| Op::Cadence(w, c)),
        (who.clone(), lists(), lists()).prop_map(|(w, a, r)| Op::Lists(w, a, r)),
        (who.clone(), 1u8..=28, 1u8..=5, any::<bool>())
            .prop_map(|(w, d, s, r)| Op::Score(w, d, s, r)),
        who.prop_map(Op::Remove),
    ]
}

fn day(n: u8) -> Date {
    date(2025, 2, i8::try_from(n).unwrap_or(1))
}

fn same_list(a: &[List], b: List) -> bool {
    a.contains(&b)
}

/// The change for `op` on `list`, and the list it must give, worked out on
/// the model. `None` when `op` does not apply (no such contact, nothing to
/// remove).
fn plan(op: &Op, list: &ContactsList, added: usize) -> Option<(ContactChange, Vec<Contact>)> {
    let mut contacts = list.contacts.clone();
    let pick = |n: usize| (!contacts.is_empty()).then(|| n % contacts.len());
    let edit = |id: &str, fields: ContactFields| ContactChange::Edit {
        id: id.to_owned(),
        fields,
    };
    let change = match op {
        Op::Add(name, role, interests, lists, notes) => {
            let id = format!("new{added}");
            let mut contact = Contact {
                id: id.clone(),
                position: None,
                name: name.trim().to_owned(),
                organisation: None,
                department: None,
                role: role.as_ref().map(|r| r.trim().to_owned()),
                leader: false,
                lists: {
                    let mut l = lists.clone();
                    l.sort();
                    l
                },
                interests: Vec::new(),
                scores: Vec::new(),
                target: None,
                target_from: None,
                ideas: Vec::new(),
                cadence: None,
                notes: notes
                    .as_ref()
                    .map(|n| n.trim().to_owned())
                    .filter(|n| !n.is_empty()),
                confidentiality: nosfolio_core::Confidentiality::Private,
            };
            for interest in interests {
                let t = interest.trim().to_owned();
                if !contact.interests.iter().any(|i| i.eq_ignore_ascii_case(&t)) {
                    contact.interests.push(t);
                }
            }
            contacts.push(contact);
            ContactChange::Add {
                id,
                fields: ContactFields {
                    name: Some(name.clone()),
                    role: role.clone(),
                    interests: interests.clone(),
                    lists: lists.clone(),
                    notes: contact_notes(notes),
                    ..ContactFields::default()
                },
            }
        }
        Op::Role(n, role) => {
            let i = pick(*n)?;
            contacts[i].role = Some(role.trim().to_owned());
            edit(
                &contacts[i].id,
                ContactFields {
                    role: Some(role.clone()),
                    ..ContactFields::default()
                },
            )
        }
        Op::AddIdea(n, idea) => {
            let i = pick(*n)?;
            let t = idea.trim().to_owned();
            if !contacts[i].ideas.contains(&t) {
                contacts[i].ideas.push(t);
            }
            edit(
                &contacts[i].id,
                ContactFields {
                    ideas: vec![idea.clone()],
                    ..ContactFields::default()
                },
            )
        }
        Op::RemoveIdea(n, k) => {
            let i = pick(*n)?;
            let idea = contacts[i].ideas.get(*k)?.clone();
            contacts[i].ideas.retain(|x| *x != idea);
            edit(
                &contacts[i].id,
                ContactFields {
                    remove_ideas: vec![idea],
                    ..ContactFields::default()
                },
            )
        }
        Op::AddInterest(n, tag) => {
            let i = pick(*n)?;
            if !contacts[i]
                .interests
                .iter()
                .any(|x| x.eq_ignore_ascii_case(tag))
            {
                contacts[i].interests.push(tag.clone());
            }
            edit(
                &contacts[i].id,
                ContactFields {
                    interests: vec![tag.clone()],
                    ..ContactFields::default()
                },
            )
        }
        Op::RemoveInterest(n, k) => {
            let i = pick(*n)?;
            let tag = contacts[i].interests.get(*k)?.clone();
            contacts[i]
                .interests
                .retain(|x| !x.eq_ignore_ascii_case(&tag));
            edit(
                &contacts[i].id,
                ContactFields {
                    remove_interests: vec![tag],
                    ..ContactFields::default()
                },
            )
        }
        Op::ClearNotes(n) => {
            let i = pick(*n)?;
            contacts[i].notes = None;
            edit(
                &contacts[i].id,
                ContactFields {
                    clear: vec![Field::Notes],
                    ..ContactFields::default()
                },
            )
        }
        Op::Cadence(n, days) => {
            let i = pick(*n)?;
            contacts[i].cadence = Some(*days);
            edit(
                &contacts[i].id,
                ContactFields {
                    cadence: Some(*days),
                    ..ContactFields::default()
                },
            )
        }
        Op::Lists(n, add, remove) => {
            let i = pick(*n)?;
            let add: Vec<List> = add
                .iter()
                .filter(|l| !same_list(remove, **l))
                .copied()
                .collect();
            if add.is_empty() && remove.is_empty() {
                return None;
            }
            let lists = &mut contacts[i].lists;
            lists.retain(|l| !remove.contains(l));
            lists.extend(add.iter().copied());
            lists.sort();
            lists.dedup();
            edit(
                &contacts[i].id,
                ContactFields {
                    lists: add,
                    remove_lists: remove.clone(),
                    ..ContactFields::default()
                },
            )
        }
        Op::Score(n, d, score, replace) => {
            let i = pick(*n)?;
            let scores = &mut contacts[i].scores;
            match scores.iter_mut().find(|s| s.date == day(*d)) {
                Some(_) if !replace => return None,
                Some(s) => s.score = *score,
                None => {
                    scores.push(Score {
                        date: day(*d),
                        score: *score,
                    });
                    scores.sort_by_key(|s| s.date);
                }
            }
            ContactChange::Score {
                id: contacts[i].id.clone(),
                date: day(*d),
                score: *score,
                replace: *replace,
            }
        }
        Op::Remove(n) => {
            let i = pick(*n)?;
            let id = contacts.remove(i).id;
            ContactChange::Remove { id }
        }
    };
    Some((change, contacts))
}

fn contact_notes(notes: &Option<String>) -> Option<String> {
    notes.clone().filter(|n| !n.trim().is_empty())
}

fn without_places(mut contacts: Vec<Contact>) -> Vec<Contact> {
    for contact in &mut contacts {
        contact.position = None;
    }
    contacts
}

/// The comments inside contact `id`'s block: after its dash line and before
/// its last line (comments after a block belong to what follows it).
fn inside(text: &str, id: &str) -> Vec<usize> {
    let lines: Vec<&str> = text.lines().collect();
    let comment = |l: &str| l.trim().is_empty() || l.trim_start().starts_with('#');
    let indent = |l: &str| l.len() - l.trim_start().len();
    let Some(start) = lines
        .iter()
        .position(|l| l.trim_start().trim_start_matches('-').trim_start() == format!("id: {id}"))
    else {
        return Vec::new();
    };
    let dash = indent(lines[start]);
    let end = (start + 1..lines.len())
        .find(|&i| !comment(lines[i]) && indent(lines[i]) <= dash)
        .unwrap_or(lines.len());
    let last = (start..end)
        .rev()
        .find(|&i| !comment(lines[i]))
        .unwrap_or(start);
    kept(&lines[start..last].join("\n"))
}

/// The `# keep N` numbers in a text, in order.
fn kept(text: &str) -> Vec<usize> {
    text.lines()
        .filter_map(|l| l.trim().strip_prefix("# keep "))
        .filter_map(|rest| rest.split(':').next()?.trim().parse().ok())
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(192))]

    #[test]
    fn changes_round_trip_and_keep_every_comment(
        contacts in proptest::collection::vec(hand_contact(), 1..5),
        layout in layout(),
        ops in proptest::collection::vec(op(), 1..6),
    ) {
        let mut text = write(&contacts, layout);
        let (list, problems) = parse_contacts(FILE, &text);
        prop_assert!(problems.is_empty(), "{text}\n{problems:?}");
        let mut list = list.expect("a list");
        let mut comments = kept(&text);
        let context = ChangeContext {
            file: FILE,
            today: date(2025, 6, 30),
            force: false,
            journal: &[],
        };
        for (n, op) in ops.iter().enumerate() {
            let Some((change, expected)) = plan(op, &list, n) else {
                continue;
            };
            let edit = match change_contacts(Some(&text), &change, &context) {
                Ok(edit) => edit,
                Err(ContactError::Invalid { problems }) => {
                    // Only a value that trims to nothing may be refused.
                    prop_assert!(problems.iter().all(|p| p.contains("is empty")), "{problems:?}");
                    continue;
                }
                Err(error) => {
                    prop_assert!(false, "{op:?} refused: {error}\n{text}");
                    unreachable!()
                }
            };
            let Some(new) = edit.text else {
                prop_assert_eq!(edit.written, Written::Unchanged);
                prop_assert_eq!(without_places(expected), without_places(list.contacts.clone()));
                continue;
            };
            prop_assert_eq!(edit.written, Written::InPlace);
            prop_assert_eq!(new.contains("\r\n"), layout.crlf);
            let (read, problems) = parse_contacts(FILE, &new);
            prop_assert!(problems.is_empty(), "{new}\n{problems:?}");
            let read = read.expect("a list");
            prop_assert_eq!(without_places(read.contacts.clone()), without_places(expected), "{}", new);
            if let ContactChange::Remove { id } = &change {
                let gone = inside(&text, id);
                comments.retain(|c| !gone.contains(c));
            }
            prop_assert_eq!(kept(&new), comments.clone(), "{}", new);
            text = new;
            list = read;
        }
    }
}
