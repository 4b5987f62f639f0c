//! Finds the `{{ }}` bindings in query text. The browser evaluates them; the engine
//! receives each expression (exactly as written) with its value and turns it into a
//! parameter, so query text and values never mix.

use serde_json::Value;

use super::{ExecError, ParamMap};

/// A piece of query text: literal text, or a binding expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment<'a> {
    Text(&'a str),
    Binding(&'a str),
}

/// Splits text into literal parts and bindings. Braces inside an expression are
/// counted (and string literals skipped) so `{{ {a: 1} }}` is one binding.
pub fn segments(text: &str) -> Vec<Segment<'_>> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        let inner = &rest[start + 2..];
        let Some(len) = binding_end(inner) else {
            break;
        };
        if start > 0 {
            out.push(Segment::Text(&rest[..start]));
        }
        out.push(Segment::Binding(&inner[..len]));
        rest = &inner[len + 2..];
    }
    if !rest.is_empty() {
        out.push(Segment::Text(rest));
    }
    out
}

/// Length of the expression before its closing `}}`, if it is closed.
fn binding_end(inner: &str) -> Option<usize> {
    let bytes = inner.as_bytes();
    let mut depth = 0usize;
    let mut quote: Option<u8> = None;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if let Some(q) = quote {
            if b == b'\\' {
                i += 1;
            } else if b == q {
                quote = None;
            }
        } else {
            match b {
                b'\'' | b'"' | b'`' => quote = Some(b),
                b'{' => depth += 1,
                b'}' if depth > 0 => depth -= 1,
                b'}' if bytes.get(i + 1) == Some(&b'}') => return Some(i),
                _ => {}
            }
        }
        i += 1;
    }
    None
}

/// The value evaluated for an expression. The browser sends the expression as
/// written; a trimmed match is accepted because editors differ in spacing.
pub fn lookup<'p>(params: &'p ParamMap, expression: &str) -> Result<&'p Value, ExecError> {
    params
        .get(expression)
        .or_else(|| params.get(expression.trim()))
        .or_else(|| {
            params
                .iter()
                .find(|(key, _)| key.trim() == expression.trim())
                .map(|(_, value)| value)
        })
        .ok_or_else(|| {
            ExecError::Binding(format!(
                "No value was sent for the binding {{{{{}}}}}. Run the query from the editor so its bindings are evaluated.",
                expression.trim()
            ))
        })
}

/// The value as plain text, for places that only take text (headers, Redis arguments,
/// dynamic SQL): strings as they are, everything else as JSON.
pub fn as_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// SQL text with each binding replaced by a placeholder, and the bound values in order.
#[derive(Debug, Clone, PartialEq)]
pub struct SqlWithParams {
    pub sql: String,
    pub values: Vec<Value>,
}

/// Replaces each binding with the placeholder `placeholder(n)` (1-based). A binding
/// written inside quotes (`'{{name}}'`) loses the quotes, because the placeholder
/// already stands for a whole value.
pub fn to_placeholders(
    text: &str,
    params: &ParamMap,
    placeholder: impl Fn(usize) -> String,
) -> Result<SqlWithParams, ExecError> {
    let parts = segments(text);
    let mut sql = String::with_capacity(text.len());
    let mut values = Vec::new();
    let mut skip_quote = false;
    for (i, part) in parts.iter().enumerate() {
        match part {
            Segment::Text(t) => {
                let mut t: &str = t;
                if skip_quote {
                    t = &t[1..];
                    skip_quote = false;
                }
                if !t.is_empty() && quoted_binding_after(&parts, i) {
                    t = &t[..t.len() - 1];
                    skip_quote = true;
                }
                sql.push_str(t);
            }
            Segment::Binding(expr) => {
                values.push(lookup(params, expr)?.clone());
                sql.push_str(&placeholder(values.len()));
            }
        }
    }
    Ok(SqlWithParams { sql, values })
}

/// Whether the binding after text part `i` is wrapped in matching quotes.
fn quoted_binding_after(parts: &[Segment<'_>], i: usize) -> bool {
    let (Some(Segment::Text(before)), Some(Segment::Binding(_)), Some(Segment::Text(after))) =
        (parts.get(i), parts.get(i + 1), parts.get(i + 2))
    else {
        return false;
    };
    matches!(before.chars().last(), Some(q @ ('\'' | '"')) if after.starts_with(q))
}

/// Dynamic SQL (prepared statements off): values spliced in as text, by the
/// query author's explicit choice.
pub fn splice_text(text: &str, params: &ParamMap) -> Result<String, ExecError> {
    let mut out = String::with_capacity(text.len());
    for part in segments(text) {
        match part {
            Segment::Text(t) => out.push_str(t),
            Segment::Binding(expr) => out.push_str(&as_text(lookup(params, expr)?)),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn params(pairs: &[(&str, Value)]) -> ParamMap {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.clone()))
            .collect()
    }

    #[test]
    fn finds_bindings_with_nested_braces_and_strings() {
        assert_eq!(
            segments("a {{ {x: '}}'} }} b {{y}}"),
            vec![
                Segment::Text("a "),
                Segment::Binding(" {x: '}}'} "),
                Segment::Text(" b "),
                Segment::Binding("y"),
            ]
        );
        assert_eq!(segments("no {{ end"), vec![Segment::Text("no {{ end")]);
    }

    #[test]
    fn sql_bindings_become_numbered_placeholders_and_lose_their_quotes() {
        let p = params(&[("name", json!("x")), ("Input1.text", json!(3))]);
        let built = to_placeholders(
            "SELECT * FROM t WHERE a = '{{name}}' AND b = {{Input1.text}}",
            &p,
            |n| format!("${n}"),
        )
        .expect("all values present");
        assert_eq!(built.sql, "SELECT * FROM t WHERE a = $1 AND b = $2");
        assert_eq!(built.values, vec![json!("x"), json!(3)]);
    }

    #[test]
    fn a_missing_value_is_a_binding_error() {
        let err = to_placeholders("SELECT {{nope}}", &ParamMap::new(), |_| "?".into())
            .expect_err("missing value");
        assert_eq!(err.code(), "BINDING_ERROR");
    }
}
