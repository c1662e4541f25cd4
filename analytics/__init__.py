"""Pure computation for the e-commerce operations app (no Streamlit here).

Public entry points (see DESIGN.md): :mod:`analytics.ingest`,
:mod:`analytics.traffic`, :mod:`analytics.rfm`, :mod:`analytics.clustering`,
:mod:`analytics.funnel`, :mod:`analytics.pricing`, :mod:`analytics.budget`,
:mod:`analytics.kpi`.
"""
