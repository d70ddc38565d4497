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

#[test]
fn standards_use_adds_a_standard_in_place_once_and_only_when_it_loads() {
    use crate::support::TempPortfolio;
    let dir = TempPortfolio::from_fixture("valid/minimal");
    let manifest =
        "# whose portfolio\ncandidate: Test Candidate\nstandards:\n  - mla3 # the unit\n";
    dir.write("portfolio.yaml", manifest);
    let read = || std::fs::read_to_string(dir.path().join("portfolio.yaml")).unwrap();

    let run = dir.run(&["standards", "use", "networking"]);
    run.code(0);
    assert!(
        run.stdout.contains("now uses `networking`"),
        "{}",
        run.stdout
    );
    assert_eq!(
        read(),
        format!("{manifest}  - networking\n"),
        "comments and layout are kept"
    );
    let json = dir.run(&["matrix", "--format", "json"]).code(0).json();
    assert_eq!(json["summary"]["total"], 32 + 18);

    let again = dir.run(&["standards", "use", "networking", "--format", "json"]);
    assert_eq!(again.code(0).json()["outcome"], "already_used");
    assert_eq!(read(), format!("{manifest}  - networking\n"));

    // Refusals name the reason, and write nothing.
    let before = read();
    let unknown = dir.run(&["standards", "use", "netwrking"]);
    unknown.code(2);
    assert!(
        unknown.stderr.contains("unknown standard `netwrking`"),
        "{}",
        unknown.stderr
    );
    assert!(
        unknown.stderr.contains("nothing was changed"),
        "{}",
        unknown.stderr
    );

    let own = crate::support::fixture("valid/forms/standards/own.yaml");
    let own = std::fs::read_to_string(own).unwrap();
    dir.write("standards/own.yaml", &own);
    dir.write(
        "standards/clash.yaml",
        own.replacen("id: own-unit", "id: mla3", 1),
    );
    dir.write(
        "standards/broken.yaml",
        own.replacen("id: own-unit", "idd: own-unit", 1),
    );
    let clash = dir.run(&["standards", "use", "standards/clash.yaml"]);
    clash.code(2);
    assert!(
        clash
            .stderr
            .contains("already uses a standard with the id `mla3`"),
        "{}",
        clash.stderr
    );
    let broken = dir.run(&["standards", "use", "standards/broken.yaml"]);
    broken.code(2);
    assert!(
        broken.stderr.contains("standards/broken.yaml:1:1: error"),
        "{}",
        broken.stderr
    );
    let missing = dir.run(&["standards", "use", "standards/none.yaml"]);
    missing.code(2);
    assert!(
        missing.stderr.contains("does not exist"),
        "{}",
        missing.stderr
    );
    assert_eq!(read(), before);

    // A path is taken from the working folder and written from the root.
    let inside =
        crate::support::nosfolio(&["standards", "use", "../standards/own.yaml", "--dir", ".."])
            .current_dir(&dir.path().join("evidence"))
            .run();
    inside.code(0);
    assert_eq!(read(), format!("{before}  - standards/own.yaml\n"));
    dir.run(&["check"]).code(0);
}
