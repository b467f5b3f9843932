//! Logging that carries the request id: a `tracing` subscriber (and the `log` facade) writing
//! one line per event to stderr, in Lambda's text or JSON format.
//!
//! - `AWS_LAMBDA_LOG_FORMAT=JSON` gives JSON lines with `timestamp`, `level`, `requestId`,
//!   `message` and the event's fields; anything else gives tab-separated text:
//!   `2026-11-25T09:18:49.123456Z\t<request id>\tINFO\tmessage key=value`.
//! - The level comes from `AWS_LAMBDA_LOG_LEVEL` (`TRACE`, `DEBUG`, `INFO`, `WARN`, `ERROR`,
//!   `FATAL`), else from `RUST_LOG` (`info`, `my_crate=debug,warn`, ...), else `INFO`.
//!
//! [`handle_func`](crate::handle_func) installs this subscriber unless one is installed
//! already: to opt out, install your own before calling it. [`init`] installs it early, e.g. to
//! log from start-up code. [`LambdaFormat`] and [`RequestIdLayer`] let you compose it into your
//! own subscriber.
//!
//! ```
//! typed_lambda::log::init();
//! tracing::info!(bucket = "photos", "resizing");
//! log::warn!("the log facade works too");
//! ```

use std::fmt;

use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id};
use tracing::{Event, Level, Subscriber};
use tracing_subscriber::filter::{LevelFilter, Targets};
use tracing_subscriber::fmt::format::Writer;
use tracing_subscriber::fmt::time::{FormatTime, SystemTime};
use tracing_subscriber::fmt::{FmtContext, FormatEvent, FormatFields};
use tracing_subscriber::layer::{Context as LayerContext, SubscriberExt};
use tracing_subscriber::registry::LookupSpan;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::Layer;

/// Installs the default subscriber (format and level from the environment, see the module
/// docs) and routes the `log` facade into it. Does nothing if a global subscriber is set.
pub fn init() {
    init_with_writer(std::io::stderr);
}

/// [`init`], writing lines to `writer` instead of stderr (e.g. a buffer in tests).
pub fn init_with_writer<W>(writer: W)
where
    W: for<'w> tracing_subscriber::fmt::MakeWriter<'w> + Send + Sync + 'static,
{
    let format = LambdaFormat::from_env();
    let filter = filter_from_env();
    let installed = tracing_subscriber::registry()
        .with(RequestIdLayer)
        .with(
            tracing_subscriber::fmt::layer()
                .event_format(format)
                .with_writer(writer)
                .with_filter(filter),
        )
        .try_init()
        .is_ok();
    if installed {
        // Fails only if another `log` logger is set, which then keeps working as it was.
        let _ = tracing_log::LogTracer::init();
    }
}

/// The level filter from `AWS_LAMBDA_LOG_LEVEL`, else `RUST_LOG`, else `INFO`.
pub fn filter_from_env() -> Targets {
    filter_from(
        std::env::var("AWS_LAMBDA_LOG_LEVEL").ok().as_deref(),
        std::env::var("RUST_LOG").ok().as_deref(),
    )
}

fn filter_from(lambda_level: Option<&str>, rust_log: Option<&str>) -> Targets {
    let level = match lambda_level
        .map(|l| l.trim().to_ascii_uppercase())
        .as_deref()
    {
        Some("TRACE") => Some(LevelFilter::TRACE),
        Some("DEBUG") => Some(LevelFilter::DEBUG),
        Some("INFO") => Some(LevelFilter::INFO),
        Some("WARN") => Some(LevelFilter::WARN),
        Some("ERROR" | "FATAL") => Some(LevelFilter::ERROR),
        _ => None,
    };
    if let Some(level) = level {
        return Targets::new().with_default(level);
    }
    match rust_log.map(str::trim).filter(|s| !s.is_empty()) {
        Some(spec) => spec.parse().unwrap_or_else(|e| {
            eprintln!("typed-lambda: ignoring RUST_LOG {spec:?}: {e}");
            Targets::new().with_default(LevelFilter::INFO)
        }),
        None => Targets::new().with_default(LevelFilter::INFO),
    }
}

/// Remembers the `requestId` field of spans (the runtime opens one per invocation), so that
/// [`LambdaFormat`] can stamp it on every line logged inside.
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

impl Visit for FindRequestId {
    fn record_str(&mut self, field: &Field, value: &str) {
        if field.name() == "requestId" {
            self.0 = Some(value.to_owned());
        }
    }
    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        if field.name() == "requestId" {
            self.0 = Some(format!("{value:?}"));
        }
    }
}

/// Formats events as Lambda log lines (text or JSON), with the request id of the enclosing
/// invocation span.
#[derive(Debug, Clone, Copy, Default)]
pub struct LambdaFormat {
    json: bool,
}

impl LambdaFormat {
    /// Tab-separated text lines.
    pub fn text() -> Self {
        LambdaFormat { json: false }
    }

    /// JSON lines.
    pub fn json() -> Self {
        LambdaFormat { json: true }
    }

    /// JSON when `AWS_LAMBDA_LOG_FORMAT` is `JSON` (any case), text otherwise.
    pub fn from_env() -> Self {
        let json = std::env::var("AWS_LAMBDA_LOG_FORMAT")
            .is_ok_and(|f| f.trim().eq_ignore_ascii_case("json"));
        LambdaFormat { json }
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
        let mut timestamp = String::with_capacity(32);
        SystemTime.format_time(&mut Writer::new(&mut timestamp))?;
        let request_id = ctx.event_scope().and_then(|scope| {
            scope
                .from_root()
                .filter_map(|span| span.extensions().get::<RequestId>().map(|r| r.0.clone()))
                .last()
        });
        let level = level_name(event.metadata().level());
        if self.json {
            let mut fields = JsonFields(serde_json::Map::new());
            event.record(&mut fields);
            let mut line = serde_json::Map::new();
            line.insert("timestamp".into(), timestamp.into());
            line.insert("level".into(), level.into());
            if let Some(id) = request_id {
                line.insert("requestId".into(), id.into());
            }
            let message = fields.0.remove("message").unwrap_or_default();
            line.insert("message".into(), message);
            // `log` facade records arrive with target "log"; their real target is normalized.
            let normalized = tracing_log::NormalizeEvent::normalized_metadata(event);
            let target = normalized
                .as_ref()
                .map_or(event.metadata().target(), |m| m.target());
            line.insert("target".into(), target.into());
            for (key, value) in fields.0 {
                line.entry(key).or_insert(value);
            }
            let text = serde_json::to_string(&line).map_err(|_| fmt::Error)?;
            writeln!(writer, "{text}")
        } else {
            let mut fields = TextFields::default();
            event.record(&mut fields);
            write!(
                writer,
                "{timestamp}\t{}\t{level}\t{}",
                request_id.as_deref().unwrap_or("-"),
                fields.message
            )?;
            if !fields.rest.is_empty() {
                write!(writer, "{}", fields.rest)?;
            }
            writeln!(writer)
        }
    }
}

fn level_name(level: &Level) -> &'static str {
    match *level {
        Level::TRACE => "TRACE",
        Level::DEBUG => "DEBUG",
        Level::INFO => "INFO",
        Level::WARN => "WARN",
        Level::ERROR => "ERROR",
    }
}

#[derive(Default)]
struct TextFields {
    message: String,
    rest: String,
}

impl Visit for TextFields {
    fn record_str(&mut self, field: &Field, value: &str) {
        if field.name() == "message" {
            self.message.push_str(value);
        } else if !field.name().starts_with("log.") {
            use fmt::Write;
            let _ = write!(self.rest, " {}={value:?}", field.name());
        }
    }
    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        use fmt::Write;
        if field.name() == "message" {
            let _ = write!(self.message, "{value:?}");
        } else if !field.name().starts_with("log.") {
            let _ = write!(self.rest, " {}={value:?}", field.name());
        }
    }
}

struct JsonFields(serde_json::Map<String, serde_json::Value>);

impl JsonFields {
    fn put(&mut self, field: &Field, value: serde_json::Value) {
        if !field.name().starts_with("log.") {
            self.0.insert(field.name().to_owned(), value);
        }
    }
}

impl Visit for JsonFields {
    fn record_f64(&mut self, field: &Field, value: f64) {
        self.put(field, value.into());
    }
    fn record_i64(&mut self, field: &Field, value: i64) {
        self.put(field, value.into());
    }
    fn record_u64(&mut self, field: &Field, value: u64) {
        self.put(field, value.into());
    }
    fn record_bool(&mut self, field: &Field, value: bool) {
        self.put(field, value.into());
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        self.put(field, value.into());
    }
    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        self.put(field, format!("{value:?}").into());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io;
    use std::sync::{Arc, Mutex};
    use tracing_subscriber::fmt::MakeWriter;

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

    #[test]
    fn text_lines_carry_request_id() {
        let out = capture(LambdaFormat::text(), filter_from(None, None), || {
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
        assert!(
            cols[0].ends_with('Z') && cols[0].contains('T'),
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
        let out = capture(
            LambdaFormat::json(),
            filter_from(Some("debug"), None),
            || {
                let span = tracing::info_span!("invocation", requestId = "req-7");
                let _g = span.enter();
                tracing::debug!(size = 12u64, ok = true, "stored");
            },
        );
        let line: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
        assert_eq!(line["level"], "DEBUG");
        assert_eq!(line["requestId"], "req-7");
        assert_eq!(line["message"], "stored");
        assert_eq!(line["size"], 12);
        assert_eq!(line["ok"], true);
        assert!(line["timestamp"].as_str().unwrap().ends_with('Z'));
    }

    #[test]
    fn request_id_survives_a_level_above_info() {
        // The runtime opens its invocation span at ERROR so that WARN/ERROR filters keep it.
        let out = capture(
            LambdaFormat::text(),
            filter_from(Some("WARN"), None),
            || {
                let span = tracing::error_span!("invocation", requestId = "req-9");
                let _g = span.enter();
                tracing::warn!("careful");
            },
        );
        assert_eq!(out.trim().split('\t').nth(1), Some("req-9"), "{out}");
    }

    #[test]
    fn levels_come_from_lambda_then_rust_log() {
        let f = filter_from(Some("ERROR"), Some("trace"));
        assert!(!f.would_enable("x", &Level::WARN));
        let f = filter_from(Some("FATAL"), None);
        assert!(f.would_enable("x", &Level::ERROR) && !f.would_enable("x", &Level::WARN));
        let f = filter_from(None, Some("warn,my_crate=trace"));
        assert!(f.would_enable("my_crate::db", &Level::TRACE));
        assert!(!f.would_enable("other", &Level::INFO));
        let f = filter_from(Some("nonsense"), None);
        assert!(f.would_enable("x", &Level::INFO) && !f.would_enable("x", &Level::DEBUG));
    }
}
