//! Loads and writes with a view's client, on leptos's own primitives: a [`Load`] is a
//! [`LocalResource`] (read it in `<Suspense/>` or `<Transition/>`), a [`Write`] an [`Action`] (its
//! `pending()` and [`settled`] outcome are the button's and the result's state). What leptos cannot
//! know is where the client comes from: these hand it over, or say why there is none, so a page
//! never matches on `aws.client()` itself.
//!
//! Every load and write holds its answer as `Rc<dyn Any>` behind a boxed future, and only the thin
//! typed shells ([`Load<T>`], [`Write<I, T>`]) know its type: leptos's resource and action
//! machinery is then compiled once for all of them, instead of once per answer type and future
//! (18 KB brotli of the admin build, with its two dozen loads and writes; 4.4 KB of the
//! self-service one).

use std::any::Any;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
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

/// An answer (or a write's input) of any type.
type Erased = Rc<dyn Any>;
/// A call's outcome, its answer's type erased.
type Outcome = Result<Erased, CallError>;
type Task = Pin<Box<dyn Future<Output = Outcome>>>;
/// A write's work, started with a client and its input.
type WriteTask = Box<dyn Fn(Rc<AwsClient>, &Erased) -> Task>;

/// A [`Load<T>`]'s or [`Write<I, T>`]'s answer (or input) as the type it was made with, the only
/// one either ever holds.
fn downcast<T: 'static>(erased: &Erased) -> &T {
    erased
        .downcast_ref()
        .expect("a call holds the types it was made for")
}

fn typed<T: 'static>(outcome: &Outcome) -> Result<&T, &CallError> {
    outcome.as_ref().map(downcast)
}

/// A load made with a view's client; `None` until its first answer.
pub struct Load<T> {
    resource: LocalResource<Outcome>,
    answer: PhantomData<fn() -> T>,
}

impl<T> Clone for Load<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Load<T> {}

impl<T: 'static> Load<T> {
    /// Reads the outcome (tracked).
    pub fn with<R>(&self, read: impl FnOnce(Option<Result<&T, &CallError>>) -> R) -> R {
        self.resource
            .with(|outcome| read(outcome.as_ref().map(typed)))
    }

    /// Reads the outcome without tracking it.
    pub fn with_untracked<R>(&self, read: impl FnOnce(Option<Result<&T, &CallError>>) -> R) -> R {
        self.resource
            .with_untracked(|outcome| read(outcome.as_ref().map(typed)))
    }

    /// The outcome (tracked).
    pub fn get(&self) -> Option<Result<T, CallError>>
    where
        T: Clone,
    {
        self.with(|outcome| outcome.map(|answer| answer.cloned().map_err(Clone::clone)))
    }

    /// Loads again.
    pub fn refetch(&self) {
        self.resource.refetch();
    }

    /// Changes a successful answer in place, for what a write just did to it.
    pub fn update_answer(&self, change: impl FnOnce(&mut T))
    where
        T: Clone,
    {
        self.resource.update(|outcome| {
            if let Some(Ok(answer)) = outcome {
                let mut changed = downcast::<T>(answer).clone();
                change(&mut changed);
                *answer = Rc::new(changed);
            }
        });
    }

    /// The outcome once there is one; in `<Suspense/>` or `<Transition/>`, what they wait for.
    pub async fn answer(self) -> Result<T, CallError>
    where
        T: Clone,
    {
        let outcome = self.resource.await;
        typed(&outcome).cloned().map_err(Clone::clone)
    }
}

/// A write made with the client of the moment it is dispatched.
pub struct Write<I, T> {
    action: Action<Erased, Outcome>,
    types: PhantomData<fn(I) -> T>,
}

impl<I, T> Clone for Write<I, T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<I, T> Copy for Write<I, T> {}

impl<I: 'static, T: 'static> Write<I, T> {
    pub fn dispatch(&self, input: I) {
        self.action.dispatch_local(Rc::new(input));
    }

    /// Whether it runs now.
    pub fn pending(&self) -> Memo<bool> {
        self.action.pending()
    }

    /// Forgets the last run's outcome.
    pub fn clear(&self) {
        self.action.clear();
    }
}

impl Aws {
    /// A load made with this view's client. It runs again when Settings change or credentials
    /// arrive or go, and its requests are aborted with the view.
    pub fn resource<T, Fut>(self, load: impl Fn(Rc<AwsClient>) -> Fut + 'static) -> Load<T>
    where
        T: 'static,
        Fut: Future<Output = Result<T, CallError>> + 'static,
    {
        Load {
            resource: self.erased_resource(Box::new(move |client| {
                let answer = load(client);
                Box::pin(async move { Ok(Rc::new(answer.await?) as Erased) })
            })),
            answer: PhantomData,
        }
    }

    fn erased_resource(self, load: Box<dyn Fn(Rc<AwsClient>) -> Task>) -> LocalResource<Outcome> {
        LocalResource::new(move || {
            let started = self.client().map(&load);
            async move { started?.await }
        })
    }

    /// A write made with the client of the moment it is dispatched.
    pub fn action<I, T, Fut>(
        self,
        write: impl Fn(Rc<AwsClient>, &I) -> Fut + 'static,
    ) -> Write<I, T>
    where
        I: 'static,
        T: 'static,
        Fut: Future<Output = Result<T, CallError>> + 'static,
    {
        Write {
            action: self.erased_action(Box::new(move |client, input| {
                let answer = write(client, downcast(input));
                Box::pin(async move { Ok(Rc::new(answer.await?) as Erased) })
            })),
            types: PhantomData,
        }
    }

    fn erased_action(self, write: WriteTask) -> Action<Erased, Outcome> {
        Action::new_local(move |input: &Erased| {
            let started = self.client().map(|client| write(client, input));
            async move { started?.await }
        })
    }
}

/// The outcome of a write's last run once it has finished; `None` while it runs again, as a
/// new attempt makes the last answer stale.
pub fn settled<I, T>(write: Write<I, T>) -> Settled<T> {
    Settled {
        call: write.into(),
        answer: PhantomData,
    }
}

/// A write's settled outcome (see [`settled`]), read like a signal. Not a `Signal::derive`: that
/// and its `get` would be compiled again for every answer type.
pub struct Settled<T> {
    call: AnyCall,
    answer: PhantomData<fn() -> T>,
}

impl<T> Clone for Settled<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Settled<T> {}

impl<T: Clone + 'static> Settled<T> {
    /// The outcome (tracked).
    pub fn get(&self) -> Option<Result<T, CallError>> {
        self.call
            .with(|outcome| outcome.map(|outcome| typed(outcome).cloned().map_err(Clone::clone)))
    }
}

/// A load or a write, for what reads every call's outcome the same way.
#[derive(Clone, Copy)]
pub enum AnyCall {
    Load(LocalResource<Outcome>),
    Write(Action<Erased, Outcome>),
}

impl<T> From<Load<T>> for AnyCall {
    fn from(load: Load<T>) -> Self {
        AnyCall::Load(load.resource)
    }
}

impl<I, T> From<Write<I, T>> for AnyCall {
    fn from(write: Write<I, T>) -> Self {
        AnyCall::Write(write.action)
    }
}

impl AnyCall {
    /// Reads a load's outcome, or a write's once it has finished (tracked).
    fn with<R>(self, read: impl FnOnce(Option<&Outcome>) -> R) -> R {
        match self {
            AnyCall::Load(resource) => resource.with(|outcome| read(outcome.as_ref())),
            AnyCall::Write(action) if action.pending().get() => read(None),
            AnyCall::Write(action) => action.value().with(|outcome| read(outcome.as_ref())),
        }
    }
}

/// The sentence of a failed load, or of a write's failed last run, for `<ErrorMessage/>`.
pub fn failure(call: impl Into<AnyCall>) -> Signal<Option<String>> {
    failure_of(call.into())
}

fn failure_of(call: AnyCall) -> Signal<Option<String>> {
    Signal::derive(move || {
        call.with(|outcome| match outcome {
            Some(Err(error)) => Some(error.to_string()),
            _ => None,
        })
    })
}
