//! Percent-encoding for query strings, both ways, written out here because the
//! rules are short and the core takes no URL dependency.
//!
//! Decoding follows `application/x-www-form-urlencoded` (WHATWG URL standard,
//! what `URLSearchParams` does): `+` is a space and `%XX` a byte; unlike the
//! browser it refuses a malformed escape or invalid UTF-8 instead of guessing.
//! Encoding keeps links readable: RFC 3986 unreserved characters and the
//! query-safe `/ : @ ,` stay as they are, a space becomes `+`.

/// Decodes one query-string component; None when a `%` is not followed by two
/// hexadecimal digits or the bytes are not UTF-8.
pub(crate) fn decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = bytes.get(i + 1..i + 3)?;
                let hi = (hex[0] as char).to_digit(16)?;
                let lo = (hex[1] as char).to_digit(16)?;
                out.push((hi * 16 + lo) as u8);
                i += 2;
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8(out).ok()
}

/// Encodes `s` for a query value. `extra` lists further characters to escape
/// (list and range separators inside a list item).
pub(crate) fn encode(s: &str, extra: &[char]) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let keep = c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_' | '~' | '/' | ':' | '@' | ',');
        if c == ' ' {
            out.push('+');
        } else if keep && !extra.contains(&c) {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_form_encoding_and_refuses_malformed_escapes() {
        assert_eq!(decode("Apr+2024").as_deref(), Some("Apr 2024"));
        assert_eq!(decode("2021%2F22%20Q3").as_deref(), Some("2021/22 Q3"));
        assert_eq!(decode("caf%C3%A9").as_deref(), Some("café"));
        assert_eq!(decode("%2B").as_deref(), Some("+"));
        assert_eq!(decode("%"), None);
        assert_eq!(decode("%4"), None);
        assert_eq!(decode("%zz"), None);
        assert_eq!(decode("%FF"), None, "a lone 0xFF byte is not UTF-8");
    }

    #[test]
    fn encoding_is_readable_and_reversible() {
        assert_eq!(encode("Apr 2024", &[]), "Apr+2024");
        assert_eq!(encode("2021/22 Q3", &[]), "2021/22+Q3");
        assert_eq!(encode("https://x.org/b/manifest.json", &[]), "https://x.org/b/manifest.json");
        assert_eq!(encode("a&b=c+d#e", &[]), "a%26b%3Dc%2Bd%23e");
        assert_eq!(encode("a~b..c", &['~', '.']), "a%7Eb%2E%2Ec");
        for s in ["Apr 2024", "a&b=c+d", "café ~ 100%", "x..y"] {
            assert_eq!(decode(&encode(s, &['~', '.'])).as_deref(), Some(s));
        }
    }
}
