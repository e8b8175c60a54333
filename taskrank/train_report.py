"""The training report: real labels first, synthetic apart, every figure beside the baselines; JSON and Markdown."""

import json
import math
from pathlib import Path

from ranking.model_store import TrainedModel
from ranking.training import MIN_REAL_PER_PLATFORM

METRICS = [
    ("spearman_hourly_pay", "Spearman correlation of predicted with real hourly pay (the order)", "{:.3f}"),
    ("precision_top_fifth", "Precision at the top fifth: predicted top 20% by hourly pay really there", "{:.1%}"),
    ("pay_within_75pct", "Hourly pay within ±75% of the labelled one (TurkScanner's measure)", "{:.1%}"),
    ("pay_within_25pct", "Hourly pay within ±25%", "{:.1%}"),
    ("median_abs_log_error", "Median absolute error, log minutes (lower is better)", "{:.3f}"),
    ("median_predicted_over_real", "Median predicted ÷ real minutes", "{:.2f}"),
    ("band_coverage", "Minutes inside the p10–p90 band (aim: about 80%)", "{:.1%}"),
    ("calibrated_band_coverage", "… once calibrated on the other requesters' labels", "{:.1%}"),
    ("ndcg_at_20", "NDCG@20 by the label's pay per minute", "{:.3f}"),
]
ESTIMATORS = [("stated", "Stated time as is"), ("prior", "No-label estimate (the prior)"), ("model", "Model")]


def write_report(directory: Path, report: dict, model: TrainedModel | None) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    strict = json.dumps(_finite(report), indent=2, sort_keys=True, allow_nan=False)
    (directory / "train_report.json").write_text(strict, encoding="utf-8")
    path = directory / "train_report.md"
    path.write_text(render(report, model), encoding="utf-8")
    return path


def render(report: dict, model: TrainedModel | None) -> str:
    labels = ", ".join(f"{n:,} {source}" for source, n in sorted(report["labels"].items())) or "none"
    lines = ["# Time model: training report", "", f"Labels: {labels}.", ""]
    if model is None:
        lines += [
            f"**No model**: {sum(report['labels'].values()):,} usable labels, {report['min_labels']} needed to train. "
            "Every listing is ranked by the prior: published figures (ranking/priors.py, each with its source), "
            "marked in each row's reasons.",
            "",
        ]
    else:
        lines += [f"Versions: {', '.join(f'{k} {v}' for k, v in model.versions.items())}.", ""]
    lines += _real_section(report["real"])
    if "synthetic" in report:
        lines += _synthetic_section(report["synthetic"])
    serving = ", ".join(report["serving_platforms"]) or "none"
    lines += [
        "## Where the model serves",
        "",
        f"Serving: {serving}. The model replaces the prior only on a platform with at least "
        f"{MIN_REAL_PER_PLATFORM} real labels from at least two requesters, where on requesters it never saw it had a "
        "lower median error than the prior and ranked hourly pay at least as well (Spearman). Synthetic labels never "
        "decide this.",
        "",
    ]
    return "\n".join(lines)


def _real_section(real: dict) -> list[str]:
    lines = ["## Real labels (held out by requester)", ""]
    if not real["platforms"]:
        return lines + [
            "No real labels yet: import a work log, crawl platforms that publish average times, or set "
            "`[model] labelled_exports`. The prior's figures are published ones, not fitted here.",
            "",
        ]
    lines.append(
        "The prior is fitted to none of these labels, but its reward line was derived from the public MTurk exports "
        "in shared/real-labels (ranking/priors.py): on those rows its figures are in-sample. The model's are out of "
        "fold: each requester's listings are predicted by a model fitted without any of that requester's."
    )
    for platform, section in sorted(real["platforms"].items()):
        shown = [(key, name) for key, name in ESTIMATORS if section.get(key, {}).get("rows")]
        lines += [
            "",
            f"### {platform}: {section['rows']:,} real labels from {section['requesters']} requesters",
            "",
            "| Measure | " + " | ".join(name for _, name in shown) + " |",
            "|---|" + "---:|" * len(shown),
        ]
        for metric, label, fmt in METRICS:
            if any(metric in section[key] for key, _ in shown):
                cells = [_figure(fmt, section[key].get(metric)) for key, _ in shown]
                lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return lines + [""]


def _synthetic_section(synthetic: dict) -> list[str]:
    lines = [
        "## SYNTHETIC labels (held out at random)",
        "",
        "Generated, not observed (ranking/synthetic_labels.py): these figures describe the generator's world only.",
        "",
        "| Measure | Prior | Model |",
        "|---|---:|---:|",
    ]
    for metric, label, fmt in METRICS:
        if metric in synthetic["model"]:
            lines.append(
                f"| {label} | {_figure(fmt, synthetic['prior'][metric])} | {_figure(fmt, synthetic['model'][metric])} |"
            )
    return lines + [f"\nRows held out: {synthetic['model']['rows']:,}.", ""]


def _figure(fmt: str, value: float | None) -> str:
    """A measure as the report prints it; "—" where it could not be measured (too few rows, one value)."""
    return fmt.format(value) if value is not None and math.isfinite(value) else "—"


def _finite(value: object) -> object:
    """The report as strict JSON holds it: a figure that could not be measured is null, not NaN."""
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_finite(v) for v in value]
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value
