//! Vendor date and time formats, declared with `x-datetime-pattern` in Java
//! `DateTimeFormatter` notation (`yyyy-MM-dd HH:mm:ss`, `HH:mm`), translated into `time`
//! format descriptions, which parse strictly and format back byte for byte.

/// Which `time` type a format fills.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum TemporalKind {
    Date,
    Time,
    DateTime,
}

/// A parsed `x-datetime-pattern`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct TemporalFormat {
    /// The pattern as the spec writes it.
    pub(crate) java: String,
    /// The same format as a `time` format description.
    pub(crate) description: String,
    pub(crate) kind: TemporalKind,
}

/// Translates a Java `DateTimeFormatter` pattern, or says which part is not supported.
pub(crate) fn parse_java(pattern: &str) -> Result<TemporalFormat, String> {
    let mut description = String::new();
    let mut seen = Vec::new();
    let chars: Vec<char> = pattern.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_ascii_alphabetic() {
            let run = chars[i..].iter().take_while(|&&x| x == c).count();
            let component = match (c, run) {
                ('y' | 'u', 4) => "[year]",
                ('M', 2) => "[month]",
                ('M', 1) => "[month padding:none]",
                ('d', 2) => "[day]",
                ('d', 1) => "[day padding:none]",
                ('H', 2) => "[hour]",
                ('H', 1) => "[hour padding:none]",
                ('m', 2) => "[minute]",
                ('m', 1) => "[minute padding:none]",
                ('s', 2) => "[second]",
                ('s', 1) => "[second padding:none]",
                ('S', 1..=9) => {
                    description.push_str(&format!("[subsecond digits:{run}]"));
                    seen.push('S');
                    i += run;
                    continue;
                }
                _ => {
                    let token: String = std::iter::repeat_n(c, run).collect();
                    return Err(format!(
                        "`{token}` in the date-time pattern `{pattern}` is not supported (supported: yyyy, uuuu, MM, M, dd, d, HH, H, mm, m, ss, s, S…)"
                    ));
                }
            };
            description.push_str(component);
            seen.push(if c == 'u' { 'y' } else { c });
            i += run;
        } else if c == '\'' {
            if chars.get(i + 1) == Some(&'\'') {
                return Err(format!(
                    "the escaped quote `''` in the date-time pattern `{pattern}` is not supported"
                ));
            }
            let end = chars[i + 1..]
                .iter()
                .position(|&x| x == '\'')
                .ok_or_else(|| format!("unclosed quote in the date-time pattern `{pattern}`"))?;
            let literal: String = chars[i + 1..i + 1 + end].iter().collect();
            description.push_str(&literal.replace('[', "[["));
            i += end + 2;
        } else if "[]{}#".contains(c) {
            return Err(format!(
                "`{c}` in the date-time pattern `{pattern}` is an optional section or reserved in Java, which is not supported"
            ));
        } else {
            description.push(c);
            i += 1;
        }
    }
    let has = |c: char| seen.contains(&c);
    let date = ['y', 'M', 'd'].map(has);
    let time = ['H', 'm'].map(has);
    let kind = match (date, time) {
        ([true, true, true], [true, true]) => TemporalKind::DateTime,
        ([true, true, true], [false, false]) if !has('s') && !has('S') => TemporalKind::Date,
        ([false, false, false], [true, true]) => TemporalKind::Time,
        _ => {
            return Err(format!(
                "the date-time pattern `{pattern}` must hold a whole date (y, M, d), a whole time (H, m), or both"
            ));
        }
    };
    Ok(TemporalFormat {
        java: pattern.to_owned(),
        description,
        kind,
    })
}

/// Whether `text` has the shape of `format`, with each field in range. Used to check examples.
pub(crate) fn looks_like(format: &TemporalFormat, text: &str) -> bool {
    // A document checks many examples against few formats: compile each format's regex once.
    thread_local! {
        static COMPILED: std::cell::RefCell<std::collections::HashMap<String, Option<regex::Regex>>> =
            std::cell::RefCell::default();
    }
    COMPILED.with(|compiled| {
        compiled
            .borrow_mut()
            .entry(format.java.clone())
            .or_insert_with(|| shape_regex(format))
            .as_ref()
            .is_some_and(|regex| regex.is_match(text))
    })
}

/// The regex of the text `format` writes, fields in range.
fn shape_regex(format: &TemporalFormat) -> Option<regex::Regex> {
    let mut source = String::from(r"\A");
    let chars: Vec<char> = format.java.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let run = chars[i..].iter().take_while(|&&x| x == c).count();
        let piece = match (c, run) {
            ('y' | 'u', 4) => r"\d{4}".to_owned(),
            ('M', 2) => "(?:0[1-9]|1[0-2])".to_owned(),
            ('M', 1) => "(?:[1-9]|1[0-2])".to_owned(),
            ('d', 2) => "(?:0[1-9]|[12][0-9]|3[01])".to_owned(),
            ('d', 1) => "(?:[1-9]|[12][0-9]|3[01])".to_owned(),
            ('H', 2) => "(?:[01][0-9]|2[0-3])".to_owned(),
            ('H', 1) => "(?:1?[0-9]|2[0-3])".to_owned(),
            ('m' | 's', 2) => "[0-5][0-9]".to_owned(),
            ('m' | 's', 1) => "[1-5]?[0-9]".to_owned(),
            ('S', n) => format!("[0-9]{{{n}}}"),
            ('\'', _) => {
                let end = chars[i + 1..].iter().position(|&x| x == '\'').unwrap_or(0);
                let literal: String = chars[i + 1..i + 1 + end].iter().collect();
                source.push_str(&regex::escape(&literal));
                i += end + 2;
                continue;
            }
            _ => {
                source.push_str(&regex::escape(&c.to_string()));
                i += 1;
                continue;
            }
        };
        source.push_str(&piece);
        i += run;
    }
    source.push_str(r"\z");
    regex::Regex::new(&source).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vendor_formats_translate() {
        let f = parse_java("yyyy-MM-dd HH:mm:ss").map_err(|e| e.to_string());
        assert_eq!(
            f.map(|f| (f.description, f.kind)),
            Ok((
                "[year]-[month]-[day] [hour]:[minute]:[second]".to_owned(),
                TemporalKind::DateTime
            ))
        );
        let t = parse_java("HH:mm").map(|f| f.kind);
        assert_eq!(t, Ok(TemporalKind::Time));
    }

    #[test]
    fn examples_are_checked_for_shape() {
        let f = parse_java("yyyy-MM-dd HH:mm:ss");
        let f = f.as_ref().map_err(String::as_str);
        assert_eq!(f.map(|f| looks_like(f, "2025-07-05 12:21:15")), Ok(true));
        assert_eq!(f.map(|f| looks_like(f, "yyyy-MM-dd HH:mm:ss")), Ok(false));
        assert_eq!(f.map(|f| looks_like(f, "2025-13-05 12:21:15")), Ok(false));
    }

    #[test]
    fn partial_and_unknown_are_refused() {
        assert!(parse_java("yyyy-MM").is_err());
        assert!(parse_java("hh:mm a").is_err());
        assert!(
            parse_java("dd-MM-yy").is_err(),
            "a two-digit year cannot make a date"
        );
        assert!(
            parse_java("yyyy-MM-dd['T'HH:mm]").is_err(),
            "optional sections"
        );
        assert!(parse_java("HH:mm''").is_err(), "escaped quote");
    }
}
