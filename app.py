"""Wayfinder's Streamlit entry point: page config and navigation only."""

import streamlit as st

st.set_page_config(page_title="Wayfinder", page_icon="🧭", layout="wide")
st.title("Wayfinder")
st.write("Digital-transformation maturity assessments for the public sector. The app is being built.")
