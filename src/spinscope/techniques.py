"""The registry of persuasion techniques spinscope recognises.

Identifiers (``loaded_language``) are spinscope's own and stable; the PTC label strings
(``Loaded_Language``) are used only when reading or writing SemEval-2020 Task 11 files.
Definitions and examples are written for spinscope; the examples are invented.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from spinscope.errors import UnknownTechniqueError


@dataclass(frozen=True, slots=True)
class Technique:
    id: str
    name: str
    ptc_label: str
    definition: str
    example: str


_TECHNIQUES: tuple[Technique, ...] = (
    Technique(
        "appeal_to_authority",
        "Appeal to authority",
        "Appeal_to_Authority",
        "Presents a claim as true because an expert, official, institution or celebrity is said "
        "to back it, without giving the evidence itself. Quoting a source is not this technique "
        "by itself; it becomes persuasion when the standing of the source replaces the argument.",
        "Every serious economist agrees that the new bridge toll is the only sane option.",
    ),
    Technique(
        "appeal_to_fear",
        "Appeal to fear or prejudice",
        "Appeal_to_fear-prejudice",
        "Seeks support for an idea by stirring anxiety, panic or existing prejudice about what "
        "will happen if the audience does not agree, rather than by weighing the options.",
        "If the council approves the bike lanes, our children will not be safe on any street.",
    ),
    Technique(
        "bandwagon_reductio",
        "Bandwagon or reductio ad Hitlerum",
        "Bandwagon,Reductio_ad_hitlerum",
        "Urges acceptance because 'everyone' already agrees (bandwagon), or rejection because a "
        "despised group or figure supports the idea (guilt by association).",
        "Millions of smart shoppers have already switched; only the stubborn are left behind.",
    ),
    Technique(
        "black_and_white",
        "Black-and-white fallacy",
        "Black-and-White_Fallacy",
        "Offers two options as if they were the only ones, usually one obviously bad, hiding the "
        "middle ground or other alternatives. Includes demands that leave no room for dissent.",
        "Either we close the harbour tomorrow or we hand the town over to the smugglers.",
    ),
    Technique(
        "causal_oversimplification",
        "Causal oversimplification",
        "Causal_Oversimplification",
        "Explains an outcome with one cause when many factors are involved, or pins a complex "
        "problem on a single person, group or decision.",
        "The bakery closed for one reason only: the mayor's new parking rules.",
    ),
    Technique(
        "doubt",
        "Doubt",
        "Doubt",
        "Questions the credibility, competence or honesty of someone or something to weaken "
        "trust in it, often by insinuation rather than by evidence.",
        "Can we really believe a committee that has never run a single school?",
    ),
    Technique(
        "exaggeration_minimisation",
        "Exaggeration or minimisation",
        "Exaggeration,Minimisation",
        "Makes something look far bigger, better or worse than it is, or downplays it so that "
        "it seems trivial.",
        "The so-called flood was a few puddles; the council's plan is the greatest scandal of the century.",
    ),
    Technique(
        "flag_waving",
        "Flag-waving",
        "Flag-Waving",
        "Leans on strong group identity (nation, region, faith, team) to justify or promote an "
        "idea: supporting it is presented as what loyal members of the group do.",
        "True islanders will always stand by the fishing fleet.",
    ),
    Technique(
        "loaded_language",
        "Loaded language",
        "Loaded_Language",
        "Uses words and phrases with strong emotional connotations, positive or negative, to "
        "sway the reader instead of describing neutrally.",
        "The reckless, disastrous scheme was rammed through the council.",
    ),
    Technique(
        "name_calling",
        "Name calling or labelling",
        "Name_Calling,Labeling",
        "Attaches a label to a person or group that the audience already fears, hates, loves or "
        "admires, so that the label does the arguing.",
        "The tax-hungry bureaucrats have struck again.",
    ),
    Technique(
        "repetition",
        "Repetition",
        "Repetition",
        "Repeats the same message, word or phrase again and again so that the audience comes to "
        "accept it through familiarity.",
        "The tunnel is a waste. A waste of money, a waste of time, a waste of everything.",
    ),
    Technique(
        "slogans",
        "Slogans",
        "Slogans",
        "A short, striking phrase, often with rhythm or rhyme, that packs a position into a "
        "memorable label or call to action.",
        "Clean streets, safe streets!",
    ),
    Technique(
        "thought_terminating_cliche",
        "Thought-terminating cliché",
        "Thought-terminating_Cliches",
        "A stock phrase that discourages further thought or discussion by making the matter "
        "sound settled or beyond question.",
        "It is what it is, and that is the end of it.",
    ),
    Technique(
        "whataboutism_strawman_red_herring",
        "Whataboutism, straw man or red herring",
        "Whataboutism,Straw_Men,Red_Herring",
        "Deflects criticism by pointing to the opponent's own faults (whataboutism), attacks a "
        "distorted version of the opponent's position (straw man), or changes the subject to "
        "something irrelevant (red herring).",
        "They complain about our budget, yet what about the fountain they built ten years ago?",
    ),
)


@dataclass(frozen=True, slots=True)
class TechniqueRegistry:
    """Ordered, immutable collection of techniques with lookups by id and PTC label."""

    items: tuple[Technique, ...]

    def __iter__(self) -> Iterator[Technique]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def __getitem__(self, technique_id: str) -> Technique:
        for item in self.items:
            if item.id == technique_id:
                return item
        known = ", ".join(t.id for t in self.items)
        raise UnknownTechniqueError(f"unknown technique id {technique_id!r}; known ids: {known}")

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(t.id for t in self.items)

    def from_ptc(self, label: str) -> Technique:
        for item in self.items:
            if item.ptc_label == label:
                return item
        known = ", ".join(t.ptc_label for t in self.items)
        raise UnknownTechniqueError(f"unknown PTC technique label {label!r}; known labels: {known}")


TECHNIQUES = TechniqueRegistry(_TECHNIQUES)
