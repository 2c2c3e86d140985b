//! A software product's downloads, in its expanded row. The list of benefits carries only how
//! many files a product has (most rows are never opened, and the files were most of the list's
//! size); the files come from `list_downloads` when a person opens the row that holds the
//! product's language and OS pickers, once per product per session.

use super::software::DownloadPicker;
use crate::api::benefits::{list_downloads, Download};
use crate::error::AppError;
use crate::i18n::Key;
use crate::ui::components::{ErrorAlert, Loading};
use crate::ui::i18n::use_i18n;
use crate::ui::session::Session;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::collections::HashMap;

/// The files already fetched, by benefit id. A product's files never change once it is bought,
/// so the first answer holds for the session: reopening a row shows them at once, with no
/// request. Emptied whenever the session changes (sign-in, sign-out), so nothing fetched for
/// one person is kept for the next.
#[derive(Clone, Copy)]
pub struct DownloadsCache(StoredValue<HashMap<i64, Vec<Download>>>);

impl DownloadsCache {
    /// One cache for the app, living as long as the session it belongs to.
    pub fn provide(session: Session) {
        let cache = DownloadsCache(StoredValue::new(HashMap::new()));
        Effect::new(move |_| {
            session.0.track();
            cache.0.update_value(HashMap::clear);
        });
        provide_context(cache);
    }

    /// A cache already holding these files, for the part of the page below (the component
    /// gallery's sample rows, which have no server to ask).
    pub fn provide_filled(files: impl IntoIterator<Item = (i64, Vec<Download>)>) {
        provide_context(DownloadsCache(StoredValue::new(
            files.into_iter().collect(),
        )));
    }

    fn get(self, benefit_id: i64) -> Option<Vec<Download>> {
        self.0.with_value(|m| m.get(&benefit_id).cloned())
    }

    fn keep(self, benefit_id: i64, files: Vec<Download>) {
        self.0.update_value(|m| {
            m.insert(benefit_id, files);
        });
    }
}

/// The Downloads section of a product's expanded row: a loading state, then the language and
/// OS pickers with the matching files, or what went wrong with Try again.
#[component]
pub fn ProductDownloads(benefit_id: i64, product: String) -> impl IntoView {
    let i18n = use_i18n();
    let cache = expect_context::<DownloadsCache>();
    // None while asking.
    let files = RwSignal::new(cache.get(benefit_id).map(Ok::<_, AppError>));
    let load = move || {
        files.set(None);
        spawn_local(async move {
            let answer = list_downloads(benefit_id).await;
            if let Ok(f) = &answer {
                cache.keep(benefit_id, f.clone());
            }
            // The row may have been collapsed meanwhile: then only the cache keeps the answer.
            files.try_set(Some(answer));
        });
    };
    if files.with_untracked(Option::is_none) {
        load();
    }
    let retry = Callback::new(move |_| load());
    let product = StoredValue::new(product);
    let label = move |key: Key| product.with_value(|p| i18n.tf(key, &[("product", p)]));
    move || match files.get() {
        Some(Ok(downloads)) => {
            view! { <DownloadPicker downloads product=product.get_value()/> }.into_any()
        }
        waiting_or_failed => view! {
            // The same section and heading the pickers appear in, so nothing jumps.
            <section class="details__section" aria-label=move || label(Key::DownloadsFor)>
                <h2 class="details__heading">{move || i18n.t(Key::Downloads)}</h2>
                {match waiting_or_failed {
                    Some(Err(e)) => view! { <ErrorAlert error=e on_retry=retry/> }.into_any(),
                    _ => view! {
                        <Loading label=Signal::derive(move || label(Key::LoadingDownloads))/>
                    }.into_any(),
                }}
            </section>
        }
        .into_any(),
    }
}
