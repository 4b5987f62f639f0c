//! Bodies that may come as JSON or as a form post (log-in and sign-up pages).

use actix_web::{FromRequest, HttpRequest, dev::Payload, web};
use futures_util::future::LocalBoxFuture;
use serde::de::DeserializeOwned;

use crate::error::ApiError;

pub struct JsonOrForm<T>(pub T);

impl<T: DeserializeOwned + 'static> FromRequest for JsonOrForm<T> {
    type Error = actix_web::Error;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let is_form = req
            .headers()
            .get(actix_web::http::header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .is_some_and(|value| value.starts_with("application/x-www-form-urlencoded"));
        if is_form {
            let form = web::Form::<T>::from_request(req, payload);
            Box::pin(async move {
                form.await
                    .map(|form| JsonOrForm(form.into_inner()))
                    .map_err(|err| {
                        ApiError::bad_request(
                            "INVALID_BODY",
                            format!("The form could not be read: {err}."),
                        )
                        .into()
                    })
            })
        } else {
            let json = web::Json::<T>::from_request(req, payload);
            Box::pin(async move { json.await.map(|json| JsonOrForm(json.into_inner())) })
        }
    }
}

/// Parses JSON, naming where it went wrong (`dsl.children[3].topRow`) when it does.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    serde_path_to_error::deserialize(&mut deserializer).map_err(|err| {
        let path: String = err.path().to_string().chars().take(300).collect();
        ApiError::invalid_at(
            "INVALID_JSON",
            path,
            format!("The request body is not valid: {}.", err.inner()),
        )
    })
}

/// Converts an already parsed value, naming the offending path on failure.
pub fn from_value<T: DeserializeOwned>(value: serde_json::Value) -> Result<T, ApiError> {
    serde_path_to_error::deserialize(value).map_err(|err| {
        let path: String = err.path().to_string().chars().take(300).collect();
        ApiError::invalid_at(
            "INVALID_JSON",
            path,
            format!("The file is not valid: {}.", err.inner()),
        )
    })
}
