//! Typed substitution into JSON text (REST bodies, GraphQL variables, MongoDB
//! commands). A binding that is a whole JSON value, or a whole string such as
//! `"{{id}}"`, becomes the value itself with its type; a binding inside a longer
//! string is inserted as escaped text. Values are serialized, never pasted raw, so a
//! value cannot change the document's structure.

use serde_json::Value;

use super::ExecError;
use super::ParamMap;
use super::bindings::{Segment, as_text, lookup, segments};

/// The text with every binding substituted as typed JSON.
pub fn substitute(text: &str, params: &ParamMap) -> Result<String, ExecError> {
    let parts = segments(text);
    let mut out = String::with_capacity(text.len());
    let mut in_string = false;
    let mut skip_quote = false;
    for (i, part) in parts.iter().enumerate() {
        match part {
            Segment::Text(t) => {
                let mut t: &str = t;
                if skip_quote {
                    t = t.strip_prefix('"').unwrap_or(t);
                    skip_quote = false;
                    in_string = false;
                }
                in_string = track_strings(t, in_string);
                out.push_str(t);
            }
            Segment::Binding(expr) => {
                let value = lookup(params, expr)?;
                let whole_string = in_string
                    && out.ends_with('"')
                    && matches!(parts.get(i + 1), Some(Segment::Text(next)) if next.starts_with('"'));
                if whole_string {
                    out.pop();
                    out.push_str(&value.to_string());
                    skip_quote = true;
                } else if in_string {
                    let quoted = Value::String(as_text(value)).to_string();
                    out.push_str(&quoted[1..quoted.len() - 1]);
                } else {
                    out.push_str(&value.to_string());
                }
            }
        }
    }
    Ok(out)
}

/// Substitutes and parses, saying where the JSON is wrong when it is.
pub fn substitute_json(text: &str, params: &ParamMap) -> Result<Value, ExecError> {
    let substituted = substitute(text, params)?;
    if substituted.trim().is_empty() {
        return Ok(Value::Null);
    }
    serde_json::from_str(&substituted).map_err(|err| {
        ExecError::InvalidConfig(format!(
            "The body is not valid JSON after putting in the values (line {}, column {}): {err}",
            err.line(),
            err.column()
        ))
    })
}

/// Whether we are inside a JSON string after `text`, given the state before it.
fn track_strings(text: &str, mut in_string: bool) -> bool {
    let mut escaped = false;
    for c in text.chars() {
        if escaped {
            escaped = false;
        } else if in_string && c == '\\' {
            escaped = true;
        } else if c == '"' {
            in_string = !in_string;
        }
    }
    in_string
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
    fn whole_values_keep_their_types() {
        let p = params(&[
            ("n", json!(42)),
            ("b", json!(true)),
            ("z", json!(null)),
            ("arr", json!([1, "two"])),
            ("obj", json!({"k": "v"})),
            ("s", json!("text")),
        ]);
        let doc = substitute_json(
            r#"{"n": {{n}}, "b": "{{b}}", "z": {{z}}, "arr": {{arr}}, "obj": "{{obj}}", "s": "{{s}}"}"#,
            &p,
        )
        .expect("valid JSON");
        assert_eq!(
            doc,
            json!({"n": 42, "b": true, "z": null, "arr": [1, "two"], "obj": {"k": "v"}, "s": "text"})
        );
    }

    #[test]
    fn values_inside_strings_are_escaped_not_spliced() {
        let p = params(&[("evil", json!(r#"x", "admin": true, "y": ""#))]);
        let doc = substitute_json(r#"{"name": "Mr {{evil}}"}"#, &p).expect("valid JSON");
        assert_eq!(doc, json!({"name": r#"Mr x", "admin": true, "y": ""#}));
    }

    #[test]
    fn a_string_value_outside_quotes_stays_one_string() {
        let p = params(&[("s", json!("} , {\"$where\": 1"))]);
        let doc = substitute_json(r#"{"filter": {"name": {{s}}}}"#, &p).expect("valid JSON");
        assert_eq!(doc, json!({"filter": {"name": "} , {\"$where\": 1"}}));
    }

    #[test]
    fn mongo_extended_json_survives_substitution() {
        let p = params(&[
            ("id", json!("5f1d7f9b8e4b2a0017a1b2c3")),
            ("age", json!(30)),
        ]);
        let doc = substitute_json(
            r#"{"find": "users", "filter": {"_id": {"$oid": "{{id}}"}, "age": {"$gte": {{age}}}}}"#,
            &p,
        )
        .expect("valid JSON");
        assert_eq!(
            doc,
            json!({"find": "users", "filter": {"_id": {"$oid": "5f1d7f9b8e4b2a0017a1b2c3"}, "age": {"$gte": 30}}})
        );
    }
}
