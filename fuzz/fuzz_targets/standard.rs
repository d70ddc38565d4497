//! Fuzz target: see `nosfolio_fuzz::standard`.

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| nosfolio_fuzz::standard(data));
