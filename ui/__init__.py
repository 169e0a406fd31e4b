"""The Wayfinder Streamlit app: pages, session state and shared resources."""
