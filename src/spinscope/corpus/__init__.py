"""Understanding a corpus: technique and claim rates per 1,000 words, per source or month,
and two sources compared with bootstrap intervals."""

from spinscope.corpus.compare import Comparison, compare_profiles
from spinscope.corpus.profiles import CorpusProfiles, profiles_from_results, profiles_from_store
from spinscope.corpus.stats import RateTable, rate_table

__all__ = [
    "Comparison",
    "CorpusProfiles",
    "RateTable",
    "compare_profiles",
    "profiles_from_results",
    "profiles_from_store",
    "rate_table",
]
