"""Streamlit glue shared by the pages (state, charts, strings, widgets)."""
