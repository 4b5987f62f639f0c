//! GraphQL: the query text goes as written and the values go as GraphQL variables
//! (typed JSON), over the same guarded, size-capped HTTP client as REST.

use async_trait::async_trait;
use reqwest::Method;
use serde_json::{Value, json};

use super::bindings::{Segment, lookup, segments};
use super::rest::{Body, Request, RestPlugin, headers_for, send, url_for, validate_url};
use super::{
    ActionConfig, Context, Datasource, DatasourceConfig, ExecError, Output, ParamMap, Plugin,
    json_subst,
};

#[derive(Default)]
pub struct GraphqlPlugin {
    http: RestPlugin,
}

#[async_trait]
impl Plugin for GraphqlPlugin {
    fn id(&self) -> &'static str {
        "graphql-plugin"
    }

    fn validate(&self, config: &DatasourceConfig) -> Vec<String> {
        validate_url(config)
    }

    async fn test(&self, _ctx: Context<'_>, _datasource: &Datasource) -> Result<(), ExecError> {
        Ok(())
    }

    async fn execute(
        &self,
        ctx: Context<'_>,
        datasource: &Datasource,
        action: &ActionConfig,
        params: &ParamMap,
    ) -> Result<Output, ExecError> {
        let config = &datasource.datasource_configuration;
        let query = query_text(action.body.as_deref().unwrap_or_default(), params)?;
        if query.trim().is_empty() {
            return Err(ExecError::InvalidConfig(
                "The GraphQL query is empty.".into(),
            ));
        }
        let variables = match action
            .template_text(1)
            .or_else(|| action.form_text("variables"))
        {
            Some(text) if !text.trim().is_empty() => json_subst::substitute_json(&text, params)?,
            _ => Value::Null,
        };
        let request = Request {
            method: Method::POST,
            url: url_for(config, action.path.as_deref(), params)?,
            headers: headers_for(&[&config.headers, &action.headers], params)?,
            body: Body::Json(json!({ "query": query, "variables": variables })),
            hidden_headers: config
                .headers
                .iter()
                .map(|h| h.key.to_lowercase())
                .collect(),
        };
        let client = self.http.client(ctx, datasource).await?;
        let mut output = send(ctx, &client, request).await?;
        // GraphQL reports failures inside a 200 answer.
        if output
            .body
            .get("errors")
            .and_then(Value::as_array)
            .is_some_and(|e| !e.is_empty())
            && output.body.get("data").is_none_or(Value::is_null)
        {
            output.success = false;
        }
        Ok(output)
    }

    fn forget(&self, datasource_id: &str) {
        self.http.forget_client(datasource_id);
    }
}

/// Bindings written in the query document itself become GraphQL literals (JSON
/// strings, numbers, booleans and null are valid GraphQL); variables are preferred.
fn query_text(raw: &str, params: &ParamMap) -> Result<String, ExecError> {
    let mut out = String::with_capacity(raw.len());
    for part in segments(raw) {
        match part {
            Segment::Text(t) => out.push_str(t),
            Segment::Binding(expr) => match lookup(params, expr)? {
                v @ (Value::String(_) | Value::Number(_) | Value::Bool(_) | Value::Null) => {
                    out.push_str(&v.to_string())
                }
                _ => {
                    return Err(ExecError::Binding(format!(
                        "{{{{{}}}}} is a list or object; pass it as a GraphQL variable instead.",
                        expr.trim()
                    )));
                }
            },
        }
    }
    Ok(out)
}
