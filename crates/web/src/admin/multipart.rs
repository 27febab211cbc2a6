//! Multipart forms of the back office (uploads): the CSRF token must be the first field and is
//! checked before anything else is read; the rest is read into [`Parts`], each file's name cut to
//! its last path component, files over the caller's limit refused (413).

use crate::auth::Staff;
use crate::error::{AppError, AppResult};
use axum::extract::Multipart;
use axum::extract::multipart::MultipartRejection;

/// A multipart form read in full: text fields in order and the files chosen.
#[derive(Default)]
pub struct Parts {
    pub fields: Vec<(String, String)>,
    pub files: Vec<Upload>,
}

pub struct Upload {
    /// The form field.
    pub field: String,
    /// The file's name (see [`clean_name`]); may be empty.
    pub name: String,
    pub bytes: Vec<u8>,
}

impl Parts {
    /// A text field's value; empty when absent.
    pub fn get(&self, name: &str) -> &str {
        self.fields
            .iter()
            .find(|(k, _)| k == name)
            .map_or("", |(_, v)| v.as_str())
    }

    /// The first file sent in `field`.
    pub fn file(&self, field: &str) -> Option<&Upload> {
        self.files.iter().find(|f| f.field == field)
    }
}

/// Reads a multipart form whose first field is `csrf`. Without a readable body there is no
/// token to check: that is refused as a CSRF failure. A file input left empty is skipped.
pub async fn read(
    staff: &Staff,
    mp: Result<Multipart, MultipartRejection>,
    max_bytes: usize,
) -> AppResult<Parts> {
    let mut mp = mp.map_err(|_| AppError::Csrf)?;
    let first = mp
        .next_field()
        .await
        .map_err(super::multipart_error)?
        .ok_or(AppError::Csrf)?;
    if first.name() != Some("csrf") {
        return Err(AppError::Csrf);
    }
    crate::csrf::verify(
        &staff.csrf,
        &first.text().await.map_err(super::multipart_error)?,
    )?;
    let mut parts = Parts::default();
    while let Some(field) = mp.next_field().await.map_err(super::multipart_error)? {
        let name = field.name().unwrap_or_default().to_string();
        if let Some(file_name) = field.file_name().map(clean_name) {
            let bytes = field.bytes().await.map_err(super::multipart_error)?;
            if bytes.len() > max_bytes {
                return Err(AppError::TooLarge);
            }
            if !file_name.is_empty() || !bytes.is_empty() {
                parts.files.push(Upload {
                    field: name,
                    name: file_name,
                    bytes: bytes.to_vec(),
                });
            }
        } else {
            let text = field.text().await.map_err(super::multipart_error)?;
            parts.fields.push((name, text));
        }
    }
    Ok(parts)
}

/// The last path component of an uploaded file's name (browsers on some systems send full
/// paths), without control characters, at most 200 characters.
pub fn clean_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    base.chars()
        .filter(|c| !c.is_control())
        .take(200)
        .collect::<String>()
        .trim()
        .to_string()
}

#[cfg(test)]
mod tests {
    #[test]
    fn names_lose_their_path() {
        assert_eq!(super::clean_name("C:\\Users\\x\\附件1.docx"), "附件1.docx");
        assert_eq!(super::clean_name("/home/a/b.txt"), "b.txt");
    }
}
