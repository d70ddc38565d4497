//! Fuzz target: see `nosfolio_fuzz::evidence_content`.

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = nosfolio_fuzz::evidence_content(data);
});
