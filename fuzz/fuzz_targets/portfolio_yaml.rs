//! Fuzz target: see `nosfolio_fuzz::portfolio_yaml`.

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| nosfolio_fuzz::portfolio_yaml(data));
