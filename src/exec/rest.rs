//! REST API: values go into the path and query percent-encoded, into JSON bodies as
//! typed JSON, into form and multipart bodies as fields, and into headers as text.
//! Addresses pass the guard; the response is read under the size cap.

use std::sync::Arc;

use async_trait::async_trait;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use reqwest::Method;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use serde_json::{Value, json};

use super::bindings::{Segment, as_text, lookup, segments};
use super::http_client::{build_client, http_error, read_capped, to_output};
use super::pools::Pools;
use super::{
    ActionConfig, Context, Datasource, DatasourceConfig, ExecError, Output, ParamMap, Plugin,
    Property, json_subst,
};

/// Everything but RFC 3986's unreserved characters is encoded, `/` and `?` included,
/// so a value stays one path segment or one query value.
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Header names whose values are never echoed back.
const SENSITIVE: &[&str] = &[
    "authorization",
    "cookie",
    "proxy-authorization",
    "x-api-key",
];

#[derive(Default)]
pub struct RestPlugin {
    clients: Pools<reqwest::Client>,
}

/// A request ready to send; GraphQL builds one too.
pub struct Request {
    pub method: Method,
    pub url: url::Url,
    pub headers: HeaderMap,
    pub body: Body,
    /// Headers set on the datasource: their values are hidden in the echo.
    pub hidden_headers: Vec<String>,
}

pub enum Body {
    None,
    Json(Value),
    Text(String),
    Form(Vec<(String, String)>),
    Multipart(Vec<(String, Value)>),
}

impl RestPlugin {
    pub(crate) async fn client(
        &self,
        ctx: Context<'_>,
        datasource: &Datasource,
    ) -> Result<Arc<reqwest::Client>, ExecError> {
        self.clients
            .get(datasource, || async { build_client(ctx.settings) })
            .await
    }

    pub(crate) fn forget_client(&self, datasource_id: &str) {
        self.clients.remove(datasource_id);
    }
}

#[async_trait]
impl Plugin for RestPlugin {
    fn id(&self) -> &'static str {
        "restapi-plugin"
    }

    fn validate(&self, config: &DatasourceConfig) -> Vec<String> {
        validate_url(config)
    }

    async fn test(&self, _ctx: Context<'_>, _datasource: &Datasource) -> Result<(), ExecError> {
        // A REST datasource is a base address; each query is its own request.
        Ok(())
    }

    async fn execute(
        &self,
        ctx: Context<'_>,
        datasource: &Datasource,
        action: &ActionConfig,
        params: &ParamMap,
    ) -> Result<Output, ExecError> {
        let request = build(datasource, action, params)?;
        let client = self.client(ctx, datasource).await?;
        send(ctx, &client, request).await
    }

    fn forget(&self, datasource_id: &str) {
        self.forget_client(datasource_id);
    }
}

pub(crate) fn validate_url(config: &DatasourceConfig) -> Vec<String> {
    match config.url.as_deref().map(str::trim) {
        None | Some("") => Vec::new(),
        Some(raw) => match url::Url::parse(raw) {
            Ok(url) if matches!(url.scheme(), "http" | "https") => Vec::new(),
            Ok(url) => vec![format!(
                "The address must start with http:// or https://, not {}://.",
                url.scheme()
            )],
            Err(err) => vec![format!("The address `{raw}` is not a valid URL: {err}.")],
        },
    }
}

/// The datasource's base address plus the query's path, values percent-encoded.
pub(crate) fn url_for(
    config: &DatasourceConfig,
    path: Option<&str>,
    params: &ParamMap,
) -> Result<url::Url, ExecError> {
    let mut path_text = String::new();
    for part in segments(path.unwrap_or_default()) {
        match part {
            Segment::Text(t) => path_text.push_str(t),
            Segment::Binding(expr) => path_text.extend(utf8_percent_encode(
                &as_text(lookup(params, expr)?),
                COMPONENT,
            )),
        }
    }
    let base = config.url.as_deref().unwrap_or_default().trim();
    let joined = if base.is_empty() {
        path_text
    } else if path_text.is_empty() {
        base.to_owned()
    } else if path_text.starts_with('/') || path_text.starts_with('?') {
        format!("{}{}", base.trim_end_matches('/'), path_text)
    } else {
        format!("{}/{}", base.trim_end_matches('/'), path_text)
    };
    let url = url::Url::parse(&joined).map_err(|err| {
        ExecError::InvalidConfig(format!("`{joined}` is not a valid URL: {err}."))
    })?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(ExecError::InvalidConfig(format!(
            "Only http:// and https:// addresses can be requested, not {}://.",
            url.scheme()
        )));
    }
    Ok(url)
}

fn text_with(raw: &str, params: &ParamMap) -> Result<String, ExecError> {
    super::bindings::splice_text(raw, params)
}

pub(crate) fn headers_for(
    lists: &[&[Property]],
    params: &ParamMap,
) -> Result<HeaderMap, ExecError> {
    let mut headers = HeaderMap::new();
    for list in lists {
        for header in *list {
            if header.key.trim().is_empty() {
                continue;
            }
            let name = HeaderName::from_bytes(header.key.trim().as_bytes()).map_err(|_| {
                ExecError::InvalidConfig(format!("`{}` is not a valid header name.", header.key))
            })?;
            // A value with a line break is refused here, so it cannot add headers.
            let value =
                HeaderValue::from_str(&text_with(&header.value_text(), params)?).map_err(|_| {
                    ExecError::Binding(format!(
                        "The value of header `{}` contains characters a header cannot hold.",
                        header.key
                    ))
                })?;
            headers.insert(name, value);
        }
    }
    Ok(headers)
}

fn build(
    datasource: &Datasource,
    action: &ActionConfig,
    params: &ParamMap,
) -> Result<Request, ExecError> {
    let config = &datasource.datasource_configuration;
    let mut url = url_for(config, action.path.as_deref(), params)?;
    {
        let mut pairs = url.query_pairs_mut();
        for q in config
            .query_parameters
            .iter()
            .chain(&action.query_parameters)
        {
            if !q.key.trim().is_empty() {
                pairs.append_pair(
                    &text_with(&q.key, params)?,
                    &text_with(&q.value_text(), params)?,
                );
            }
        }
    }
    if url.query() == Some("") {
        url.set_query(None);
    }
    let method_name = action
        .http_method
        .as_deref()
        .unwrap_or("GET")
        .to_uppercase();
    let method = Method::from_bytes(method_name.as_bytes())
        .map_err(|_| ExecError::InvalidConfig(format!("`{method_name}` is not an HTTP method.")))?;
    let headers = headers_for(&[&config.headers, &action.headers], params)?;
    let content_type = headers
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_lowercase();
    let raw_body = action.body.as_deref().unwrap_or_default();
    let body = if content_type.contains("x-www-form-urlencoded") {
        Body::Form(
            action
                .body_form_data
                .iter()
                .filter(|p| !p.key.is_empty())
                .map(|p| {
                    Ok((
                        text_with(&p.key, params)?,
                        text_with(&p.value_text(), params)?,
                    ))
                })
                .collect::<Result<_, ExecError>>()?,
        )
    } else if content_type.contains("multipart/form-data") {
        Body::Multipart(
            action
                .body_form_data
                .iter()
                .filter(|p| !p.key.is_empty())
                .map(|p| Ok((text_with(&p.key, params)?, field_value(&p.value, params)?)))
                .collect::<Result<_, ExecError>>()?,
        )
    } else if raw_body.trim().is_empty() {
        Body::None
    } else if content_type.contains("json") {
        Body::Json(json_subst::substitute_json(raw_body, params)?)
    } else if content_type.is_empty() {
        // No declared type: JSON when the body is JSON, otherwise the text as written.
        match json_subst::substitute_json(raw_body, params) {
            Ok(value) => Body::Json(value),
            Err(ExecError::InvalidConfig(_)) => Body::Text(text_with(raw_body, params)?),
            Err(other) => return Err(other),
        }
    } else {
        Body::Text(text_with(raw_body, params)?)
    };
    Ok(Request {
        method,
        url,
        headers,
        body,
        hidden_headers: config
            .headers
            .iter()
            .map(|h| h.key.to_lowercase())
            .collect(),
    })
}

/// A multipart field: a whole binding keeps its value (a file object stays an object).
fn field_value(raw: &Value, params: &ParamMap) -> Result<Value, ExecError> {
    let Value::String(text) = raw else {
        return Ok(raw.clone());
    };
    match segments(text).as_slice() {
        [Segment::Binding(expr)] => Ok(lookup(params, expr)?.clone()),
        _ => Ok(Value::String(text_with(text, params)?)),
    }
}

fn multipart(fields: Vec<(String, Value)>) -> Result<reqwest::multipart::Form, ExecError> {
    let mut form = reqwest::multipart::Form::new();
    for (name, value) in fields {
        let files = match &value {
            Value::Array(items) if items.iter().all(is_file) => items.clone(),
            v if is_file(v) => vec![v.clone()],
            other => {
                form = form.text(name, as_text(other));
                continue;
            }
        };
        for file in files {
            let data = file_bytes(&file)?;
            let mut part = reqwest::multipart::Part::bytes(data).file_name(
                file.get("name")
                    .and_then(Value::as_str)
                    .unwrap_or("file")
                    .to_owned(),
            );
            if let Some(mime) = file
                .get("type")
                .and_then(Value::as_str)
                .filter(|m| !m.is_empty())
            {
                part = part.mime_str(mime).map_err(|_| {
                    ExecError::Binding(format!("`{mime}` is not a valid content type."))
                })?;
            }
            form = form.part(name.clone(), part);
        }
    }
    Ok(form)
}

/// Files arrive as `{name, type, data}`, the shape of the file picker's values.
fn is_file(value: &Value) -> bool {
    value.get("data").is_some() && value.get("name").is_some()
}

fn file_bytes(file: &Value) -> Result<Vec<u8>, ExecError> {
    use base64::Engine as _;
    let data = file.get("data").and_then(Value::as_str).unwrap_or_default();
    match data.split_once(";base64,") {
        Some((prefix, encoded)) if prefix.starts_with("data:") => {
            base64::engine::general_purpose::STANDARD
                .decode(encoded.trim())
                .map_err(|_| ExecError::Binding("A file's data is not valid base64.".into()))
        }
        _ => Ok(data.as_bytes().to_vec()),
    }
}

/// Sends a request under the query's limits and reads the answer.
pub(crate) async fn send(
    ctx: Context<'_>,
    client: &reqwest::Client,
    request: Request,
) -> Result<Output, ExecError> {
    ctx.settings.address_policy.check_url(&request.url)?;
    let target = request
        .url
        .host_str()
        .map(|h| format!("{h}:{}", request.url.port_or_known_default().unwrap_or(0)))
        .unwrap_or_default();
    let millis = u64::try_from(ctx.limits.timeout.as_millis()).unwrap_or(u64::MAX);
    let echo = echo(&request);
    let mut builder = client
        .request(request.method, request.url)
        .headers(request.headers)
        .timeout(ctx.limits.timeout);
    builder = match request.body {
        Body::None => builder,
        Body::Json(value) => builder
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .body(value.to_string()),
        Body::Text(text) => builder.body(text),
        Body::Form(pairs) => builder.form(&pairs),
        Body::Multipart(fields) => builder.multipart(multipart(fields)?),
    };
    let exchange = async {
        let mut response = builder
            .send()
            .await
            .map_err(|err| http_error(&err, &target, millis))?;
        let body = read_capped(
            &mut response,
            ctx.limits.max_response_bytes,
            &target,
            millis,
        )
        .await?;
        Ok::<_, ExecError>(to_output(response.status(), response.headers(), &body))
    };
    let mut output = tokio::time::timeout(ctx.limits.timeout, exchange)
        .await
        .map_err(|_| ExecError::Timeout { millis })??;
    output.request = echo;
    Ok(output)
}

/// What was sent, for the editor, with credentials blanked.
fn echo(request: &Request) -> Value {
    let headers: serde_json::Map<String, Value> = request
        .headers
        .iter()
        .map(|(name, value)| {
            let hidden = SENSITIVE.contains(&name.as_str())
                || request.hidden_headers.iter().any(|h| h == name.as_str());
            let shown = if hidden {
                "****".to_owned()
            } else {
                String::from_utf8_lossy(value.as_bytes()).into_owned()
            };
            (name.as_str().to_owned(), Value::String(shown))
        })
        .collect();
    let body = match &request.body {
        Body::None => Value::Null,
        Body::Json(v) => v.clone(),
        Body::Text(t) => Value::String(t.clone()),
        Body::Form(pairs) => json!(pairs),
        Body::Multipart(fields) => json!(fields.iter().map(|(k, _)| k).collect::<Vec<_>>()),
    };
    let mut url = request.url.clone();
    if url.password().is_some() {
        let _ = url.set_password(Some("****"));
    }
    json!({
        "url": url.as_str(),
        "httpMethod": request.method.as_str(),
        "headers": headers,
        "body": body,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_values_are_percent_encoded() {
        let config = DatasourceConfig {
            url: Some("http://127.0.0.1:1/api".into()),
            ..Default::default()
        };
        let params: ParamMap = [("id".to_owned(), json!("a/b?c=d&e"))]
            .into_iter()
            .collect();
        let url = url_for(&config, Some("/users/{{id}}?q={{id}}"), &params).expect("valid URL");
        assert_eq!(
            url.as_str(),
            "http://127.0.0.1:1/api/users/a%2Fb%3Fc%3Dd%26e?q=a%2Fb%3Fc%3Dd%26e"
        );
    }
}
