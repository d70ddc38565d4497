//! Recording declarations, sign-offs and countersignatures in
//! `sign-off.yaml`, a list only ever appended to, under the portfolio's
//! write lock.

use std::path::Path;

use nosfolio_core::{SignOff, parse_sign_offs, sign_off_record};

use crate::decisions::{DecisionError, Recorded, append_records};

/// The file, inside a portfolio, that holds the declaration, sign-offs and
/// countersignatures.
pub const SIGN_OFF_FILE: &str = "sign-off.yaml";

/// Appends `record` to `sign-off.yaml` in the portfolio at `root` (made
/// when there is none), checked to read back as what it held followed by
/// the record.
///
/// # Errors
/// Every [`DecisionError`]; nothing is written unless all of it succeeds.
pub fn record_sign_off(root: &Path, record: &SignOff) -> Result<Recorded, DecisionError> {
    let text = sign_off_record(record).map_err(|source| DecisionError::Serialize { source })?;
    let header = nosfolio_core::yaml_comment(
        "The candidate's declaration, assessors' sign-offs and IQAs' countersignatures,\nwritten by `nosfolio declare` and `nosfolio signoff`. Append-only: each is signed,\nand an edited record no longer counts.",
    );
    let total = append_records(
        root,
        SIGN_OFF_FILE,
        &header,
        &text,
        parse_sign_offs,
        std::slice::from_ref(record),
    )?;
    Ok(Recorded {
        file: SIGN_OFF_FILE.to_owned(),
        added: 1,
        total,
    })
}
