"""
Reference job for issue 15: what a data scientist would write in Python for the same segmentation.

load -> clean -> RFM + category features (23 columns) -> autoencoder 23-64-32-8 (PyTorch, 20 epochs)
-> k-means for k = 2..10 with silhouette (scikit-learn) -> segment profiles -> Cramer's V of the
segments against gender, age band and region.

It is a benchmark reference, not a dependency of seglab: bench/versus-python.ts runs it beside
`seglab run` on the same generated files and prints both. Prints one JSON object on stdout:
{"stages": [{"stage", "seconds", "peakRssMb"}], "k", "silhouette", "rows", "features"}.

Usage: python segment_reference.py <folder with customers.csv and transactions.csv> [seed]
Needs pandas, numpy, scikit-learn, scipy, torch (a venv outside the repo, see bench/versus-python.ts).
"""
import json
import resource
import sys
import time

import numpy as np
import pandas as pd
import torch
from scipy.stats import chi2_contingency
from sklearn.cluster import KMeans
from sklearn.metrics import silhouette_score
from sklearn.preprocessing import StandardScaler

folder = sys.argv[1]
seed = int(sys.argv[2]) if len(sys.argv) > 2 else 42
stages = []
t_start = time.perf_counter()
t_last = t_start


def mark(stage):
    """Record the wall time since the last mark and the process's peak RSS so far."""
    global t_last
    now = time.perf_counter()
    stages.append({"stage": stage, "seconds": round(now - t_last, 3),
                   "peakRssMb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)})
    t_last = now


# load
customers = pd.read_csv(f"{folder}/customers.csv", dtype=str, keep_default_na=False)
orders = pd.read_csv(f"{folder}/transactions.csv", dtype={"customer_id": str, "category": str},
                     keep_default_na=False)
mark("load")

# clean: last row per customer id, incomes as numbers ("45,000", "n/a", "?"), impossible ages,
# order lines without a customer or for unknown customers dropped
customers = customers[customers["customer_id"] != ""].drop_duplicates("customer_id", keep="last")
income = pd.to_numeric(customers["income"].str.replace(",", "", regex=False).str.strip('"'), errors="coerce")
age = pd.to_numeric(customers["age"], errors="coerce")
age = age.where((age >= 16) & (age <= 110))
customers = customers.assign(income=income.fillna(income.median()), age=age.fillna(age.median()))
orders = orders[orders["customer_id"] != ""]
orders["amount"] = pd.to_numeric(orders["amount"], errors="coerce")
orders["quantity"] = pd.to_numeric(orders["quantity"], errors="coerce")
orders["order_date"] = pd.to_datetime(orders["order_date"], format="%Y-%m-%d", errors="coerce")
orders = orders.dropna(subset=["amount", "order_date"])
orders = orders[orders["customer_id"].isin(customers["customer_id"])]
mark("clean")

# features: RFM, basket, tenure, 7 category spend shares, age, income, gender and marital status (23)
as_of = orders["order_date"].max() + pd.Timedelta(days=1)
g = orders.groupby("customer_id")
rfm = pd.DataFrame({
    "recency_days": (as_of - g["order_date"].max()).dt.days,
    "frequency": g["order_date"].size(),
    "monetary": g["amount"].sum(),
    "avg_order_value": g["amount"].mean(),
    "tenure_days": (as_of - g["order_date"].min()).dt.days,
    "categories": g["category"].nunique(),
    "avg_quantity": g["quantity"].mean(),
})
shares = orders.pivot_table(index="customer_id", columns="category", values="amount", aggfunc="sum", fill_value=0)
shares = shares.div(shares.sum(axis=1).where(lambda s: s != 0, 1), axis=0).add_prefix("share_")
profile = customers.set_index("customer_id")
table = rfm.join(shares).join(profile[["age", "income", "gender", "marital_status", "consent_marketing", "region"]], how="inner")
table["income"] = np.log1p(table["income"].clip(lower=0))
for col in ["monetary", "avg_order_value", "frequency"]:
    table[col] = np.sign(table[col]) * np.log1p(table[col].abs())
dummies = pd.get_dummies(table[["gender", "marital_status"]], dtype=float)
dummies = dummies.loc[:, dummies.mean() > 0.005]
numeric = table.drop(columns=["gender", "marital_status", "consent_marketing", "region"])
features = pd.concat([numeric, dummies], axis=1).astype(float)
x = StandardScaler().fit_transform(features.to_numpy())
mark("features")

# embed: autoencoder d-64-32-8, 20 epochs, Adam, batch 256, every row
torch.manual_seed(seed)
d = x.shape[1]
encoder = torch.nn.Sequential(torch.nn.Linear(d, 64), torch.nn.ReLU(), torch.nn.Linear(64, 32), torch.nn.ReLU(), torch.nn.Linear(32, 8))
decoder = torch.nn.Sequential(torch.nn.Linear(8, 32), torch.nn.ReLU(), torch.nn.Linear(32, 64), torch.nn.ReLU(), torch.nn.Linear(64, d))
model = torch.nn.Sequential(encoder, decoder)
optimiser = torch.optim.Adam(model.parameters(), lr=1e-3)
xt = torch.tensor(x, dtype=torch.float32)
generator = torch.Generator().manual_seed(seed)
for epoch in range(20):
    order = torch.randperm(len(xt), generator=generator)
    for start in range(0, len(xt), 256):
        batch = xt[order[start:start + 256]]
        optimiser.zero_grad()
        loss = torch.nn.functional.mse_loss(model(batch), batch)
        loss.backward()
        optimiser.step()
with torch.no_grad():
    embedding = encoder(xt).numpy().astype(np.float64)
mark("embed")

# cluster: k-means k = 2..10 (k-means++, 5 starts), silhouette on a seeded 10,000-row sample
scores = {}
fits = {}
for k in range(2, 11):
    km = KMeans(n_clusters=k, n_init=5, random_state=seed).fit(embedding)
    fits[k] = km.labels_
    scores[k] = float(silhouette_score(embedding, km.labels_, sample_size=10_000, random_state=seed))
best_k = max(scores, key=scores.get)
labels = fits[best_k]
mark("cluster")

# profiles and Cramer's V against the protected attributes
table["segment"] = labels
profiles = table.groupby("segment")[list(rfm.columns) + ["age", "income"]].agg(["mean", "median"])
sizes = table["segment"].value_counts().sort_index()


def cramers_v(a, b):
    crosstab = pd.crosstab(a, b)
    chi2 = chi2_contingency(crosstab, correction=False)[0]
    n = crosstab.to_numpy().sum()
    return float(np.sqrt(chi2 / (n * (min(crosstab.shape) - 1))))


age_band = pd.cut(table["age"], [0, 25, 35, 45, 55, 65, 200])
association = {name: cramers_v(table["segment"], col) for name, col in
               [("gender", table["gender"]), ("age", age_band), ("region", table["region"])]}
mark("profile + Cramer's V")

total = time.perf_counter() - t_start
print(json.dumps({"stages": stages, "total": round(total, 3),
                  "peakRssMb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
                  "k": int(best_k), "silhouette": scores[best_k], "rows": int(len(table)),
                  "features": int(d), "cramersV": association, "sizes": sizes.tolist()}))
