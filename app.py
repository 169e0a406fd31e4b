"""Wayfinder's Streamlit entry point: page config, session defaults, who is here, navigation."""

import streamlit as st

from ui import identity, language, navigation, resources, state

st.set_page_config(page_title="Wayfinder", page_icon=":material/explore:", layout="wide")
resources.freeze_after_imports()
state.init_state()
actor = identity.current_actor()
state.set_actor(actor)
language.apply(actor)
identity.record_sign_in(actor)
identity.show_account(actor)
language.show_picker(actor)
# One flat list: Streamlit draws navigation sections as headings inside the <ul>, which
# axe-core reports as a serious list-structure violation (WCAG 1.3.1).
st.navigation(navigation.pages_for(actor, signing_in=identity.sign_in_configured())).run()
