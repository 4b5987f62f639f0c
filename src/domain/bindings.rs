//! Finds the `{{ … }}` expressions in strings. Braces inside an expression (object
//! literals, template strings' `${}`) are balanced, so `{{ {a: 1} }}` is one expression.

use serde_json::Value;

/// The expressions in `text`, trimmed, in order of appearance.
pub fn expressions(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i + 1 < bytes.len() {
        if bytes[i] == b'{' && bytes[i + 1] == b'{' {
            let start = i + 2;
            let mut depth = 0usize;
            let mut j = start;
            let mut end = None;
            while j < bytes.len() {
                match bytes[j] {
                    b'{' => depth += 1,
                    b'}' if depth > 0 => depth -= 1,
                    b'}' if j + 1 < bytes.len() && bytes[j + 1] == b'}' => {
                        end = Some(j);
                        break;
                    }
                    _ => {}
                }
                j += 1;
            }
            match end {
                Some(end) => {
                    let expression = text[start..end].trim();
                    if !expression.is_empty() {
                        found.push(expression.to_owned());
                    }
                    i = end + 2;
                }
                None => break,
            }
        } else {
            i += 1;
        }
    }
    found
}

/// Every distinct expression in every string inside `value`, in order of appearance.
pub fn expressions_in(value: &Value) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    collect(value, &mut found);
    found
}

fn collect(value: &Value, found: &mut Vec<String>) {
    match value {
        Value::String(text) => {
            for expression in expressions(text) {
                if !found.contains(&expression) {
                    found.push(expression);
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|item| collect(item, found)),
        Value::Object(map) => map.values().for_each(|item| collect(item, found)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_expressions_with_nested_braces() {
        assert_eq!(
            expressions(
                "SELECT * FROM t WHERE id = {{ Table1.selectedRow.id }} AND x = {{ {a: 1}.a }}"
            ),
            ["Table1.selectedRow.id", "{a: 1}.a"]
        );
        assert_eq!(expressions("no bindings {{ unclosed"), Vec::<String>::new());
        assert_eq!(expressions("{{`${Input1.text}%`}}"), ["`${Input1.text}%`"]);
    }
}
