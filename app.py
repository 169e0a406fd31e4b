"""Wayfinder's Streamlit entry point: page config, session defaults and navigation only."""

import streamlit as st

from ui.state import init_state

st.set_page_config(page_title="Wayfinder", page_icon=":material/explore:", layout="wide")
init_state()

# One flat list: Streamlit draws navigation sections as headings inside the <ul>, which
# axe-core reports as a serious list-structure violation (WCAG 1.3.1).
pages = [
    st.Page("ui/pages/home.py", title="Home", icon=":material/home:", url_path="home", default=True),
    st.Page(
        "ui/pages/questionnaire.py",
        title="Questionnaire",
        icon=":material/edit_note:",
        url_path="questionnaire",
    ),
    st.Page("ui/pages/join.py", title="Join a workshop", icon=":material/group_add:", url_path="join"),
    st.Page("ui/pages/workshop.py", title="Workshop", icon=":material/groups:", url_path="workshop"),
    st.Page("ui/pages/results.py", title="Results", icon=":material/monitoring:", url_path="results"),
    st.Page("ui/pages/compare.py", title="Compare", icon=":material/grid_view:", url_path="compare"),
    st.Page("ui/pages/bank.py", title="Question bank", icon=":material/menu_book:", url_path="bank"),
    st.Page("ui/pages/import_responses.py", title="Import", icon=":material/upload_file:", url_path="import"),
]
st.navigation(pages).run()
