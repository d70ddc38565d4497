//! The heart of nosfolio: standards as typed data, the formats candidates
//! write (`portfolio.yaml`, sidecars, front matter), coverage, and each rule
//! of the domain once: who sees what ([`visibility`]), what needs attention
//! ([`needs_attention`]), what to collect next ([`collection_plan`]), who
//! records a decision ([`decider`]) and the IQA sample ([`SamplePlan`]).
//! Every renderer and front end calls these.
//!
//! This crate never touches the file system. `nosfolio-store` reads a
//! portfolio from disk and hands text to the parsers here;
//! `nosfolio-report` renders what [`Coverage`] computes. Every parser returns
//! [`Diagnostic`]s naming file, line and column, and reports every problem it
//! can find rather than stopping at the first.
//!
//! ```
//! use nosfolio_core::{StandardSet, builtin_standard, parse_meta, resolve};
//!
//! let mut standards = StandardSet::new();
//! standards.add(builtin_standard("mla3").expect("built in").clone());
//!
//! let sidecar = "title: Notes of a call\ntype: correspondence\nclaims: [PC2, PC7]\n";
//! let (meta, problems) = parse_meta("notes.txt.yaml", sidecar, 0);
//! assert!(problems.is_empty());
//! let (resolved, problems) = resolve("notes.txt.yaml", &meta.unwrap(), &standards);
//! // PC7 does not exist: the problem says where, and what was probably meant.
//! assert_eq!(problems[0].to_string().lines().next(), Some("notes.txt.yaml:3:15: error: unknown item `PC7`"));
//! assert_eq!(resolved.claims.len(), 1);
//! ```

#![forbid(unsafe_code)]

mod attention;
mod audience;
mod builtin;
mod coverage;
mod decision;
mod diagnostic;
mod draft;
mod edit;
mod evidence;
mod file_name;
mod html_depth;
mod manifest;
mod media;
mod people;
mod plan;
mod policy;
mod record;
mod sample;
mod signature;
mod signoff;
mod standard;
mod standard_file;
mod standard_set;
mod suggest;
mod target;
mod yaml;

pub use attention::{Attention, Reason, needs_attention};
pub use audience::{Audience, Visibility, visibility};
pub use builtin::{builtin_ids, builtin_source, builtin_standard, builtin_standards};
pub use coverage::{ClaimState, Coverage, ItemCoverage, Status, Summary, item_status};
pub use decision::{Assessment, Decision, Role, Verdict, decide, decision_record, parse_decisions};
pub use diagnostic::{Diagnostic, Position, Problem, Severity, sort_diagnostics};
pub use draft::{
    DRAFT_COMMENT, Draft, DraftError, NotReady, Section, Sections, Unanswered, finish_draft,
    not_ready, reflection_draft, sections, statement_draft, statement_types, unanswered,
};
pub use edit::{
    CannotEdit, NewClaim, add_claims, add_list_items, remove_claims, remove_key, render_meta,
    set_field, set_value,
};
pub use evidence::{
    Claim, ClaimEntry, ClaimText, Confidentiality, Evidence, EvidenceFile, EvidenceMeta,
    FrontMatter, Located, MetaFields, Resolved, Witness, located, meta_from_fields, null_as_empty,
    parse_date, parse_meta, resolve, split_front_matter,
};
pub use file_name::evidence_file_name;
pub use html_depth::{MAX_HTML_DEPTH, html_depth};
pub use manifest::{Manifest, StandardSource, parse_manifest};
pub use media::{Media, MediaKind, media_of};
pub use people::{
    DETAIL_MOST, Detail, Details, People, PeopleChange, decider, distinct_names, given_name,
    person_name, same_person,
};
pub use plan::{PlanStep, collection_plan, uncoverable};
pub use policy::{Policy, PolicyFile, Rule, RuleFile};
pub use record::{GlossaryEntry, NosRecord, RecordStatus, ScopeStatement};
pub use sample::{PickReason, Portion, SamplePick, SamplePlan, SampleUnit, sample_units};
pub use signature::{
    BadKey, KEY_PREFIX, PublicKey, SecretKey, SignError, Signable, SignerRole, Standing, TrustList,
    TrustedKey, parse_trust_list, sign_record, signed_bytes, standing,
};
pub use signoff::{
    DECLARATION, Holding, Now, SignOff, SignOffKind, SignOffRequest, SignOffs, StandardSignOff,
    Stands, not_accepted, parse_sign_offs, sign_off, sign_off_record,
};
pub use standard::{
    Association, Competency, EvidenceType, Group, Item, Question, Source, Standard, StandardKind,
    is_uri,
};
pub use standard_file::parse_standard;
pub use standard_set::{ItemRef, StandardSet, TypeRef};
pub use suggest::nearest;
pub use target::{Attainment, Target, TargetChange, TargetFile, TargetLevel, TargetOut};
pub use yaml::{
    Block as YamlBlock, Day as YamlDay, YamlWriteError, comment as yaml_comment,
    day_text as yaml_day_text, from_str as parse_yaml, is_plain as is_plain_yaml,
    optional_day_text as yaml_optional_day_text, scalar as to_yaml_scalar, to_front_matter,
    to_string as to_yaml,
};
