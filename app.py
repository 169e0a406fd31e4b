"""Wayfinder's Streamlit entry point: page config, session defaults and navigation only."""

import streamlit as st

from ui.state import init_state

st.set_page_config(page_title="Wayfinder", page_icon="🧭", layout="wide")
init_state()

pages = {
    "Assess": [
        st.Page("ui/pages/home.py", title="Home", icon="🧭", url_path="home", default=True),
        st.Page("ui/pages/questionnaire.py", title="Questionnaire", icon="📝", url_path="questionnaire"),
        st.Page("ui/pages/join.py", title="Join a workshop", icon="🙋", url_path="join"),
        st.Page("ui/pages/workshop.py", title="Workshop", icon="👥", url_path="workshop"),
    ],
    "Understand": [
        st.Page("ui/pages/results.py", title="Results", icon="📊", url_path="results"),
        st.Page("ui/pages/compare.py", title="Compare", icon="🗺️", url_path="compare"),
        st.Page("ui/pages/bank.py", title="Question bank", icon="📚", url_path="bank"),
    ],
}
st.navigation(pages).run()
