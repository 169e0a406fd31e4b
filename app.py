"""Wayfinder's Streamlit entry point: page config, session defaults, who is here, navigation."""

import streamlit as st

from ui import identity, language, navigation, resources, sharing, state

st.set_page_config(page_title="Wayfinder", page_icon=":material/explore:", layout="wide")
resources.freeze_after_imports()
state.init_state()
actor = identity.current_actor()
state.set_actor(actor)
language.apply(actor)
identity.record_sign_in(actor)
identity.show_account(actor)
language.show_picker(actor)
navigation.close_menu_after_choosing()
# One flat list: Streamlit draws navigation sections as headings inside the <ul>, which
# axe-core reports as a serious list-structure violation (WCAG 1.3.1).
# A read-only results link opens that page alone (ui/sharing.py).
pages = (
    navigation.shared_results_pages()
    if sharing.opened_link()
    else navigation.pages_for(actor, signing_in=identity.sign_in_configured())
)
# Every entry shown: Streamlit folds a menu of more than 10 pages behind "View more".
st.navigation(pages, expanded=True).run()
