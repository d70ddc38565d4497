//! `target:` in portfolio.yaml: what the candidate is going for decides
//! what counts, and every output shows each competency's attainment.

use crate::support::{TempPortfolio, item_status};

const SENTENCE: &str = "level 2 evidenced, working towards 3";

/// A portfolio on the built-in networking framework and a framework of
/// several competencies, with evidence of Strategic Networking levels 1
/// to 3 but one level-3 behaviour.
fn portfolio() -> TempPortfolio {
    let portfolio = TempPortfolio::empty();
    portfolio.write(
        "portfolio.yaml",
        "candidate: Target Candidate\nstandards: [standards/core.yaml]\n",
    );
    portfolio.write(
        "standards/core.yaml",
        std::fs::read(crate::support::fixture("standards/core-competencies.yaml")).unwrap(),
    );
    portfolio.write("evidence/log.txt", "a networking log");
    portfolio
        .run(&[
            "claim",
            "evidence/log.txt",
            "SN-1.1",
            "SN-2.1",
            "--title",
            "Log",
        ])
        .code(0);
    portfolio.write("evidence/plan.txt", "a planned network");
    // A level-3 behaviour of one competency, qualified as a user may write it.
    portfolio
        .run(&[
            "claim",
            "evidence/plan.txt",
            "core:SN-3.1",
            "--title",
            "Plan",
        ])
        .code(0);
    portfolio
}

#[test]
fn a_level_three_behaviour_of_one_competency_counts_towards_its_target_everywhere() {
    let portfolio = portfolio();
    let set = portfolio.run(&["target", "set", "strategic-networking", "3"]);
    set.code(0);
    assert!(set.stdout.contains(SENTENCE), "{set:#?}");
    let manifest = std::fs::read_to_string(portfolio.path().join("portfolio.yaml")).unwrap();
    assert!(
        manifest.starts_with("candidate: Target Candidate\nstandards: [standards/core.yaml]\n")
            && manifest.contains("target:\n  levels:\n    \"core:strategic-networking\": 3\n"),
        "{manifest}"
    );

    // A role profile of one competency: level 4 and Influencing count nowhere.
    let status = portfolio.run(&["status"]);
    status.code(0);
    assert!(
        status.stdout.contains("4 items: 3 claimed, 1 missing"),
        "{status:#?}"
    );
    assert!(
        status
            .stdout
            .contains(&format!("Strategic Networking  {SENTENCE}")),
        "{status:#?}"
    );
    assert!(!status.stdout.contains("Influencing"), "{status:#?}");
    assert!(
        status.stdout.contains("SN-3.2"),
        "the next step names the gap: {status:#?}"
    );

    // `gaps` exits 1 while something is missing.
    let gaps = portfolio.run(&["gaps"]);
    gaps.code(1);
    assert!(gaps.stdout.contains(SENTENCE), "{gaps:#?}");
    assert!(
        gaps.stdout.contains("Still missing: 1 of 4 items"),
        "{gaps:#?}"
    );
    assert!(
        gaps.stdout.contains("SN-3.2") && !gaps.stdout.contains("SN-4.1"),
        "{gaps:#?}"
    );
    let gaps = portfolio.run(&["gaps", "--format", "json"]).code(1).json();
    assert_eq!(gaps["missing_count"], 1);
    assert_eq!(gaps["levels"][0]["evidenced"], 2);
    assert_eq!(gaps["levels"][0]["target"], 3);

    let matrix = portfolio.run(&["matrix"]);
    matrix.code(0);
    assert!(matrix.stdout.contains(SENTENCE), "{matrix:#?}");
    assert!(
        matrix
            .stdout
            .contains("Strategic Networking › Level 4  outside the target: not counted"),
        "{matrix:#?}"
    );
    let json = portfolio
        .run(&["matrix", "--format", "json"])
        .code(0)
        .json();
    assert_eq!(item_status(&json, "SN-3.1"), "claimed");
    let required = |id: &str| {
        json["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["id"] == id)
            .unwrap()["required"]
            .clone()
    };
    assert_eq!(required("SN-3.2"), true);
    assert_eq!(required("SN-4.1"), false);
    assert_eq!(required("influencing.L1"), false);
    assert_eq!(json["summary"]["total"], 4);
    let md = portfolio.run(&["matrix", "--format", "md"]);
    md.code(0);
    assert!(
        md.stdout
            .contains(&format!("| Strategic Networking | {SENTENCE} |")),
        "{md:#?}"
    );

    let report = portfolio.run(&["report", "-o", "report.html"]);
    report.code(0);
    let html = std::fs::read_to_string(portfolio.path().join("report.html")).unwrap();
    assert!(
        html.contains(&format!(
            "<strong>Strategic Networking</strong>: {SENTENCE}"
        )),
        "the report names the competency's attainment and target"
    );
    assert!(html.contains("Outside the target, so not counted"));
    assert!(
        html.contains("<dt>Working towards</dt><dd>Strategic Networking at level 3</dd>"),
        "the cover says what the candidate is going for"
    );
    let report = portfolio.run(&["report", "--format", "md", "-o", "report.md"]);
    report.code(0);
    let md = std::fs::read_to_string(portfolio.path().join("report.md")).unwrap();
    assert!(
        md.contains(&format!("| Strategic Networking | {SENTENCE} |")),
        "{md}"
    );

    // The last level-3 behaviour meets the target.
    portfolio.write("evidence/event.txt", "an event");
    portfolio
        .run(&["claim", "evidence/event.txt", "SN-3.2", "--title", "Event"])
        .code(0);
    let status = portfolio.run(&["status"]).code(0).stdout.clone();
    assert!(
        status.contains("Strategic Networking  level 3 evidenced: target (level 3) met"),
        "{status}"
    );
    assert!(status.contains("4 items: 4 claimed\n"), "{status}");
}

#[test]
fn a_level_for_the_whole_standard_and_a_profile_and_clearing_it() {
    let portfolio = portfolio();
    portfolio.run(&["target", "set", "core", "1"]).code(0);
    portfolio
        .run(&["target", "profile", "Policy analyst"])
        .code(0);
    let json = portfolio
        .run(&["target", "--format", "json"])
        .code(0)
        .json();
    assert_eq!(json["profile"], "Policy analyst");
    let levels: Vec<(String, String)> = json["attainment"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["competency"].as_str().unwrap().to_owned(),
                l["sentence"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        levels,
        [
            (
                "Strategic Networking".to_owned(),
                "level 2 evidenced: target (level 1) met".to_owned()
            ),
            (
                "Influencing".to_owned(),
                "no level evidenced yet, working towards 1".to_owned()
            ),
        ]
    );
    // Level 1 of each competency: SN-1.1 and Influencing's level-1 descriptor.
    let status = portfolio.run(&["status"]).code(0).stdout.clone();
    assert!(status.contains("2 items: 1 claimed, 1 missing"), "{status}");
    assert!(
        status.contains("Levels, against the target Policy analyst"),
        "{status}"
    );

    portfolio.run(&["target", "clear"]).code(0);
    let manifest = std::fs::read_to_string(portfolio.path().join("portfolio.yaml")).unwrap();
    assert_eq!(
        manifest, "candidate: Target Candidate\nstandards: [standards/core.yaml]\n",
        "clearing the target leaves the file as it was"
    );
    let status = portfolio.run(&["status"]).code(0).stdout.clone();
    assert!(status.contains("7 items: 3 claimed, 4 missing"), "{status}");
}

#[test]
fn bad_targets_are_refused_with_what_exists_and_nothing_is_written() {
    let portfolio = portfolio();
    let before = std::fs::read_to_string(portfolio.path().join("portfolio.yaml")).unwrap();
    let run = portfolio.run(&["target", "set", "strategic-netwrking", "3"]);
    run.code(2);
    assert!(
        run.stderr.contains(
            "unknown standard or competency `strategic-netwrking` (did you mean `core:strategic-networking`?"
        ),
        "{run:#?}"
    );
    let run = portfolio.run(&["target", "set", "influencing", "3"]);
    run.code(2);
    assert!(
        run.stderr
            .contains("`core:influencing` has no level 3: influencing's levels are 1, 2"),
        "{run:#?}"
    );
    let run = portfolio.run(&["target", "remove", "influencing"]);
    run.code(2);
    assert!(
        run.stderr
            .contains("the target names no level for `influencing`"),
        "{run:#?}"
    );
    assert_eq!(
        std::fs::read_to_string(portfolio.path().join("portfolio.yaml")).unwrap(),
        before
    );

    // Written by hand, the same mistakes are reported where they are.
    portfolio.write(
        "portfolio.yaml",
        "candidate: Target Candidate\nstandards: [standards/core.yaml]\ntarget:\n  levels:\n    influencing: 7\n    nowhere: 2\n",
    );
    let check = portfolio.run(&["check"]);
    check.code(2);
    assert!(
        check.stderr.contains(
            "portfolio.yaml:5:18: error: target: `influencing` has no level 7: influencing's levels are 1, 2"
        ),
        "{check:#?}"
    );
    assert!(
        check.stderr.contains(
            "portfolio.yaml:6:14: error: target: unknown standard or competency `nowhere`"
        ),
        "{check:#?}"
    );
}

#[test]
fn claiming_a_competency_itself_says_what_to_claim_instead() {
    let portfolio = portfolio();
    let run = portfolio.run(&["claim", "evidence/log.txt", "strategic-networking"]);
    run.code(2);
    assert!(
        run.stderr
            .contains("`strategic-networking` is a competency of core"),
        "{run:#?}"
    );
    assert!(run.stderr.contains("SN-1.1"), "{run:#?}");
}
