//! Fuzz target: see `nosfolio_fuzz::sidecar`.

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| nosfolio_fuzz::sidecar(data));
