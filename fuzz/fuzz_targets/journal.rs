//! Fuzz target: see `nosfolio_fuzz::journal`.

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| nosfolio_fuzz::journal(data));
