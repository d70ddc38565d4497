//! nosfolio's quoting policy, applied to every string a value serializes,
//! however deeply nested: text that a YAML 1.1 reader (PyYAML, Ruby,
//! spreadsheet importers) would read as something other than text (`yes`,
//! `off`, `1:30`, `0b1`, `2025-04-02`) is double-quoted, although YAML 1.2
//! reads it plain; days wrapped in [`Day`] are written plain, the way
//! people write them.
//!
//! [`Policy`] wraps a value; the serializer it is given is wrapped in
//! [`Quoting`], which forwards every call and passes the strings through
//! [`misread_by_yaml_11`]. Map keys are passed as they are: nosfolio writes
//! only keys of its own formats. So are the strings of serde-saphyr's own
//! wrappers whose style the caller chose ([`serde_saphyr::DoubleQuoted`],
//! [`serde_saphyr::LitStr`]…) and the comment of a
//! [`serde_saphyr::Commented`]: the serializer captures them as text.

use serde::ser::{
    Serialize, SerializeMap, SerializeSeq, SerializeStruct, SerializeStructVariant, SerializeTuple,
    SerializeTupleStruct, SerializeTupleVariant, Serializer,
};
use serde_saphyr::DoubleQuoted;

/// The name [`Day`] gives its newtype, so that [`Quoting`] knows it.
const DAY: &str = "nosfolio::yaml::Day";

/// serde-saphyr's newtypes that carry a string in a style the caller
/// chose, captured as text by the serializer: passed as they are.
const STYLED: [&str; 4] = [
    "__yaml_double_quoted",
    "__yaml_single_quoted",
    "__yaml_lit_str",
    "__yaml_fold_str",
];

/// serde-saphyr's tuple structs whose first field (a comment, a tag) is
/// captured as text by the serializer: that field is passed as it is.
const TEXT_FIRST: [&str; 2] = ["__yaml_commented", "__yaml_tagged"];

/// A calendar day, written plain (`2026-01-05`): every YAML reader reads
/// it back as the same day. Only days go in here; text that merely looks
/// like a day is quoted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Day(pub jiff::civil::Date);

impl Serialize for Day {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_newtype_struct(DAY, &self.0)
    }
}

/// A day kept as text (`2026-01-05`): written as a [`Day`] when it is
/// one, as text under the policy otherwise.
pub(crate) struct DayText<'a>(pub(crate) &'a str);

impl Serialize for DayText<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.0.parse::<jiff::civil::Date>() {
            Ok(day) if day.to_string() == self.0 => Day(day).serialize(serializer),
            _ => self.0.serialize(serializer),
        }
    }
}

/// For `#[serde(serialize_with)]` on a day kept as text: a [`Day`] when
/// `text` is one (`2026-01-05`), text under the policy otherwise.
///
/// # Errors
/// The serializer's.
pub fn day_text<T: AsRef<str> + ?Sized, S: Serializer>(
    text: &T,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    DayText(text.as_ref()).serialize(serializer)
}

/// For `#[serde(serialize_with)]` on a day kept as text that may be
/// absent: as [`day_text`].
///
/// # Errors
/// The serializer's.
pub fn optional_day_text<S: Serializer>(
    text: &Option<String>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    text.as_deref().map(DayText).serialize(serializer)
}

/// Whether the writer's YAML 1.2 rules would leave `text` plain where a
/// YAML 1.1 reader reads it as a boolean, number, null, timestamp or merge
/// key, asked of the serializer itself under both rule sets.
pub(crate) fn misread_by_yaml_11(text: &str) -> bool {
    let quoted = |yaml_12: bool| {
        let mut options = super::options();
        options.yaml_12 = yaml_12;
        serde_saphyr::to_string_with_options(&text, options)
            .map_or(true, |shown| shown.starts_with(['"', '\'']))
    };
    quoted(false) && !quoted(true)
}

/// A value whose strings are written under the policy.
pub(crate) struct Policy<'a, T: ?Sized>(pub(crate) &'a T);

impl<T: Serialize + ?Sized> Serialize for Policy<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(Quoting(serializer))
    }
}

/// A serializer, or one of its compound serializers, under the policy.
pub(crate) struct Quoting<S>(S);

impl<S: Serializer> Serializer for Quoting<S> {
    type Ok = S::Ok;
    type Error = S::Error;
    type SerializeSeq = Quoting<S::SerializeSeq>;
    type SerializeTuple = Quoting<S::SerializeTuple>;
    type SerializeTupleStruct = QuotingTuple<S::SerializeTupleStruct>;
    type SerializeTupleVariant = Quoting<S::SerializeTupleVariant>;
    type SerializeMap = Quoting<S::SerializeMap>;
    type SerializeStruct = Quoting<S::SerializeStruct>;
    type SerializeStructVariant = Quoting<S::SerializeStructVariant>;

    fn serialize_str(self, v: &str) -> Result<S::Ok, S::Error> {
        if misread_by_yaml_11(v) {
            DoubleQuoted(v).serialize(self.0)
        } else {
            self.0.serialize_str(v)
        }
    }
    fn serialize_char(self, v: char) -> Result<S::Ok, S::Error> {
        self.serialize_str(v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        value: &T,
    ) -> Result<S::Ok, S::Error> {
        if name == DAY || STYLED.contains(&name) {
            self.0.serialize_newtype_struct(name, value)
        } else {
            self.0.serialize_newtype_struct(name, &Policy(value))
        }
    }

    fn serialize_bool(self, v: bool) -> Result<S::Ok, S::Error> {
        self.0.serialize_bool(v)
    }
    fn serialize_i8(self, v: i8) -> Result<S::Ok, S::Error> {
        self.0.serialize_i8(v)
    }
    fn serialize_i16(self, v: i16) -> Result<S::Ok, S::Error> {
        self.0.serialize_i16(v)
    }
    fn serialize_i32(self, v: i32) -> Result<S::Ok, S::Error> {
        self.0.serialize_i32(v)
    }
    fn serialize_i64(self, v: i64) -> Result<S::Ok, S::Error> {
        self.0.serialize_i64(v)
    }
    fn serialize_i128(self, v: i128) -> Result<S::Ok, S::Error> {
        self.0.serialize_i128(v)
    }
    fn serialize_u8(self, v: u8) -> Result<S::Ok, S::Error> {
        self.0.serialize_u8(v)
    }
    fn serialize_u16(self, v: u16) -> Result<S::Ok, S::Error> {
        self.0.serialize_u16(v)
    }
    fn serialize_u32(self, v: u32) -> Result<S::Ok, S::Error> {
        self.0.serialize_u32(v)
    }
    fn serialize_u64(self, v: u64) -> Result<S::Ok, S::Error> {
        self.0.serialize_u64(v)
    }
    fn serialize_u128(self, v: u128) -> Result<S::Ok, S::Error> {
        self.0.serialize_u128(v)
    }
    fn serialize_f32(self, v: f32) -> Result<S::Ok, S::Error> {
        self.0.serialize_f32(v)
    }
    fn serialize_f64(self, v: f64) -> Result<S::Ok, S::Error> {
        self.0.serialize_f64(v)
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<S::Ok, S::Error> {
        self.0.serialize_bytes(v)
    }
    fn serialize_none(self) -> Result<S::Ok, S::Error> {
        self.0.serialize_none()
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<S::Ok, S::Error> {
        self.0.serialize_some(&Policy(value))
    }
    fn serialize_unit(self) -> Result<S::Ok, S::Error> {
        self.0.serialize_unit()
    }
    fn serialize_unit_struct(self, name: &'static str) -> Result<S::Ok, S::Error> {
        self.0.serialize_unit_struct(name)
    }
    fn serialize_unit_variant(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
    ) -> Result<S::Ok, S::Error> {
        self.0.serialize_unit_variant(name, index, variant)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<S::Ok, S::Error> {
        self.0
            .serialize_newtype_variant(name, index, variant, &Policy(value))
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<Self::SerializeSeq, S::Error> {
        self.0.serialize_seq(len).map(Quoting)
    }
    fn serialize_tuple(self, len: usize) -> Result<Self::SerializeTuple, S::Error> {
        self.0.serialize_tuple(len).map(Quoting)
    }
    fn serialize_tuple_struct(
        self,
        name: &'static str,
        len: usize,
    ) -> Result<Self::SerializeTupleStruct, S::Error> {
        self.0
            .serialize_tuple_struct(name, len)
            .map(|inner| QuotingTuple {
                inner,
                as_it_is: usize::from(TEXT_FIRST.contains(&name)),
            })
    }
    fn serialize_tuple_variant(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Self::SerializeTupleVariant, S::Error> {
        self.0
            .serialize_tuple_variant(name, index, variant, len)
            .map(Quoting)
    }
    fn serialize_map(self, len: Option<usize>) -> Result<Self::SerializeMap, S::Error> {
        self.0.serialize_map(len).map(Quoting)
    }
    fn serialize_struct(
        self,
        name: &'static str,
        len: usize,
    ) -> Result<Self::SerializeStruct, S::Error> {
        self.0.serialize_struct(name, len).map(Quoting)
    }
    fn serialize_struct_variant(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Self::SerializeStructVariant, S::Error> {
        self.0
            .serialize_struct_variant(name, index, variant, len)
            .map(Quoting)
    }
    fn is_human_readable(&self) -> bool {
        self.0.is_human_readable()
    }
}

/// A tuple struct under the policy, its first `as_it_is` fields excepted.
pub(crate) struct QuotingTuple<S> {
    inner: S,
    as_it_is: usize,
}

impl<S: SerializeTupleStruct> SerializeTupleStruct for QuotingTuple<S> {
    type Ok = S::Ok;
    type Error = S::Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), S::Error> {
        if self.as_it_is > 0 {
            self.as_it_is -= 1;
            self.inner.serialize_field(value)
        } else {
            self.inner.serialize_field(&Policy(value))
        }
    }
    fn end(self) -> Result<S::Ok, S::Error> {
        self.inner.end()
    }
}

impl<S: SerializeMap> SerializeMap for Quoting<S> {
    type Ok = S::Ok;
    type Error = S::Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), S::Error> {
        self.0.serialize_key(key)
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), S::Error> {
        self.0.serialize_value(&Policy(value))
    }
    fn end(self) -> Result<S::Ok, S::Error> {
        self.0.end()
    }
}

/// A compound serializer of values one after another, under the policy.
macro_rules! quoting_elements {
    ($($compound:ident :: $method:ident),*) => {$(
        impl<S: $compound> $compound for Quoting<S> {
            type Ok = S::Ok;
            type Error = S::Error;
            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), S::Error> {
                self.0.$method(&Policy(value))
            }
            fn end(self) -> Result<S::Ok, S::Error> {
                self.0.end()
            }
        }
    )*};
}

quoting_elements!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleVariant::serialize_field
);

/// A compound serializer of named fields, under the policy.
macro_rules! quoting_fields {
    ($($compound:ident),*) => {$(
        impl<S: $compound> $compound for Quoting<S> {
            type Ok = S::Ok;
            type Error = S::Error;
            fn serialize_field<T: Serialize + ?Sized>(
                &mut self,
                key: &'static str,
                value: &T,
            ) -> Result<(), S::Error> {
                self.0.serialize_field(key, &Policy(value))
            }
            fn skip_field(&mut self, key: &'static str) -> Result<(), S::Error> {
                self.0.skip_field(key)
            }
            fn end(self) -> Result<S::Ok, S::Error> {
                self.0.end()
            }
        }
    )*};
}

quoting_fields!(SerializeStruct, SerializeStructVariant);
