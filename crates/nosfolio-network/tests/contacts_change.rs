//! Changing the contacts list without YAML: every change is made in place
//! on a hand-written list (its comments and layout kept) and read back by
//! `parse_contacts`; what cannot be kept is refused unless forced.

#![allow(missing_docs, unreachable_pub)]

use jiff::civil::{Date, date};
use nosfolio_core::Confidentiality;
use nosfolio_network::{
    ChangeContext, Contact, ContactChange, ContactError, ContactFields, ContactsEdit, Field, List,
    Written, change_contacts, parse_contacts, parse_entry,
};

const FILE: &str = "network/contacts.yaml";

/// A list as a candidate writes it from the documentation: comments on
/// their own lines and after values, both list styles, blank lines.
const HAND: &str = "\
# My networking plan.
title: Networking plan   # the list as evidence
date: 2025-01-13
claims: [PC1]

contacts:
  # Leaders first.
  - id: jkaur                # the journal refers to this
    name: Joanna Kaur
    department: IT
    leader: true
    lists: [know-and-like, can-help]   # both: start here
    scores:                  # re-scored each quarter
      - {date: 2025-01-13, score: 1}
      - {date: 2025-04-01, score: 2}   # after the lunch
    target: 60
    ideas:
      - Ask her to lunch   # soon
      - Offer help with the WMS roadmap

  - id: pkhan
    name: \"Priya Khan: Finance\"
    # no lists yet
    notes: Knows the budget cycle.

# The end.
";

fn today() -> Date {
    date(2025, 6, 23)
}

fn context(force: bool) -> ChangeContext<'static> {
    ChangeContext {
        file: FILE,
        today: today(),
        force,
        journal: &[],
    }
}

fn apply(text: Option<&str>, change: &ContactChange) -> Result<ContactsEdit, ContactError> {
    change_contacts(text, change, &context(false))
}

fn edited(text: &str, change: &ContactChange) -> String {
    let edit = apply(Some(text), change).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(edit.written, Written::InPlace);
    edit.text.expect("a change")
}

fn edit(id: &str, fields: ContactFields) -> ContactChange {
    ContactChange::Edit {
        id: id.into(),
        fields,
    }
}

fn score(id: &str, day: Date, score: u8) -> ContactChange {
    ContactChange::Score {
        id: id.into(),
        date: day,
        score,
        replace: false,
    }
}

#[test]
fn a_contact_is_added_at_the_end_of_a_hand_written_list_keeping_every_line() {
    let change = ContactChange::Add {
        id: "jsmith".into(),
        fields: ContactFields {
            name: Some("Jane Smith".into()),
            organisation: Some("Acme: North".into()),
            leader: true,
            lists: vec![List::CanHelp],
            interests: vec!["yes".into(), "budgets".into()],
            target: Some(30),
            ideas: vec!["Coffee # after the review".into()],
            cadence: Some(14),
            notes: Some("Two\nlines".into()),
            confidentiality: Some(Confidentiality::Assessor),
            ..ContactFields::default()
        },
    };
    let text = edited(HAND, &change);
    assert!(
        text.starts_with(&HAND[..HAND.len() - "\n# The end.\n".len()]),
        "{text}"
    );
    assert!(text.ends_with("\n# The end.\n"), "{text}");
    assert!(
        text.contains(
            "\n\n  - id: jsmith\n    name: Jane Smith\n    organisation: \"Acme: North\"\n    leader: true\n    lists: [can-help]\n    interests: [\"yes\", budgets]\n    target: 30\n    ideas:\n      - \"Coffee # after the review\"\n    cadence: 14\n    notes: \"Two\\nlines\"\n    confidentiality: assessor\n"
        ),
        "{text}"
    );
    let (list, problems) = parse_contacts(FILE, &text);
    assert!(problems.is_empty(), "{problems:?}");
    let jane = list.unwrap().contacts.pop().unwrap();
    assert_eq!(jane.organisation.as_deref(), Some("Acme: North"));
    assert_eq!(jane.interests, ["yes", "budgets"]);
    assert_eq!(jane.ideas, ["Coffee # after the review"]);
    assert_eq!(jane.notes.as_deref(), Some("Two\nlines"));
    // The window starts at the list's date.
    assert_eq!(jane.target_window().unwrap().0, date(2025, 1, 13));
}

#[test]
fn the_first_contact_creates_a_list_check_accepts() {
    let change = ContactChange::Add {
        id: "jsmith".into(),
        fields: ContactFields {
            name: Some("Jane Smith".into()),
            target: Some(90),
            ..ContactFields::default()
        },
    };
    let edit = apply(None, &change).unwrap();
    assert_eq!(edit.written, Written::Created);
    let text = edit.text.unwrap();
    assert_eq!(
        text,
        "contacts:\n  - id: jsmith\n    name: Jane Smith\n    target: 90\n    target_from: 2025-06-23\n"
    );
    let (list, problems) = parse_contacts(FILE, &text);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(
        list.unwrap().contacts[0].target_window(),
        Some((date(2025, 6, 23), date(2025, 9, 21)))
    );
    // A list with other keys and no contacts, or an empty one, grows too.
    for start in ["title: Plan\n", "title: Plan\ncontacts: [] # none yet\n"] {
        let text = edited(start, &change);
        let (list, problems) = parse_contacts(FILE, &text);
        assert!(problems.is_empty(), "{text}\n{problems:?}");
        assert_eq!(list.unwrap().contacts.len(), 1, "{text}");
        assert!(text.starts_with(start.lines().next().unwrap()), "{text}");
    }
    assert!(
        edited("contacts: [] # none yet\n", &change)
            .starts_with("contacts: # none yet\n  - id: jsmith\n")
    );
}

#[test]
fn every_bad_value_is_refused_at_once_and_an_id_in_use_names_its_contact() {
    let bad = ContactChange::Add {
        id: "j smith".into(),
        fields: ContactFields {
            name: Some("  ".into()),
            target: Some(45),
            cadence: Some(0),
            ideas: vec![" ".into()],
            ..ContactFields::default()
        },
    };
    let error = apply(Some(HAND), &bad).unwrap_err().to_string();
    for said in [
        "`j smith` is not a usable id: an id is one word of letters, digits",
        "--name is empty",
        "--target 45 is not a target window: give 30, 60 or 90",
        "--cadence 0 is out of range",
        "--idea is empty",
        "nothing was written",
    ] {
        assert!(error.contains(said), "{said}: {error}");
    }
    let taken = ContactChange::Add {
        id: "pkhan".into(),
        fields: ContactFields {
            name: Some("Pat Khan".into()),
            ..ContactFields::default()
        },
    };
    assert_eq!(
        apply(Some(HAND), &taken).unwrap_err(),
        ContactError::Taken {
            id: "pkhan".into(),
            name: "Priya Khan: Finance".into()
        }
    );
    // With other problems, the id in use is one of them.
    let both = ContactChange::Add {
        id: "pkhan".into(),
        fields: ContactFields {
            name: Some("Pat Khan".into()),
            cadence: Some(0),
            ..ContactFields::default()
        },
    };
    let error = apply(Some(HAND), &both).unwrap_err().to_string();
    assert!(
        error.starts_with("the id `pkhan` is already used, by Priya Khan: Finance\n--cadence 0"),
        "{error}"
    );
    let unknown = apply(Some(HAND), &score("jkuar", today(), 3)).unwrap_err();
    assert_eq!(
        unknown,
        ContactError::Unknown {
            id: "jkuar".into(),
            nearest: vec!["jkaur".into()]
        }
    );
    assert!(unknown.to_string().contains("did you mean `jkaur`?"));
}

#[test]
fn edits_touch_only_the_lines_that_change() {
    let fields = ContactFields {
        department: Some("IT & Data".into()),
        lists: vec![List::KnowAndLike],
        remove_lists: vec![List::CanHelp],
        ideas: vec!["Walk the night shift".into()],
        remove_ideas: vec!["Ask her to lunch".into()],
        cadence: Some(30),
        clear: vec![Field::Target],
        ..ContactFields::default()
    };
    let text = edited(HAND, &edit("jkaur", fields));
    let expected = HAND
        .replace("    department: IT\n", "    department: IT & Data\n")
        .replace(
            "    lists: [know-and-like, can-help]   # both: start here\n",
            "    lists: [know-and-like]   # both: start here\n",
        )
        .replace("    target: 60\n", "")
        .replace(
            "      - Ask her to lunch   # soon\n      - Offer help with the WMS roadmap\n",
            "      - Offer help with the WMS roadmap\n      - Walk the night shift\n    cadence: 30\n",
        );
    assert_eq!(text, expected);

    // A key the contact lacks goes where nosfolio would write it.
    let text = edited(
        HAND,
        &edit(
            "pkhan",
            ContactFields {
                role: Some("Finance Business Partner".into()),
                lists: vec![List::CanHelp],
                clear: vec![Field::Notes],
                ..ContactFields::default()
            },
        ),
    );
    assert!(
        text.contains("  - id: pkhan\n    name: \"Priya Khan: Finance\"\n    role: Finance Business Partner\n    lists: [can-help]\n    # no lists yet\n\n# The end.\n"),
        "{text}"
    );
    let (list, problems) = parse_contacts(FILE, &text);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(list.unwrap().contacts[1].notes, None);

    // Removing what is not there says what is.
    let error = apply(
        Some(HAND),
        &edit(
            "jkaur",
            ContactFields {
                remove_ideas: vec!["Lunch".into()],
                ..ContactFields::default()
            },
        ),
    )
    .unwrap_err()
    .to_string();
    assert!(
        error.contains("their ideas are: `Ask her to lunch`, `Offer help with the WMS roadmap`"),
        "{error}"
    );
    // Nothing to do is said, and nothing is written.
    let same = apply(
        Some(HAND),
        &edit(
            "jkaur",
            ContactFields {
                leader: true,
                ..ContactFields::default()
            },
        ),
    )
    .unwrap();
    assert_eq!((same.text, same.written), (None, Written::Unchanged));
}

#[test]
fn scores_are_appended_refused_twice_a_day_and_replaced_when_asked() {
    let text = edited(HAND, &score("jkaur", date(2025, 6, 20), 3));
    assert_eq!(
        text,
        HAND.replace(
            "      - {date: 2025-04-01, score: 2}   # after the lunch\n",
            "      - {date: 2025-04-01, score: 2}   # after the lunch\n      - {date: 2025-06-20, score: 3}\n"
        )
    );
    let twice = apply(Some(&text), &score("jkaur", date(2025, 4, 1), 4)).unwrap_err();
    assert_eq!(
        twice,
        ContactError::ScoreTaken {
            id: "jkaur".into(),
            date: date(2025, 4, 1),
            score: 2
        }
    );
    assert!(twice.to_string().contains("--replace"));
    let replaced = apply(
        Some(&text),
        &ContactChange::Score {
            id: "jkaur".into(),
            date: date(2025, 4, 1),
            score: 4,
            replace: true,
        },
    )
    .unwrap();
    assert_eq!(replaced.replaced.map(|s| s.score), Some(2));
    assert!(
        replaced
            .text
            .unwrap()
            .contains("      - {date: 2025-04-01, score: 4}   # after the lunch\n")
    );
    // A first score adds the key; a score after today is refused.
    let first = edited(HAND, &score("pkhan", date(2025, 6, 1), 2));
    assert!(
        first.contains("    name: \"Priya Khan: Finance\"\n    scores:\n      - {date: 2025-06-01, score: 2}\n    # no lists yet\n"),
        "{first}"
    );
    let future = apply(Some(HAND), &score("pkhan", date(2025, 6, 24), 2)).unwrap_err();
    assert!(future.to_string().contains("after today"), "{future}");
    let out_of_range = apply(Some(HAND), &score("pkhan", today(), 6)).unwrap_err();
    assert!(
        out_of_range.to_string().contains("from 1"),
        "{out_of_range}"
    );
}

#[test]
fn a_contact_is_removed_with_its_block_only_unless_the_journal_names_them() {
    let remove = ContactChange::Remove { id: "jkaur".into() };
    let text = edited(HAND, &remove);
    let start = HAND.find("  - id: jkaur").unwrap();
    let end = HAND.find("  - id: pkhan").unwrap();
    assert_eq!(text, format!("{}{}", &HAND[..start], &HAND[end..]));
    let last = edited(&text, &ContactChange::Remove { id: "pkhan".into() });
    assert!(
        last.contains("contacts: []\n  # Leaders first.\n\n# The end.\n"),
        "{last}"
    );
    assert!(parse_contacts(FILE, &last).1.is_empty());

    let (entry, _) = parse_entry(
        "network/journal/2025-05-01-lunch.md",
        "---\ndate: 2025-05-01\ncontacts: [pkhan]\nkind: lunch\nintroduced: [[pkhan, jkaur]]\n---\n",
    );
    let journal = [entry.unwrap()];
    let context = ChangeContext {
        journal: &journal,
        ..context(false)
    };
    let refused = change_contacts(Some(HAND), &remove, &context).unwrap_err();
    assert_eq!(
        refused,
        ContactError::Named {
            id: "jkaur".into(),
            entries: vec!["network/journal/2025-05-01-lunch.md".into()]
        }
    );
    assert!(refused.to_string().contains("nothing was written"));
}

#[test]
fn a_layout_that_cannot_be_kept_is_refused_unless_forced() {
    let flow = "# mine\ncontacts: [{id: a, name: A}]\n";
    let change = score("a", today(), 3);
    let refused = apply(Some(flow), &change).unwrap_err().to_string();
    assert!(refused.contains("flow style"), "{refused}");
    assert!(refused.contains("--force"), "{refused}");
    let forced = change_contacts(Some(flow), &change, &context(true)).unwrap();
    assert_eq!(forced.written, Written::Rewritten);
    assert_eq!(
        forced.text.unwrap(),
        "contacts:\n  - id: a\n    name: A\n    scores:\n      - {date: 2025-06-23, score: 3}\n"
    );
    // The whole list survives a rewrite, claims and all.
    let forced = change_contacts(Some(HAND), &change_name("pkhan"), &context(true)).unwrap();
    assert_eq!(forced.written, Written::InPlace);
}

fn change_name(id: &str) -> ContactChange {
    edit(
        id,
        ContactFields {
            name: Some("Priya Khan".into()),
            ..ContactFields::default()
        },
    )
}

#[test]
fn a_list_with_errors_is_not_changed() {
    let broken = "contacts:\n  - id: a\n    name: A\n    target: 45\n";
    let error = apply(Some(broken), &change_name("a"))
        .unwrap_err()
        .to_string();
    assert!(error.contains("the contacts list has errors"), "{error}");
    assert!(error.contains("nothing was written"), "{error}");
}

#[test]
fn crlf_and_other_indents_are_kept() {
    let text = "contacts:\r\n- id: a\r\n  name: A\r\n  ideas:\r\n  - One\r\n";
    let out = edited(
        text,
        &edit(
            "a",
            ContactFields {
                ideas: vec!["Two".into()],
                ..ContactFields::default()
            },
        ),
    );
    assert_eq!(
        out,
        "contacts:\r\n- id: a\r\n  name: A\r\n  ideas:\r\n  - One\r\n  - Two\r\n"
    );
    let wide = "contacts:\n    -   id: a\n        name: A\n";
    let out = edited(
        wide,
        &ContactChange::Add {
            id: "b".into(),
            fields: ContactFields {
                name: Some("B".into()),
                lists: vec![List::KnowAndLike],
                ..ContactFields::default()
            },
        },
    );
    assert_eq!(
        out,
        "contacts:\n    -   id: a\n        name: A\n    -   id: b\n        name: B\n        lists: [know-and-like]\n"
    );
}

/// A form showing every field of a contact, sent back changed: the edit
/// `between` the two, applied in place, reads back as what was asked for,
/// the scores untouched and the comments kept; sent back unchanged, it
/// changes nothing.
#[test]
fn an_edit_between_a_contact_and_a_form_gives_the_form() {
    let (list, _) = parse_contacts(FILE, HAND);
    let current = list.unwrap().contacts[0].clone();
    assert!(ContactFields::between(&current, &current).is_empty());

    let mut wanted = current.clone();
    wanted.name = " Joanna Kaur-Singh ".into();
    wanted.department = None;
    wanted.role = Some("Head of IT".into());
    wanted.leader = false;
    wanted.lists = vec![List::CanHelp];
    wanted.interests = vec!["Cycling".into()];
    wanted.ideas = vec!["Ask her to lunch".into(), "Invite her to the forum".into()];
    wanted.target = Some(90);
    wanted.cadence = Some(30);
    wanted.notes = Some("Runs the WMS roadmap.".into());
    wanted.confidentiality = Confidentiality::Assessor;
    let fields = ContactFields::between(&current, &wanted);
    let edit = apply(
        Some(HAND),
        &ContactChange::Edit {
            id: "jkaur".into(),
            fields,
        },
    )
    .unwrap();
    let text = edit.text.unwrap();
    assert!(text.contains("# Leaders first."), "{text}");
    let (list, problems) = parse_contacts(FILE, &text);
    assert!(problems.is_empty(), "{problems:?}");
    let got = list.unwrap().contacts[0].clone();
    wanted.name = "Joanna Kaur-Singh".into();
    assert_eq!(
        Contact {
            position: None,
            ..got
        },
        Contact {
            position: None,
            ..wanted
        }
    );
}
