"""Generate datasets/churn.csv: a synthetic but realistic customer-churn table.

Run from the repository root:  python datasets/make_churn.py
The output is byte-for-byte reproducible (fixed seed); datasets/README.md
describes the generative story and the columns.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

SEED = 20251124
N_CUSTOMERS = 4000
OUT = Path(__file__).with_name("churn.csv")


def generate(n: int = N_CUSTOMERS, seed: int = SEED) -> pd.DataFrame:
    rng = np.random.default_rng(seed)

    contract = rng.choice(["month-to-month", "one-year", "two-year"], n, p=[0.55, 0.25, 0.20])
    # Longer contracts go with longer tenure.
    tenure_scale = np.select([contract == "month-to-month", contract == "one-year"], [14.0, 30.0], 45.0)
    tenure = np.clip(rng.exponential(tenure_scale), 1, 72).round().astype(int)

    internet = rng.choice(["fiber", "dsl", "none"], n, p=[0.45, 0.35, 0.20])
    base_charge = np.select([internet == "fiber", internet == "dsl"], [80.0, 55.0], 25.0)
    monthly = np.round(base_charge + rng.normal(0, 12, n).clip(-20, 35), 2).clip(18, 120)
    total = np.round(monthly * tenure * rng.normal(1.0, 0.03, n), 2)

    payment = rng.choice(
        ["electronic check", "mailed check", "bank transfer", "credit card"], n, p=[0.35, 0.2, 0.23, 0.22]
    )
    paperless = np.where(rng.random(n) < 0.6, "yes", "no")
    senior = (rng.random(n) < 0.16).astype(int)
    # Fibre customers call support more; calls are the strongest single warning sign.
    support_calls = rng.poisson(np.where(internet == "fiber", 1.6, 0.9))

    # Churn: a logistic model of the story above (log-odds contributions).
    logit = (
        -2.05
        + np.select([contract == "month-to-month", contract == "one-year"], [1.1, -0.4], -1.6)
        - 0.035 * (tenure - 12)
        + 0.018 * (monthly - 65)
        + 0.38 * support_calls
        + np.where(payment == "electronic check", 0.55, 0.0)
        + np.where(senior == 1, 0.35, 0.0)
        + np.where(paperless == "yes", 0.2, 0.0)
    )
    churned = rng.random(n) < 1 / (1 + np.exp(-logit))

    df = pd.DataFrame({
        "tenure_months": tenure,
        "monthly_charges": monthly,
        "total_charges": total,
        "contract": contract,
        "internet_service": internet,
        "payment_method": payment,
        "paperless_billing": paperless,
        "senior_citizen": senior,
        "support_calls": support_calls,
        "churn": np.where(churned, "yes", "no"),
    })
    # Real exports have gaps: blank totals for some accounts, unrecorded payment methods.
    df["total_charges"] = df["total_charges"].astype(float)
    df.loc[rng.random(n) < 0.015, "total_charges"] = np.nan
    df.loc[rng.random(n) < 0.02, "payment_method"] = np.nan
    df.loc[rng.random(n) < 0.01, "monthly_charges"] = np.nan
    return df


if __name__ == "__main__":
    frame = generate()
    frame.to_csv(OUT, index=False)
    share = (frame["churn"] == "yes").mean()
    print(f"wrote {OUT} ({len(frame)} rows, {share:.1%} churners, {int(frame.isna().sum().sum())} missing cells)")
