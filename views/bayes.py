"""Bayes' theorem and base rates: what a positive test means, as exact probabilities and natural frequencies,
with a second test and the link to precision on rare positives."""
import streamlit as st

from lib import bayes, links
from lib.plots import bayes as plots
from lib.text import bayes as text
from lib.ui import cache, live_chart, share, show
from lib.ui.rehearse import rehearse_panel
from lib.ui.url import bound, drop_unread, notices_at_top

PAGE = "bayes"


# --- cached steps: closed form only, so one curve per test setting -------------------------------------------

@cache.cached(max_entries=64, data=True)
def ppv_curve(sensitivity: float, specificity: float, second: tuple[float, float] | None) -> bayes.Curve:
    return bayes.curve(sensitivity, specificity, second)


# --- panels ----------------------------------------------------------------------------------------------

def apply_preset(preset_id: str) -> None:
    """Write a preset's values into the bound controls (which write the URL), before the page reruns."""
    for key, value in bayes.PRESETS[preset_id].values.items():
        st.session_state[key] = value


def presets_row() -> None:
    st.markdown(text.PRESETS_INTRO)
    for column, preset in zip(st.columns(len(bayes.PRESETS)), bayes.PRESETS.values(), strict=True):
        column.button(preset.label, key=f"preset:{preset.id}", help=preset.story, on_click=apply_preset,
                      args=(preset.id,), width="stretch", icon=":material/tune:")


def controls() -> dict:
    """Every control of the page, bound to the URL (notices for bad link values go to the top)."""
    values = {}
    with notices_at_top(st.container()), st.container(border=True):
        for column, key in zip(st.columns(4), ("prevalence", "sensitivity", "specificity", "population"), strict=True):
            values[key] = bound(PAGE, key, container=column)
        left, middle, right = st.columns([2, 1, 1])
        values["second_test"] = bound(PAGE, "second_test", container=left)
        for column, key in ((middle, "second_sensitivity"), (right, "second_specificity")):
            values[key] = bound(PAGE, key, container=column, disabled=not values["second_test"])
    preset = bayes.matching_preset(values)
    st.caption(f"Preset: **{bayes.PRESETS[preset].label}** — {bayes.PRESETS[preset].story}" if preset else
               f"Prevalence {values['prevalence']:.1%} = 1 in {1 / values['prevalence']:,.0f}.")
    return values


def count_metrics(counts: bayes.Counts) -> None:
    for column, (label, value) in zip(st.columns(4), counts.values().items(), strict=True):
        column.metric(label, bayes.shown(value), help=text.METRIC_HELP[label], border=True)


def pictures(result: bayes.BayesResult, counts: bayes.Counts, setting: tuple) -> None:
    """The two pictures, live charts kept per `setting` (every control's value)."""
    left, right = st.columns(2, gap="medium")
    with left:
        st.markdown("**The population as natural frequencies**")
        live_chart.plotly_chart(lambda: plots.icon_array(counts), key="icon_array", same_for=setting)
        st.caption(text.icon_caption(counts, plots.grid_columns(counts.population)))
    with right:
        st.markdown("**The probability tree**")
        live_chart.plotly_chart(lambda: plots.probability_tree(result, counts), key="tree", same_for=setting)
        st.caption(text.TREE_CAPTION)


def second_panel(second: bayes.SecondTest | None, counts: bayes.Counts) -> None:
    st.subheader("A second, independent test: the posterior becomes the prior")
    if second is None:
        st.caption(text.SECOND_OFF)
        return
    show.metrics(second.values(), text.METRIC_HELP, per_row=2)
    st.latex(text.second_formula(second))
    st.caption(text.second_caption(second, counts))


def links_panel(result: bayes.BayesResult) -> None:
    st.subheader("PPV is precision")
    st.markdown(text.precision_note(result))
    share, rounded = bayes.imbalance_share(result.prevalence)
    left, right = st.columns(2)
    left.page_link("views/imbalance.py", label=f"The imbalance page at positive share {share:g}",
                   icon=":material/balance:", query_params=links.carried_over("imbalance", {}, minority=share))
    left.caption(text.share_note(result.prevalence, share, rounded))
    right.page_link("views/classification.py", label="Precision and recall at a threshold", icon=":material/tune:")
    right.caption("On the classification page, precision = TP / (TP + FP) is this page's PPV and recall its "
                  "sensitivity, for a model's scores at a threshold.")


# --- the page ------------------------------------------------------------------------------------------------

st.title("Bayes' theorem and base rates")
st.markdown(text.INTRO)
presets_row()
values = controls()
drop_unread(PAGE, values)  # keys this page does not read leave the address: it stays the share link
share.share_box()
result = bayes.evaluate(values["prevalence"], values["sensitivity"], values["specificity"])
counts = bayes.natural_frequencies(values["population"], result.prevalence, result.sensitivity, result.specificity)
second = (bayes.second_update(result, values["second_sensitivity"], values["second_specificity"])
          if values["second_test"] else None)

st.subheader("What a test result means here")
show.metrics(result.values(), text.METRIC_HELP)
count_metrics(counts)
st.caption(text.counts_caption(result, counts))
st.latex(text.ppv_formula(result))
with st.expander("NPV and the odds form of Bayes' theorem", icon=":material/function:"):
    st.latex(text.npv_formula(result))
    st.latex(text.odds_formula(result))
setting = tuple(sorted(values.items()))
pictures(result, counts, setting)
st.markdown("**PPV and NPV against prevalence**")
test_two = (second.sensitivity, second.specificity) if second else None
live_chart.plotly_chart(lambda: plots.ppv_curve(ppv_curve(result.sensitivity, result.specificity, test_two), result,
                                                second), key="ppv_curve", same_for=setting)
st.caption(text.curve_caption(result))
second_panel(second, counts)
links_panel(result)
show.reproduce(bayes.bayes_script(result.prevalence, result.sensitivity, result.specificity, counts.population,
                                  test_two))
show.related_pages(PAGE)
rehearse_panel(PAGE, bayes.bayes_checks(result, counts, second))
