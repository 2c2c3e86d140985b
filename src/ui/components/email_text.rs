//! An email address that wraps only at its seams: a line may break after the `@` or before a
//! dot, never inside a word ("contoso.exampl / e").

use leptos::prelude::*;

#[component]
pub fn EmailText(#[prop(into)] email: String) -> impl IntoView {
    let mut parts = Vec::new();
    let mut word = String::new();
    for c in email.chars() {
        if c == '.' && !word.is_empty() {
            parts.push(std::mem::take(&mut word));
        }
        word.push(c);
        if c == '@' {
            parts.push(std::mem::take(&mut word));
        }
    }
    parts.push(word);
    view! {
        <span class="email">
            {parts.into_iter().enumerate().map(|(i, p)| view! {
                {(i > 0).then(|| view! { <wbr/> })}
                {p}
            }).collect_view()}
        </span>
    }
}
