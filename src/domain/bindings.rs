//! Lists the `{{ … }}` expressions in a query's settings, for the viewer to evaluate.

use serde_json::Value;

use crate::exec::bindings::{Segment, segments};

/// The expressions in `text`, trimmed, in order of appearance. The scanning itself is
/// the execution engine's, so what the viewer is told to evaluate is exactly what a run
/// looks up.
pub fn expressions(text: &str) -> Vec<String> {
    segments(text)
        .into_iter()
        .filter_map(|segment| match segment {
            Segment::Binding(expression) => Some(expression.trim().to_owned()),
            Segment::Text(_) => None,
        })
        .filter(|expression| !expression.is_empty())
        .collect()
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
