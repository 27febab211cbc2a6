//! The error type of the persistence layer.

use gongkai_core::FieldErrors;

pub type DbResult<T> = Result<T, DbError>;

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    /// The input broke a rule that needs stored data (a taken 文件编号, an unknown column):
    /// shown next to the form fields.
    #[error("invalid input: {0}")]
    Invalid(FieldErrors),
    /// The thing asked for does not exist.
    #[error("not found")]
    NotFound,
    /// The action conflicts with the current state (publishing a published item, a stale edit).
    /// The message is Chinese and shown to the user.
    #[error("conflict: {0}")]
    Conflict(String),
    #[error("database error: {0}")]
    Sqlx(#[from] sqlx::Error),
    #[error("migration error: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

impl DbError {
    pub fn field(field: &'static str, message: impl Into<String>) -> DbError {
        let mut e = FieldErrors::new();
        e.add(field, message);
        DbError::Invalid(e)
    }

    /// Whether the underlying error is a violated unique constraint.
    pub fn is_unique_violation(&self) -> bool {
        matches!(self, DbError::Sqlx(sqlx::Error::Database(d)) if d.is_unique_violation())
    }
}

impl From<FieldErrors> for DbError {
    fn from(e: FieldErrors) -> Self {
        DbError::Invalid(e)
    }
}
