//! The same log lines as pieces for your own `tracing-subscriber` stack (feature
//! `tracing-subscriber`): [`LambdaFormat`], [`RequestIdLayer`] and [`filter_from_env`].

use std::fmt;

use tracing::span::{Attributes, Id};
use tracing::{Event, Subscriber};
use tracing_subscriber::filter::Targets;
use tracing_subscriber::fmt::format::Writer;
use tracing_subscriber::fmt::{FmtContext, FormatEvent, FormatFields};
use tracing_subscriber::layer::Context as LayerContext;
use tracing_subscriber::registry::LookupSpan;
use tracing_subscriber::Layer;

use super::filter::Filter;
use super::format::Format;

/// The level filter of [`init`](super::init) (`AWS_LAMBDA_LOG_LEVEL`, else `RUST_LOG`, else
/// `INFO`) as tracing-subscriber's [`Targets`].
///
/// ```
/// use tracing_subscriber::layer::SubscriberExt;
/// use tracing_subscriber::Layer;
/// use typed_lambda::log::{filter_from_env, LambdaFormat, RequestIdLayer};
///
/// let subscriber = tracing_subscriber::registry().with(RequestIdLayer).with(
///     tracing_subscriber::fmt::layer()
///         .event_format(LambdaFormat::from_env())
///         .with_filter(filter_from_env()),
/// );
/// tracing::subscriber::with_default(subscriber, || tracing::info!("composed"));
/// ```
pub fn filter_from_env() -> Targets {
    targets_of(&Filter::from_env())
}

fn targets_of(filter: &Filter) -> Targets {
    Targets::new()
        .with_default(filter.default_level())
        .with_targets(filter.targets().iter().cloned())
}

/// Remembers the `requestId` field of spans (the runtime opens one per invocation), so that
/// [`LambdaFormat`] can stamp it on every line logged inside. Example: [`filter_from_env`].
#[derive(Debug, Clone, Copy, Default)]
pub struct RequestIdLayer;

struct RequestId(String);

impl<S> Layer<S> for RequestIdLayer
where
    S: Subscriber + for<'a> LookupSpan<'a>,
{
    fn on_new_span(&self, attrs: &Attributes<'_>, id: &Id, ctx: LayerContext<'_, S>) {
        let mut found = FindRequestId(None);
        attrs.record(&mut found);
        if let (Some(request_id), Some(span)) = (found.0, ctx.span(id)) {
            span.extensions_mut().insert(RequestId(request_id));
        }
    }
}

struct FindRequestId(Option<String>);

impl tracing::field::Visit for FindRequestId {
    fn record_str(&mut self, field: &tracing::field::Field, value: &str) {
        if field.name() == super::subscriber::REQUEST_ID {
            self.0 = Some(value.to_owned());
        }
    }
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn fmt::Debug) {
        if field.name() == super::subscriber::REQUEST_ID {
            self.0 = Some(format!("{value:?}"));
        }
    }
}

/// Formats events as Lambda log lines (text or JSON, the lines of [`init`](super::init)),
/// with the request id of the enclosing invocation span (needs [`RequestIdLayer`]).
/// Example: [`filter_from_env`].
#[derive(Debug, Clone, Copy, Default)]
pub struct LambdaFormat {
    format: Format,
}

impl LambdaFormat {
    /// Tab-separated text lines.
    pub fn text() -> Self {
        LambdaFormat {
            format: Format::Text,
        }
    }

    /// JSON lines.
    pub fn json() -> Self {
        LambdaFormat {
            format: Format::Json,
        }
    }

    /// JSON when `AWS_LAMBDA_LOG_FORMAT` is `JSON` (any case), text otherwise.
    pub fn from_env() -> Self {
        LambdaFormat {
            format: Format::from_env(),
        }
    }
}

impl<S, N> FormatEvent<S, N> for LambdaFormat
where
    S: Subscriber + for<'a> LookupSpan<'a>,
    N: for<'a> FormatFields<'a> + 'static,
{
    fn format_event(
        &self,
        ctx: &FmtContext<'_, S, N>,
        mut writer: Writer<'_>,
        event: &Event<'_>,
    ) -> fmt::Result {
        let request_id = ctx.event_scope().and_then(|scope| {
            scope
                .from_root()
                .filter_map(|span| span.extensions().get::<RequestId>().map(|r| r.0.clone()))
                .last()
        });
        let normalized = tracing_log::NormalizeEvent::normalized_metadata(event);
        let target = normalized
            .as_ref()
            .map_or(event.metadata().target(), |m| m.target());
        let mut line = String::with_capacity(256);
        self.format
            .write_line(&mut line, event, target, request_id.as_deref());
        fmt::Write::write_str(&mut writer, &line)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io;
    use std::sync::{Arc, Mutex};
    use tracing::Level;
    use tracing_subscriber::fmt::MakeWriter;
    use tracing_subscriber::layer::SubscriberExt;

    #[derive(Clone, Default)]
    struct Buffer(Arc<Mutex<Vec<u8>>>);
    impl io::Write for Buffer {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }
    impl<'a> MakeWriter<'a> for Buffer {
        type Writer = Buffer;
        fn make_writer(&'a self) -> Buffer {
            self.clone()
        }
    }

    fn capture(format: LambdaFormat, filter: Targets, f: impl FnOnce()) -> String {
        let buffer = Buffer::default();
        let subscriber = tracing_subscriber::registry().with(RequestIdLayer).with(
            tracing_subscriber::fmt::layer()
                .event_format(format)
                .with_writer(buffer.clone())
                .with_filter(filter),
        );
        tracing::subscriber::with_default(subscriber, f);
        let bytes = buffer.0.lock().unwrap().clone();
        String::from_utf8(bytes).unwrap()
    }

    fn settings(lambda_level: Option<&str>, rust_log: Option<&str>) -> Targets {
        targets_of(&Filter::from_settings(lambda_level, rust_log))
    }

    #[test]
    fn text_lines_carry_request_id() {
        let out = capture(LambdaFormat::text(), settings(None, None), || {
            tracing::info!("before");
            let span = tracing::info_span!("invocation", requestId = "req-42");
            let _g = span.enter();
            tracing::warn!(bucket = "photos", "resizing {}", 3);
            tracing::debug!("hidden at INFO");
        });
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 2, "{out}");
        let cols: Vec<&str> = lines[0].split('\t').collect();
        assert_eq!(&cols[1..], ["-", "INFO", "before"]);
        let cols: Vec<&str> = lines[1].split('\t').collect();
        assert_eq!(
            cols[0].len(),
            "2026-11-25T09:18:49.123456Z".len(),
            "{}",
            cols[0]
        );
        assert_eq!(
            &cols[1..],
            ["req-42", "WARN", "resizing 3 bucket=\"photos\""]
        );
    }

    #[test]
    fn json_lines_have_lambda_keys() {
        let out = capture(LambdaFormat::json(), settings(Some("debug"), None), || {
            let span = tracing::info_span!("invocation", requestId = "req-7");
            let _g = span.enter();
            tracing::debug!(size = 12u64, ok = true, "stored");
        });
        let line: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
        assert_eq!(line["level"], "DEBUG");
        assert_eq!(line["requestId"], "req-7");
        assert_eq!(line["message"], "stored");
        assert_eq!(line["size"], 12);
        assert_eq!(line["ok"], true);
        assert_eq!(line["target"], module_path!());
        assert!(line["timestamp"].as_str().unwrap().ends_with('Z'));
    }

    #[test]
    fn request_id_survives_a_level_above_info() {
        // The runtime opens its invocation span at ERROR so that WARN/ERROR filters keep it.
        let out = capture(LambdaFormat::text(), settings(Some("WARN"), None), || {
            let span = tracing::error_span!("invocation", requestId = "req-9");
            let _g = span.enter();
            tracing::warn!("careful");
        });
        assert_eq!(out.trim().split('\t').nth(1), Some("req-9"), "{out}");
    }

    #[test]
    fn targets_follow_the_same_settings() {
        let f = settings(Some("ERROR"), Some("trace"));
        assert!(!f.would_enable("x", &Level::WARN));
        let f = settings(None, Some("warn,my_crate=trace"));
        assert!(f.would_enable("my_crate::db", &Level::TRACE));
        assert!(!f.would_enable("other", &Level::INFO));
        let f = settings(None, Some("my_crate=debug"));
        assert!(!f.would_enable("other", &Level::ERROR));
        let f = settings(Some("nonsense"), None);
        assert!(f.would_enable("x", &Level::INFO) && !f.would_enable("x", &Level::DEBUG));
    }
}
