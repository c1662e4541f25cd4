"""Budget allocation: response curves, live what-if, optimiser and scenarios.

A router: the sections live in ``ui/budget_sections.py`` (source, settings, manual curves,
quality), ``ui/budget_plan.py`` (what-if fragment, saving, optimiser) and
``ui/budget_scenarios.py``; imported modules are compiled once, this page on every run.
"""

import streamlit as st

from ui import budget_plan as plan
from ui import budget_scenarios as scen
from ui import budget_sections as sec
from ui import engine_caption
from ui.i18n import t

st.title(t("nav.budget"))
engine_caption.where("spend")
ds = sec.pick_source()
settings = sec.curve_settings(ds)
fitted = sec.fit(ds, settings)
manual = sec.manual_section(fitted)
ctx = sec.build_context(ds, settings, fitted, manual)
scen.name_scenarios(ctx)

sec.quality_section(ctx)
plan.whatif_controls(ctx)
plan.whatif_section(ctx)
plan.save_section(ctx)
plan.optimiser_section(ctx)
scen.scenarios_section(ctx)
