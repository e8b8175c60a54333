"""Hashed bag of words for titles and descriptions, vectorised in Arrow so a million rows take about two seconds."""

import zlib

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from sklearn.base import BaseEstimator, TransformerMixin

_PUNCTUATION = ".,;:!?()[]{}\"'~*/|&#<>=+$£€%"


class TokenHasher(TransformerMixin, BaseEstimator):
    """Presence of hashed lower-case words, as a dense float32 block of n_features columns.

    Words are hashed with CRC-32, so a word lands in the same column in every process and Python version.
    """

    def __init__(self, n_features: int = 64) -> None:
        self.n_features = n_features

    def fit(self, X: object, y: object = None) -> "TokenHasher":  # noqa: N803 - scikit-learn's signature
        return self

    def transform(self, X: object) -> np.ndarray:  # noqa: N803
        text = pc.utf8_lower(pc.fill_null(_text_array(X), ""))
        tokens = pc.split_pattern(text, " ")
        rows = pc.list_parent_indices(tokens).to_numpy()
        words = pc.utf8_trim(pc.list_flatten(tokens), characters=_PUNCTUATION).dictionary_encode()
        vocabulary = words.dictionary.to_pylist()
        buckets = np.array([zlib.crc32(w.encode()) % self.n_features if w else -1 for w in vocabulary], dtype=np.int64)
        cols = buckets[words.indices.to_numpy(zero_copy_only=False)] if len(vocabulary) else np.empty(0, np.int64)
        keep = cols >= 0
        out = np.zeros((len(text), self.n_features), dtype=np.float32)
        out.ravel()[rows[keep] * self.n_features + cols[keep]] = 1.0
        return out

    def get_feature_names_out(self, input_features: object = None) -> np.ndarray:
        return np.array([f"token_{i}" for i in range(self.n_features)], dtype=object)


def _text_array(X: object) -> pa.Array:  # noqa: N803
    values = X.iloc[:, 0] if hasattr(X, "iloc") and getattr(X, "ndim", 1) == 2 else X
    if isinstance(values, np.ndarray) and values.ndim == 2:
        values = values[:, 0]
    array = pa.array(values, type=pa.string(), from_pandas=True)
    # Arrow-backed pandas columns arrive chunked; list_parent_indices needs one array to give row numbers.
    return array.combine_chunks() if isinstance(array, pa.ChunkedArray) else array
