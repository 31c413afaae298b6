//! JSON pointers as `$ref`s write them (`#/paths/~1pets~1%7Bid%7D/get`): the fragment's
//! percent-encoding and each segment's `~1`/`~0` escapes undone. (`diagnostics::join` writes
//! them.)

/// `%7B` → `{`: a URI fragment's percent-encoding undone; `None` if the result is not UTF-8.
pub(crate) fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| char::from(b).to_digit(16);
        let high = bytes.get(i + 1).copied().and_then(hex);
        let low = bytes.get(i + 2).copied().and_then(hex);
        match (bytes[i], high, low) {
            (b'%', Some(high), Some(low)) => {
                out.push(u8::try_from(high * 16 + low).ok()?);
                i += 3;
            }
            (byte, ..) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

/// The segments of a `#/…` pointer, each unescaped (`~1` is `/`, `~0` is `~`); `None` if it
/// does not start with `#`. The fragment is taken as it is: decode it first if it may be
/// percent-encoded.
pub(crate) fn segments(pointer: &str) -> Option<impl Iterator<Item = String> + '_> {
    let path = pointer.strip_prefix('#')?;
    Some(path.split('/').skip(1).map(unescape))
}

/// One segment as written: `~1` is `/` and `~0` is `~`.
pub(crate) fn unescape(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_encoding_is_undone_and_a_lone_percent_kept() {
        assert_eq!(
            percent_decode("/paths/~1a~1%7Bid%7D").as_deref(),
            Some("/paths/~1a~1{id}")
        );
        assert_eq!(percent_decode("100%").as_deref(), Some("100%"));
    }

    #[test]
    fn segments_are_unescaped() {
        let found: Vec<String> = segments("#/paths/~1a~0b/get")
            .into_iter()
            .flatten()
            .collect();
        assert_eq!(found, ["paths", "/a~b", "get"]);
        assert!(segments("paths").is_none());
    }
}
