//! Fuzz target: see `nosfolio_fuzz::markdown`; each input must also finish
//! within a budget proportional to its length (`within_budget`).

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let started = std::time::Instant::now();
    let _ = nosfolio_fuzz::markdown(data);
    nosfolio_fuzz::within_budget(started, data.len(), 100, "markdown");
});
