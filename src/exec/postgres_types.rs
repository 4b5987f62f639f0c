//! JSON values to and from PostgreSQL's binary wire format. Parameters are sent as
//! the type the server inferred for each placeholder (after hints taken from the
//! JSON value), so `WHERE id = {{id}}` works whether the browser sent 7 or "7".

use std::error::Error;

use bytes::BytesMut;
use serde_json::{Number, Value};
use tokio_postgres::types::{FromSql, IsNull, Kind, ToSql, Type, to_sql_checked};

type BoxError = Box<dyn Error + Sync + Send>;

/// "Let the server decide", PostgreSQL's type oid 0.
pub fn unspecified() -> Type {
    Type::new("unspecified".into(), 0, Kind::Pseudo, "pg_catalog".into())
}

/// The type a JSON value asks for; strings and nulls let the server infer.
pub fn hint(value: &Value) -> Type {
    match value {
        Value::Bool(_) => Type::BOOL,
        Value::Number(n) if n.is_i64() => Type::INT8,
        Value::Number(_) => Type::FLOAT8,
        Value::Object(_) => Type::JSONB,
        Value::Array(items) if items.is_empty() => unspecified(),
        Value::Array(items) if items.iter().all(Value::is_boolean) => Type::BOOL_ARRAY,
        Value::Array(items) if items.iter().all(Value::is_i64) => Type::INT8_ARRAY,
        Value::Array(items) if items.iter().all(Value::is_number) => Type::FLOAT8_ARRAY,
        Value::Array(items) if items.iter().all(Value::is_string) => Type::TEXT_ARRAY,
        Value::Array(_) => Type::JSONB,
        Value::String(_) | Value::Null => unspecified(),
    }
}

/// Whether [`PgParam`] can encode a value for this type; others are sent as text
/// and cast by the server (`CAST($1::text AS numeric)`).
pub fn encodable(ty: &Type) -> bool {
    match ty.kind() {
        Kind::Array(member) => encodable(member) && !matches!(member.kind(), Kind::Array(_)),
        Kind::Enum(_) => true,
        Kind::Domain(base) => encodable(base),
        _ => matches!(
            *ty,
            Type::BOOL
                | Type::INT2
                | Type::INT4
                | Type::INT8
                | Type::OID
                | Type::FLOAT4
                | Type::FLOAT8
                | Type::TEXT
                | Type::VARCHAR
                | Type::BPCHAR
                | Type::NAME
                | Type::UNKNOWN
                | Type::JSON
                | Type::JSONB
                | Type::UUID
                | Type::DATE
                | Type::TIMESTAMP
                | Type::TIMESTAMPTZ
        ),
    }
}

/// One bound JSON value.
#[derive(Debug)]
pub struct PgParam<'a>(pub &'a Value);

fn mismatch(value: &Value, ty: &Type) -> BoxError {
    let kind = match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    };
    format!(
        "a {kind} value cannot be sent where the query expects {}",
        ty.name()
    )
    .into()
}

impl PgParam<'_> {
    fn int(&self, ty: &Type) -> Result<i64, BoxError> {
        match self.0 {
            Value::Number(n) => n.as_i64(),
            Value::String(s) => s.trim().parse().ok(),
            Value::Bool(b) => Some(i64::from(*b)),
            _ => None,
        }
        .ok_or_else(|| mismatch(self.0, ty))
    }

    fn float(&self, ty: &Type) -> Result<f64, BoxError> {
        match self.0 {
            Value::Number(n) => n.as_f64(),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        }
        .ok_or_else(|| mismatch(self.0, ty))
    }

    fn text(&self) -> String {
        super::bindings::as_text(self.0)
    }
}

impl ToSql for PgParam<'_> {
    fn to_sql(&self, ty: &Type, out: &mut BytesMut) -> Result<IsNull, BoxError> {
        let value = self.0;
        if value.is_null() {
            return Ok(IsNull::Yes);
        }
        match ty.kind() {
            Kind::Array(_) => {
                let Value::Array(items) = value else {
                    return Err(mismatch(value, ty));
                };
                let items: Vec<PgParam<'_>> = items.iter().map(PgParam).collect();
                return items.to_sql(ty, out);
            }
            Kind::Enum(_) => return self.text().as_str().to_sql(&Type::TEXT, out),
            Kind::Domain(base) => return self.to_sql(base, out),
            _ => {}
        }
        match *ty {
            Type::BOOL => match value {
                Value::Bool(b) => b.to_sql(ty, out),
                Value::String(s) if s.eq_ignore_ascii_case("true") => true.to_sql(ty, out),
                Value::String(s) if s.eq_ignore_ascii_case("false") => false.to_sql(ty, out),
                _ => Err(mismatch(value, ty)),
            },
            Type::INT2 => i16::try_from(self.int(ty)?)?.to_sql(ty, out),
            Type::INT4 => i32::try_from(self.int(ty)?)?.to_sql(ty, out),
            Type::INT8 => self.int(ty)?.to_sql(ty, out),
            Type::OID => u32::try_from(self.int(ty)?)?.to_sql(ty, out),
            // Narrowing to f32 is what a float4 column stores anyway.
            #[allow(clippy::cast_possible_truncation)]
            Type::FLOAT4 => (self.float(ty)? as f32).to_sql(ty, out),
            Type::FLOAT8 => self.float(ty)?.to_sql(ty, out),
            Type::JSON | Type::JSONB => value.to_sql(ty, out),
            Type::UUID => {
                let hex_digits: String = self.text().chars().filter(|c| *c != '-').collect();
                let bytes = hex::decode(&hex_digits).map_err(|_| mismatch(value, ty))?;
                if bytes.len() != 16 {
                    return Err(mismatch(value, ty));
                }
                out.extend_from_slice(&bytes);
                Ok(IsNull::No)
            }
            Type::DATE => chrono::NaiveDate::parse_from_str(self.text().trim(), "%Y-%m-%d")
                .map_err(|err| format!("`{}` is not a date: {err}", self.text()))?
                .to_sql(ty, out),
            Type::TIMESTAMP => parse_timestamp(&self.text())?.naive_utc().to_sql(ty, out),
            Type::TIMESTAMPTZ => parse_timestamp(&self.text())?.to_sql(ty, out),
            _ => self.text().as_str().to_sql(&Type::TEXT, out),
        }
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    to_sql_checked!();
}

/// ISO 8601 with or without an offset (without one means UTC), or a plain date.
fn parse_timestamp(raw: &str) -> Result<chrono::DateTime<chrono::Utc>, BoxError> {
    let raw = raw.trim();
    if let Ok(t) = chrono::DateTime::parse_from_rfc3339(raw) {
        return Ok(t.to_utc());
    }
    for format in ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S%.f"] {
        if let Ok(t) = chrono::NaiveDateTime::parse_from_str(raw, format) {
            return Ok(t.and_utc());
        }
    }
    if let Ok(d) = chrono::NaiveDate::parse_from_str(raw, "%Y-%m-%d") {
        return Ok(d.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc());
    }
    Err(format!("`{raw}` is not a timestamp").into())
}

/// One result cell as JSON.
#[derive(Debug)]
pub struct JsonCell(pub Value);

impl<'a> FromSql<'a> for JsonCell {
    fn from_sql(ty: &Type, raw: &'a [u8]) -> Result<Self, BoxError> {
        match ty.kind() {
            Kind::Array(_) => {
                let items: Vec<Option<JsonCell>> = FromSql::from_sql(ty, raw)?;
                return Ok(JsonCell(Value::Array(
                    items
                        .into_iter()
                        .map(|c| c.map_or(Value::Null, |c| c.0))
                        .collect(),
                )));
            }
            Kind::Enum(_) => {
                return Ok(JsonCell(Value::String(String::from_utf8_lossy(raw).into())));
            }
            Kind::Domain(base) => return JsonCell::from_sql(base, raw),
            _ => {}
        }
        let value = match *ty {
            Type::BOOL => Value::Bool(bool::from_sql(ty, raw)?),
            Type::INT2 => Value::from(i16::from_sql(ty, raw)?),
            Type::INT4 => Value::from(i32::from_sql(ty, raw)?),
            Type::INT8 => Value::from(i64::from_sql(ty, raw)?),
            Type::OID => Value::from(u32::from_sql(ty, raw)?),
            Type::FLOAT4 => float(f64::from(f32::from_sql(ty, raw)?)),
            Type::FLOAT8 => float(f64::from_sql(ty, raw)?),
            Type::NUMERIC => decimal(&numeric_to_string(raw)?),
            Type::JSON | Type::JSONB => Value::from_sql(ty, raw)?,
            Type::UUID => Value::String(uuid_text(raw)?),
            Type::DATE => Value::String(chrono::NaiveDate::from_sql(ty, raw)?.to_string()),
            Type::TIME => Value::String(chrono::NaiveTime::from_sql(ty, raw)?.to_string()),
            Type::TIMESTAMP => Value::String(
                chrono::NaiveDateTime::from_sql(ty, raw)?
                    .format("%Y-%m-%dT%H:%M:%S%.f")
                    .to_string(),
            ),
            Type::TIMESTAMPTZ => Value::String(
                chrono::DateTime::<chrono::Utc>::from_sql(ty, raw)?
                    .to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true),
            ),
            Type::BYTEA => Value::String(format!("\\x{}", hex::encode(raw))),
            Type::CHAR => Value::String(
                char::from(u8::from_ne_bytes(i8::from_sql(ty, raw)?.to_ne_bytes())).to_string(),
            ),
            // Text-like types, including extension types such as citext, arrive as UTF-8.
            _ => match std::str::from_utf8(raw) {
                Ok(text) => Value::String(text.to_owned()),
                Err(_) => Value::String(format!("(value of type {} not shown)", ty.name())),
            },
        };
        Ok(JsonCell(value))
    }

    fn accepts(_: &Type) -> bool {
        true
    }
}

pub(crate) fn float(f: f64) -> Value {
    Number::from_f64(f).map_or_else(|| Value::String(f.to_string()), Value::Number)
}

/// Decimals become JSON numbers when a double holds them exactly, else strings.
pub(crate) fn decimal(text: &str) -> Value {
    let digits = text.chars().filter(char::is_ascii_digit).count();
    if digits <= 15
        && let Ok(f) = text.parse::<f64>()
    {
        if !text.contains('.')
            && let Ok(i) = text.parse::<i64>()
        {
            return Value::from(i);
        }
        return float(f);
    }
    Value::String(text.to_owned())
}

fn uuid_text(raw: &[u8]) -> Result<String, BoxError> {
    if raw.len() != 16 {
        return Err("a uuid has 16 bytes".into());
    }
    let h = hex::encode(raw);
    Ok(format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    ))
}

/// PostgreSQL's binary numeric: base-10000 digit groups with a weight and a scale.
fn numeric_to_string(raw: &[u8]) -> Result<String, BoxError> {
    let word = |i: usize| -> Result<u16, BoxError> {
        raw.get(i * 2..i * 2 + 2)
            .map(|b| u16::from_be_bytes([b[0], b[1]]))
            .ok_or_else(|| "truncated numeric".into())
    };
    let ndigits = usize::from(word(0)?);
    let weight = i32::from(i16::from_be_bytes(word(1)?.to_be_bytes()));
    let sign = word(2)?;
    let dscale = usize::from(word(3)?);
    match sign {
        0xC000 => return Ok("NaN".into()),
        0xD000 => return Ok("Infinity".into()),
        0xF000 => return Ok("-Infinity".into()),
        _ => {}
    }
    let digits: Vec<u16> = (0..ndigits)
        .map(|i| word(4 + i))
        .collect::<Result<_, _>>()?;
    let group = |i: i32| -> u16 {
        usize::try_from(i)
            .ok()
            .and_then(|i| digits.get(i).copied())
            .unwrap_or(0)
    };
    let mut out = String::new();
    if sign == 0x4000 {
        out.push('-');
    }
    if weight < 0 {
        out.push('0');
    } else {
        for i in 0..=weight {
            if i == 0 {
                out.push_str(&group(i).to_string());
            } else {
                out.push_str(&format!("{:04}", group(i)));
            }
        }
    }
    if dscale > 0 {
        let mut fraction = String::new();
        let mut i = weight + 1;
        while fraction.len() < dscale {
            fraction.push_str(&format!("{:04}", group(i)));
            i += 1;
        }
        fraction.truncate(dscale);
        out.push('.');
        out.push_str(&fraction);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numeric(ndigits: u16, weight: i16, sign: u16, dscale: u16, digits: &[u16]) -> Vec<u8> {
        let mut raw = Vec::new();
        for w in [ndigits, weight.cast_unsigned(), sign, dscale]
            .iter()
            .chain(digits)
        {
            raw.extend_from_slice(&w.to_be_bytes());
        }
        raw
    }

    #[test]
    fn numeric_decodes_like_postgres_prints_it() {
        assert_eq!(
            numeric_to_string(&numeric(2, 0, 0, 2, &[12, 3400])).ok(),
            Some("12.34".into())
        );
        assert_eq!(
            numeric_to_string(&numeric(2, 1, 0x4000, 0, &[1, 2])).ok(),
            Some("-10002".into())
        );
        assert_eq!(
            numeric_to_string(&numeric(1, -1, 0, 3, &[50])).ok(),
            Some("0.005".into())
        );
        assert_eq!(decimal("12.34"), serde_json::json!(12.34));
        assert_eq!(
            decimal("12345678901234567890.5"),
            serde_json::json!("12345678901234567890.5")
        );
    }
}
