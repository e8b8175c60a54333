"""The time model on SYNTHETIC labels from the seeded generator, its persistence, and its features."""

import json

import numpy as np
import pandas as pd
import pytest

from ranking import model_store
from ranking.features import feature_frame
from ranking.requester_history import RequesterHistory, requester_history
from ranking.synthetic_labels import generate
from ranking.text_hashing import TokenHasher
from ranking.time_estimate import estimate_minutes
from ranking.training import MIN_REAL_PER_PLATFORM, train
from taskrank.labels import LABEL_COLUMNS

FX = {"USD": 1.0, "GBP": 0.79, "EUR": 0.92}


def gather_empty() -> pd.DataFrame:
    return pd.DataFrame(columns=LABEL_COLUMNS)


def labelled(rows: int, seed: int, source: str = "synthetic") -> pd.DataFrame:
    frame = generate(rows, seed=seed)
    frame["label_source"], frame["weight"], frame["label_group"] = source, 1.0, frame["requester_id"]
    return frame


@pytest.fixture(scope="module")
def trained():
    # SYNTHETIC rows stand in for a person's work log here: they exercise the rules for real labels, nothing more.
    return train(pd.concat([labelled(8000, 11), labelled(600, 12, "work log")], ignore_index=True), FX, seed=11)


def test_model_beats_the_prior_on_held_out_synthetic_labels(trained):
    _, report = trained
    model, prior = report["synthetic"]["model"], report["synthetic"]["prior"]
    assert model["median_abs_log_error"] < prior["median_abs_log_error"]
    assert model["ndcg_at_20"] > prior["ndcg_at_20"]
    assert model["pay_within_75pct"] > prior["pay_within_75pct"]
    assert 0.75 <= model["band_coverage"] <= 0.85


def test_real_labels_are_scored_by_held_out_requester_beside_the_stated_time_and_the_prior(trained):
    _, report = trained
    mturk = report["real"]["platforms"]["mturk"]
    assert mturk["rows"] > 100 and mturk["requesters"] > 20
    assert {"stated", "prior", "model"} <= set(mturk)
    assert mturk["prior"]["median_abs_log_error"] < mturk["stated"]["median_abs_log_error"]
    assert "calibrated_band_coverage" in mturk["model"]


def test_model_serves_only_where_it_beat_the_prior_on_real_labels(trained):
    model, report = trained
    assert model.serving_platforms, "the work-log rows should put the model in service somewhere"
    for platform in model.serving_platforms:
        section = report["real"]["platforms"][platform]
        assert section["model"]["median_abs_log_error"] < section["prior"]["median_abs_log_error"]
        assert section["rows"] >= MIN_REAL_PER_PLATFORM


def test_synthetic_labels_alone_never_put_the_model_in_service():
    model, report = train(labelled(3000, 5), FX, seed=5)
    assert model is not None and model.serving_platforms == [] and report["real"]["platforms"] == {}


def test_estimates_use_the_model_only_on_serving_platforms_and_keep_observed_averages(trained):
    model, _ = trained
    rows = generate(40, seed=3)
    rows.loc[0, "observed_minutes"] = 12.0
    out = estimate_minutes(rows, FX, model, None)
    assert out.loc[0, "minutes_used"] == 12.0 and out.loc[0, "minutes_source"] == "observed average"
    served = rows["platform"].isin(model.serving_platforms) & rows.index.to_series().ne(0)
    assert set(out.loc[served, "minutes_source"]) == {"time from model"}
    assert not out.loc[~rows["platform"].isin(model.serving_platforms), "minutes_source"].eq("time from model").any()
    assert (out["minutes_p10"] <= out["minutes_used"]).all() and (out["minutes_used"] <= out["minutes_p90"]).all()


def test_saved_model_loads_and_predicts_the_same(trained, tmp_path):
    model, _ = trained
    model_store.save(model, tmp_path)
    again = model_store.load(tmp_path)
    rows = generate(50, seed=5)
    before = estimate_minutes(rows, FX, model, None)
    after = estimate_minutes(rows, FX, again, None)
    pd.testing.assert_frame_equal(before, after)
    card = json.loads((tmp_path / model_store.CARD_FILE).read_text())
    assert card["training"]["labels"] == {"synthetic": 8000, "work log": 600}
    assert card["versions"]["scikit-learn"]


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda c: c["versions"].update({"scikit-learn": "0.24.2"}), "trained with scikit-learn 0.24.2"),
        (lambda c: c["feature_schema"].update({"numeric": ["other"]}), "feature schema differs"),
        (lambda c: c.update({"format_version": 99}), "model format 99"),
    ],
)
def test_model_from_another_setup_is_refused_with_a_hint(trained, tmp_path, edit, message):
    model, _ = trained
    model_store.save(model, tmp_path)
    card_path = tmp_path / model_store.CARD_FILE
    card = json.loads(card_path.read_text())
    edit(card)
    card_path.write_text(json.dumps(card))
    with pytest.raises(model_store.ModelMismatch, match=message) as info:
        model_store.load(tmp_path)
    assert "run `taskrank train`" in str(info.value)


def test_no_saved_model_is_none(tmp_path):
    assert model_store.load(tmp_path) is None


def test_too_few_labels_gives_no_model_and_a_report_of_the_prior():
    model, report = train(labelled(50, 1, "work log"), FX)
    assert model is None and report["serving_platforms"] == []
    assert report["labels"] == {"work log": 50} and "synthetic" not in report
    assert report["real"]["platforms"]["mturk"]["prior"]["rows"] > 0


def test_no_labels_at_all_is_not_an_error():
    model, report = train(gather_empty(), FX)
    assert model is None and report["labels"] == {} and report["real"]["platforms"] == {}


def test_generator_is_deterministic_and_labelled_synthetic():
    a, b = generate(300, seed=4), generate(300, seed=4)
    pd.testing.assert_frame_equal(a, b)
    assert a["listing_id"].str.startswith("synthetic-").all()
    assert a["url"].str.startswith("https://example.invalid/").all()


def test_features_read_hints_questions_and_requester_history():
    rows = generate(5, seed=2).assign(
        title=["Quick survey (~ 8 minutes)", "Answer 25 questions", "Label images", "x", "y"],
        description="",
        title_minutes_hint=[8.0, None, None, None, None],
        minutes=[10.0, 10.0, 10.0, 10.0, 10.0],
        requester_id=["A", "A", "B", "C", None],
        platform="mturk",
    )
    labels = pd.Series([20.0, 20.0, np.nan, np.nan, np.nan])
    features = feature_frame(rows, FX)
    assert features.loc[0, "log_title_hint"] == pytest.approx(np.log(8))
    assert features.loc[1, "question_count"] == 25 and np.isnan(features.loc[2, "question_count"])
    # Served with a history (the warehouse's): requester A's two listings took twice their stated time.
    served = RequesterHistory(history=requester_history(rows, labels)).transform(features)
    assert served.loc[0, "requester_time_ratio"] == pytest.approx(2 * np.log(2) / (2 + 5))
    assert served.loc[2, "requester_time_ratio"] == 0.0 and "requester_id" not in served
    # Fitted on training labels, each row's own label is left out, as serving never sees it.
    step = RequesterHistory()
    trained = step.fit_transform(features, np.log(labels.to_numpy()))
    assert trained.loc[0, "requester_time_ratio"] == pytest.approx(np.log(2) / (1 + 5))
    assert step.transform(features).loc[0, "requester_time_ratio"] == pytest.approx(2 * np.log(2) / (2 + 5))


def test_token_hasher_is_stable_and_ignores_case_and_punctuation():
    hasher = TokenHasher(16)
    a = hasher.transform(pd.DataFrame({"text": ["Transcribe AUDIO, quickly!", None]}))
    b = hasher.transform(pd.DataFrame({"text": ["transcribe audio quickly", ""]}))
    np.testing.assert_array_equal(a, b)
    assert a[0].sum() == 3 and a[1].sum() == 0


def test_a_tampered_model_file_is_refused_and_never_run(trained, tmp_path):
    import functools
    import os

    import skops.io as sio

    model, _ = trained
    model_store.save(model, tmp_path)
    canary = tmp_path / "pwned"
    sio.dump(functools.partial(os.system, f"touch {canary}"), tmp_path / model_store.MODEL_FILE)
    with pytest.raises(model_store.ModelMismatch, match="refused, it names types the time model never uses"):
        model_store.load(tmp_path)
    assert not canary.exists()
    (tmp_path / model_store.MODEL_FILE).write_bytes(b"not a model at all")
    with pytest.raises(model_store.ModelMismatch, match="cannot be read"):
        model_store.load(tmp_path)


def test_two_trainings_saving_at_once_leave_one_whole_model_and_no_temporary_files(tmp_path):
    from concurrent.futures import ThreadPoolExecutor

    labelled = generate(400, seed=9).assign(label_source="synthetic", weight=1.0, label_group=None)
    first, _ = train(labelled, FX, seed=1)
    second, _ = train(labelled, FX, seed=2)
    with ThreadPoolExecutor(2) as pool:
        list(pool.map(lambda model: model_store.save(model, tmp_path), [first, second]))
    loaded = model_store.load(tmp_path)
    assert loaded is not None and loaded.training["seed"] in (1, 2)
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
