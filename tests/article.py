"""A neutral article body for rule tests: realistic prose that no rule should touch."""

BODY = [
    "Chinese President Xi Jinping held talks with Russian President Vladimir Putin in Moscow on Tuesday, the second day of a three-day state visit.",
    "The two leaders discussed a Chinese proposal for ending the war in Ukraine, officials said.",
    "Analysts in Washington said the visit showed how close the two governments had become since the invasion.",
    "Japan's prime minister travelled to Kyiv on the same day and met Ukraine's president.",
]


def article(*, head: list[str] = (), middle: list[str] = (), tail: list[str] = ()) -> str:
    """Body paragraphs with extra lines at the top, between paragraphs two and three, and at the end."""
    lines = [*head, *BODY[:2], *middle, *BODY[2:], *tail]
    return "\n".join(lines) + "\n"
