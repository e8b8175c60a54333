"""The digest's chart: expected rate per hour with its band for the top listings, and the week's effective rate per
platform, each against the minimum line. SVG with text drawn as paths, so no scraped text reaches the markup."""

import io
import re
import statistics

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402 - the backend is chosen first

from taskrank.digest_model import Digest  # noqa: E402

LABEL_LIMIT = 38
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
BARS = 10
# The rate axis ends at this many times the typical listing's rate (or the minimum), not at one outlier's band.
CLIP_TIMES = 3.0


def chart_svg(digest: Digest) -> str:
    top = [r for r in digest.top if r.get("rate_per_hour") is not None][:BARS]
    week = [w for w in digest.week if w["per_hour"] is not None]
    panels = 1 + bool(week)
    # Scraped titles are drawn as written: "$…$" is text, never mathtext to parse.
    style = {"svg.fonttype": "path", "font.size": 9, "svg.hashsalt": "taskrank", "text.parse_math": False}
    with plt.rc_context(style):
        ratios = [max(len(top), 1)] + ([max(len(week), 1)] if week else [])
        size = (7.5, 0.42 * len(top) + 1.6 + (2.2 if week else 0))
        figure, axes = plt.subplots(panels, 1, figsize=size, squeeze=False, height_ratios=ratios)
        _rates(axes[0][0], top, digest)
        if week:
            _week(axes[1][0], week, digest)
        figure.tight_layout()
        out = io.StringIO()
        figure.savefig(out, format="svg", metadata={"Date": None})
        plt.close(figure)
    # matplotlib repeats each label's text in an XML comment; scraped text must not ride along.
    return _COMMENT.sub("", out.getvalue())


def rate_axis_limit(rows: list[dict], minimum: float) -> float:
    """Where the rate axis ends: past every band, unless one listing's would squash the rest and the minimum line
    into the axis's first tenth; then at a few times the typical rate, and longer bars are marked as cut."""
    highest = max([r["rate_high"] for r in rows] + [r["rate_per_hour"] for r in rows] + [minimum])
    typical = statistics.median([r["rate_per_hour"] for r in rows]) if rows else minimum
    return min(highest, max(CLIP_TIMES * typical, CLIP_TIMES * minimum))


def _rates(ax: object, rows: list[dict], digest: Digest) -> None:
    labels = [_label(r) for r in rows][::-1]
    limit = rate_axis_limit(rows, digest.minimum)
    rates = [min(r["rate_per_hour"], limit) for r in rows][::-1]
    low = [max(min(r["rate_per_hour"], limit) - min(r["rate_low"], limit), 0) for r in rows][::-1]
    high = [max(min(r["rate_high"], limit) - min(r["rate_per_hour"], limit), 0) for r in rows][::-1]
    y = range(len(rows))
    ax.barh(list(y), rates, color="#3b7dd8", height=0.55)
    ax.errorbar(rates, list(y), xerr=[low, high], fmt="none", ecolor="#1b2a41", capsize=3, linewidth=1)
    for row_y, row in zip(y, rows[::-1], strict=True):
        if row["rate_high"] > limit:
            ax.text(limit, row_y, f" {row['rate_per_hour']:.0f} ▸", va="center", ha="left", fontsize=8)
    ax.set_xlim(0, limit * 1.12)
    ax.axvline(digest.minimum, color="#c0392b", linestyle="--", linewidth=1.2, label=f"your minimum {digest.minimum:g}")
    ax.set_yticks(list(y), labels)
    cut = " · bars past the axis end in ▸ with their rate" if any(r["rate_high"] > limit for r in rows) else ""
    ax.set_xlabel(f"expected {digest.currency} per hour of real time (p10–p90 band){cut}")
    ax.set_title("Top listings")
    ax.legend(loc="lower right", fontsize=8)


def _week(ax: object, week: list[dict], digest: Digest) -> None:
    names = [w["platform"] for w in week][::-1]
    rates = [w["per_hour"] for w in week][::-1]
    colours = ["#c0392b" if w["below_minimum"] else "#27ae60" for w in week][::-1]
    ax.barh(names, rates, color=colours, height=0.55)
    ax.axvline(digest.minimum, color="#c0392b", linestyle="--", linewidth=1.2)
    ax.set_xlabel(f"your effective {digest.currency} per hour this week (work log)")
    ax.set_title("Your week")


def _label(row: dict) -> str:
    title = " ".join(str(row.get("title") or "").split())
    title = title if len(title) <= LABEL_LIMIT else title[: LABEL_LIMIT - 1] + "…"
    return f"{row['platform']}: {title}"
