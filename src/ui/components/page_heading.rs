use crate::i18n::{t, Key, Lang};
use leptos::prelude::*;

/// A page's title and the sentence under it.
///
/// The server paints the same two lines before the client has arrived (`server::first_paint`,
/// with [`crate::ui::routes::ShellFrame`]), so rendering them is the moment the server's copy
/// goes: in the same task, so the browser never paints the page with neither or with both.
/// `lang` is a prop, not the context, because the server renders this without the client's
/// context.
#[component]
pub fn PageHeading(#[prop(into)] lang: Signal<Lang>, title: Key, lede: Key) -> impl IntoView {
    crate::ui::dom::first_paint::take();
    // Reached from another page: the heading takes the focus, so the keyboard and a screen
    // reader start at the new page's content.
    let heading = NodeRef::<leptos::html::H1>::new();
    if crate::ui::router::take_page_changed() {
        Effect::new(move |_| {
            if let Some(h) = heading.get() {
                let _ = h.focus();
            }
        });
    }
    view! {
        <h1 tabindex="-1" node_ref=heading>{move || t(lang.get(), title)}</h1>
        <p class="page-lede">{move || t(lang.get(), lede)}</p>
    }
}
