"""Cutting very long texts into blocks that are analysed independently.

Blocks end at a line break when one is near, else at a space, so memory stays bounded
for any input length while spans (which rarely cross paragraphs) are kept whole.
"""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_BLOCK_CHARS = 40_000


@dataclass(frozen=True, slots=True)
class Block:
    start: int
    text: str


def split_blocks(text: str, max_chars: int = DEFAULT_BLOCK_CHARS) -> list[Block]:
    if len(text) <= max_chars:
        return [Block(0, text)]
    blocks: list[Block] = []
    start = 0
    while start < len(text):
        end = min(start + max_chars, len(text))
        if end < len(text):
            floor = start + max_chars // 2
            cut = text.rfind("\n", floor, end)
            if cut == -1:
                cut = text.rfind(" ", floor, end)
            if cut != -1:
                end = cut + 1
        blocks.append(Block(start, text[start:end]))
        start = end
    return blocks
