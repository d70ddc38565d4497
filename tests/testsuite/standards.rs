//! `nosfolio standards list|show|check`.

use crate::support::{TempPortfolio, nosfolio};

#[test]
fn list_names_the_three_builtins() {
    let run = nosfolio(&["standards", "list"]).run();
    run.code(0);
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn list_as_json_carries_full_standards() {
    let run = nosfolio(&["standards", "list", "--format", "json"]).run();
    let json = run.code(0).json();
    let ids: Vec<&str> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["mla3", "networking", "develops-networks"]);
}

#[test]
fn show_prints_verbatim_text_in_every_format() {
    let pc6 = "Introduce people and organisations with common interests to each other.";
    for format in ["text", "md", "json"] {
        let run = nosfolio(&["standards", "show", "mla3", "--format", format]).run();
        run.code(0);
        assert!(run.stdout.contains(pc6), "{format}: {}", run.stdout);
        assert!(run.stdout.contains("annotated-contacts-list"), "{format}");
    }
    let json = nosfolio(&["standards", "show", "networking", "--format", "json"])
        .run()
        .json();
    let level3 = &json["groups"][2];
    assert_eq!(level3["level"], 3);
    assert_eq!(level3["questions"][0]["id"], "L3.Q1");
    assert_eq!(
        level3["questions"][0]["probing"][1],
        "How did you approach them?"
    );
}

#[test]
fn show_text_of_networking_is_stable() {
    let run = nosfolio(&["standards", "show", "networking"]).run();
    run.code(0);
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn show_unknown_suggests_the_nearest() {
    let run = nosfolio(&["standards", "show", "mla2"]).run();
    run.code(2);
    assert!(
        run.stderr.contains("unknown standard `mla2`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("did you mean `mla3`?"),
        "{}",
        run.stderr
    );
}

#[test]
fn check_accepts_a_good_file_and_reports_every_problem_of_a_bad_one() {
    let dir = TempPortfolio::empty();
    dir.write(
        "good.yaml",
        "id: mine\nkind: nos-unit\ntitle: Mine\ngroups:\n  - id: g\n    title: G\n    items:\n      - id: X1\n        text: Do X.\n",
    );
    let run = dir.run(&["standards", "check", "good.yaml"]);
    run.code(0);
    assert!(
        run.stdout.contains("ok: `mine` Mine with 1 items"),
        "{}",
        run.stdout
    );

    dir.write(
        "bad.yaml",
        "id: mine\nkind: nos-unit\ntitle: Mine\ngroups:\n  - id: g\n    title: G\n    items:\n      - id: X1\n        text: Do X.\n      - id: X1\n        text: \"\"\nevidence_types:\n  - id: t\n    text: T\n    supports: [X2]\n",
    );
    let run = dir.run(&["standards", "check", "bad.yaml", "--color", "never"]);
    run.code(2);
    insta::assert_snapshot!(run.stderr, @r"
    bad.yaml:10:13: error: duplicate id `X1` (first defined on line 8)
    bad.yaml:11:15: error: text of X1 is empty
    bad.yaml:15:16: error: evidence type `t` names unknown item `X2`
      help: did you mean `X1`?
    3 errors, 0 warnings
    ");

    let json = dir
        .run(&["standards", "check", "bad.yaml", "--format", "json"])
        .json();
    assert_eq!(json["ok"], false);
    assert_eq!(json["diagnostics"][0]["code"], "duplicate-id");
    assert_eq!(json["diagnostics"][0]["line"], 10);
    assert_eq!(json["diagnostics"][0]["column"], 13);
}

#[test]
fn builtin_files_pass_their_own_check() {
    for id in ["mla3", "networking", "develops-networks"] {
        let path = crate::support::repo().join(format!("crates/nosfolio-core/standards/{id}.yaml"));
        nosfolio(&["standards", "check", path.to_str().unwrap()])
            .run()
            .code(0);
    }
}

#[test]
fn help_lists_every_command() {
    let run = nosfolio(&["--help"]).run();
    run.code(0);
    insta::assert_snapshot!(run.stdout);
}
