"""How far something got, as the whole percent shown on progress bars."""


def percent_of(count: int, target: int | None, *, when_no_target: int = 0) -> int:
    """``count`` of ``target`` in whole percent, never above 100; ``when_no_target`` when there is no target
    (a job that has not counted its work yet: 0; a survey that asks for no minimum: 100)."""
    if not target or target <= 0:
        return when_no_target
    return min(100, count * 100 // target)
