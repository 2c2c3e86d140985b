use crate::domain::export::CsvFile;
use crate::error::AppError;
use crate::i18n::Key;
use crate::ui::components::{use_toasts, CheckboxField, ErrorAlert};
use crate::ui::form::FormState;
use crate::ui::i18n::use_i18n;
use leptos::prelude::*;
use std::future::Future;

/// Export CSV: the button, the choice of a byte-order mark (Excel reads UTF-8 only with one),
/// busy while the server makes the file, which the browser then saves; a toast names it, and a
/// refusal is shown beside the button. `export` asks the server for the file (`true`: with
/// the mark).
#[component]
pub fn ExportCsv<F, Fut>(
    /// Prefix of the checkbox's id, unique on the page.
    id: &'static str,
    /// The button's text, when it should say what it exports.
    #[prop(optional, into)]
    label: MaybeProp<String>,
    export: F,
    /// Choices of what to export (a category, say), before the button.
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView
where
    F: Fn(bool) -> Fut + 'static,
    Fut: Future<Output = Result<CsvFile, AppError>> + 'static,
{
    let i18n = use_i18n();
    let toasts = use_toasts();
    let bom = RwSignal::new(false);
    let form = FormState::unchecked(
        move || export(bom.get_untracked()),
        move |file: CsvFile| {
            let saved =
                crate::ui::dom::save_file(&file.file_name, "text/csv;charset=utf-8", &file.content);
            toasts.push(if saved {
                i18n.tf(Key::ExportSaved, &[("file", &file.file_name)])
            } else {
                i18n.t(Key::ExportSaveFailed).to_string()
            });
        },
    );
    view! {
        <div class="export-csv">
            {children.map(|c| c())}
            <button type="button" class="button button--secondary" disabled=move || form.busy().get() on:click=move |_| { form.submit(); }>
                {move || if form.busy().get() { i18n.t(Key::Exporting).to_string() } else { label.get().unwrap_or_else(|| i18n.t(Key::ExportCsv).to_string()) }}
            </button>
            <CheckboxField id=format!("{id}-bom") label=Signal::derive(move || i18n.t(Key::ExportBom).to_string()) checked=bom/>
            {move || form.error().get().map(|e| view! { <ErrorAlert error=e/> })}
        </div>
    }
}
