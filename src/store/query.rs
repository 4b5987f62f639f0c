//! A small query description that every backend translates to its own language.
//! Field names are checked here so backends can place them in a query safely.

use serde_json::Value;

use super::StoreError;

/// A value to compare a field with. Comparisons are typed: `Int(1)` never equals `Str("1")`.
#[derive(Debug, Clone, PartialEq)]
pub enum Scalar {
    Str(String),
    Int(i64),
    Bool(bool),
    Null,
}

impl Scalar {
    pub fn to_json(&self) -> Value {
        match self {
            Scalar::Str(s) => Value::from(s.as_str()),
            Scalar::Int(i) => Value::from(*i),
            Scalar::Bool(b) => Value::from(*b),
            Scalar::Null => Value::Null,
        }
    }
}

impl From<&str> for Scalar {
    fn from(value: &str) -> Self {
        Scalar::Str(value.to_owned())
    }
}

impl From<String> for Scalar {
    fn from(value: String) -> Self {
        Scalar::Str(value)
    }
}

impl From<i64> for Scalar {
    fn from(value: i64) -> Self {
        Scalar::Int(value)
    }
}

impl From<bool> for Scalar {
    fn from(value: bool) -> Self {
        Scalar::Bool(value)
    }
}

/// One condition on a field of the document (`a.b` reaches into nested objects).
#[derive(Debug, Clone, PartialEq)]
pub enum Cond {
    Eq(String, Scalar),
    /// Numeric comparisons, e.g. for expiry times.
    Lt(String, i64),
    Gt(String, i64),
}

impl Cond {
    pub fn field(&self) -> &str {
        match self {
            Cond::Eq(field, _) | Cond::Lt(field, _) | Cond::Gt(field, _) => field,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Query {
    pub conds: Vec<Cond>,
    pub limit: Option<u64>,
    pub offset: u64,
    pub newest_first: bool,
}

impl Query {
    pub fn all() -> Self {
        Self::default()
    }

    pub fn eq(mut self, field: &str, value: impl Into<Scalar>) -> Self {
        self.conds.push(Cond::Eq(field.to_owned(), value.into()));
        self
    }

    pub fn lt(mut self, field: &str, value: i64) -> Self {
        self.conds.push(Cond::Lt(field.to_owned(), value));
        self
    }

    pub fn gt(mut self, field: &str, value: i64) -> Self {
        self.conds.push(Cond::Gt(field.to_owned(), value));
        self
    }

    pub fn limit(mut self, limit: u64) -> Self {
        self.limit = Some(limit);
        self
    }

    pub fn offset(mut self, offset: u64) -> Self {
        self.offset = offset;
        self
    }

    pub fn newest_first(mut self) -> Self {
        self.newest_first = true;
        self
    }

    /// Refuses field names that are not dotted identifiers.
    pub fn check(&self) -> Result<(), StoreError> {
        for cond in &self.conds {
            let field = cond.field();
            let valid = !field.is_empty()
                && field.split('.').all(|part| {
                    let mut chars = part.chars();
                    chars
                        .next()
                        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
                        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
                });
            if !valid {
                return Err(StoreError::InvalidQuery(format!(
                    "`{field}` is not a valid field name"
                )));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_names_that_could_inject_are_refused() {
        for bad in ["a'b", "a b", "", "1a", "a..b", "a;drop", "a-b"] {
            assert!(Query::all().eq(bad, 1).check().is_err(), "{bad} accepted");
        }
        assert!(
            Query::all()
                .eq("owner.id", "x")
                .eq("_private", 1)
                .check()
                .is_ok()
        );
    }
}
