//! `nosfolio standards import` and `nosfolio export`: files written, never
//! overwritten without --force, the result loads in a portfolio, private
//! evidence never leaves it. Real files from `../shared/interop/` are read
//! in place; those tests skip, saying so, where the folder is absent.

use std::path::PathBuf;

use crate::support::{TempPortfolio, nosfolio, repo};

/// Says why a test did not run, straight to the process's stderr so that
/// the test harness's capture does not hide it.
fn skipped(message: &str) {
    use std::io::Write as _;
    let _ = writeln!(std::io::stderr().lock(), "{message}");
}

fn interop_fixture(name: &str) -> String {
    repo()
        .join("tests/fixtures/interop")
        .join(name)
        .display()
        .to_string()
}

fn shared(name: &str) -> Option<PathBuf> {
    let folder = repo().join("../shared/interop");
    if folder.is_dir() {
        Some(folder.join(name))
    } else {
        skipped(&format!(
            "skipped: {} is absent, so the CLI test over the real {name} does not run here (CI has it)",
            folder.display()
        ));
        None
    }
}

#[test]
fn real_files_import_into_standards_that_check_and_load() {
    let files = [
        ("example.matrix", "mahara", "E1.1"),
        ("oecd_core_competencies_example.csv", "moodle", "DR-AT1"),
        (
            "act_holistic_math_Ordering.case.json",
            "case",
            "H.A.MATH.GM.PF.2DFP.L1.10",
        ),
    ];
    for (name, format, item) in files {
        let Some(path) = shared(name) else {
            return;
        };
        let dir = TempPortfolio::empty();
        let output = format!("standards/{format}-import.yaml");
        let run = dir.run(&["standards", "import", path.to_str().unwrap(), "-o", &output]);
        run.code(0);
        assert!(run.stderr.contains("written to"), "{}", run.stderr);
        dir.run(&["standards", "check", &output]).code(0);
        // The standard is usable in a portfolio, its ids in claims.
        dir.write(
            "portfolio.yaml",
            format!("candidate: A Candidate\nstandards: [{output}]\n"),
        )
        .write("evidence/notes.txt", "notes")
        .write(
            "evidence/notes.txt.yaml",
            format!("title: Notes\nconfidentiality: public\nclaims: [{item}]\n"),
        );
        let run = dir.run(&["check"]);
        run.code(0);
        // And exports to a credential whose Achievement is aligned with
        // the item (with every item: the portfolio has no target).
        let credential = dir.run(&["export", "--to", "openbadges"]);
        credential.code(0);
        let json = credential.json();
        let alignment = json["credentialSubject"]["achievement"]["alignment"]
            .as_array()
            .unwrap();
        assert!(
            alignment.iter().any(|a| a["targetCode"] == item),
            "{item} not aligned"
        );
    }
}

/// The OECD framework keeps its fifteen competencies and their levels, and a
/// behaviour deep in the tree is claimed by its Moodle id number.
#[test]
fn real_moodle_framework_keeps_its_competencies_and_claims_reach_their_behaviours() {
    let Some(path) = shared("oecd_core_competencies_example.csv") else {
        return;
    };
    let dir = TempPortfolio::empty();
    let run = dir.run(&[
        "standards",
        "import",
        path.to_str().unwrap(),
        "--from",
        "moodle",
        "-o",
        "standards/oecd.yaml",
    ]);
    run.code(0);
    assert!(
        run.stderr
            .contains("39 items in 15 competencies with 15 levels, written to standards/oecd.yaml"),
        "{}",
        run.stderr
    );
    dir.run(&["standards", "check", "standards/oecd.yaml"])
        .code(0);
    let yaml = std::fs::read_to_string(dir.path().join("standards/oecd.yaml")).unwrap();
    let standard = nosfolio_core::parse_standard("oecd.yaml", &yaml).unwrap();
    assert_eq!(standard.competencies().len(), 15);
    dir.write(
        "portfolio.yaml",
        "candidate: A Candidate\nstandards: [standards/oecd.yaml]\n",
    )
    .write("evidence/notes.txt", "notes");
    dir.run(&["claim", "evidence/notes.txt", "S-SN-3"]).code(0);
    let sidecar = std::fs::read_to_string(dir.path().join("evidence/notes.txt.yaml")).unwrap();
    assert!(sidecar.contains("S-SN-3"), "{sidecar}");
    dir.run(&["check"]).code(0);
}

/// A skills × levels CSV becomes a standard that checks, whose level
/// descriptors are claimable; its columns can be named; `--from levels-csv`
/// refuses a Moodle file and `--from moodle` a skills × levels CSV.
#[test]
fn levels_csv_imports_into_a_standard_that_checks_and_is_claimed() {
    let dir = TempPortfolio::empty();
    let run = dir.run(&[
        "standards",
        "import",
        &interop_fixture("ddat-skills.csv"),
        "--from",
        "levels-csv",
        "-o",
        "standards/x.yaml",
    ]);
    run.code(0);
    assert!(
        run.stderr
            .contains("12 items in 5 competencies with 12 levels, written to standards/x.yaml"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(
            "line 4: `Data modelling` has no descriptor at Working (`not defined`), Expert (`N/A`)"
        ),
        "{}",
        run.stderr
    );
    dir.run(&["standards", "check", "standards/x.yaml"]).code(0);
    dir.write(
        "portfolio.yaml",
        "candidate: A Candidate\nstandards: [standards/x.yaml]\n",
    )
    .write("evidence/notes.txt", "notes");
    dir.run(&["claim", "evidence/notes.txt", "Agile-working.L2"])
        .code(0);
    dir.run(&["check"]).code(0);

    // Columns named by options, the report as JSON.
    dir.write(
        "skills.csv",
        "Thing,About,Basic,Advanced\nKnitting,Making cloth,Knits a scarf,Knits a jumper\n",
    );
    let run = dir.run(&[
        "standards",
        "import",
        "skills.csv",
        "--from",
        "levels-csv",
        "--name-column",
        "Thing",
        "--description-column",
        "About",
        "--level-columns",
        "Basic,Advanced",
        "-o",
        "standards/knitting.yaml",
        "--format",
        "json",
    ]);
    run.code(0);
    let json = run.json();
    assert_eq!(json["report"]["format"], "levels-csv");
    assert_eq!(json["standard"]["items"], 2);
    dir.run(&["standards", "check", "standards/knitting.yaml"])
        .code(0);

    // Without the options the header names no skill column.
    let run = dir.run(&["standards", "import", "skills.csv", "--from", "levels-csv"]);
    run.code(2);
    assert!(
        run.stderr.contains("skills.csv: its header (line 1) has `Thing`, `About`, `Basic`, `Advanced`: no column names the skills")
            && run.stderr.contains("--name-column")
            && run.stderr.contains("help:"),
        "{}",
        run.stderr
    );
    let run = dir.run(&[
        "standards",
        "import",
        &interop_fixture("leveled.csv"),
        "--from",
        "levels-csv",
    ]);
    run.code(2);
    assert!(run.stderr.contains("--from moodle"), "{}", run.stderr);
    assert!(!dir.path().join("standards/leveled.yaml").exists());
}

/// A DDaT CSV as wide as Moodle's was imported by `--from moodle` as
/// nonsense, exiting 0; it is refused, naming its format.
#[test]
fn import_from_moodle_refuses_a_skills_by_levels_csv() {
    let dir = TempPortfolio::empty();
    for name in ["ddat-roles.csv", "ddat-skills.csv"] {
        let run = dir.run(&[
            "standards",
            "import",
            &interop_fixture(name),
            "--from",
            "moodle",
            "-o",
            "standards/wrong.yaml",
        ]);
        run.code(2);
        assert!(
            run.stderr
                .contains("this is a skills × levels CSV, not a Moodle competency framework CSV: name it with --from levels-csv"),
            "{}",
            run.stderr
        );
        assert!(!dir.path().join("standards/wrong.yaml").exists());
    }
}

#[test]
fn import_detects_the_format_and_reports_as_json() {
    let run = nosfolio(&[
        "standards",
        "import",
        &interop_fixture("hostile.matrix"),
        "--format",
        "json",
    ])
    .run();
    run.code(0);
    let json = run.json();
    assert_eq!(json["report"]["format"], "mahara");
    assert!(json["yaml"].as_str().unwrap().contains("kind: nos-unit"));
    assert!(!json["yaml"].as_str().unwrap().contains("<script"));
    assert!(json["report"]["id_changes"].as_array().unwrap().len() > 2);
}

#[test]
fn import_without_output_prints_yaml_and_the_report_on_stderr() {
    let run = nosfolio(&["standards", "import", &interop_fixture("leveled.csv")]).run();
    run.code(0);
    assert!(
        run.stdout.contains("kind: competency-framework"),
        "{}",
        run.stdout
    );
    assert!(
        run.stderr.contains("completion rule of `102`"),
        "{}",
        run.stderr
    );
}

#[test]
fn import_refuses_to_overwrite_without_force() {
    let dir = TempPortfolio::empty();
    dir.write("standards/ours.yaml", "keep me");
    let input = interop_fixture("small.case.json");
    let run = dir.run(&["standards", "import", &input, "-o", "standards/ours.yaml"]);
    run.code(2);
    assert!(run.stderr.contains("already exists"), "{}", run.stderr);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("standards/ours.yaml")).unwrap(),
        "keep me"
    );
    dir.run(&[
        "standards",
        "import",
        &input,
        "-o",
        "standards/ours.yaml",
        "--force",
    ])
    .code(0);
    let written = std::fs::read_to_string(dir.path().join("standards/ours.yaml")).unwrap();
    // The id comes from the file name.
    assert!(written.contains("id: ours"), "{written}");
}

#[test]
fn import_errors_name_the_file_the_place_and_what_to_do() {
    let run = nosfolio(&["standards", "import", &interop_fixture("broken.matrix")]).run();
    run.code(2);
    assert!(
        run.stderr.contains("broken.matrix:1:48: not valid JSON"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("help:"), "{}", run.stderr);
    let run = nosfolio(&["standards", "import", &interop_fixture("not-moodle.csv")]).run();
    run.code(2);
    assert!(
        run.stderr.contains("expected a Mahara .matrix"),
        "{}",
        run.stderr
    );
    let run = nosfolio(&[
        "standards",
        "import",
        &interop_fixture("small.matrix"),
        "--from",
        "case",
    ])
    .run();
    run.code(2);
    assert!(run.stderr.contains("CFItems"), "{}", run.stderr);
}

#[test]
fn import_refuses_text_that_is_not_utf8_and_ids_that_are_not_valid() {
    let dir = TempPortfolio::empty();
    dir.write(
        "latin1.csv",
        b"\"Parent id number\",\"Id number\"\n,caf\xe9\n",
    );
    let run = dir.run(&["standards", "import", "latin1.csv"]);
    run.code(2);
    assert!(
        run.stderr.contains("latin1.csv: not UTF-8 text"),
        "{}",
        run.stderr
    );
    let input = interop_fixture("small.case.json");
    let run = dir.run(&["standards", "import", &input, "--id", "Not Valid"]);
    run.code(2);
    assert!(run.stderr.contains("standard id"), "{}", run.stderr);
}

#[test]
fn builtin_standards_export_and_import_back() {
    for standard in ["mla3", "networking", "develops-networks"] {
        for to in ["case", "mahara"] {
            let dir = TempPortfolio::empty();
            let file = format!("{standard}.{to}.json");
            dir.run(&["export", "--to", to, "--standard", standard, "-o", &file])
                .code(0);
            let back = format!("standards/{standard}.yaml");
            dir.run(&["standards", "import", &file, "-o", &back])
                .code(0);
            let original = nosfolio(&["standards", "show", standard, "--format", "json"])
                .run()
                .json();
            let imported = dir
                .run(&["standards", "show", &back, "--format", "json"])
                .json();
            for (a, b) in original["groups"]
                .as_array()
                .unwrap()
                .iter()
                .zip(imported["groups"].as_array().unwrap())
            {
                assert_eq!(a["id"], b["id"]);
                let parts = |group: &serde_json::Value| -> Vec<(String, String)> {
                    group["items"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|i| (i["id"].to_string(), i["text"].to_string()))
                        .collect()
                };
                assert_eq!(parts(a), parts(b), "{standard} via {to}");
            }
            assert_eq!(
                original["groups"].as_array().unwrap().len(),
                imported["groups"].as_array().unwrap().len()
            );
        }
    }
}

#[test]
fn open_badges_export_keeps_private_and_assessor_evidence_out_by_default() {
    let portfolio = TempPortfolio::copy_of(&repo().join("examples/mla3-portfolio"));
    // Nothing accepted yet: no results, no evidence.
    let none = portfolio.run(&["export", "--to", "openbadges", "--audience", "assessor"]);
    none.code(0);
    let json = none.json();
    assert!(json.get("evidence").is_none(), "{json:#}");
    assert!(json["credentialSubject"].get("result").is_none());
    assert!(none.stderr.contains("no item of `mla3`"), "{}", none.stderr);
    // An assessor accepts public, assessor-only and private evidence.
    for (piece, items) in [
        ("evidence/10-forum-membership-record.txt", "PC1,PC4,B1"),
        ("evidence/02-email-to-finance.eml", "PC2,PC3"),
        ("evidence/09-contacts-list.csv", "PC1,KG1"),
    ] {
        crate::support::assess_in(portfolio.path(), piece, &["--accept", items]).code(0);
    }
    let public = portfolio.run(&["export", "--to", "openbadges"]);
    public.code(0);
    let text = public.stdout.clone();
    assert!(
        !text.contains("Annotated contacts list"),
        "private evidence leaked"
    );
    assert!(
        text.contains("West of England Freight Forum"),
        "public evidence is exported"
    );
    assert!(
        !text.contains("Email to Finance agreeing what we exchange"),
        "assessor evidence is not public"
    );
    // The candidate is named by a salted hash only; nobody is named as
    // issuer of an unsigned credential.
    assert!(
        !text.contains("Priya") && !text.contains("Tom Reid"),
        "{text}"
    );
    let assessor = portfolio.run(&["export", "--to", "openbadges", "--audience", "assessor"]);
    assessor.code(0);
    assert!(
        assessor
            .stdout
            .contains("Email to Finance agreeing what we exchange")
    );
    assert!(
        !assessor.stdout.contains("Annotated contacts list"),
        "private evidence leaked"
    );
    let json = assessor.json();
    assert_eq!(json["type"][1], "OpenBadgeCredential");
    assert!(
        json["issuer"]["name"]
            .as_str()
            .unwrap()
            .starts_with("Not issued")
    );
    let results: Vec<&str> = json["credentialSubject"]["result"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["alignment"][0]["targetCode"].as_str().unwrap())
        .collect();
    assert_eq!(results, ["PC1", "PC2", "PC3", "PC4", "B1", "KG1"]);
    // Each export is a new credential about the same Achievement.
    let first = public.json();
    assert_ne!(first["id"], json["id"]);
    assert_eq!(
        first["credentialSubject"]["achievement"],
        json["credentialSubject"]["achievement"]
    );
    assert_ne!(
        first["credentialSubject"]["identifier"][0]["salt"],
        json["credentialSubject"]["identifier"][0]["salt"]
    );
    // Written to a file only once, unless --force.
    portfolio
        .run(&["export", "--to", "openbadges", "-o", "badge.json"])
        .code(0);
    portfolio
        .run(&["export", "--to", "openbadges", "-o", "badge.json"])
        .code(2);
    portfolio
        .run(&[
            "export",
            "--to",
            "openbadges",
            "-o",
            "badge.json",
            "--force",
        ])
        .code(0);
}

#[test]
fn export_needs_a_standard_outside_a_portfolio() {
    let dir = TempPortfolio::empty();
    let run = dir.run(&["export", "--to", "case"]);
    run.code(2);
    assert!(run.stderr.contains("--standard"), "{}", run.stderr);
    let run = dir.run(&["export", "--to", "openbadges"]);
    run.code(2);
    assert!(run.stderr.contains("not a portfolio"), "{}", run.stderr);
}

/// The CFDocument's identifier and every CFItem's, of a CASE export.
fn case_identifiers(json: &serde_json::Value) -> Vec<String> {
    let mut ids = vec![
        json["CFDocument"]["identifier"]
            .as_str()
            .unwrap()
            .to_owned(),
    ];
    for item in json["CFItems"].as_array().unwrap() {
        ids.push(item["identifier"].as_str().unwrap().to_owned());
    }
    ids
}

#[test]
fn imported_standards_get_an_identifier_of_their_own_and_keep_their_case_identifiers() {
    let dir = TempPortfolio::empty();
    let fixture = interop_fixture("tree.case.json");
    for name in ["one", "two"] {
        let run = dir.run(&[
            "standards",
            "import",
            &fixture,
            "-o",
            &format!("standards/{name}.yaml"),
        ]);
        run.code(0);
        assert!(
            run.stderr
                .contains("2 associations between nodes kept (associations:)"),
            "{}",
            run.stderr
        );
    }
    let identifier = |name: &str| -> String {
        let text =
            std::fs::read_to_string(dir.path().join(format!("standards/{name}.yaml"))).unwrap();
        text.lines()
            .find_map(|l| l.strip_prefix("identifier: "))
            .unwrap_or_else(|| panic!("no identifier in {text}"))
            .to_owned()
    };
    assert_ne!(identifier("one"), identifier("two"), "made at random");
    // The export reuses the CASE identifiers the standard came with.
    dir.write(
        "portfolio.yaml",
        "candidate: A Candidate\nstandards: [standards/one.yaml]\n",
    );
    let export = dir.run(&["export", "--to", "case"]);
    export.code(0);
    let json = export.json();
    assert_eq!(
        json["CFDocument"]["identifier"],
        "5e0c3c1a-8d2b-4f6e-9a71-2b4c6d8e0f11"
    );
    let source: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&fixture).unwrap()).unwrap();
    let mut expected = case_identifiers(&source);
    let mut got = case_identifiers(&json);
    expected.sort();
    got.sort();
    assert_eq!(got, expected);
}

#[test]
fn export_to_case_gives_a_standard_file_without_identifier_one_and_says_so() {
    let dir = TempPortfolio::empty();
    let standard = "# my own unit\nid: mine  # keep this comment\nkind: nos-unit\ntitle: My unit\ngroups:\n  - id: pcs\n    title: PCs\n    items:\n      - id: PC1\n        text: Do it.\n";
    dir.write("standards/mine.yaml", standard).write(
        "portfolio.yaml",
        "candidate: A Candidate\nstandards: [standards/mine.yaml]\n",
    );
    let first = dir.run(&["export", "--to", "case"]);
    first.code(0);
    assert!(
        first.stderr.contains("added `identifier: ")
            && first.stderr.contains("standards/mine.yaml"),
        "{}",
        first.stderr
    );
    let written = std::fs::read_to_string(dir.path().join("standards/mine.yaml")).unwrap();
    let line = written
        .lines()
        .find(|l| l.starts_with("identifier: "))
        .unwrap()
        .to_owned();
    // Every other byte as the user wrote it.
    assert_eq!(written.replacen(&format!("{line}\n"), "", 1), standard);
    let identifier = line.trim_start_matches("identifier: ");
    assert_eq!(first.json()["CFDocument"]["identifier"], identifier);
    // The next export says nothing more, changes nothing, and gives the
    // same identifiers.
    let second = dir.run(&["export", "--to", "case"]);
    second.code(0);
    assert!(!second.stderr.contains("added"), "{}", second.stderr);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("standards/mine.yaml")).unwrap(),
        written
    );
    assert_eq!(
        case_identifiers(&second.json()),
        case_identifiers(&first.json())
    );
}

#[test]
fn export_to_case_never_changes_a_sealed_portfolio() {
    let dir = TempPortfolio::empty();
    let standard = "id: mine\nkind: nos-unit\ntitle: My unit\ngroups:\n  - id: pcs\n    title: PCs\n    items:\n      - id: PC1\n        text: Do it.\n";
    dir.write("standards/mine.yaml", standard).write(
        "portfolio.yaml",
        "candidate: A Candidate\nstandards: [standards/mine.yaml]\n",
    );
    dir.run(&["seal"]).code(0);
    let run = dir.run(&["export", "--to", "case"]);
    assert_ne!(run.code, 0);
    assert!(
        run.stderr.contains("the portfolio is sealed")
            && run.stderr.contains("add the line `identifier: ")
            && run.stderr.contains("nosfolio seal --force"),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("standards/mine.yaml")).unwrap(),
        standard
    );
}
