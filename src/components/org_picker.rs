//! The organisation picker: search as you type by name or code, optionally
//! within one organisation type, following the WAI-ARIA Authoring Practices
//! "combobox with listbox popup" pattern (arrow keys move through matches,
//! Enter chooses, Escape closes). Matching and ranking are the core's
//! (`search_orgs`).

use healthdash_core::bundle::Manifest;
use healthdash_core::view::search_orgs;
use leptos::prelude::*;
use std::sync::Arc;

const SHOWN: usize = 12;

#[component]
pub fn OrgPicker(manifest: Arc<Manifest>, current: String, on_choose: Callback<String>) -> impl IntoView {
    let current_name = manifest.organisation(&current).map(|o| format!("{} ({})", o.name, o.code)).unwrap_or(current.clone());
    let (text, set_text) = signal(String::new());
    let (org_type, set_org_type) = signal(String::new());
    let (open, set_open) = signal(false);
    let (active, set_active) = signal(0usize);
    let m = manifest.clone();
    let matches = Memo::new(move |_| {
        let t = org_type.get();
        let kind = (!t.is_empty()).then_some(t.as_str());
        search_orgs(&m, &text.get(), kind, SHOWN).into_iter().map(|o| (o.code.clone(), o.name.clone(), o.org_type.clone())).collect::<Vec<_>>()
    });
    let type_name = {
        let m = manifest.clone();
        move |id: &str| m.org_types.iter().find(|t| t.id == id).map(|t| t.name.clone()).unwrap_or_else(|| id.to_string())
    };
    let choose = move |code: String| {
        set_open.set(false);
        set_text.set(String::new());
        on_choose.run(code);
    };
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let n = matches.with(|m| m.len());
        match ev.key().as_str() {
            "ArrowDown" => {
                ev.prevent_default();
                set_open.set(true);
                if n > 0 {
                    set_active.update(|a| *a = (*a + 1) % n);
                }
            }
            "ArrowUp" => {
                ev.prevent_default();
                if n > 0 {
                    set_active.update(|a| *a = (*a + n - 1) % n);
                }
            }
            "Enter" if open.get_untracked() && n > 0 => {
                ev.prevent_default();
                if let Some((code, _, _)) = matches.with_untracked(|m| m.get(active.get_untracked()).cloned()) {
                    choose(code);
                }
            }
            // Closing the list is all Escape does here (the folding controls around leave it).
            "Escape" if open.get_untracked() => {
                ev.prevent_default();
                set_open.set(false);
            }
            _ => {}
        }
    };
    let types = manifest.org_types.clone();
    let type_label = type_name.clone();
    view! {
        <div class="org-picker" data-testid="org-picker">
            <div class="field">
                <label for="org-search">"Organisation"</label>
                <p class="hint" id="org-hint">{format!("Showing {current_name}. Type a name or code to change.")}</p>
                <input id="org-search" type="text" role="combobox" autocomplete="off" spellcheck="false"
                    aria-autocomplete="list" aria-controls="org-results" aria-describedby="org-hint"
                    aria-expanded=move || open.get().to_string()
                    aria-activedescendant=move || (open.get() && !matches.with(|m| m.is_empty())).then(|| format!("org-option-{}", active.get()))
                    placeholder="Search by name or code"
                    prop:value=move || text.get()
                    on:input=move |ev| { set_text.set(event_target_value(&ev)); set_active.set(0); set_open.set(true); }
                    on:focus=move |_| set_open.set(!text.get_untracked().is_empty())
                    on:keydown=on_key
                    on:blur=move |_| set_open.set(false)
                    data-testid="org-search" />
            </div>
            <div class="field">
                <label for="org-type">"Type"</label>
                <select id="org-type" on:change=move |ev| { set_org_type.set(event_target_value(&ev)); set_open.set(true); }>
                    <option value="">"All types"</option>
                    {types.into_iter().map(|t| view! { <option value=t.id.clone()>{t.name.clone()}</option> }).collect_view()}
                </select>
            </div>
            <ul id="org-results" role="listbox" aria-label="Matching organisations" class="org-results" hidden=move || !open.get() data-testid="org-results">
                {move || {
                    let list = matches.get();
                    if list.is_empty() {
                        return view! { <li class="org-results__none" role="option" aria-disabled="true">"No organisation matches"</li> }.into_any();
                    }
                    list.into_iter().enumerate().map(|(i, (code, name, kind))| {
                        let chosen = code.clone();
                        let kind = type_label(&kind);
                        view! {
                            <li id=format!("org-option-{i}") role="option" class="org-results__item"
                                aria-selected=move || (active.get() == i).to_string()
                                on:mousedown=move |ev| { ev.prevent_default(); choose(chosen.clone()); }>
                                <span class="org-results__name">{name}</span>
                                " "<span class="org-results__meta">{format!("{code} · {kind}")}</span>
                            </li>
                        }
                    }).collect_view().into_any()
                }}
            </ul>
        </div>
    }
}
