//! End-to-end tests of the `nosfolio` binary: one module per feature.

#![allow(unreachable_pub, missing_docs, clippy::print_stderr)]

mod assess;
mod attention;
mod authoring;
mod browser;
mod cache;
mod caseload;
mod claim;
mod contact;
mod credential;
mod example;
mod finish;
mod fixtures;
mod gaps;
mod hostile;
mod install;
mod integrity;
mod interop;
mod journey;
mod leftovers;
mod links;
mod matrix;
mod network;
mod outputs;
mod pdf;
mod people;
mod policy;
mod record;
mod report;
mod scan;
mod seal;
mod security;
mod signatures;
mod signoff;
mod standards;
mod status;
mod suggest;
mod support;
mod targets;
mod terminal;
mod today;
mod writes;
