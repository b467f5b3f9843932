//! The one error type of the code generator.

use std::fmt;
use std::path::{Path, PathBuf};

/// A failure to read, check or generate from a schema; says what went wrong and where.
#[derive(Debug)]
pub struct Error {
    path: PathBuf,
    message: String,
}

impl Error {
    /// An error about the file (or directory) at `path`.
    pub fn new(path: impl AsRef<Path>, message: impl Into<String>) -> Self {
        Self {
            path: path.as_ref().to_path_buf(),
            message: message.into(),
        }
    }

    /// The file the error is about.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// What went wrong, without the path.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.message)
    }
}

impl std::error::Error for Error {}

/// Result with the codegen [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
