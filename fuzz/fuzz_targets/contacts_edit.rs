//! Fuzz target: see `nosfolio_fuzz::contacts_edit`.

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| nosfolio_fuzz::contacts_edit(data));
