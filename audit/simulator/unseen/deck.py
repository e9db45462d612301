"""Balanced draws: every option of a choice occurs in every run of len(deck) consecutive seeds.

The seeds are cut into blocks of len(deck) (block 0 is seeds 1..len(deck)); each block deals a
shuffled copy of the deck, the shuffle drawn from random.Random keyed by the choice's name and
the block. A deck of at most 20 entries thus shows every option among seeds 1..20, and each
option about 60/len(deck) times among 60 consecutive seeds. Repeating an entry weights it.
"""
from __future__ import annotations

import random
from typing import Sequence, TypeVar

T = TypeVar("T")


def deal(seed: int, name: str, deck: Sequence[T]) -> T:
    """The option of `deck` dealt to `seed` for the choice called `name`."""
    position = seed - 1
    block, index = divmod(position, len(deck))
    order = list(deck)
    random.Random(f"unseen:{name}:{block}").shuffle(order)
    return order[index]
