"""Batch analysis of whole corpora: inputs, local and Ray engines, resumable runs."""

from spinscope.batch.inputs import InputSource, ReadFailure, open_input
from spinscope.batch.model_ref import ModelRef, resolve_model
from spinscope.batch.runner import run_batch
from spinscope.batch.summary import BatchSummary, BatchTally

__all__ = [
    "BatchSummary",
    "BatchTally",
    "InputSource",
    "ModelRef",
    "ReadFailure",
    "open_input",
    "resolve_model",
    "run_batch",
]
