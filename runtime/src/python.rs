//! The same handler on Lambda's Python runtime: [`python_module!`](crate::python_module) turns a
//! `cdylib` crate into the Python module whose `handle(event, context)` the Python runtime calls
//! (handler string `handler.handle`). Feature `python`.
//!
//! ```ignore
//! // src/lib.rs of a crate with `crate-type = ["cdylib"]`, built with maturin.
//! use typed_lambda::{Context, Error};
//!
//! fn greet(name: String, ctx: &Context) -> Result<String, Error> {
//!     Ok(format!("Hello, {name} ({})", ctx.request_id()))
//! }
//!
//! typed_lambda::python_module!(handler, greet);
//! ```
//!
//! How each part maps (case by case the same as the native runtime):
//! - Event: the dicts, lists, strings and numbers the Python runtime made with `json.loads`
//!   are deserialized into `E` directly, as serde_json would decode their JSON text; a
//!   `Box<RawValue>` event, or anything else, goes through `json.dumps`. A failure raises
//!   `Runtime.UnmarshalError` naming the path, like the native runtime.
//! - Result: `R` becomes Python objects (`pythonize`), which the Python runtime serializes;
//!   a `Box<RawValue>` result goes through `json.loads`.
//! - Context: read from the runtime's context object (`aws_request_id`, `function_name`,
//!   `memory_limit_in_mb`, `get_remaining_time_in_millis()`, `identity`, `client_context`, ...)
//!   and the trace id from `_X_AMZN_TRACE_ID`. Only the request id and the trace id are read up
//!   front; each other value is read the first time the handler asks for it (taking the GIL
//!   back for that).
//! - Errors: a handler error raises an exception whose class name is the errorType and whose
//!   `str()` is the errorMessage, which is exactly what the Python runtime reports. Panics, in
//!   the handler or in the event's `Deserialize` or the result's `Serialize`, are caught inside
//!   the module (pyo3's `PanicException` is a `BaseException` the runtime would not catch) and
//!   raised as `Runtime.Panic`; the next invocation is served. Each failure is also logged as an
//!   `ERROR` line with its errorType and the request id, as the native runtime logs it.
//! - The Rust handler runs with the GIL released; logs carry the request id.
//!
//! The crate name must stay `typed_lambda` in the user's `Cargo.toml` (the macro names it).

use std::any::TypeId;
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use pyo3::exceptions::PyException;
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyCFunction, PyDict, PyString, PyTuple, PyType};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::value::RawValue;

use crate::context::{
    ClientApplication, ClientContext, CognitoIdentity, ContextSource, FunctionConfig,
};
use crate::decode::{decode_made_json, describe_at, encode_response};
use crate::error::{MARSHAL_ERROR, UNMARSHAL_ERROR};
use crate::handler::{catching, DECODE_STEP, ENCODE_STEP, HANDLER_STEP};
use crate::{Context, Error};

mod event;

#[doc(hidden)]
pub mod __private {
    pub use pyo3;
}

/// Defines the Python module `$module` whose `handle(event, context)` runs `$handler`, a
/// `FnMut(E, &Context) -> Result<R, Err>` like the ones `handle_func` accepts.
///
/// ```ignore
/// // Cargo.toml: [lib] name = "handler", crate-type = ["cdylib"]
/// typed_lambda::python_module!(handler, my_handler); // Python: handler.handle
/// ```
///
/// `$module` must be the library's name (`[lib] name`, else the package name with `-` as
/// `_`): Python imports a module only from a file of that name, so any other name is a compile
/// error saying which one to use. A library whose file you copy under several names (one
/// module per copy) writes `python_module!(@any_name raw_handler, echo)` for the modules that
/// are not the library's name.
///
/// Unlike `handle_func`, the handler and the types `E`, `R` and `Err` must also be
/// `Send + 'static`: the module stores the handler in a Python function object for the life
/// of the process (pyo3 requires `Send + 'static` of what it stores, since Python may call it
/// from any thread), and the handler runs with the GIL released, so what crosses into that
/// call must be `Send`. In practice: a plain `fn`, or a `move` closure that owns what it
/// captures (`Arc` and `Mutex` for shared state, not `Rc` or `RefCell`), and result and error
/// types that own their data (`String`, not `&'a str`). A handler that misses a bound fails to
/// compile with an error naming `Send` or `'static` in `python::install`.
#[cfg_attr(docsrs, doc(cfg(feature = "python")))]
#[macro_export]
macro_rules! python_module {
    (@any_name $module:ident, $handler:expr) => {
        #[::typed_lambda::python::__private::pyo3::pymodule]
        #[pyo3(crate = "::typed_lambda::python::__private::pyo3")]
        fn $module(
            module: &::typed_lambda::python::__private::pyo3::Bound<
                '_,
                ::typed_lambda::python::__private::pyo3::types::PyModule,
            >,
        ) -> ::typed_lambda::python::__private::pyo3::PyResult<()> {
            ::typed_lambda::python::install(module, $handler)
        }
    };
    ($module:ident, $handler:expr) => {
        ::typed_lambda::__python_module_name_is_the_library_name!($module);
        ::typed_lambda::python_module!(@any_name $module, $handler);
    };
}

/// Adds `handle(event, context)` running `handler` to `module`, and installs the default
/// [`log`](crate::log) subscriber. What [`python_module!`](crate::python_module) expands to.
pub fn install<F, E, R, Err>(module: &Bound<'_, PyModule>, handler: F) -> PyResult<()>
where
    F: FnMut(E, &Context) -> Result<R, Err> + Send + 'static,
    E: DeserializeOwned + Send + 'static,
    R: Serialize + Send + 'static,
    Err: Into<Error> + Send + 'static,
{
    crate::log::init();
    let handler = Mutex::new(handler);
    let function = Arc::new(FunctionConfig::from_env());
    let handle = PyCFunction::new_closure(
        module.py(),
        Some(c"handle"),
        Some(c"handle(event, context)\n--\n\nRuns the Rust handler on one Lambda invocation."),
        move |args: &Bound<'_, PyTuple>, _kwargs: Option<&Bound<'_, PyDict>>| {
            let (event, context): (Bound<'_, PyAny>, Bound<'_, PyAny>) = args.extract()?;
            handle(&handler, &function, &event, &context)
        },
    )?;
    module.add_function(handle)
}

fn handle<F, E, R, Err>(
    handler: &Mutex<F>,
    function: &Arc<FunctionConfig>,
    event: &Bound<'_, PyAny>,
    context: &Bound<'_, PyAny>,
) -> PyResult<Py<PyAny>>
where
    F: FnMut(E, &Context) -> Result<R, Err> + Send,
    E: DeserializeOwned + Send + 'static,
    R: Serialize + Send + 'static,
    Err: Into<Error> + Send,
{
    let py = event.py();
    let ctx = context_from_python(context, function.clone());
    let span = tracing::error_span!("invocation", requestId = ctx.request_id());
    let _entered = span.enter();
    // Every failure is logged here, with the request id, like the native runtime logs it.
    match invoke(py, handler, event, &ctx) {
        Ok(result) => Ok(result),
        Err(error) => {
            tracing::error!(errorType = error.error_type(), "{}", error.message());
            Err(raise(py, error))
        }
    }
}

/// Decode, call, encode. A panic in any of them (the user's `Deserialize` and `Serialize` are
/// user code too) becomes `Runtime.Panic`: escaping, it would be pyo3's `PanicException`, a
/// `BaseException` the Python runtime does not catch, and the runtime process would die.
fn invoke<F, E, R, Err>(
    py: Python<'_>,
    handler: &Mutex<F>,
    event: &Bound<'_, PyAny>,
    ctx: &Context,
) -> Result<Py<PyAny>, Error>
where
    F: FnMut(E, &Context) -> Result<R, Err> + Send,
    E: DeserializeOwned + Send + 'static,
    R: Serialize + Send + 'static,
    Err: Into<Error> + Send,
{
    let event: E = catching(DECODE_STEP, || decode_python(event))?;
    let response = py.detach(|| {
        // A panic is caught inside the guard's scope, so the lock is never poisoned.
        let mut f = handler.lock().unwrap_or_else(|p| p.into_inner());
        catching(HANDLER_STEP, || (f)(event, ctx).map_err(Into::into))
    })?;
    catching(ENCODE_STEP, || encode_python(py, &response))
}

fn decode_python<E: DeserializeOwned + 'static>(event: &Bound<'_, PyAny>) -> Result<E, Error> {
    if TypeId::of::<E>() != TypeId::of::<Box<RawValue>>() {
        if let Ok(value) = event::from_python::<E>(event) {
            return Ok(value);
        }
    }
    // Raw events keep JSON text (the walk cannot make a RawValue). When the walk stops, the
    // JSON text decides: it decodes what the walk does not cover, and a failed typed decode
    // gives the native runtime's message, path included, word for word; objects JSON cannot
    // express fall back to pythonize's own message.
    let py = event.py();
    let json = json_function(py, intern!(py, "dumps"))
        .and_then(|dumps| dumps.call1((event,)))
        .and_then(|s| s.extract::<String>());
    match json {
        // text of our own making: errors name the path, not a line and column in it
        Ok(text) => decode_made_json(&text),
        Err(json_error) => {
            let mut de = pythonize::Depythonizer::from_object(event);
            let message = match serde_path_to_error::deserialize::<_, E>(&mut de) {
                Err(e) => describe_at(e.path(), e.inner()),
                Ok(_) => format!("(root): the event is not JSON: {json_error}"),
            };
            Err(Error::new(UNMARSHAL_ERROR, message))
        }
    }
}

fn encode_python<R: Serialize + 'static>(py: Python<'_>, response: &R) -> Result<Py<PyAny>, Error> {
    if TypeId::of::<R>() == TypeId::of::<Box<RawValue>>() {
        let body = encode_response(response)?;
        let text = String::from_utf8(body).unwrap_or_default();
        return json_function(py, intern!(py, "loads"))
            .and_then(|loads| loads.call1((text,)))
            .map(Bound::unbind)
            .map_err(|e| Error::new(MARSHAL_ERROR, format!("json.loads failed: {e}")));
    }
    pythonize::pythonize(py, response)
        .map(Bound::unbind)
        .map_err(|e| {
            Error::new(
                MARSHAL_ERROR,
                format!("cannot convert the handler's result to Python: {e}"),
            )
        })
}

/// `json.<name>`, the module imported once per process (raw events and results use it on every
/// call).
fn json_function<'py>(py: Python<'py>, name: &Bound<'py, PyString>) -> PyResult<Bound<'py, PyAny>> {
    static JSON: PyOnceLock<Py<PyModule>> = PyOnceLock::new();
    JSON.get_or_try_init(py, || py.import("json").map(Bound::unbind))?
        .bind(py)
        .getattr(name)
}

/// A Python exception whose class `__name__` is the errorType and whose `str()` is the message.
fn raise(py: Python<'_>, error: Error) -> PyErr {
    match exception_class(py, error.error_type()) {
        Ok(class) => PyErr::from_type(class, error.message().to_owned()),
        Err(e) => e,
    }
}

/// One exception class per errorType, created on first use and cached.
fn exception_class<'py>(py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyType>> {
    static CLASSES: PyOnceLock<Py<PyDict>> = PyOnceLock::new();
    let classes = CLASSES
        .get_or_init(py, || PyDict::new(py).unbind())
        .bind(py);
    if let Some(class) = classes.get_item(name)? {
        return Ok(class.cast_into::<PyType>()?);
    }
    let namespace = PyDict::new(py);
    namespace.set_item("__module__", "typed_lambda")?;
    let bases = PyTuple::new(py, [py.get_type::<PyException>()])?;
    let class = py
        .import("builtins")?
        .getattr("type")?
        .call1((name, bases, namespace))?
        .cast_into::<PyType>()?;
    classes.set_item(name, &class)?;
    Ok(class)
}

/// A [`Context`] for one call: the request id is read now (every log line carries it), the
/// rest from the Python runtime's context object when the handler first asks for it, so a
/// handler that reads none of it pays for none of it.
fn context_from_python(context: &Bound<'_, PyAny>, function: Arc<FunctionConfig>) -> Context {
    let request_id = text(context, intern!(context.py(), "aws_request_id")).unwrap_or_default();
    let source = PythonContext {
        object: context.clone().unbind(),
        function,
        // Read now: the variable belongs to this invocation, and a context kept past it must
        // not see the next one's trace.
        xray_trace_id: std::env::var(crate::TRACE_ID_VAR)
            .ok()
            .filter(|t| !t.is_empty()),
    };
    Context::lazy(request_id, Arc::new(source))
}

/// Attribute `name` of `obj` as a string: `None` when missing or `None`; other objects by
/// `str()`. Missing attributes read as empty, so any object with the documented attributes
/// works (tests pass simple stand-ins).
fn text(obj: &Bound<'_, PyAny>, name: &Bound<'_, PyString>) -> Option<String> {
    let value = obj.getattr_opt(name).ok()??;
    if value.is_none() {
        return None;
    }
    let utf8 = value.cast::<PyString>().ok().and_then(|s| s.to_str().ok());
    match utf8 {
        Some(s) => Some(s.to_owned()),
        None => value.str().ok().map(|s| s.to_string()),
    }
}

/// The Python runtime's context object of one invocation, read on demand (the handler runs
/// with the GIL released: each read takes it back for its few attribute lookups).
struct PythonContext {
    object: Py<PyAny>,
    /// Function settings from the environment, for what the context object lacks.
    function: Arc<FunctionConfig>,
    /// `_X_AMZN_TRACE_ID` when the invocation started.
    xray_trace_id: Option<String>,
}

impl PythonContext {
    fn text(&self, name: &'static str) -> Option<String> {
        Python::attach(|py| text(self.object.bind(py), &PyString::intern(py, name)))
    }
}

impl ContextSource for PythonContext {
    fn deadline(&self) -> SystemTime {
        let remaining_ms = Python::attach(|py| {
            self.object
                .bind(py)
                .call_method0(intern!(py, "get_remaining_time_in_millis"))
                .and_then(|ms| ms.extract::<i64>())
                .unwrap_or(0)
        });
        SystemTime::now() + Duration::from_millis(remaining_ms.max(0) as u64)
    }

    fn invoked_function_arn(&self) -> String {
        self.text("invoked_function_arn").unwrap_or_default()
    }

    fn xray_trace_id(&self) -> Option<String> {
        self.xray_trace_id.clone()
    }

    fn tenant_id(&self) -> Option<String> {
        self.text("tenant_id")
    }

    fn identity(&self) -> Option<CognitoIdentity> {
        Python::attach(|py| {
            let id = self
                .object
                .bind(py)
                .getattr_opt(intern!(py, "identity"))
                .ok()??;
            let identity = CognitoIdentity {
                identity_id: text(&id, intern!(py, "cognito_identity_id")),
                identity_pool_id: text(&id, intern!(py, "cognito_identity_pool_id")),
            };
            (identity != CognitoIdentity::default()).then_some(identity)
        })
    }

    fn client_context(&self) -> Option<ClientContext> {
        Python::attach(|py| {
            let cc = self
                .object
                .bind(py)
                .getattr_opt(intern!(py, "client_context"))
                .ok()??;
            if cc.is_none() {
                return None;
            }
            let client = cc
                .getattr_opt(intern!(py, "client"))
                .ok()
                .flatten()
                .filter(|c| !c.is_none())
                .map(|c| ClientApplication {
                    installation_id: text(&c, intern!(py, "installation_id")),
                    app_title: text(&c, intern!(py, "app_title")),
                    app_version_name: text(&c, intern!(py, "app_version_name")),
                    app_version_code: text(&c, intern!(py, "app_version_code")),
                    app_package_name: text(&c, intern!(py, "app_package_name")),
                });
            Some(ClientContext {
                client,
                custom: string_map(cc.getattr_opt(intern!(py, "custom")).ok().flatten()),
                env: string_map(cc.getattr_opt(intern!(py, "env")).ok().flatten()),
            })
        })
    }

    fn function(&self) -> Arc<FunctionConfig> {
        Python::attach(|py| {
            let context = self.object.bind(py);
            let mut function = (*self.function).clone();
            let override_with = |slot: &mut String, name: &Bound<'_, PyString>| {
                if let Some(value) = text(context, name) {
                    *slot = value;
                }
            };
            override_with(&mut function.function_name, intern!(py, "function_name"));
            override_with(
                &mut function.function_version,
                intern!(py, "function_version"),
            );
            override_with(&mut function.log_group_name, intern!(py, "log_group_name"));
            override_with(
                &mut function.log_stream_name,
                intern!(py, "log_stream_name"),
            );
            if let Some(mb) =
                text(context, intern!(py, "memory_limit_in_mb")).and_then(|m| m.trim().parse().ok())
            {
                function.memory_limit_mb = mb;
            }
            Arc::new(function)
        })
    }
}

fn string_map(obj: Option<Bound<'_, PyAny>>) -> BTreeMap<String, String> {
    let Some(dict) = obj.and_then(|o| o.cast_into::<PyDict>().ok()) else {
        return BTreeMap::new();
    };
    dict.iter()
        .filter_map(|(k, v)| {
            let key = k.str().ok()?.to_string();
            let value = v
                .extract::<String>()
                .or_else(|_| v.str().map(|s| s.to_string()))
                .ok()?;
            Some((key, value))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::PANIC_ERROR;

    #[test]
    fn the_trace_id_is_the_one_of_the_invocation_that_made_the_context() {
        let pid = std::process::id();
        let (first, next) = (format!("Root=1-first-{pid}"), format!("Root=1-next-{pid}"));
        Python::initialize();
        let ctx = Python::attach(|py| {
            let code = c"__import__('types').SimpleNamespace(aws_request_id='req-1')";
            let stand_in = py.eval(code, None, None).unwrap();
            // No other test of this module reads the variable, and a writer elsewhere (a runtime
            // test in the same process) can only make the value differ from `next` too.
            std::env::set_var(crate::TRACE_ID_VAR, &first);
            let ctx = context_from_python(&stand_in, Arc::new(FunctionConfig::from_env()));
            // The next invocation exports its own trace before this context is read.
            std::env::set_var(crate::TRACE_ID_VAR, &next);
            ctx
        });
        assert_eq!(ctx.request_id(), "req-1");
        assert_ne!(ctx.xray_trace_id(), Some(next.as_str()));
        assert!(ctx.xray_trace_id().is_some());
    }

    #[test]
    fn decode_errors_of_python_objects_cite_no_line_and_column() {
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Order {
            items: Vec<Item>,
        }
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Item {
            qty: u32,
        }
        Python::initialize();
        let error = Python::attach(|py| {
            let event = py
                .eval(c"{'items': [{'qty': 1}, {'qty': 'x'}]}", None, None)
                .unwrap();
            decode_python::<Order>(&event).unwrap_err()
        });
        assert_eq!(error.error_type(), UNMARSHAL_ERROR);
        assert_eq!(
            error.message(),
            r#"items[1].qty: invalid type: string "x", expected u32"#
        );
    }

    /// Function settings that differ from every value the stand-ins below carry, so a field
    /// read from this fallback instead of the Python object fails the test.
    fn fallback() -> Arc<FunctionConfig> {
        Arc::new(FunctionConfig {
            function_name: "from-env".into(),
            function_version: "env-version".into(),
            memory_limit_mb: 128,
            log_group_name: "/aws/lambda/from-env".into(),
            log_stream_name: "env-stream".into(),
        })
    }

    fn stand_in(py: Python<'_>, code: &std::ffi::CStr) -> Py<PyAny> {
        let globals = PyDict::new(py);
        globals
            .set_item(
                "SimpleNamespace",
                py.import("types")
                    .unwrap()
                    .getattr("SimpleNamespace")
                    .unwrap(),
            )
            .unwrap();
        py.eval(code, Some(&globals), None).unwrap().unbind()
    }

    #[test]
    fn every_context_field_is_read_from_the_python_object() {
        Python::initialize();
        let object = Python::attach(|py| {
            stand_in(
                py,
                c"SimpleNamespace(
                    aws_request_id='req-7',
                    function_name='orders',
                    function_version='7',
                    memory_limit_in_mb='512',
                    log_group_name='/aws/lambda/orders',
                    log_stream_name='2026/11/25/[7]abc',
                    invoked_function_arn='arn:aws:lambda:eu-west-1:123456789012:function:orders:live',
                    tenant_id='tenant-9',
                    identity=SimpleNamespace(
                        cognito_identity_id='us-east-1:id',
                        cognito_identity_pool_id='us-east-1:pool'),
                    client_context=SimpleNamespace(
                        client=SimpleNamespace(
                            installation_id='inst', app_title='Shop', app_version_name='1.0',
                            app_version_code='1', app_package_name='com.shop'),
                        custom={'tier': 'gold', 'level': 3},
                        env={'locale': 'en_US'}),
                    get_remaining_time_in_millis=lambda: 4000)",
            )
        });
        let ctx = Python::attach(|py| context_from_python(object.bind(py), fallback()));
        // Read with the GIL released, as the handler reads it.
        assert_eq!(ctx.request_id(), "req-7");
        assert_eq!(ctx.function_name(), "orders");
        assert_eq!(ctx.function_version(), "7");
        assert_eq!(ctx.memory_limit_mb(), 512);
        assert_eq!(ctx.log_group_name(), "/aws/lambda/orders");
        assert_eq!(ctx.log_stream_name(), "2026/11/25/[7]abc");
        assert_eq!(
            ctx.invoked_function_arn(),
            "arn:aws:lambda:eu-west-1:123456789012:function:orders:live"
        );
        assert_eq!(ctx.tenant_id(), Some("tenant-9"));
        assert_eq!(
            ctx.identity(),
            Some(&CognitoIdentity {
                identity_id: Some("us-east-1:id".into()),
                identity_pool_id: Some("us-east-1:pool".into()),
            })
        );
        let map = |pairs: &[(&str, &str)]| -> BTreeMap<String, String> {
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect()
        };
        assert_eq!(
            ctx.client_context(),
            Some(&ClientContext {
                client: Some(ClientApplication {
                    installation_id: Some("inst".into()),
                    app_title: Some("Shop".into()),
                    app_version_name: Some("1.0".into()),
                    app_version_code: Some("1".into()),
                    app_package_name: Some("com.shop".into()),
                }),
                custom: map(&[("tier", "gold"), ("level", "3")]),
                env: map(&[("locale", "en_US")]),
            })
        );
        let remaining = ctx.remaining_time().as_millis();
        assert!(remaining > 3_000 && remaining <= 4_000, "{remaining}");
    }

    #[test]
    fn what_the_python_object_lacks_comes_from_the_environment() {
        Python::initialize();
        // What awslambdaric passes without identity and client context headers: an identity
        // whose fields are None, and no client context. No function settings at all here.
        let object = Python::attach(|py| {
            stand_in(
                py,
                c"SimpleNamespace(
                    aws_request_id='req-8',
                    memory_limit_in_mb=None,
                    identity=SimpleNamespace(
                        cognito_identity_id=None, cognito_identity_pool_id=None),
                    client_context=None)",
            )
        });
        let ctx = Python::attach(|py| context_from_python(object.bind(py), fallback()));
        assert_eq!(ctx.request_id(), "req-8");
        assert_eq!(ctx.function_name(), "from-env");
        assert_eq!(ctx.function_version(), "env-version");
        assert_eq!(ctx.memory_limit_mb(), 128);
        assert_eq!(ctx.log_group_name(), "/aws/lambda/from-env");
        assert_eq!(ctx.log_stream_name(), "env-stream");
        assert_eq!(ctx.invoked_function_arn(), "");
        assert_eq!(ctx.tenant_id(), None);
        assert_eq!(ctx.identity(), None);
        assert_eq!(ctx.client_context(), None);
        assert_eq!(ctx.remaining_time(), Duration::ZERO);
    }

    /// Decodes fine from `{}` and any other map, panics on `"boom"`.
    #[derive(Debug)]
    struct Fragile;

    impl<'de> serde::Deserialize<'de> for Fragile {
        fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            let value = serde_json::Value::deserialize(d)?;
            assert!(value != "boom", "fragile event");
            Ok(Fragile)
        }
    }

    impl Serialize for Fragile {
        fn serialize<S: serde::Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
            panic!("fragile result")
        }
    }

    #[test]
    fn panics_in_deserialize_and_serialize_become_runtime_panic() {
        Python::initialize();
        let calls = Mutex::new(0u32);
        let handler = Mutex::new(|event: Fragile, _: &Context| -> Result<Fragile, Error> {
            *calls.lock().unwrap() += 1;
            Ok(event)
        });
        let ctx = Context::local("req-9", Duration::from_secs(3));
        Python::attach(|py| {
            let boom = PyString::new(py, "boom");
            let error = invoke(py, &handler, boom.as_any(), &ctx).unwrap_err();
            assert_eq!(error.error_type(), PANIC_ERROR);
            assert_eq!(
                error.message(),
                "decoding the event panicked: fragile event"
            );

            let fine = PyDict::new(py);
            let error = invoke(py, &handler, fine.as_any(), &ctx).unwrap_err();
            assert_eq!(error.error_type(), PANIC_ERROR);
            assert_eq!(
                error.message(),
                "encoding the result panicked: fragile result"
            );
        });
        // The handler ran only for the event that decoded.
        assert_eq!(*calls.lock().unwrap(), 1);
    }
}
