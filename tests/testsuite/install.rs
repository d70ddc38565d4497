//! What the Debian package installs besides the binary: shell completions
//! (`nosfolio completions SHELL`) and manual pages (`nosfolio manpage`),
//! both made from the command line's own definition.

use std::fs;
use std::path::Path;
use std::process::Command;

use crate::support::nosfolio;

/// Commands every completion script must know by name.
const SOME_COMMANDS: [&str; 5] = ["init", "matrix", "claim", "network", "completions"];

/// Whether `shell` runs here.
fn has(shell: &str) -> bool {
    Command::new(shell)
        .arg("-c")
        .arg("true")
        .output()
        .is_ok_and(|out| out.status.success())
}

/// Runs `shell` with `args` and the script in a file; panics with its
/// errors unless it succeeds.
fn parses(shell: &str, args: &[&str], script: &str) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("script");
    fs::write(&file, script).unwrap();
    let out = Command::new(shell).args(args).arg(&file).output().unwrap();
    assert!(
        out.status.success(),
        "{shell} {args:?} refused the script: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn completions_name_the_commands_and_parse_in_their_shell() {
    for (shell, check) in [
        ("bash", &["-n"][..]),
        ("zsh", &["-n"][..]),
        ("fish", &["--no-execute"][..]),
    ] {
        let run = nosfolio(&["completions", shell]).run();
        run.code(0);
        for command in SOME_COMMANDS {
            assert!(
                run.stdout.contains(command),
                "the {shell} script never names {command}"
            );
        }
        if has(shell) {
            parses(shell, check, &run.stdout);
        } else {
            eprintln!("{shell} is not installed: its script was not parsed");
        }
    }
}

#[test]
fn an_unknown_shell_is_a_usage_error() {
    let run = nosfolio(&["completions", "tcsh"]).run();
    run.code(2);
    assert!(run.stderr.contains("bash"), "{}", run.stderr);
}

#[test]
fn completions_need_no_usable_configuration() {
    // A broken trust list stops every portfolio command, not this one.
    let config = tempfile::tempdir().unwrap();
    fs::write(config.path().join("trust.yaml"), "not: [a trust list").unwrap();
    let run = nosfolio(&["completions", "bash"])
        .env("NOSFOLIO_CONFIG_DIR", config.path().to_str().unwrap())
        .run();
    run.code(0);
}

/// The roff of a page, checked to have the sections `man` shows first.
fn is_a_page(roff: &str, name: &str) {
    assert!(
        roff.contains(&format!(".TH {name} 1")),
        "no title for {name}:\n{roff}"
    );
    for section in [".SH NAME", ".SH SYNOPSIS", ".SH DESCRIPTION"] {
        assert!(roff.contains(section), "{name} has no {section}:\n{roff}");
    }
}

#[test]
fn manpage_prints_the_page_of_nosfolio_naming_each_command() {
    let run = nosfolio(&["manpage"]).run();
    run.code(0);
    is_a_page(&run.stdout, "nosfolio");
    for command in SOME_COMMANDS {
        assert!(
            run.stdout.contains(&format!("nosfolio\\-{command}(1)")),
            "the page does not refer to nosfolio-{command}(1)"
        );
    }
}

#[test]
fn manpage_writes_a_page_per_command_and_lists_them() {
    let dir = tempfile::tempdir().unwrap();
    let run = nosfolio(&["manpage", "--dir", dir.path().to_str().unwrap()]).run();
    run.code(0);
    let listed: Vec<&str> = run.stdout.lines().collect();
    let mut names: Vec<String> = fs::read_dir(dir.path())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(listed.len(), names.len(), "{}", run.stdout);
    for name in [
        "nosfolio.1",
        "nosfolio-matrix.1",
        "nosfolio-network-contact-add.1",
        "nosfolio-completions.1",
        "nosfolio-manpage.1",
    ] {
        assert!(names.iter().any(|n| n == name), "no {name} in {names:?}");
    }
    for name in &names {
        assert!(
            !name.contains("-help"),
            "{name} has no business being a page"
        );
        let roff = fs::read_to_string(dir.path().join(name)).unwrap();
        is_a_page(&roff, name.trim_end_matches(".1"));
        assert!(
            roff.contains(&format!("\"nosfolio {}\"", env!("CARGO_PKG_VERSION"))),
            "{name} does not say which nosfolio it documents"
        );
    }
    // `man` renders them, where it is installed.
    if Path::new("/usr/bin/man").exists() {
        let out = Command::new("man")
            .args(["-l", "-P", "cat"])
            .arg(dir.path().join("nosfolio.1"))
            .env("MANWIDTH", "80")
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success() && text.contains("NAME"), "{text}");
    }
}
