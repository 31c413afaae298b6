//! Dates and times on the wire: RFC 3339 date-times, ISO dates, and vendor formats described in
//! `time`'s format description language. The text is parsed and written by functions that are
//! not generic, so `time`'s parsing and formatting code is compiled once, here; the serde glue
//! that generated code instantiates for each serializer and deserializer only moves a `&str`.

use serde::de::Visitor;
use serde::{Deserializer, Serializer};
use std::fmt;
use std::marker::PhantomData;
use time::format_description::BorrowedFormatItem;
use time::format_description::well_known::Rfc3339;

/// A format description, as `time::macros::format_description!` makes one.
pub type Format = &'static [BorrowedFormatItem<'static>];

/// A date or time type that a [`Format`] reads and writes.
pub trait Temporal: Sized {
    /// Parses `text` in `format`, the whole of it.
    fn parse_as(text: &str, format: Format) -> Result<Self, time::error::Parse>;
    /// Writes the value in `format`.
    fn format_as(&self, format: Format) -> Result<String, time::error::Format>;
    /// The value of the fields [`Fields::scan`] read, if they make one of this type; `None`
    /// sends the text to `time`'s own parser, which says why it does not read.
    fn from_fields(fields: &Fields) -> Option<Self>;
}

macro_rules! temporal {
    ($($ty:ty: $from_fields:expr),*) => {
        $(impl Temporal for $ty {
            fn parse_as(text: &str, format: Format) -> Result<Self, time::error::Parse> {
                <$ty>::parse(text, format)
            }
            fn format_as(&self, format: Format) -> Result<String, time::error::Format> {
                self.format(format)
            }
            fn from_fields(fields: &Fields) -> Option<Self> {
                $from_fields(fields)
            }
        })*
    };
}

temporal!(
    time::Date: |fields: &Fields| fields.time_free().then(|| fields.date()).flatten(),
    time::Time: |fields: &Fields| fields.date_free().then(|| fields.time()).flatten(),
    time::PrimitiveDateTime: |fields: &Fields| Some(time::PrimitiveDateTime::new(
        fields.date()?,
        fields.time()?
    ))
);

/// The numeric fields of a date or time, read straight from text in a format that is only
/// `[year]`, `[month]`, `[day]`, `[hour]`, `[minute]` and `[second]` (each with `time`'s
/// default modifiers: four digits for the year, two for the others) between literal text, as
/// most vendor formats are (`[year]-[month]-[day] [hour]:[minute]:[second]`).
///
/// `time`'s parser reads any format, at about ten times the cost. Every value read here is
/// one that `time` reads the same from the same text in the same format (the tests compare
/// them); anything else (another component, a modifier, a value out of range, text of
/// another shape) goes to `time`, which reads it or says why not.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Fields {
    year: Option<u16>,
    month: Option<u16>,
    day: Option<u16>,
    hour: Option<u16>,
    minute: Option<u16>,
    second: Option<u16>,
}

/// A format of fixed-width numeric fields and literal text, read from its description at
/// compile time (`Plan::new` is a `const fn`), for [`Fields::scan`]; or no such format.
#[derive(Clone, Copy, Debug)]
pub struct Plan {
    steps: [Step; Plan::MAX_STEPS],
    len: usize,
    /// Whether the description is one this reading understands.
    readable: bool,
    /// The separators of the most common shape, `[year]?[month]?[day]?[hour]?[minute]?[second]`
    /// (each `?` one literal byte), which [`Fields::scan`] reads in straight-line code.
    date_time: Option<[u8; 5]>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Step {
    Literal(u8),
    Year,
    Month,
    Day,
    Hour,
    Minute,
    Second,
}

impl Plan {
    const MAX_STEPS: usize = 32;

    const NONE: Plan = Plan {
        steps: [Step::Literal(0); Plan::MAX_STEPS],
        len: 0,
        readable: false,
        date_time: None,
    };

    /// The plan of `description` (`time`'s format description language); a description with
    /// anything but the six plain fields and literal text gets none.
    pub const fn new(description: &str) -> Plan {
        let bytes = description.as_bytes();
        let mut plan = Plan {
            readable: true,
            ..Plan::NONE
        };
        let mut at = 0;
        while at < bytes.len() {
            if plan.len == Plan::MAX_STEPS {
                return Plan::NONE;
            }
            let step = match bytes[at] {
                b'[' => {
                    let mut end = at + 1;
                    while end < bytes.len() && bytes[end] != b']' {
                        end += 1;
                    }
                    let step = match field(bytes, at + 1, end) {
                        Some(step) => step,
                        None => return Plan::NONE,
                    };
                    // A field given twice: left to `time`.
                    let mut seen = 0;
                    while seen < plan.len {
                        if same_field(plan.steps[seen], step) {
                            return Plan::NONE;
                        }
                        seen += 1;
                    }
                    at = end + 1;
                    step
                }
                // An escape or a stray bracket: left to `time`.
                b'\\' | b']' => return Plan::NONE,
                literal => {
                    at += 1;
                    Step::Literal(literal)
                }
            };
            plan.steps[plan.len] = step;
            plan.len += 1;
        }
        plan.date_time = plan.date_time_separators();
        plan
    }

    /// The separators, if the steps are `[year]?[month]?[day]?[hour]?[minute]?[second]`.
    const fn date_time_separators(&self) -> Option<[u8; 5]> {
        const FIELDS: [Step; 6] = [
            Step::Year,
            Step::Month,
            Step::Day,
            Step::Hour,
            Step::Minute,
            Step::Second,
        ];
        if self.len != 11 {
            return None;
        }
        let mut separators = [0; 5];
        let mut index = 0;
        while index < 11 {
            match self.steps[index] {
                Step::Literal(byte) if index % 2 == 1 => separators[index / 2] = byte,
                step if index % 2 == 0 && same_field(step, FIELDS[index / 2]) => {}
                _ => return None,
            }
            index += 1;
        }
        Some(separators)
    }
}

/// Whether `a` and `b` are the same field.
const fn same_field(a: Step, b: Step) -> bool {
    matches!(
        (a, b),
        (Step::Year, Step::Year)
            | (Step::Month, Step::Month)
            | (Step::Day, Step::Day)
            | (Step::Hour, Step::Hour)
            | (Step::Minute, Step::Minute)
            | (Step::Second, Step::Second)
    )
}

/// The field named by `bytes[start..end]`, if it is one of the six and `end` closes it.
const fn field(bytes: &[u8], start: usize, end: usize) -> Option<Step> {
    const NAMES: [(&[u8], Step); 6] = [
        (b"year", Step::Year),
        (b"month", Step::Month),
        (b"day", Step::Day),
        (b"hour", Step::Hour),
        (b"minute", Step::Minute),
        (b"second", Step::Second),
    ];
    if end >= bytes.len() {
        return None;
    }
    let mut index = 0;
    while index < NAMES.len() {
        let (name, step) = NAMES[index];
        if name.len() == end - start {
            let mut same = true;
            let mut offset = 0;
            while offset < name.len() {
                if name[offset] != bytes[start + offset] {
                    same = false;
                }
                offset += 1;
            }
            if same {
                return Some(step);
            }
        }
        index += 1;
    }
    None
}

impl Fields {
    /// Reads `text` in the format `plan`, if the plan is one of fixed-width numeric fields and
    /// the text has its shape.
    pub fn scan(text: &str, plan: &Plan) -> Option<Fields> {
        if !plan.readable {
            return None;
        }
        if let Some(separators) = plan.date_time {
            return Fields::scan_date_time(text.as_bytes(), separators);
        }
        let mut text = text.as_bytes();
        let mut fields = Fields::default();
        for step in &plan.steps[..plan.len] {
            match *step {
                Step::Literal(literal) => match text.split_first() {
                    Some((&first, rest)) if first == literal => text = rest,
                    _ => return None,
                },
                Step::Year => {
                    let (&[a, b, c, d], rest) = text.split_first_chunk::<4>()?;
                    fields.year = Some(digit(a)? * 1000 + digit(b)? * 100 + number(c, d)?);
                    text = rest;
                }
                field => {
                    let (&[a, b], rest) = text.split_first_chunk::<2>()?;
                    let slot = match field {
                        Step::Month => &mut fields.month,
                        Step::Day => &mut fields.day,
                        Step::Hour => &mut fields.hour,
                        Step::Minute => &mut fields.minute,
                        _ => &mut fields.second,
                    };
                    *slot = Some(number(a, b)?);
                    text = rest;
                }
            }
        }
        text.is_empty().then_some(fields)
    }

    /// [`Fields::scan`] of the shape `yyyy?MM?dd?HH?mm?ss`, in straight-line code.
    fn scan_date_time(text: &[u8], separators: [u8; 5]) -> Option<Fields> {
        let &[
            y0,
            y1,
            y2,
            y3,
            s0,
            m0,
            m1,
            s1,
            d0,
            d1,
            s2,
            h0,
            h1,
            s3,
            i0,
            i1,
            s4,
            c0,
            c1,
        ] = text
        else {
            return None;
        };
        if [s0, s1, s2, s3, s4] != separators {
            return None;
        }
        Some(Fields {
            year: Some(number(y0, y1)? * 100 + number(y2, y3)?),
            month: Some(number(m0, m1)?),
            day: Some(number(d0, d1)?),
            hour: Some(number(h0, h1)?),
            minute: Some(number(i0, i1)?),
            second: Some(number(c0, c1)?),
        })
    }

    fn date(&self) -> Option<time::Date> {
        let month = time::Month::try_from(u8::try_from(self.month?).ok()?).ok()?;
        let day = u8::try_from(self.day?).ok()?;
        time::Date::from_calendar_date(i32::from(self.year?), month, day).ok()
    }

    fn time(&self) -> Option<time::Time> {
        let part = |value: u16| u8::try_from(value).ok();
        let second = self.second.map_or(Some(0), part)?;
        time::Time::from_hms(part(self.hour?)?, part(self.minute?)?, second).ok()
    }

    fn date_free(&self) -> bool {
        self.year.is_none() && self.month.is_none() && self.day.is_none()
    }

    fn time_free(&self) -> bool {
        self.hour.is_none() && self.minute.is_none() && self.second.is_none()
    }
}

/// The value of an ASCII digit.
fn digit(byte: u8) -> Option<u16> {
    let value = byte.wrapping_sub(b'0');
    (value < 10).then_some(u16::from(value))
}

/// The value of two ASCII digits.
fn number(tens: u8, units: u8) -> Option<u16> {
    Some(digit(tens)? * 10 + digit(units)?)
}

/// Parses `text` in a vendor format: the fixed-width reading where it applies, else `time`'s.
pub fn parse_in<T: Temporal>(
    text: &str,
    format: Format,
    plan: &Plan,
) -> Result<T, time::error::Parse> {
    match Fields::scan(text, plan).as_ref().and_then(T::from_fields) {
        Some(value) => Ok(value),
        None => T::parse_as(text, format),
    }
}

/// Reads a string and hands it to `parse`, borrowed where the deserializer can lend it.
fn read_text<'de, T, D: Deserializer<'de>>(
    deserializer: D,
    expecting: &'static str,
    parse: fn(&str) -> Result<T, String>,
) -> Result<T, D::Error> {
    deserializer.deserialize_str(Text { expecting, parse })
}

/// Reads a string with `parse`.
struct Text<T> {
    expecting: &'static str,
    parse: fn(&str) -> Result<T, String>,
}

impl<T> Visitor<'_> for Text<T> {
    type Value = T;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.expecting)
    }
    fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<T, E> {
        (self.parse)(text).map_err(|reason| unreadable(self.expecting, &reason))
    }
}

/// Reads `null` as `None`, and a string as the visitor `V` reads it.
struct Optional<V>(V);

impl<'de, V: Visitor<'de>> Visitor<'de> for Optional<V> {
    type Value = Option<V::Value>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.expecting(f)?;
        f.write_str(" or null")
    }
    fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(self.0).map(Some)
    }
}

/// Serializes `value` in `format`.
pub fn serialize<T: Temporal, S: Serializer>(
    value: &T,
    serializer: S,
    format: Format,
) -> Result<S::Ok, S::Error> {
    let text = value.format_as(format).map_err(serde::ser::Error::custom)?;
    serializer.serialize_str(&text)
}

/// Deserializes a value written in `format` (whose fixed-width reading is `plan`): the text is
/// borrowed where the deserializer can lend it, and read by [`parse_in`].
pub fn deserialize<'de, T: Temporal, D: Deserializer<'de>>(
    deserializer: D,
    format: Format,
    plan: &'static Plan,
) -> Result<T, D::Error> {
    deserializer.deserialize_str(InFormat::<T> {
        format,
        plan,
        expecting: "a date or time in its format",
        value: PhantomData,
    })
}

/// [`deserialize`] for an `Option`: `null` is `None`. A value that does not read is refused
/// as not being `expecting`.
pub fn deserialize_option<'de, T: Temporal, D: Deserializer<'de>>(
    deserializer: D,
    format: Format,
    plan: &'static Plan,
    expecting: &'static str,
) -> Result<Option<T>, D::Error> {
    deserializer.deserialize_option(Optional(InFormat::<T> {
        format,
        plan,
        expecting,
        value: PhantomData,
    }))
}

/// Reads a string as a `T` in a format.
struct InFormat<T> {
    format: Format,
    plan: &'static Plan,
    expecting: &'static str,
    value: PhantomData<T>,
}

impl<T: Temporal> Visitor<'_> for InFormat<T> {
    type Value = T;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.expecting)
    }
    fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<T, E> {
        parse_in(text, self.format, self.plan).map_err(|reason| unreadable(self.expecting, &reason))
    }
}

/// The error for a string that does not read as a date or time: serde's `invalid value`, which
/// `decode_json` keeps (see `json_error`), with `expecting` and `time`'s reason (which names
/// the part that failed, never the text), and the kind of value but not the value, whoever
/// deserializes.
pub fn unreadable<E: serde::de::Error>(expecting: &str, reason: &dyn fmt::Display) -> E {
    struct Expecting<'a>(&'a str, &'a dyn fmt::Display);
    impl serde::de::Expected for Expecting<'_> {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(f, "{} ({})", self.0, self.1)
        }
    }
    E::invalid_value(
        serde::de::Unexpected::Other("string"),
        &Expecting(expecting, reason),
    )
}

/// Serde for an RFC 3339 date-time (`format: date-time`): `2026-12-01T10:30:00+05:30`.
pub mod rfc3339 {
    use super::*;

    /// What a value that does not read was expected to be.
    const RFC_3339: &str = "an RFC 3339 date-time";

    fn parse(text: &str) -> Result<time::OffsetDateTime, String> {
        time::OffsetDateTime::parse(text, &Rfc3339).map_err(|error| error.to_string())
    }

    /// Writes the date-time in RFC 3339.
    pub fn format(value: &time::OffsetDateTime) -> Result<String, time::error::Format> {
        value.format(&Rfc3339)
    }

    /// Writes the date-time as an RFC 3339 string.
    pub fn serialize<S: Serializer>(
        value: &time::OffsetDateTime,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        let text = format(value).map_err(serde::ser::Error::custom)?;
        serializer.serialize_str(&text)
    }

    /// Reads an RFC 3339 string.
    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<time::OffsetDateTime, D::Error> {
        read_text(deserializer, RFC_3339, parse)
    }

    /// The same for an `Option`: `None` is `null`.
    pub mod option {
        use super::*;

        /// Writes `null`, or the date-time as an RFC 3339 string.
        pub fn serialize<S: Serializer>(
            value: &Option<time::OffsetDateTime>,
            serializer: S,
        ) -> Result<S::Ok, S::Error> {
            match value {
                Some(value) => super::serialize(value, serializer),
                None => serializer.serialize_none(),
            }
        }

        /// Reads `null`, or an RFC 3339 string.
        pub fn deserialize<'de, D: Deserializer<'de>>(
            deserializer: D,
        ) -> Result<Option<time::OffsetDateTime>, D::Error> {
            deserializer.deserialize_option(Optional(Text {
                expecting: RFC_3339,
                parse,
            }))
        }
    }
}

/// `format: date`: an ISO 8601 calendar date, `2026-12-01`.
pub(crate) const ISO_DATE: Format = time::macros::format_description!("[year]-[month]-[day]");
/// [`ISO_DATE`]'s plan.
pub(crate) const ISO_DATE_PLAN: &Plan = &Plan::new("[year]-[month]-[day]");

/// Defines `mod $name` of serde functions (and an `option` module beside them) for the date or
/// time type `time::$ty` written in the format `$description` (`time`'s format description
/// language), as `#[serde(with = "…")]` takes them. The parsing and writing are this crate's.
/// Generated code names it as `__private::temporal_format` (`#[macro_export]` puts it at the
/// crate root too, hidden).
#[doc(hidden)]
#[macro_export]
macro_rules! temporal_format {
    ($name:ident, $ty:ident, $description:tt) => {
        #[doc = concat!("`", $description, "`")]
        pub mod $name {
            // `time`'s macro writes paths that start at `::time`, so a crate that uses this
            // macro depends on `time` itself (it names `time`'s types in its fields anyway).
            const FORMAT: $crate::__private::temporal::Format =
                ::time::macros::format_description!($description);
            const PLAN: &$crate::__private::temporal::Plan =
                &$crate::__private::temporal::Plan::new($description);

            /// Writes the value in the format.
            pub fn serialize<S: $crate::__private::serde::Serializer>(
                value: &$crate::__private::time::$ty,
                serializer: S,
            ) -> Result<S::Ok, S::Error> {
                $crate::__private::temporal::serialize(value, serializer, FORMAT)
            }

            /// Reads a value written in the format.
            pub fn deserialize<'de, D: $crate::__private::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> Result<$crate::__private::time::$ty, D::Error> {
                $crate::__private::temporal::deserialize(deserializer, FORMAT, PLAN)
            }

            /// The same for an `Option`: `None` is `null`.
            pub mod option {
                /// Writes `null`, or the value in the format.
                pub fn serialize<S: $crate::__private::serde::Serializer>(
                    value: &Option<$crate::__private::time::$ty>,
                    serializer: S,
                ) -> Result<S::Ok, S::Error> {
                    match value {
                        Some(value) => super::serialize(value, serializer),
                        None => serializer.serialize_none(),
                    }
                }

                /// Reads `null`, or a value written in the format.
                pub fn deserialize<'de, D: $crate::__private::serde::Deserializer<'de>>(
                    deserializer: D,
                ) -> Result<Option<$crate::__private::time::$ty>, D::Error> {
                    $crate::__private::temporal::deserialize_option(
                        deserializer,
                        super::FORMAT,
                        super::PLAN,
                        concat!("a value in the format `", $description, "`"),
                    )
                }
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[allow(
        unreachable_pub,
        reason = "the macro writes `pub` items for generated crates"
    )]
    mod formats {
        crate::temporal_format!(hh_mm, Time, "[hour]:[minute]");
    }
    use formats::hh_mm;

    #[derive(serde::Serialize, serde::Deserialize, Debug, PartialEq)]
    struct Times {
        #[serde(with = "hh_mm")]
        at: time::Time,
        #[serde(with = "hh_mm::option", default)]
        until: Option<time::Time>,
        #[serde(with = "rfc3339")]
        stamp: time::OffsetDateTime,
        #[serde(with = "rfc3339::option", default)]
        maybe: Option<time::OffsetDateTime>,
    }

    /// Each form round-trips byte for byte, and `null` is `None`.
    #[test]
    fn formats_round_trip() -> Result<(), serde_json::Error> {
        let text = r#"{"at":"09:30","until":null,"stamp":"2026-12-01T10:30:00+05:30","maybe":"2026-12-01T05:00:00Z"}"#;
        let times: Times = serde_json::from_str(text)?;
        assert_eq!(times.at, time::macros::time!(09:30));
        assert_eq!(times.until, None);
        assert_eq!(serde_json::to_string(&times)?, text);
        Ok(())
    }

    /// A value in another format is refused, with `time`'s reason.
    #[test]
    fn other_formats_are_refused() {
        assert!(
            serde_json::from_str::<Times>(r#"{"at":"9:30","stamp":"2026-12-01T10:30:00Z"}"#)
                .is_err()
        );
        assert!(
            serde_json::from_str::<Times>(r#"{"at":"09:30","stamp":"2026-12-01 10:30:00"}"#)
                .is_err()
        );
        let parsed = time::Date::parse_as("2026-12-01", ISO_DATE);
        assert_eq!(parsed.ok(), Some(time::macros::date!(2026 - 12 - 01)));
    }

    /// Texts shaped like `description`'s fields, digits drawn at random, and some of them
    /// changed at one random byte (to a digit, a sign, a separator, or removed).
    fn texts(description: &str, count: usize) -> Vec<String> {
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        let mut random = move |below: u64| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state % below
        };
        let shape = description
            .replace("[year]", "YYYY")
            .replace("[month]", "NN")
            .replace("[day]", "NN")
            .replace("[hour]", "NN")
            .replace("[minute]", "NN")
            .replace("[second]", "NN");
        (0..count)
            .map(|_| {
                let mut text: Vec<u8> = shape
                    .bytes()
                    .map(|b| match b {
                        // Years spread over 0000-9999; the two-digit fields mostly near their
                        // ranges, often past them.
                        b'Y' => b'0' + u8::try_from(random(10)).unwrap_or(0),
                        b'N' => b'0' + u8::try_from(random(7)).unwrap_or(0),
                        other => other,
                    })
                    .collect();
                if random(4) == 0 {
                    let at = usize::try_from(random(text.len() as u64)).unwrap_or(0);
                    match random(4) {
                        0 => text[at] = b'+',
                        1 => text[at] = b' ',
                        2 => text[at] = b'9',
                        _ => {
                            text.remove(at);
                        }
                    }
                }
                String::from_utf8(text).unwrap_or_default()
            })
            .collect()
    }

    /// Whatever the fixed-width reading reads, `time` reads the same from the same text.
    fn agrees_with_time<T: Temporal + PartialEq + fmt::Debug>(
        description: &'static str,
        format: Format,
    ) {
        let mut fast = 0;
        for text in texts(description, 20_000) {
            let plan = Plan::new(description);
            let ours = Fields::scan(&text, &plan).as_ref().and_then(T::from_fields);
            let theirs = T::parse_as(&text, format);
            if let Some(ours) = ours {
                fast += 1;
                assert_eq!(
                    theirs.as_ref().ok(),
                    Some(&ours),
                    "{text:?} in {description}"
                );
            }
            assert_eq!(
                parse_in::<T>(&text, format, &plan).ok(),
                theirs.ok(),
                "{text:?} in {description}"
            );
        }
        assert!(
            fast > 200,
            "the fixed-width reading read only {fast} of {description}"
        );
    }

    #[test]
    fn the_fixed_width_reading_agrees_with_time() {
        use time::macros::format_description as f;
        agrees_with_time::<time::PrimitiveDateTime>(
            "[year]-[month]-[day] [hour]:[minute]:[second]",
            f!("[year]-[month]-[day] [hour]:[minute]:[second]"),
        );
        agrees_with_time::<time::Date>("[year]-[month]-[day]", ISO_DATE);
        agrees_with_time::<time::Date>("[day]/[month]/[year]", f!("[day]/[month]/[year]"));
        agrees_with_time::<time::Date>("[year][month][day]", f!("[year][month][day]"));
        agrees_with_time::<time::Time>("[hour]:[minute]", f!("[hour]:[minute]"));
        agrees_with_time::<time::Time>("[hour]:[minute]:[second]", f!("[hour]:[minute]:[second]"));
    }

    /// A format with anything but the six plain fields is left to `time` whole.
    #[test]
    fn other_formats_are_left_to_time() {
        // The common shape is read in straight-line code; the agreement test covers it.
        let common = Plan::new("[year]-[month]-[day] [hour]:[minute]:[second]");
        assert_eq!(common.date_time, Some(*b"-- ::"));
        assert_eq!(Plan::new("[year]-[month]-[day]").date_time, None);
        assert_eq!(
            Plan::new("[day]-[month]-[year] [hour]:[minute]:[second]").date_time,
            None
        );
        let scan = |text: &str, description: &str| Fields::scan(text, &Plan::new(description));
        assert_eq!(scan("2025", "[year"), None);
        assert_eq!(scan("05 Jul 2025", "[day] [month repr:short] [year]"), None);
        assert_eq!(scan("2025-07-05", "[year]-[month]-[day] [hour]"), None);
        assert_eq!(scan("[2025", "\\[[year]"), None);
        assert_eq!(scan("2025-07-05x", "[year]-[month]-[day]"), None);
        assert_eq!(scan("2025 07", "[year] [year]"), None);
        // A date format read as a time, or the other way round, is no value.
        let date = scan("2025-07-05", "[year]-[month]-[day]");
        assert_eq!(date.as_ref().and_then(time::Time::from_fields), None);
        assert!(date.as_ref().and_then(time::Date::from_fields).is_some());
    }
}
