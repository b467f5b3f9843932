//! The default subscriber: filters events, finds the request id of the enclosing invocation
//! span, and writes one line per event with one `write` call.

use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt;
use std::io::Write;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use tracing::field::{Field, Visit};
use tracing::level_filters::LevelFilter;
use tracing::span::{Attributes, Id, Record};
use tracing::subscriber::Interest;
use tracing::{Event, Metadata, Subscriber};
use tracing_core::span::Current;

use super::filter::Filter;
use super::format::Format;

/// The span field the runtime's invocation span carries the request id in.
pub(crate) const REQUEST_ID: &str = "requestId";

/// A `tracing` subscriber writing Lambda log lines (see the [module docs](super)).
///
/// Spans are kept only for the request id: a span's own `requestId` field, else the one of
/// its parent when it was created. Entered spans are tracked per thread, so invocations served
/// at once on several threads each see their own id.
pub(crate) struct LambdaSubscriber {
    filter: Filter,
    format: Format,
    writer: Mutex<Box<dyn Write + Send>>,
    spans: Mutex<HashMap<u64, SpanData>>,
    next_id: AtomicU64,
    /// Tells this subscriber's entries in the per-thread stack from those of other instances
    /// (a scoped subscriber in a test next to the global one).
    instance: usize,
}

struct SpanData {
    metadata: &'static Metadata<'static>,
    request_id: Option<Arc<str>>,
    refs: usize,
}

/// One span entered on this thread.
struct Entered {
    instance: usize,
    id: u64,
    metadata: &'static Metadata<'static>,
    request_id: Option<Arc<str>>,
}

thread_local! {
    /// Spans entered on this thread, innermost last.
    static ENTERED: RefCell<Vec<Entered>> = const { RefCell::new(Vec::new()) };
}

static INSTANCES: AtomicUsize = AtomicUsize::new(0);

impl LambdaSubscriber {
    pub(crate) fn new(filter: Filter, format: Format, writer: Box<dyn Write + Send>) -> Self {
        LambdaSubscriber {
            filter,
            format,
            writer: Mutex::new(writer),
            spans: Mutex::new(HashMap::new()),
            next_id: AtomicU64::new(1),
            instance: INSTANCES.fetch_add(1, Ordering::Relaxed),
        }
    }

    /// The most verbose level this subscriber logs at.
    pub(crate) fn max_level(&self) -> LevelFilter {
        self.filter.max_level()
    }

    fn spans(&self) -> MutexGuard<'_, HashMap<u64, SpanData>> {
        self.spans.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The request id of the innermost span this thread has entered (of this subscriber).
    fn current_request_id(&self) -> Option<Arc<str>> {
        ENTERED.with(|entered| {
            entered
                .borrow()
                .iter()
                .rev()
                .find(|e| e.instance == self.instance)
                .and_then(|e| e.request_id.clone())
        })
    }

    fn request_id_of(&self, span: &Id) -> Option<Arc<str>> {
        self.spans()
            .get(&span.into_u64())
            .and_then(|s| s.request_id.clone())
    }
}

impl Subscriber for LambdaSubscriber {
    fn register_callsite(&self, metadata: &'static Metadata<'static>) -> Interest {
        if self.enabled(metadata) {
            Interest::always()
        } else {
            Interest::never()
        }
    }

    fn max_level_hint(&self) -> Option<LevelFilter> {
        Some(self.filter.max_level())
    }

    fn enabled(&self, metadata: &Metadata<'_>) -> bool {
        // A span that carries a request id is kept whatever the filter says about its target:
        // every line inside it needs the id.
        (metadata.is_span() && metadata.fields().field(REQUEST_ID).is_some())
            || self.filter.enabled(metadata.target(), metadata.level())
    }

    fn new_span(&self, attrs: &Attributes<'_>) -> Id {
        let mut found = FindRequestId(None);
        attrs.record(&mut found);
        let request_id = found.0.map(Arc::from).or_else(|| {
            if let Some(parent) = attrs.parent() {
                self.request_id_of(parent)
            } else if attrs.is_contextual() {
                self.current_request_id()
            } else {
                None
            }
        });
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        self.spans().insert(
            id,
            SpanData {
                metadata: attrs.metadata(),
                request_id,
                refs: 1,
            },
        );
        Id::from_u64(id)
    }

    fn record(&self, span: &Id, values: &Record<'_>) {
        let mut found = FindRequestId(None);
        values.record(&mut found);
        if let Some(request_id) = found.0 {
            if let Some(span) = self.spans().get_mut(&span.into_u64()) {
                span.request_id = Some(request_id.into());
            }
        }
    }

    fn record_follows_from(&self, _span: &Id, _follows: &Id) {}

    fn event(&self, event: &Event<'_>) {
        // `log` facade records arrive with target "log"; their real target is normalized.
        let normalized = tracing_log::NormalizeEvent::normalized_metadata(event);
        let metadata = normalized.as_ref().unwrap_or(event.metadata());
        if !self.filter.enabled(metadata.target(), metadata.level()) {
            return;
        }
        let request_id = if let Some(parent) = event.parent() {
            self.request_id_of(parent)
        } else if event.is_contextual() {
            self.current_request_id()
        } else {
            None
        };
        let mut line = String::with_capacity(256);
        self.format
            .write_line(&mut line, event, metadata.target(), request_id.as_deref());
        let mut writer = self.writer.lock().unwrap_or_else(|p| p.into_inner());
        // A log line that cannot be written has nowhere else to go.
        let _ = writer.write_all(line.as_bytes());
    }

    fn enter(&self, span: &Id) {
        let id = span.into_u64();
        let (metadata, request_id) = match self.spans().get(&id) {
            Some(span) => (span.metadata, span.request_id.clone()),
            None => return,
        };
        ENTERED.with(|entered| {
            entered.borrow_mut().push(Entered {
                instance: self.instance,
                id,
                metadata,
                request_id,
            })
        });
    }

    fn exit(&self, span: &Id) {
        let id = span.into_u64();
        ENTERED.with(|entered| {
            let mut entered = entered.borrow_mut();
            if let Some(at) = entered
                .iter()
                .rposition(|e| e.instance == self.instance && e.id == id)
            {
                entered.remove(at);
            }
        });
    }

    fn clone_span(&self, span: &Id) -> Id {
        if let Some(data) = self.spans().get_mut(&span.into_u64()) {
            data.refs += 1;
        }
        span.clone()
    }

    fn try_close(&self, span: Id) -> bool {
        let mut spans = self.spans();
        let id = span.into_u64();
        match spans.get_mut(&id) {
            Some(data) if data.refs > 1 => {
                data.refs -= 1;
                false
            }
            Some(_) => {
                spans.remove(&id);
                true
            }
            None => false,
        }
    }

    fn current_span(&self) -> Current {
        ENTERED.with(|entered| {
            entered
                .borrow()
                .iter()
                .rev()
                .find(|e| e.instance == self.instance)
                .map_or_else(Current::none, |e| {
                    Current::new(Id::from_u64(e.id), e.metadata)
                })
        })
    }
}

/// Finds the `requestId` field among a span's values.
struct FindRequestId(Option<String>);

impl Visit for FindRequestId {
    fn record_str(&mut self, field: &Field, value: &str) {
        if field.name() == REQUEST_ID {
            self.0 = Some(value.to_owned());
        }
    }

    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        if field.name() == REQUEST_ID {
            self.0 = Some(format!("{value:?}"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io;
    use std::sync::Barrier;

    use serde_json::Value;
    use tracing::Dispatch;

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

    impl Buffer {
        fn text(&self) -> String {
            String::from_utf8(self.0.lock().unwrap().clone()).unwrap()
        }
    }

    fn dispatch(spec: &str, format: Format) -> (Dispatch, Buffer) {
        let buffer = Buffer::default();
        let filter = Filter::parse(spec).unwrap();
        let subscriber = LambdaSubscriber::new(filter, format, Box::new(buffer.clone()));
        (Dispatch::new(subscriber), buffer)
    }

    fn capture(spec: &str, format: Format, f: impl FnOnce()) -> String {
        let (dispatch, buffer) = dispatch(spec, format);
        tracing::dispatcher::with_default(&dispatch, f);
        buffer.text()
    }

    fn columns(line: &str) -> Vec<&str> {
        line.split('\t').collect()
    }

    fn json_lines(out: &str) -> Vec<Value> {
        out.lines()
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{l:?}: {e}")))
            .collect()
    }

    #[test]
    fn text_lines_have_timestamp_request_id_level_message_and_fields() {
        let out = capture("info", Format::Text, || {
            tracing::info!("before");
            let span = tracing::error_span!("invocation", requestId = "req-42");
            let _g = span.enter();
            tracing::warn!(bucket = "photos", size = 3, ratio = 0.25, "resizing {}", 3);
            tracing::debug!("hidden at INFO");
        });
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 2, "{out}");
        assert_eq!(&columns(lines[0])[1..], ["-", "INFO", "before"]);
        let cols = columns(lines[1]);
        let ts = cols[0].as_bytes();
        assert_eq!(ts.len(), "2026-11-25T09:18:49.123456Z".len(), "{}", cols[0]);
        assert!(
            ts[4] == b'-' && ts[10] == b'T' && ts[19] == b'.' && ts[26] == b'Z',
            "{}",
            cols[0]
        );
        assert_eq!(
            &cols[1..],
            [
                "req-42",
                "WARN",
                "resizing 3 bucket=\"photos\" size=3 ratio=0.25"
            ]
        );
    }

    #[test]
    fn json_lines_have_lambda_keys_then_fields() {
        let out = capture("debug", Format::Json, || {
            let span = tracing::error_span!("invocation", requestId = "req-7");
            let _g = span.enter();
            tracing::debug!(
                size = 12u64,
                delta = -3i64,
                ratio = 0.5,
                ok = true,
                path = ?std::path::Path::new("a/b"),
                "stored"
            );
        });
        assert!(out.starts_with("{\"timestamp\":\""), "{out}");
        let line = &json_lines(&out)[0];
        assert_eq!(line["level"], "DEBUG");
        assert_eq!(line["requestId"], "req-7");
        assert_eq!(line["message"], "stored");
        assert_eq!(line["target"], module_path!());
        assert_eq!(line["size"], 12);
        assert_eq!(line["delta"], -3);
        assert_eq!(line["ratio"], 0.5);
        assert_eq!(line["ok"], true);
        assert_eq!(line["path"], "\"a/b\"");
        assert_eq!(line.as_object().unwrap().len(), 10, "{line}");
    }

    #[test]
    fn json_lines_outside_an_invocation_have_no_request_id() {
        let out = capture("info", Format::Json, || tracing::info!("start-up"));
        let line = &json_lines(&out)[0];
        assert!(line.get("requestId").is_none(), "{line}");
        assert_eq!(line["message"], "start-up");
    }

    #[test]
    fn floats_print_as_numbers_and_non_finite_ones_as_debug_or_null() {
        let text = capture("info", Format::Text, || {
            tracing::info!(
                a = 1.5e300,
                b = -0.0,
                c = f64::NAN,
                d = f64::INFINITY,
                "floats"
            );
        });
        assert!(
            text.trim_end()
                .ends_with("\tfloats a=1.5e300 b=-0.0 c=NaN d=inf"),
            "{text}"
        );
        let json = capture("info", Format::Json, || {
            tracing::info!(a = 1.5e300, b = 2.0, c = f64::NAN, "floats");
        });
        let line = &json_lines(&json)[0];
        assert_eq!(line["a"], 1.5e300);
        assert_eq!(line["b"], 2.0);
        assert!(line["c"].is_null(), "{line}");
    }

    #[test]
    fn json_escapes_messages_and_fields() {
        let nasty = "say \"hi\"\\\nnext\tline\r\u{1}\u{1f}end é";
        let out = capture("info", Format::Json, || {
            tracing::info!(text = nasty, debug = ?nasty, "{nasty}");
        });
        assert_eq!(out.lines().count(), 1, "{out}");
        let line = &json_lines(&out)[0];
        assert_eq!(line["message"], nasty);
        assert_eq!(line["text"], nasty);
        assert_eq!(line["debug"], format!("{nasty:?}"));
    }

    #[test]
    fn json_fields_cannot_replace_the_lines_own_keys() {
        let out = capture("info", Format::Json, || {
            let span = tracing::error_span!("invocation", requestId = "real");
            let _g = span.enter();
            tracing::info!(
                requestId = "fake",
                level = "fake",
                timestamp = 1,
                target = "fake",
                "kept"
            );
        });
        let line = &json_lines(&out)[0];
        assert_eq!(line["requestId"], "real");
        assert_eq!(line["level"], "INFO");
        assert!(line["timestamp"].is_string(), "{line}");
        assert_eq!(line["target"], module_path!());
        assert_eq!(line.as_object().unwrap().len(), 5, "{line}");
    }

    #[test]
    fn nested_spans_see_the_invocation_request_id() {
        let out = capture("trace", Format::Text, || {
            let invocation = tracing::error_span!("invocation", requestId = "req-1");
            let later = {
                let _g = invocation.enter();
                let inner = tracing::info_span!("db", table = "users");
                let _i = inner.enter();
                let innermost = tracing::debug_span!("query");
                let _q = innermost.enter();
                tracing::info!("deep");
                // Created inside, entered after the invocation span was left: a child still.
                tracing::trace_span!("deferred")
            };
            tracing::info!("between");
            later.in_scope(|| tracing::info!("deferred"));
            // An explicit parent outside the span, and an explicit root inside it.
            tracing::info!(parent: &invocation, "explicit");
            invocation.in_scope(|| tracing::info!(parent: None, "root"));
        });
        let ids: Vec<(&str, &str)> = out
            .lines()
            .map(|l| (columns(l)[3], columns(l)[1]))
            .collect();
        assert_eq!(
            ids,
            [
                ("deep", "req-1"),
                ("between", "-"),
                ("deferred", "req-1"),
                ("explicit", "req-1"),
                ("root", "-"),
            ]
        );
    }

    #[test]
    fn an_inner_request_id_wins_and_the_outer_one_comes_back() {
        let out = capture("info", Format::Text, || {
            let outer = tracing::error_span!("invocation", requestId = "outer");
            let _o = outer.enter();
            tracing::error_span!("invocation", requestId = "inner")
                .in_scope(|| tracing::info!("a"));
            tracing::info!("b");
        });
        let ids: Vec<&str> = out.lines().map(|l| columns(l)[1]).collect();
        assert_eq!(ids, ["inner", "outer"]);
    }

    #[test]
    fn a_request_id_recorded_later_is_seen() {
        let out = capture("info", Format::Text, || {
            let span = tracing::error_span!("invocation", requestId = tracing::field::Empty);
            let _g = span.enter();
            tracing::info!("unknown yet");
            span.record("requestId", "req-late");
        });
        assert_eq!(columns(out.trim())[1], "-");
        let out = capture("info", Format::Text, || {
            let span = tracing::error_span!("invocation", requestId = tracing::field::Empty);
            span.record("requestId", "req-late");
            span.in_scope(|| tracing::info!("known"));
        });
        assert_eq!(columns(out.trim())[1], "req-late");
    }

    #[test]
    fn the_invocation_span_is_kept_when_its_target_is_filtered_out() {
        let out = capture("my_crate=debug", Format::Text, || {
            let span = tracing::error_span!(target: "typed_lambda::runtime", "invocation", requestId = "req-5");
            let _g = span.enter();
            tracing::error!(target: "typed_lambda::runtime", "not logged");
            tracing::debug!(target: "my_crate::db", "logged");
        });
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 1, "{out}");
        assert_eq!(&columns(lines[0])[1..], ["req-5", "DEBUG", "logged"]);
    }

    #[test]
    fn threads_each_see_their_own_request_id() {
        let (dispatch, buffer) = dispatch("info", Format::Text);
        let barrier = Arc::new(Barrier::new(4));
        let threads: Vec<_> = (0..4)
            .map(|n| {
                let (dispatch, barrier) = (dispatch.clone(), barrier.clone());
                std::thread::spawn(move || {
                    tracing::dispatcher::with_default(&dispatch, || {
                        let span =
                            tracing::error_span!("invocation", requestId = %format!("req-{n}"));
                        let _g = span.enter();
                        // All four spans are entered at once before anyone logs.
                        barrier.wait();
                        tracing::info!("from {n}");
                        barrier.wait();
                        tracing::info!("again from {n}");
                    })
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
        let out = buffer.text();
        assert_eq!(out.lines().count(), 8, "{out}");
        for line in out.lines() {
            let cols = columns(line);
            let n = cols[3].rsplit(' ').next().unwrap();
            assert_eq!(cols[1], format!("req-{n}"), "{line}");
        }
    }

    #[test]
    fn spans_are_forgotten_when_closed() {
        let (dispatch, _buffer) = dispatch("info", Format::Text);
        tracing::dispatcher::with_default(&dispatch, || {
            let span = tracing::error_span!("invocation", requestId = "req-1");
            let copy = span.clone();
            drop(span);
            copy.in_scope(|| tracing::info!("still open"));
            drop(copy);
        });
        let subscriber = dispatch.downcast_ref::<LambdaSubscriber>().unwrap();
        assert!(subscriber.spans().is_empty());
        assert!(ENTERED.with(|e| e.borrow().is_empty()));
    }

    #[test]
    fn log_facade_records_keep_their_target_and_are_filtered_by_it() {
        use ::log::Log;
        let tracer = tracing_log::LogTracer::new();
        let log = |target: &str, level: ::log::Level, message: &str| {
            tracer.log(
                &::log::Record::builder()
                    .target(target)
                    .level(level)
                    .module_path(Some("my_app::db"))
                    .args(format_args!("{message}"))
                    .build(),
            );
        };
        let out = capture("info,noisy=off", Format::Json, || {
            let span = tracing::error_span!("invocation", requestId = "req-3");
            let _g = span.enter();
            log("my_app::db", ::log::Level::Warn, "via log");
            log("noisy::x", ::log::Level::Error, "dropped by target");
            log("my_app::db", ::log::Level::Debug, "dropped by level");
        });
        let lines = json_lines(&out);
        assert_eq!(lines.len(), 1, "{out}");
        assert_eq!(lines[0]["target"], "my_app::db");
        assert_eq!(lines[0]["message"], "via log");
        assert_eq!(lines[0]["level"], "WARN");
        assert_eq!(lines[0]["requestId"], "req-3");
        assert_eq!(lines[0].as_object().unwrap().len(), 5, "no log.* fields");
    }

    #[test]
    fn log_facade_text_lines_have_no_bookkeeping_fields() {
        let tracer = tracing_log::LogTracer::new();
        let out = capture("info", Format::Text, || {
            ::log::Log::log(
                &tracer,
                &::log::Record::builder()
                    .target("my_app")
                    .level(::log::Level::Info)
                    .file(Some("src/main.rs"))
                    .line(Some(7))
                    .args(format_args!("plain"))
                    .build(),
            );
        });
        assert_eq!(&columns(out.trim_end())[1..], ["-", "INFO", "plain"]);
    }
}
