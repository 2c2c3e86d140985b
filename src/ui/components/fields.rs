use leptos::prelude::*;

/// The ids a field's label, hint and error share, so `aria-describedby` can point at them.
fn described_by(id: &str, hint: bool, error: bool) -> Option<String> {
    let mut ids = Vec::new();
    if error {
        ids.push(format!("{id}-error"));
    }
    if hint {
        ids.push(format!("{id}-hint"));
    }
    (!ids.is_empty()).then(|| ids.join(" "))
}

/// A labelled text input (or textarea) with an optional hint and an error shown beside it and
/// announced (`aria-invalid`, `aria-describedby`, the message in a live region).
#[component]
pub fn TextField(
    #[prop(into)] id: String,
    #[prop(into)] label: Signal<String>,
    value: RwSignal<String>,
    /// The field's problem, if any; shown below it.
    #[prop(optional, into)]
    error: MaybeProp<String>,
    #[prop(optional, into)] hint: MaybeProp<String>,
    /// `text`, `email`, `tel`, `password`, `number`, `search`.
    #[prop(default = "text")]
    kind: &'static str,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] inputmode: Option<&'static str>,
    #[prop(optional)] multiline: bool,
    #[prop(optional)] autofocus: bool,
    #[prop(optional)] required: bool,
    /// Called after every keystroke (after `value` is updated).
    #[prop(optional, into)]
    on_input: Option<Callback<()>>,
) -> impl IntoView {
    let has_hint = move || hint.get().is_some();
    let has_error = move || error.get().is_some();
    let describe = {
        let id = id.clone();
        move || described_by(&id, has_hint(), has_error())
    };
    let input_handler = move |ev: leptos::ev::Event| {
        value.set(event_target_value(&ev));
        if let Some(cb) = on_input {
            cb.run(());
        }
    };
    let control = if multiline {
        view! {
            <textarea
                id=id.clone()
                rows="4"
                prop:value=move || value.get()
                on:input=input_handler
                aria-invalid=move || has_error().then_some("true")
                aria-describedby=describe.clone()
                aria-required=required.then_some("true")
                autofocus=autofocus
            ></textarea>
        }
        .into_any()
    } else {
        view! {
            <input
                id=id.clone()
                type=kind
                autocomplete=autocomplete
                inputmode=inputmode
                prop:value=move || value.get()
                on:input=input_handler
                aria-invalid=move || has_error().then_some("true")
                aria-describedby=describe
                aria-required=required.then_some("true")
                autofocus=autofocus
            />
        }
        .into_any()
    };
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    view! {
        <div class="field" class:field--invalid=has_error>
            <label for=id>{move || label.get()}</label>
            {control}
            {move || hint.get().map(|h| view! { <p id=hint_id.clone() class="field__hint">{h}</p> })}
            <p id=error_id class="field__error" aria-live="polite">{move || error.get()}</p>
        </div>
    }
}

/// A labelled native `<select>`: the most accessible and phone-friendly picker there is.
#[component]
pub fn SelectField(
    #[prop(into)] id: String,
    #[prop(into)] label: Signal<String>,
    value: RwSignal<String>,
    /// `(value, label)` pairs.
    #[prop(into)]
    options: Signal<Vec<(String, String)>>,
    /// A first, empty choice ("Choose…") when nothing is chosen yet.
    #[prop(optional, into)]
    placeholder: MaybeProp<String>,
    #[prop(optional, into)] error: MaybeProp<String>,
) -> impl IntoView {
    let has_error = move || error.get().is_some();
    let error_id = format!("{id}-error");
    let describe = error_id.clone();
    view! {
        <div class="field" class:field--invalid=has_error>
            <label for=id.clone()>{move || label.get()}</label>
            <select
                id=id
                // Follows the value when it is set from elsewhere (the address bar, say); the
                // options' `selected` covers options that arrive after it.
                prop:value=move || value.get()
                on:change=move |ev| value.set(event_target_value(&ev))
                aria-invalid=move || has_error().then_some("true")
                aria-describedby=move || has_error().then(|| describe.clone())
            >
                {move || placeholder.get().map(|p| view! { <option value="" selected=move || value.get().is_empty()>{p}</option> })}
                {move || options.get().into_iter().map(|(v, l)| {
                    let selected = v == value.get_untracked();
                    view! { <option value=v selected=selected>{l}</option> }
                }).collect_view()}
            </select>
            <p id=error_id class="field__error" aria-live="polite">{move || error.get()}</p>
        </div>
    }
}

/// A labelled checkbox.
#[component]
pub fn CheckboxField(
    #[prop(into)] id: String,
    #[prop(into)] label: Signal<String>,
    checked: RwSignal<bool>,
    /// Why it cannot be changed now, shown below it; the box keeps its value.
    #[prop(optional, into)]
    locked: MaybeProp<String>,
) -> impl IntoView {
    let note_id = format!("{id}-note");
    let described = note_id.clone();
    view! {
        <div class="field field--checkbox">
            <input
                id=id.clone()
                type="checkbox"
                prop:checked=move || checked.get()
                disabled=move || locked.with(Option::is_some)
                aria-describedby=move || locked.with(Option::is_some).then(|| described.clone())
                on:change=move |ev| checked.set(event_target_checked(&ev))
            />
            <label for=id>{move || label.get()}</label>
            {move || locked.get().map(|why| view! { <p id=note_id.clone() class="details__hint details__hint--blocked">{why}</p> })}
        </div>
    }
}
