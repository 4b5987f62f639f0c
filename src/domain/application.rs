//! Applications: a named set of pages in a workspace. The published copy viewers see is
//! a separate snapshot (see `publication`), swapped in with one versioned update.

use serde::{Deserialize, Serialize};

use super::Entity;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Application {
    pub workspace_id: String,
    pub name: String,
    pub slug: String,
    #[serde(default)]
    pub is_public: bool,
    #[serde(default)]
    pub icon: Option<String>,
    #[serde(default)]
    pub color: Option<String>,
    /// The snapshot viewers see; `None` until the first publish.
    #[serde(default)]
    pub published_snapshot_id: Option<String>,
    #[serde(default)]
    pub last_deployed_at: Option<i64>,
}

impl Entity for Application {
    const COLLECTION: &'static str = "applications";
    const NAME: &'static str = "application";
}

/// A URL-friendly form of a name: lower-case letters, digits and single dashes.
pub fn slugify(name: &str) -> String {
    let mut slug = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-').to_owned();
    if slug.is_empty() {
        "untitled".to_owned()
    } else {
        slug
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn slugs_are_readable() {
        assert_eq!(
            super::slugify("Customer Support — Tickets!"),
            "customer-support-tickets"
        );
        assert_eq!(super::slugify("!!!"), "untitled");
    }
}
