//! Driving futures to completion for the `http` and `tower` adapters: on the tokio
//! multi-thread runtime with the `tokio` feature (so services may use tokio's timers, spawn
//! tasks and AWS SDK clients), otherwise on the calling thread with a parking waker, which needs
//! no async runtime at all (an axum `Router` without timers runs fine on it).

use std::future::Future;

/// Where an adapter's futures run. Built once, on the first invocation.
pub(crate) enum Executor {
    #[cfg(feature = "tokio")]
    Tokio(tokio::runtime::Runtime),
    #[cfg(not(feature = "tokio"))]
    Local,
}

impl Executor {
    pub(crate) fn new() -> std::io::Result<Self> {
        #[cfg(feature = "tokio")]
        {
            crate::handler::build_tokio_runtime().map(Executor::Tokio)
        }
        #[cfg(not(feature = "tokio"))]
        {
            Ok(Executor::Local)
        }
    }

    /// Runs `future` to completion on this thread (tokio: `block_on`, so a panic in the future
    /// unwinds here like one in a sync handler).
    pub(crate) fn block_on<F: Future>(&self, future: F) -> F::Output {
        match self {
            #[cfg(feature = "tokio")]
            Executor::Tokio(rt) => rt.block_on(future),
            #[cfg(not(feature = "tokio"))]
            Executor::Local => {
                use std::task::{Context, Poll, Waker};
                let waker = Waker::from(std::sync::Arc::new(ThreadWaker(std::thread::current())));
                let mut future = std::pin::pin!(future);
                let mut cx = Context::from_waker(&waker);
                loop {
                    match future.as_mut().poll(&mut cx) {
                        Poll::Ready(output) => return output,
                        // Woken by whoever holds the waker (another thread); a spurious
                        // wake-up only costs one more poll.
                        Poll::Pending => std::thread::park(),
                    }
                }
            }
        }
    }
}

/// Wakes the thread that polls.
#[cfg(not(feature = "tokio"))]
struct ThreadWaker(std::thread::Thread);

#[cfg(not(feature = "tokio"))]
impl std::task::Wake for ThreadWaker {
    fn wake(self: std::sync::Arc<Self>) {
        self.0.unpark();
    }
    fn wake_by_ref(self: &std::sync::Arc<Self>) {
        self.0.unpark();
    }
}

/// `Ok` when `service` is ready for a request; its error otherwise.
#[cfg(any(feature = "http", feature = "tower"))]
pub(crate) async fn ready<S, R>(service: &mut S) -> Result<(), S::Error>
where
    S: tower_service::Service<R>,
{
    std::future::poll_fn(|cx| service.poll_ready(cx)).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn block_on_waits_for_a_wake_from_another_thread() {
        let exec = Executor::new().unwrap();
        let (tx, rx) = std::sync::mpsc::channel::<u32>();
        let mut rx = Some(rx);
        let mut spawned = false;
        // A future that is pending until another thread sends and wakes it.
        let out = exec.block_on(std::future::poll_fn(|cx| {
            if !spawned {
                spawned = true;
                let waker = cx.waker().clone();
                let tx = tx.clone();
                std::thread::spawn(move || {
                    std::thread::sleep(std::time::Duration::from_millis(20));
                    tx.send(42).unwrap();
                    waker.wake();
                });
            }
            match rx.as_ref().unwrap().try_recv() {
                Ok(v) => {
                    rx = None;
                    std::task::Poll::Ready(v)
                }
                Err(_) => std::task::Poll::Pending,
            }
        }));
        assert_eq!(out, 42);
    }
}
