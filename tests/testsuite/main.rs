//! End-to-end tests of the `nosfolio` binary: one module per feature.

#![allow(unreachable_pub, missing_docs)]

mod example;
mod fixtures;
mod matrix;
mod scan;
mod standards;
mod support;
