//! Reading fields that a writer may have typed differently over time.
//!
//! A number written as a string is read and flagged; a value of the wrong kind is kept as
//! its JSON text and flagged, never silently zeroed; `null` is simply absent.

use crate::reason::{Expected, Found, Issue};
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use std::fmt;

/// One field as found in the document.
#[derive(Debug, Clone, PartialEq)]
pub enum Field<T> {
    /// `null`.
    Null,
    /// The expected kind of value.
    Value(T),
    /// The right value written as the wrong kind (`"100"` for `100`): used, and flagged.
    Coerced(T, String),
    /// A value that cannot be read as this field: its JSON kind, and for a number, text or
    /// true/false the value as written, so that the message shows what was there.
    Wrong(Found),
}

impl<T: Clone> Field<T> {
    /// The value to compute with, if any.
    pub fn value(&self) -> Option<T> {
        match self {
            Self::Value(v) | Self::Coerced(v, _) => Some(v.clone()),
            Self::Null | Self::Wrong(_) => None,
        }
    }

    /// Why the field needs a second look, if it does.
    pub fn problem(&self) -> Option<Issue> {
        match self {
            Self::Coerced(_, text) => Some(Issue::NumberAsText(text.clone())),
            Self::Wrong(found) => Some(Issue::Wrong {
                found: found.clone(),
                expected: Expected::Value,
            }),
            Self::Null | Self::Value(_) => None,
        }
    }
}

/// What each kind of field accepts.
pub trait Kind: Sized + Clone {
    /// From a JSON number.
    fn from_f64(value: f64) -> Option<Self>;
    /// From a JSON string: `Ok` when a string is the right kind, `Err` when coerced.
    fn from_str(text: &str) -> Option<Result<Self, Self>>;
}

impl Kind for f64 {
    fn from_f64(value: f64) -> Option<Self> {
        value.is_finite().then_some(value)
    }
    fn from_str(text: &str) -> Option<Result<Self, Self>> {
        text.trim()
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite())
            .map(Err)
    }
}

/// A token count: a whole number, zero or more.
impl Kind for u64 {
    fn from_f64(value: f64) -> Option<Self> {
        (value >= 0.0 && value.fract() == 0.0 && value <= 9.0e15).then_some(value as u64)
    }
    fn from_str(text: &str) -> Option<Result<Self, Self>> {
        text.trim().parse::<u64>().ok().map(Err)
    }
}

/// Text; numbers are fine as text (a drawing id may be `1` or `"unknown"`).
impl Kind for String {
    fn from_f64(value: f64) -> Option<Self> {
        Some(if value.fract() == 0.0 && value.abs() < 9.0e15 {
            format!("{}", value as i64)
        } else {
            value.to_string()
        })
    }
    fn from_str(text: &str) -> Option<Result<Self, Self>> {
        Some(Ok(text.to_owned()))
    }
}

struct FieldVisitor<T>(std::marker::PhantomData<T>);

impl<'de, T: Kind> Visitor<'de> for FieldVisitor<T> {
    type Value = Field<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Field::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Field::Null)
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Field::Wrong(Found::Bool(Some(v))))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        self.visit_f64(v as f64)
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        self.visit_f64(v as f64)
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(match T::from_f64(v) {
            Some(value) => Field::Value(value),
            None => Field::Wrong(Found::NumberOutOfRange(v.to_string())),
        })
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(match T::from_str(v) {
            Some(Ok(value)) => Field::Value(value),
            Some(Err(value)) => Field::Coerced(value, v.chars().take(40).collect()),
            None => Field::Wrong(Found::Text(Some(v.chars().take(40).collect()))),
        })
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Field::Wrong(Found::List))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Field::Wrong(Found::Object))
    }
}

impl<'de, T: Kind> serde::Deserialize<'de> for Field<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(FieldVisitor(std::marker::PhantomData))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read<T: Kind>(json: &str) -> Field<T> {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn numbers_strings_and_nulls() {
        assert_eq!(read::<u64>("100"), Field::Value(100));
        assert_eq!(read::<u64>("\"100\""), Field::Coerced(100, "100".into()));
        assert_eq!(read::<u64>("null"), Field::Null);
        assert_eq!(
            read::<u64>("-5"),
            Field::Wrong(Found::NumberOutOfRange("-5".into()))
        );
        assert_eq!(
            read::<u64>("1.5"),
            Field::Wrong(Found::NumberOutOfRange("1.5".into()))
        );
        assert_eq!(
            read::<f64>("\"soon\""),
            Field::Wrong(Found::Text(Some("soon".into())))
        );
        assert_eq!(read::<f64>("0.00125"), Field::Value(0.00125));
        assert_eq!(read::<String>("1"), Field::Value("1".into()));
        assert_eq!(
            read::<String>("\"unknown\""),
            Field::Value("unknown".into())
        );
        assert_eq!(read::<f64>("{\"a\": [1]}"), Field::Wrong(Found::Object));
        assert!(read::<f64>("true")
            .problem()
            .unwrap()
            .to_string()
            .contains("true/false"));
    }
}
