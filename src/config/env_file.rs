//! Rewrites the env file in place: changed keys get their new value on their own line,
//! comments and lines Tessera does not know stay as they were, and the file is replaced
//! atomically so a crash never leaves half a file (and never loses the secrets in it).

use std::io::Write;
use std::path::Path;

/// Why an env-file value or rewrite was refused.
#[derive(Debug, thiserror::Error)]
pub enum EnvFileError {
    #[error("{key} cannot contain line breaks or control characters")]
    Unquotable { key: String },
    #[error("the env file {path} cannot be written: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
}

/// Quotes a value so that the backend's reader (and entrypoint.sh) read it back exactly:
/// single quotes take everything literally; a value holding a single quote or a
/// backslash (which the reader's line scanner treats as an escape even inside single
/// quotes) gets double quotes with `\`, `"` and `$` escaped, so nothing is substituted.
pub fn quote(key: &str, value: &str) -> Result<String, EnvFileError> {
    if value.chars().any(char::is_control) {
        return Err(EnvFileError::Unquotable {
            key: key.to_owned(),
        });
    }
    if !value.contains(['\'', '\\']) {
        return Ok(format!("'{value}'"));
    }
    let mut quoted = String::with_capacity(value.len() + 2);
    quoted.push('"');
    for c in value.chars() {
        if matches!(c, '\\' | '"' | '$') {
            quoted.push('\\');
        }
        quoted.push(c);
    }
    quoted.push('"');
    Ok(quoted)
}

/// The key a line assigns, if any (`KEY=…` or `export KEY=…`).
pub fn assigned_key(line: &str) -> Option<&str> {
    let line = line.trim_start();
    let line = line.strip_prefix("export ").unwrap_or(line).trim_start();
    let (key, _) = line.split_once('=')?;
    let valid = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.');
    valid.then_some(key)
}

/// Applies `changes` (full variable names; `None` removes the key) and writes the file
/// atomically with owner-only permissions. The last assignment of a key is the one
/// replaced; earlier duplicates are dropped so the file says one thing per key.
pub fn rewrite(path: &Path, changes: &[(String, Option<String>)]) -> Result<(), EnvFileError> {
    let io = |source: std::io::Error| EnvFileError::Io {
        path: path.display().to_string(),
        source,
    };
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(err) => return Err(io(err)),
    };
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    for (key, value) in changes {
        let positions: Vec<usize> = lines
            .iter()
            .enumerate()
            .filter(|(_, line)| assigned_key(line) == Some(key.as_str()))
            .map(|(index, _)| index)
            .collect();
        let new_line = value
            .as_deref()
            .map(|value| quote(key, value).map(|quoted| format!("{key}={quoted}")))
            .transpose()?;
        match (positions.last(), new_line) {
            (Some(&last), Some(line)) => lines[last] = line,
            (None, Some(line)) => lines.push(line),
            (Some(&last), None) => {
                lines.remove(last);
            }
            (None, None) => {}
        }
        for &index in positions.iter().rev().skip(1) {
            lines.remove(index);
        }
    }
    let mut body = lines.join("\n");
    body.push('\n');
    write_atomically(path, body.as_bytes()).map_err(io)
}

fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|dir| !dir.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        tmp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o600))?;
    }
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|err| err.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::layers::read_env_file;

    #[test]
    fn tricky_values_read_back_exactly() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("docker.env");
        let values = [
            "plain",
            "with space # not a comment",
            "it's",
            r#"both ' and " and \ and $HOME and ${X}"#,
            "",
            "trailing\\",
        ];
        let changes: Vec<(String, Option<String>)> = values
            .iter()
            .enumerate()
            .map(|(i, v)| (format!("TESSERA_K{i}"), Some((*v).to_owned())))
            .collect();
        rewrite(&file, &changes).expect("written");
        let read = read_env_file(&file).expect("read back");
        for (i, value) in values.iter().enumerate() {
            let key = format!("TESSERA_K{i}");
            let found = read
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, v)| v.as_str());
            assert_eq!(found, Some(*value), "{key} must read back unchanged");
        }
    }

    #[test]
    fn comments_and_unknown_lines_are_kept() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("docker.env");
        std::fs::write(
            &file,
            "# keep me\nOTHER=1\nTESSERA_PORT=1\n\nexport TESSERA_PORT=2\nTESSERA_GONE=x\n",
        )
        .expect("write");
        rewrite(
            &file,
            &[
                ("TESSERA_PORT".into(), Some("9000".into())),
                ("TESSERA_GONE".into(), None),
                ("TESSERA_NEW".into(), Some("n".into())),
            ],
        )
        .expect("rewritten");
        let text = std::fs::read_to_string(&file).expect("read");
        assert_eq!(
            text,
            "# keep me\nOTHER=1\n\nTESSERA_PORT='9000'\nTESSERA_NEW='n'\n"
        );
    }

    #[test]
    fn line_breaks_are_refused() {
        assert!(quote("TESSERA_X", "a\nTESSERA_DB_URL=evil").is_err());
    }
}
