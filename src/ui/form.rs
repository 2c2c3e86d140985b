//! One form state for every form of the client, so a form is written as its fields, its
//! domain parse and its server function, never as a busy flag, an error signal and a
//! `spawn_local` of its own.
//!
//! - **The parse** is the domain's (`domain::forms::*::parse`, the same function the server
//!   runs), held as a `Memo`: problems are known as you type.
//! - **When they show**: a field's problem shows once the form was submitted, or (`live`) once
//!   the field has content, so an empty form does not greet people with errors.
//! - **The server's answer** goes through a Leptos `Action` (pending, the latest answer only):
//!   field problems (`AppError::Invalid`, every one at once) are shown beside their fields
//!   until the field changes; anything else, or a problem about a field the form does not
//!   show, is the form's one error alert. The typed `AppError` is kept throughout.
//! - **Nothing typed is lost**: the form never clears its fields on an error; only the page's
//!   own success callback does what it wants with them.

use crate::domain::problem::{FieldProblem, Problem, Problems};
use crate::error::{AppError, FieldError};
use crate::ui::i18n::use_i18n;
use leptos::prelude::*;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

/// What a form sends, with its success already handed to the page: only the typed error is
/// left to say.
type Sending = Pin<Box<dyn Future<Output = Result<(), AppError>>>>;

/// A form's state: `Copy`, so views and callbacks take it by value. Not generic: what is sent
/// and what comes back are known only to the closures given to [`FormState::new`], which are
/// boxed there, so the form state and the dialog pieces that read it are compiled once, not
/// once per form (the first load is mostly per-type generic code).
#[derive(Clone, Copy)]
pub struct FormState {
    /// Set by the first submit: from then on every problem shows, typed in or not.
    submitted: RwSignal<bool>,
    /// The domain parse's problems, as you type; None when the form parses.
    problems: Memo<Option<Problems>>,
    /// What the server said about this form's fields.
    server: RwSignal<Vec<FieldError>>,
    /// Anything else the server said, for the form's one alert.
    error: RwSignal<Option<AppError>>,
    /// The fields this form shows; a server problem about any other goes to the alert.
    fields: StoredValue<Vec<&'static str>>,
    /// Sends the form; its value is the last answer's typed error, if any.
    send: Action<(), Result<(), AppError>>,
    /// Made once: the action makes a new memo each time it is asked.
    pending: Memo<bool>,
}

impl FormState {
    /// `parse` is the domain parse of what is typed (read in a `Memo`, so it tracks the
    /// fields' signals); `send` calls the server function with what is typed; `done` gets
    /// the server's answer when it succeeds (close the dialog, show a toast, update a row),
    /// even if the dialog was closed meanwhile: the row should still show what happened.
    pub fn new<T, O, Fut>(
        parse: impl Fn() -> Result<T, Problems> + Send + Sync + 'static,
        send: impl Fn() -> Fut + 'static,
        done: impl Fn(O) + 'static,
    ) -> FormState
    where
        O: 'static,
        Fut: Future<Output = Result<O, AppError>> + 'static,
    {
        let done = Rc::new(done);
        let sending = move || -> Sending {
            let call = send();
            let done = done.clone();
            Box::pin(async move {
                done(call.await?);
                Ok(())
            })
        };
        FormState::from_parts(Memo::new(move |_| parse().err()), Box::new(sending))
    }

    fn from_parts(problems: Memo<Option<Problems>>, sending: Box<dyn Fn() -> Sending>) -> Self {
        let server = RwSignal::new(Vec::<FieldError>::new());
        let error = RwSignal::new(None::<AppError>);
        let fields = StoredValue::new(Vec::<&'static str>::new());
        let send = Action::new_unsync(move |_: &()| sending());
        // Each answer's error goes beside its field, or to the form's alert.
        Effect::new(move |_| match send.value().get() {
            Some(Err(AppError::Invalid { problems })) => {
                let (mine, others) = fields.with_value(|f| split_by_field(problems, f));
                server.set(mine);
                error.set(others);
            }
            Some(Err(e)) => error.set(Some(e)),
            Some(Ok(())) | None => {}
        });
        FormState {
            submitted: RwSignal::new(false),
            problems,
            server,
            error,
            fields,
            pending: send.pending(),
            send,
        }
    }

    /// A form with nothing to check in the browser: checkboxes, a confirmation, or a button
    /// that asks the server for one thing (Get keys, Remove, Withdraw), which is sent, is
    /// pending and is refused exactly as a form is.
    pub fn unchecked<O, Fut>(send: impl Fn() -> Fut + 'static, done: impl Fn(O) + 'static) -> Self
    where
        O: 'static,
        Fut: Future<Output = Result<O, AppError>> + 'static,
    {
        FormState::new(|| Ok::<(), Problems>(()), send, done)
    }

    /// The person submits: every problem shows from now on, and the form is sent only if it
    /// parses and is not already on its way. Returns whether it was sent.
    pub fn submit(self) -> bool {
        self.submitted.set(true);
        if self.pending.get_untracked() || self.problems.with_untracked(Option::is_some) {
            return false;
        }
        self.send_now();
        true
    }

    /// Sends again what was submitted (a choice made after the server asked one), without
    /// checking: the form already parsed.
    pub fn send_now(self) {
        self.server.set(Vec::new());
        self.error.set(None);
        self.send.dispatch(());
    }

    /// True while the server has it.
    pub fn busy(self) -> Signal<bool> {
        self.pending.into()
    }

    /// What the server refused that belongs to no field of the form.
    pub fn error(self) -> RwSignal<Option<AppError>> {
        self.error
    }

    /// Whether the domain parse finds a problem with `field` now.
    pub fn has_problem(self, field: &str) -> bool {
        self.problems
            .with_untracked(|p| p.as_ref().is_some_and(|p| p.get(field).is_some()))
    }

    /// The message beside a text field: the server's, until the field changes; otherwise the
    /// parse's problem once the form was submitted or (`live`) once the field has content.
    pub fn text_error(
        self,
        field: &'static str,
        value: RwSignal<String>,
        live: bool,
    ) -> Signal<Option<String>> {
        self.watch(field, value);
        self.message(field, move || live && value.with(|v| !v.trim().is_empty()))
    }

    /// The message beside a field that is not typed text (a picker, a choice): the server's
    /// until `value` changes, otherwise the parse's problem once the form was submitted.
    pub fn choice_error<S>(self, field: &'static str, value: S) -> Signal<Option<String>>
    where
        S: Track + Send + Sync + 'static,
    {
        self.watch(field, value);
        self.message(field, || false)
    }

    /// Registers `field` as shown by the form, and forgets what the server said about it when
    /// `value` changes: that answer was about the old value.
    fn watch<S>(self, field: &'static str, value: S)
    where
        S: Track + Send + Sync + 'static,
    {
        self.fields.update_value(|f| f.push(field));
        let server = self.server;
        Effect::new(move |first_run: Option<()>| {
            value.track();
            if first_run.is_some() && server.with_untracked(|s| s.iter().any(|p| p.field == field))
            {
                server.update(|s| s.retain(|p| p.field != field));
            }
        });
    }

    fn message(
        self,
        field: &'static str,
        typed: impl Fn() -> bool + Send + Sync + 'static,
    ) -> Signal<Option<String>> {
        let i18n = use_i18n();
        let FormState {
            server,
            problems,
            submitted,
            ..
        } = self;
        Signal::derive(move || {
            if let Some(said) = server.with(|s| {
                s.iter()
                    .find(|p| p.field == field)
                    .map(|p| p.message.clone())
            }) {
                return Some(said);
            }
            let show = submitted.get() || typed();
            problems.with(|p| {
                p.as_ref()
                    .and_then(|p| p.get(field))
                    .filter(|_| show)
                    .map(|p| p.message(i18n.lang()))
            })
        })
    }
}

/// The server's field problems the form can show beside `fields`, and the rest as one error
/// for its alert (a problem with no field on the form must not vanish).
fn split_by_field(
    problems: Vec<FieldError>,
    fields: &[&str],
) -> (Vec<FieldError>, Option<AppError>) {
    let (mine, others): (Vec<_>, Vec<_>) = problems
        .into_iter()
        .partition(|p| fields.contains(&p.field.as_str()));
    let others = (!others.is_empty()).then_some(AppError::Invalid { problems: others });
    (mine, others)
}

/// One field's problem, for parse closures that check a single rule.
pub fn problem(field: &'static str, problem: Problem) -> Problems {
    Problems(vec![FieldProblem { field, problem }])
}

/// A fresh key per opened form: a double click or a retry files one request, not two.
pub fn idempotency_key() -> String {
    (0..4)
        .map(|_| format!("{:08x}", (js_sys::Math::random() * 4_294_967_296.0) as u32))
        .collect::<Vec<_>>()
        .join("-")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn said(field: &str) -> FieldError {
        FieldError {
            field: field.into(),
            message: format!("{field} is wrong"),
        }
    }

    #[test]
    fn server_problems_go_beside_the_fields_the_form_shows_and_the_rest_to_its_alert() {
        let (mine, others) = split_by_field(
            vec![said("title"), said("request"), said("contact_phone")],
            &["title", "description", "contact_phone"],
        );
        assert_eq!(mine, [said("title"), said("contact_phone")]);
        assert_eq!(
            others,
            Some(AppError::Invalid {
                problems: vec![said("request")]
            })
        );
    }

    #[test]
    fn when_every_server_problem_has_its_field_there_is_no_alert() {
        let (mine, others) = split_by_field(vec![said("email")], &["name", "email"]);
        assert_eq!(mine, [said("email")]);
        assert_eq!(others, None);
    }
}
