//! [`LogCapture`]: a log writer that keeps what it is given, to assert on log lines in tests.

use std::io;
use std::sync::{Arc, Mutex};

/// Collects log output in memory; pass it to [`crate::log::init_with_writer`] (or, with the
/// `tracing-subscriber` feature, to any fmt layer's `with_writer`) and read it back with
/// [`LogCapture::text`].
///
/// ```
/// let logs = typed_lambda::testing::LogCapture::default();
/// typed_lambda::log::init_with_writer(logs.clone());
/// tracing::info!("hello");
/// assert!(logs.text().contains("\tINFO\thello"));
/// ```
#[derive(Debug, Clone, Default)]
pub struct LogCapture(Arc<Mutex<Vec<u8>>>);

impl LogCapture {
    /// Everything written so far, as text.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap_or_else(|p| p.into_inner())).into_owned()
    }
}

impl io::Write for LogCapture {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(feature = "tracing-subscriber")]
impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for LogCapture {
    type Writer = LogCapture;

    fn make_writer(&'a self) -> LogCapture {
        self.clone()
    }
}
