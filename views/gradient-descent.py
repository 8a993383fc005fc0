"""Gradient descent and the learning rate: five optimisers on a quadratic, Rosenbrock's valley and the real
logistic-regression loss; the path on the contours, the loss per step, the 2/λmax rule, scikit-learn's optimum."""
import numpy as np
import pandas as pd
import streamlit as st

from lib import gradient_descent as gd
from lib import links
from lib.gradient_descent import Run, Setting, shown
from lib.plots import gradient_descent as plots
from lib.text import gradient_descent as text
from lib.ui import cache, live_chart, share, show
from lib.ui.rehearse import rehearse_panel
from lib.ui.url import bound, drop_unread, notices_at_top

PAGE = "gradient-descent"


# --- cached steps: one optimisation per setting, one contour grid per surface view -------------------------

@cache.cached(max_entries=128)
def optimised(setting: Setting) -> Run:
    return gd.run(setting)


@cache.cached(max_entries=32)
def contours(surface: str, condition: float, start_x: float, start_y: float) -> gd.Contour:
    return gd.contour(Setting(surface=surface, condition=condition, start_x=start_x, start_y=start_y))


# --- panels --------------------------------------------------------------------------------------------------

def controls() -> Setting:
    """Every control in the sidebar, bound to the URL, each only where it applies (momentum with a velocity,
    batch size with SGD, the condition number on the quadratic)."""
    st.sidebar.header("Setup")
    values: dict = {}
    with notices_at_top(st.container()):
        for param in gd.PARAMS:
            if param.name in links.params_for(PAGE, values):
                values[param.name] = bound(PAGE, param.name, values, container=st.sidebar)
    drop_unread(PAGE, values)
    st.sidebar.caption(f"{gd.SURFACE_NAMES[values['surface']]} · {gd.OPTIMIZER_NAMES[values['optimizer']]}")
    share.share_box()
    return Setting(**{k: v for k, v in values.items() if k in Setting.__dataclass_fields__})


def headline(run: Run) -> None:
    reasons = text.metric_reasons(run)
    items = list(run.metrics.items())
    for row in (items[:3], items[3:]):  # the run's outcome, then the curvature that explains it
        for column, (label, value) in zip(st.columns(3), row, strict=False):
            help_text = f"{reasons[label]} {text.METRIC_HELP[label]}" if label in reasons else text.METRIC_HELP[label]
            column.metric(label, shown(value), help=help_text, border=True)
    kind, message = text.status(run)
    {"error": st.error, "warning": st.warning, "success": st.success}[kind](
        message, icon={"error": ":material/error:", "warning": ":material/hourglass_top:",
                       "success": ":material/check_circle:"}[kind])


def pictures(run: Run) -> None:
    left, right = st.columns([5, 4], gap="medium")
    with left:
        st.markdown("**The path on the loss surface**")
        s = run.setting  # the figures are live charts: built once per setting (the path's frames are the slowest)
        live_chart.plotly_chart(lambda: plots.contour_figure(run, contours(s.surface, s.condition, s.start_x, s.start_y)),
                                key="contour", same_for=s)
        st.caption("Shading: log₁₀(loss − minimum). ★ the optimum, ■ the start. ▶ Play draws the path step by step; "
                   "the slider under the chart picks a step.")
    with right:
        st.markdown("**Loss − minimum per step (log axis)**")
        live_chart.plotly_chart(lambda: plots.loss_figure(run), key="loss", same_for=s)
        st.caption(f"A straight falling line is linear convergence; the dashed line is the tolerance "
                   f"{gd.TOLERANCE:g} that `Steps to converge` uses.")


def surface_panel(run: Run) -> None:
    if run.setting.surface == gd.QUADRATIC:
        st.markdown(text.stability(run))
    elif run.setting.surface == gd.ROSENBROCK:
        st.caption(text.ROSENBROCK_NOTE)
    else:
        st.subheader("From scratch vs scikit-learn")
        st.caption(text.LOGISTIC_NOTE)
        end = [np.nan, np.nan] if run.status == gd.DIVERGED else run.end
        table = pd.DataFrame({"Path end (numpy)": end, "scikit-learn coef_": run.sklearn_coef},
                             index=[f"w₁ ({gd.LOGISTIC_FEATURES[0]})", f"w₂ ({gd.LOGISTIC_FEATURES[1]})"])
        table["Difference"] = table.iloc[:, 0] - table.iloc[:, 1]
        st.dataframe(table, column_config={c: st.column_config.NumberColumn(format="%.6f") for c in table.columns})
        st.caption(text.sklearn_caption(run))
        st.page_link("views/fitting.py", label="Logistic regression's C on the over- and underfitting page",
                     icon=":material/arrow_forward:", query_params=links.carried_over(
                         "fitting", {}, dataset="breast_cancer", model="logistic_regression"))


def update_panel(setting: Setting) -> None:
    st.subheader("The update rule in numpy")
    st.code("\n".join([gd.settings_code(setting).rstrip(), "for t in range(1, steps + 1):",
                       *("    " + line for line in gd.update_code(setting.optimizer).splitlines())]),
            language="python")
    st.caption(text.update_caption(setting.optimizer))


# --- the page ------------------------------------------------------------------------------------------------

st.title("Gradient descent and learning rate")
st.markdown(text.INTRO)
setting = controls()
run = optimised(setting)
headline(run)
logistic = run.setting.surface == gd.LOGISTIC
if not logistic:
    surface_panel(run)  # the 2/λmax rule (or Rosenbrock's valley) above the pictures it explains
pictures(run)
if logistic:
    surface_panel(run)  # the end of the path beside scikit-learn's solution
update_panel(setting)
show.reproduce(gd.gradient_descent_script(setting))
show.related_pages(PAGE)
rehearse_panel(PAGE, gd.gradient_descent_checks(run))
