//! The body of `POST /api/v1/actions/execute`, as JSON or as multipart (for file
//! values). Multipart follows Appsmith's shape: a part `executeActionDTO` with the
//! JSON request, a `parameterMap` from binding expression to part name, and one part
//! per value; a part with a file name becomes `{name, type, data}` with a data URL.

use std::collections::BTreeMap;

use actix_multipart::Multipart;
use base64::Engine as _;
use futures_util::StreamExt;
use serde::Deserialize;
use serde_json::Value;

use crate::error::ApiError;
use crate::exec::ParamMap;

#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ExecuteBody {
    pub action_id: String,
    #[serde(default)]
    pub view_mode: bool,
    /// Each binding expression, exactly as written between `{{ }}`, to its value.
    #[serde(default)]
    #[schema(value_type = Object)]
    pub params: ParamMap,
    /// Multipart only: binding expression to the name of the part holding its value.
    #[serde(default)]
    #[schema(value_type = Object)]
    pub parameter_map: BTreeMap<String, String>,
    /// Multipart only: `{partName: {datatype}}`; a `string` part is taken as text,
    /// any other is parsed as JSON.
    #[serde(default)]
    #[schema(value_type = Object)]
    pub param_properties: BTreeMap<String, Value>,
}

fn invalid(message: impl Into<String>) -> ApiError {
    ApiError::bad_request("INVALID_BODY", message)
}

/// Reads a multipart execution request, keeping at most `limit` bytes in total.
pub async fn from_multipart(
    mut multipart: Multipart,
    limit: usize,
) -> Result<ExecuteBody, ApiError> {
    let mut body: Option<ExecuteBody> = None;
    let mut parts: BTreeMap<String, Value> = BTreeMap::new();
    let mut total = 0usize;
    while let Some(field) = multipart.next().await {
        let mut field = field
            .map_err(|err| invalid(format!("The multipart body could not be read: {err}.")))?;
        let (name, file_name) = match field.content_disposition() {
            Some(cd) => (
                cd.get_name().unwrap_or_default().to_owned(),
                cd.get_filename().map(str::to_owned),
            ),
            None => (String::new(), None),
        };
        let content_type = field.content_type().map(ToString::to_string);
        let mut bytes = Vec::new();
        while let Some(chunk) = field.next().await {
            let chunk = chunk
                .map_err(|err| invalid(format!("The part `{name}` could not be read: {err}.")))?;
            total += chunk.len();
            if total > limit {
                return Err(ApiError::PayloadTooLarge {
                    limit_mb: limit / (1024 * 1024),
                });
            }
            bytes.extend_from_slice(&chunk);
        }
        if name == "executeActionDTO" {
            body =
                Some(serde_json::from_slice(&bytes).map_err(|err| {
                    invalid(format!("executeActionDTO is not valid JSON: {err}."))
                })?);
        } else if name == "parameterMap" {
            let map: BTreeMap<String, String> = serde_json::from_slice(&bytes)
                .map_err(|err| invalid(format!("parameterMap is not valid JSON: {err}.")))?;
            body.get_or_insert_with(ExecuteBody::default)
                .parameter_map
                .extend(map);
        } else if let Some(file_name) = file_name {
            let mime = content_type.unwrap_or_else(|| "application/octet-stream".into());
            let data = format!(
                "data:{mime};base64,{}",
                base64::engine::general_purpose::STANDARD.encode(&bytes)
            );
            parts.insert(
                name,
                serde_json::json!({ "name": file_name, "type": mime, "data": data }),
            );
        } else {
            parts.insert(
                name,
                Value::String(String::from_utf8_lossy(&bytes).into_owned()),
            );
        }
    }
    let mut body =
        body.ok_or_else(|| invalid("The multipart body has no executeActionDTO part."))?;
    for (expression, part) in std::mem::take(&mut body.parameter_map) {
        let Some(value) = parts.get(&part).cloned() else {
            return Err(invalid(format!(
                "No part named `{part}` was sent for {expression}."
            )));
        };
        let is_text = body
            .param_properties
            .get(&part)
            .and_then(|p| p.get("datatype"))
            .and_then(Value::as_str)
            .is_none_or(|t| t.eq_ignore_ascii_case("string"));
        let value = match value {
            Value::String(text) if !is_text => {
                serde_json::from_str(&text).unwrap_or(Value::String(text))
            }
            other => other,
        };
        body.params.insert(expression, value);
    }
    Ok(body)
}
