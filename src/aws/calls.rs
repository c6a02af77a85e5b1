//! Loads and writes with a view's client, on leptos's own primitives: a load is a
//! [`LocalResource`] (read it in `<Suspense/>` or `<Transition/>`), a write an [`Action`] (its
//! `pending()` and `value()` are the button's and the result's state). What leptos cannot know is
//! where the client comes from: these hand it over, or say why there is none, so a page never
//! matches on `aws.client()` itself.

use std::future::Future;
use std::rc::Rc;

use anywhere_core::aws::AwsError;
use leptos::prelude::*;

use super::{Aws, AwsClient, NotConnected};

/// Why a call gave no answer, phrased for the user by `Display`.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CallError {
    #[error(transparent)]
    NotConnected(#[from] NotConnected),
    #[error("{}", .0.user_message())]
    Aws(#[from] AwsError),
    /// The page's own sentence about what AWS answered (a cluster that does not exist).
    #[error("{0}")]
    Message(String),
}

impl Aws {
    /// A load made with this view's client. It runs again when Settings change or credentials
    /// arrive or go, and its requests are aborted with the view.
    pub fn resource<T, Fut>(
        self,
        load: impl Fn(Rc<AwsClient>) -> Fut + 'static,
    ) -> LocalResource<Result<T, CallError>>
    where
        T: 'static,
        Fut: Future<Output = Result<T, CallError>> + 'static,
    {
        LocalResource::new(move || {
            let started = self.client().map(&load);
            async move { started?.await }
        })
    }

    /// A write made with the client of the moment it is dispatched.
    pub fn action<I, T, Fut>(
        self,
        write: impl Fn(Rc<AwsClient>, &I) -> Fut + 'static,
    ) -> Action<I, Result<T, CallError>>
    where
        I: 'static,
        T: 'static,
        Fut: Future<Output = Result<T, CallError>> + 'static,
    {
        Action::new_local(move |input: &I| {
            let started = self.client().map(|client| write(client, input));
            async move { started?.await }
        })
    }
}

/// The outcome of an action's last run once it has finished; `None` while it runs again, as a
/// new attempt makes the last answer stale.
pub fn settled<I, T>(action: Action<I, T>) -> Signal<Option<T>>
where
    I: 'static,
    T: Clone + Send + Sync + 'static,
{
    Signal::derive(move || {
        if action.pending().get() {
            None
        } else {
            action.value().get()
        }
    })
}

/// The sentence of a failed outcome, for `<ErrorMessage/>`.
pub fn failure<T, S>(outcome: S) -> Signal<Option<String>>
where
    T: 'static,
    S: With<Value = Option<Result<T, CallError>>> + Send + Sync + 'static,
{
    Signal::derive(move || {
        outcome.with(|outcome| match outcome {
            Some(Err(error)) => Some(error.to_string()),
            _ => None,
        })
    })
}
