//! Validation of a page's widget tree before it is saved. Every error names the widget
//! and the property path, so the editor can point at it.

use std::collections::HashSet;

use serde_json::{Map, Value};

use super::action::is_valid_entity_name;
use crate::error::ApiError;

/// Largest accepted widget tree, serialised.
pub const MAX_DSL_BYTES: usize = 5 * 1024 * 1024;
/// Deepest accepted nesting of widgets.
pub const MAX_DEPTH: usize = 40;
pub const MAX_WIDGETS: usize = 10_000;
pub const GRID_COLUMNS: f64 = 64.0;

/// Checks the tree; returns the widget names it holds.
pub fn validate(dsl: &Value) -> Result<HashSet<String>, ApiError> {
    let size = serde_json::to_vec(dsl)
        .map(|bytes| bytes.len())
        .unwrap_or(usize::MAX);
    if size > MAX_DSL_BYTES {
        return Err(ApiError::invalid_at(
            "DSL_TOO_LARGE",
            "dsl",
            format!("The page layout is {size} bytes; the limit is {MAX_DSL_BYTES}."),
        ));
    }
    let root = dsl
        .as_object()
        .ok_or_else(|| invalid("dsl", "The page layout must be a widget object."))?;
    if root.get("type").and_then(Value::as_str) != Some("CANVAS_WIDGET") {
        return Err(invalid(
            "dsl.type",
            "The root widget must be the page canvas (type CANVAS_WIDGET).",
        ));
    }
    let mut seen = Seen::default();
    walk(root, None, "dsl", 0, &mut seen)?;
    Ok(seen.names)
}

#[derive(Default)]
struct Seen {
    names: HashSet<String>,
    ids: HashSet<String>,
    count: usize,
}

fn invalid(path: &str, message: impl Into<String>) -> ApiError {
    ApiError::invalid_at("INVALID_DSL", path, message)
}

fn walk(
    widget: &Map<String, Value>,
    parent_id: Option<&str>,
    path: &str,
    depth: usize,
    seen: &mut Seen,
) -> Result<(), ApiError> {
    if depth > MAX_DEPTH {
        return Err(invalid(
            path,
            format!("Widgets are nested deeper than {MAX_DEPTH} levels."),
        ));
    }
    seen.count += 1;
    if seen.count > MAX_WIDGETS {
        return Err(invalid(
            path,
            format!("A page holds at most {MAX_WIDGETS} widgets."),
        ));
    }
    let text = |key: &str| -> Result<&str, ApiError> {
        widget
            .get(key)
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
            .ok_or_else(|| {
                invalid(
                    &format!("{path}.{key}"),
                    format!("`{key}` must be a non-empty string."),
                )
            })
    };
    let name = text("widgetName")?;
    let label = format!("{path} ({name})");
    if !is_valid_entity_name(name) {
        return Err(invalid(
            &format!("{path}.widgetName"),
            format!(
                "`{name}` is not a valid widget name: use letters, digits and _, starting with a letter."
            ),
        ));
    }
    if !seen.names.insert(name.to_owned()) {
        return Err(invalid(
            &format!("{path}.widgetName"),
            format!("The widget name `{name}` is used twice on this page."),
        ));
    }
    text("type")?;
    let id = text("widgetId")?;
    if !seen.ids.insert(id.to_owned()) {
        return Err(invalid(
            &format!("{path}.widgetId"),
            format!("Widget {label} repeats the widgetId `{id}`."),
        ));
    }
    if let Some(expected) = parent_id {
        let actual = widget.get("parentId").and_then(Value::as_str);
        if actual != Some(expected) {
            return Err(invalid(
                &format!("{path}.parentId"),
                format!(
                    "Widget {label} has parentId {actual:?} but sits inside widget `{expected}`."
                ),
            ));
        }
    }
    // Canvases (the page root and the inner canvas of containers, forms, tabs and modals)
    // carry pixel sizes in Appsmith's schema, not grid columns.
    if widget.get("type").and_then(Value::as_str) != Some("CANVAS_WIDGET") {
        check_bounds(widget, path, &label)?;
    }
    for list in ["dynamicBindingPathList", "dynamicTriggerPathList"] {
        if let Some(entries) = widget.get(list) {
            let ok = entries.as_array().is_some_and(|items| {
                items
                    .iter()
                    .all(|item| item.get("key").is_some_and(Value::is_string))
            });
            if !ok {
                return Err(invalid(
                    &format!("{path}.{list}"),
                    format!("`{list}` of {label} must be a list of {{\"key\": \"…\"}}."),
                ));
            }
        }
    }
    match widget.get("children") {
        None | Some(Value::Null) => Ok(()),
        Some(Value::Array(children)) => {
            for (index, child) in children.iter().enumerate() {
                let child_path = format!("{path}.children[{index}]");
                let child = child
                    .as_object()
                    .ok_or_else(|| invalid(&child_path, "Each child must be a widget object."))?;
                walk(child, Some(id), &child_path, depth + 1, seen)?;
            }
            Ok(())
        }
        Some(_) => Err(invalid(
            &format!("{path}.children"),
            format!("`children` of {label} must be a list."),
        )),
    }
}

fn check_bounds(widget: &Map<String, Value>, path: &str, label: &str) -> Result<(), ApiError> {
    let number = |key: &str| -> Result<Option<f64>, ApiError> {
        match widget.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(value) => value
                .as_f64()
                .filter(|n| n.is_finite())
                .map(Some)
                .ok_or_else(|| {
                    invalid(
                        &format!("{path}.{key}"),
                        format!("`{key}` of {label} must be a number."),
                    )
                }),
        }
    };
    let (left, right) = (number("leftColumn")?, number("rightColumn")?);
    let (top, bottom) = (number("topRow")?, number("bottomRow")?);
    if let (Some(left), Some(right)) = (left, right)
        && !(0.0 <= left && left < right && right <= GRID_COLUMNS)
    {
        return Err(invalid(
            &format!("{path}.leftColumn"),
            format!(
                "Widget {label} spans columns {left}–{right}; columns run from 0 to {GRID_COLUMNS}."
            ),
        ));
    }
    if let (Some(top), Some(bottom)) = (top, bottom)
        && !(0.0 <= top && top < bottom)
    {
        return Err(invalid(
            &format!("{path}.topRow"),
            format!("Widget {label} spans rows {top}–{bottom}; the top must be above the bottom."),
        ));
    }
    Ok(())
}

/// Mends what imported trees commonly get wrong, reporting each change: missing or
/// repeated widget ids, parent ids that do not match the tree, columns outside the grid,
/// and repeated names.
pub fn repair(dsl: &mut Value, page: &str, report: &mut Vec<super::bundle::ReportItem>) {
    let mut names = HashSet::new();
    let mut ids = HashSet::new();
    mend(dsl, None, page, &mut names, &mut ids, report);
}

fn mend(
    widget: &mut Value,
    parent_id: Option<String>,
    page: &str,
    names: &mut HashSet<String>,
    ids: &mut HashSet<String>,
    report: &mut Vec<super::bundle::ReportItem>,
) {
    use super::bundle::ReportItem;
    let Some(map) = widget.as_object_mut() else {
        return;
    };
    let mut name = map
        .get("widgetName")
        .and_then(Value::as_str)
        .unwrap_or("Widget")
        .to_owned();
    if !is_valid_entity_name(&name) || names.contains(&name) {
        let base: String = name
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        let base = if base.is_empty() || base.starts_with(|c: char| c.is_ascii_digit()) {
            format!("Widget{base}")
        } else {
            base
        };
        let mut n = 1;
        while names.contains(&format!("{base}{n}")) {
            n += 1;
        }
        let renamed = format!("{base}{n}");
        report.push(ReportItem::new(
            "widget",
            &name,
            format!("renamed to {renamed} on page {page} (name taken or invalid)"),
        ));
        name = renamed;
        map.insert("widgetName".into(), Value::String(name.clone()));
    }
    names.insert(name.clone());
    let id = match map.get("widgetId").and_then(Value::as_str) {
        Some(id) if !id.is_empty() && !ids.contains(id) => id.to_owned(),
        _ => {
            let id = super::new_id();
            map.insert("widgetId".into(), Value::String(id.clone()));
            id
        }
    };
    ids.insert(id.clone());
    if let Some(parent) = parent_id {
        map.insert("parentId".into(), Value::String(parent));
    }
    let column =
        |map: &serde_json::Map<String, Value>, key: &str| map.get(key).and_then(Value::as_f64);
    let is_canvas = map.get("type").and_then(Value::as_str) == Some("CANVAS_WIDGET");
    if let (Some(left), Some(right)) = (column(map, "leftColumn"), column(map, "rightColumn"))
        && !is_canvas
        && !(0.0 <= left && left < right && right <= GRID_COLUMNS)
    {
        let left = left.clamp(0.0, GRID_COLUMNS - 1.0);
        let right = right.clamp(left + 1.0, GRID_COLUMNS);
        map.insert("leftColumn".into(), Value::from(left));
        map.insert("rightColumn".into(), Value::from(right));
        report.push(ReportItem::new(
            "widget",
            &name,
            format!("moved inside the {GRID_COLUMNS}-column grid on page {page}"),
        ));
    }
    if let Some(Value::Array(children)) = map.get_mut("children") {
        for child in children {
            mend(child, Some(id.clone()), page, names, ids, report);
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn page(children: Value) -> Value {
        json!({"widgetName": "MainContainer", "type": "CANVAS_WIDGET", "widgetId": "0", "children": children})
    }

    fn text(name: &str, id: &str) -> Value {
        json!({"widgetName": name, "type": "TEXT_WIDGET", "widgetId": id, "parentId": "0",
               "leftColumn": 0, "rightColumn": 16, "topRow": 0, "bottomRow": 4})
    }

    fn path_of(err: ApiError) -> String {
        match err {
            ApiError::BadRequest { path, .. } => path.unwrap_or_default(),
            other => panic!("expected a 400, got {other:?}"),
        }
    }

    #[test]
    fn a_valid_tree_passes_and_reports_its_names() {
        let names =
            validate(&page(json!([text("Text1", "a"), text("Text2", "b")]))).expect("valid");
        assert!(names.contains("Text1") && names.contains("MainContainer"));
    }

    #[test]
    fn errors_name_the_widget_and_path() {
        let err = validate(&page(json!([text("Text1", "a"), text("Text1", "b")])))
            .expect_err("duplicate");
        assert_eq!(path_of(err), "dsl.children[1].widgetName");
        let mut orphan = text("Text1", "a");
        orphan["parentId"] = json!("nowhere");
        assert_eq!(
            path_of(validate(&page(json!([orphan]))).expect_err("orphan")),
            "dsl.children[0].parentId"
        );
        let mut wide = text("Text1", "a");
        wide["rightColumn"] = json!(65);
        assert_eq!(
            path_of(validate(&page(json!([wide]))).expect_err("out of grid")),
            "dsl.children[0].leftColumn"
        );
        let mut wrong_type = text("Text1", "a");
        wrong_type["topRow"] = json!("three");
        assert_eq!(
            path_of(validate(&page(json!([wrong_type]))).expect_err("type")),
            "dsl.children[0].topRow"
        );
        assert_eq!(
            path_of(validate(&page(json!([text("Text1", "0")]))).expect_err("dup id")),
            "dsl.children[0].widgetId"
        );
    }

    #[test]
    fn canvases_keep_their_pixel_sizes() {
        let mut root = page(json!([text("Text1", "a")]));
        root["rightColumn"] = json!(1224);
        root["bottomRow"] = json!(1250);
        assert!(
            validate(&root).is_ok(),
            "Appsmith's root canvas is 1224 px wide"
        );
    }

    #[test]
    fn deep_trees_are_refused() {
        let mut tree = text("W0", "w0");
        for level in 1..60 {
            let mut parent = text(&format!("W{level}"), &format!("w{level}"));
            tree["parentId"] = json!(format!("w{level}"));
            parent["children"] = json!([tree]);
            tree = parent;
        }
        assert!(validate(&page(json!([tree]))).is_err());
    }
}
