#![allow(missing_docs, clippy::print_stdout)]
fn main() {
    let path = std::env::args().nth(1).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    match nosfolio_interop::import(&path, &text, None, &Default::default()) {
        Ok(i) => {
            println!(
                "{}",
                nosfolio_interop::standard_yaml(&i.standard, &i.report.source_ids)
            );
            println!("{}", serde_json::to_string_pretty(&i.report).unwrap());
            println!(
                "{:?}",
                nosfolio_core::parse_standard(
                    "x",
                    &nosfolio_interop::standard_yaml(&i.standard, &i.report.source_ids)
                )
                .map(|s| s == i.standard)
            );
        }
        Err(e) => println!("ERR {e}"),
    }
}
