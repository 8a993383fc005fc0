"""The words of the PCA page: the introduction, the protocol, captions and the metrics' help."""
from __future__ import annotations

import numpy as np

from lib.markdown import escape
from lib.pca import CUMULATIVE, ELLIPSE_SD, KEEP_SHARE, PC1, PC2, RECONSTRUCTION, Decomposition, Features, Plane

INTRO = ("Principal component analysis finds the directions in which the data varies most. They are the "
         "**eigenvectors of the covariance matrix**, and each one's **eigenvalue** is the variance along it; "
         "its share of the total is its *explained variance*. Move the cloud's knobs and watch the arrows follow, "
         "then pick a real dataset and turn **Scale features** off to see the classic pitfall: the feature with "
         "the biggest units takes PC1 for itself.")

PROTOCOL = ("**PCA is unsupervised**: it is fitted on **every row** of the data (there is no train/test split "
            "and it never sees the classes, which only colour the pictures). Numbers are imputed with the median, "
            "text columns one-hot encoded, and with **Scale features** every column is standardised (mean 0, "
            "SD 1) first. Every number is scikit-learn's `PCA(svd_solver=\"full\")`, and the page checks it against "
            "the eigen-decomposition of the covariance matrix.")

METRIC_HELP = {
    PC1: "Share of the total variance along the first principal component: λ₁ / (λ₁ + … + λₚ).",
    PC2: "Share of the total variance along the second principal component: λ₂ / (λ₁ + … + λₚ).",
    CUMULATIVE: "Share of the total variance kept by the first n_components components together.",
    RECONSTRUCTION: "Mean squared error per feature value between the data PCA sees (standardised when scaling "
                    "is on) and its rebuild from the first n_components components: "
                    "mean((Z − inverse_transform(transform(Z)))²). 0 when every component is kept.",
}
METRIC_REASONS = {PC2: "the data has a single feature, so there is no second component."}

PLANE_INTRO = ("**The 2-D view.** The dashed ellipse is the covariance matrix drawn as a shape (at "
               f"{ELLIPSE_SD:g} standard deviations); the arrows are its eigenvectors, each **√eigenvalue** long "
               "(one standard deviation along it). PC1 points along the longest axis, PC2 is at a right angle.")

ONE_FEATURE = ("This data has a single feature column, so there is no 2-D view: its one component is the feature "
               "itself, explaining all of the variance.")

SCALED_CLOUD = ("Scaling is on: standardising two columns leaves only their correlation, so the eigenvectors of a "
                "2-D correlation matrix always lie on the diagonals (±45°) with eigenvalues of about 1 ± r. Rotation and "
                "spread ratio only change r now; turn **Scale features** off to see them turn the arrows.")

SCREE = ("**Scree plot.** Bars: each component's share of the variance (eigenvalue ÷ total), largest first; the "
         "line: the running total. The dark bars are the kept components. A common rule keeps enough components "
         f"to reach {KEEP_SHARE:.0%} (the dotted line), or stops at the elbow where the bars flatten.")

LOADINGS = ("**Loadings** (scikit-learn's `components_`): each row is one eigenvector, a unit-length weight per "
            "feature; a component's score for a row is the weighted sum of its centred features. Large weights "
            "of the same sign move together; the sign of a whole component is arbitrary.")

EIGEN_IMAGES = ("The digits' first components drawn as 8 × 8 images: red pixels add ink, blue remove it. Every "
                "digit is the mean image plus a weighted sum of these.")

PROJECTION = ("**The data in its first two principal components**, coloured by class. PCA never saw the classes: "
              "where they separate here, the directions of largest variance happen to carry them.")

CLUSTERING_LINK = "Cluster this data without its labels (the clustering page draws it in these two components)"

PROJECTION_CLOUD = ("The cloud has no classes; its principal-component coordinates are the 2-D view with "
                    "**Show principal-component coordinates** on. Pick wine, iris, breast cancer or digits to see a "
                    "projection coloured by class.")

EIGEN_TABLE = ("Eigenvalues of the covariance matrix (the variance along each component), their share of the "
               "total and the running total.")


def plane_caption(p: Plane, pc: bool) -> str:
    if pc:
        return (f"In principal-component coordinates the cloud is turned by −{p.angle:.1f}°, so PC1 is horizontal; "
                "its covariance matrix is now diagonal, with the eigenvalues on the diagonal: the components are "
                "uncorrelated.")
    return (f"PC1 points at **{p.angle:.1f}°** from the x axis and carries **{p.pc1_share:.1%}** of the variance "
            f"of these two columns.")


def matrix(*rows: tuple[float, ...]) -> str:
    """A LaTeX matrix of numbers to three decimals."""
    return r"\begin{pmatrix} " + r" \\ ".join(" & ".join(f"{v:.3f}" for v in row) for row in rows) + r" \end{pmatrix}"


def decomposition_markdown(p: Plane) -> str:
    """Σ = V Λ Vᵀ with the numbers filled in (LaTeX)."""
    (a, b), (_, c) = p.covariance
    (v11, v12), (v21, v22) = p.vectors
    l1, l2 = p.eigenvalues
    return (rf"$$\Sigma = {matrix((a, b), (b, c))} = V \Lambda V^\top$$" "\n\n"
            rf"$$\Lambda = {matrix((l1, 0.0), (0.0, l2))}$$" "\n\n" rf"$$V = {matrix((v11, v21), (v12, v22))}$$")


def trace_caption(p: Plane) -> str:
    (a, _), (_, c) = p.covariance
    l1, l2 = p.eigenvalues
    return (f"The columns of V are the eigenvectors v₁ = ({p.vectors[0][0]:.3f}, {p.vectors[0][1]:.3f}) and "
            f"v₂ = ({p.vectors[1][0]:.3f}, {p.vectors[1][1]:.3f}). The eigenvalues add up to the total variance "
            f"(the trace): {l1:.3f} + {l2:.3f} = {a:.3f} + {c:.3f} = {a + c:.3f}.")


def columns_caption(names: tuple[str, str], scaled: bool) -> str:
    units = "standardised" if scaled else "in their own units"
    return (f"Columns **{escape(names[0])}** and **{escape(names[1])}**, {units}: the covariance of just these two "
            "(the full PCA below uses every column).")


def scale_caption(features: Features, d: Decomposition) -> str:
    top = int(np.argmax(np.abs(d.components[0])))
    name = escape(features.names[top])
    if features.scaled:
        return (f"Scaled: every feature counts with variance 1, so PC1 reflects how features move together. Its "
                f"largest weight is on **{name}**.")
    share = float(features.X[:, top].var(ddof=1) / d.total_variance)
    return (f"Not scaled: each feature counts with its own variance, in its own units. PC1's largest weight is on "
            f"**{name}**, which alone holds **{share:.1%}** of the total variance. Turn scaling on to give every "
            "feature the same say.")


def components_caption(d: Decomposition, k: int) -> str:
    need = d.components_for(KEEP_SHARE)
    return (f"{k} of {d.n_components} components keep **{d.cumulative(k):.1%}** of the variance; "
            f"{need} {'is' if need == 1 else 'are'} needed for {KEEP_SHARE:.0%}.")


def digits_caption(k: int, error: float, scaled: bool) -> str:
    space = "standardised pixels" if scaled else "pixel units (0–16)"
    return (f"The first image of each digit (top) and its rebuild from **{k}** components (bottom): the mean image "
            f"plus {k} weighted eigendigits. Reconstruction error over all 1,797 images: **{error:.3f}** "
            f"(mean squared error, {space}).")


def clipped_note(asked: int, shown: int) -> str:
    return (f"n_components = {asked} is more than this data's {shown} component{'s' if shown != 1 else ''}, so "
            f"{shown} {'are' if shown != 1 else 'is'} kept.")
