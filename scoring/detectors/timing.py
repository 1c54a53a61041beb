"""Call metrics that need turn times: a prompt greeting, the agent's share of talk, long silences, and the agent
talking over the customer. Without times each is not applicable, and the figures are left out of the metrics.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from scoring.lexicon import Lexicon
from scoring.pipeline import ParsedCall
from scoring.registry import DetectorContext, Judgement, Range, Words, detectors

NO_TIMES = Judgement("not_applicable", 1.0, "The call has no turn times, so this cannot be measured.")


@dataclass(frozen=True)
class GreetingSettings:
    greeting_words: Words
    max_seconds: Annotated[float, Range(0, 120)] = 5.0


@detectors.register("prompt_greeting")
class PromptGreeting:
    Settings = GreetingSettings
    needs_times = True

    def __init__(self, settings: GreetingSettings, context: DetectorContext):
        self.settings = settings
        self.greetings = Lexicon(context.nlp, settings.greeting_words)

    def judge(self, call: ParsedCall) -> Judgement:
        if not call.timed:
            return NO_TIMES
        first = next((i for i, turn in enumerate(call.turns) if turn.speaker == "agent"), None)
        if first is None:
            return Judgement("not_met", 0.9, "The agent never spoke.", metrics={"first_agent_seconds": None})
        delay = round(call.turns[first].start, 2)  # times count from the start of the recording
        greeted = any(self.greetings.matches(call.docs[first]))
        metrics = {"first_agent_seconds": delay}
        evidence = [call.evidence(first, 0, len(call.turns[first].text))]
        limit = self.settings.max_seconds
        if delay <= limit and greeted:
            return Judgement("met", 0.9, f"The agent greeted the customer {delay:g} s into the call.", evidence, metrics)
        why = f"first spoke {delay:g} s in (limit {limit:g} s)" if delay > limit else "opened without a greeting"
        return Judgement("not_met", 0.9, f"The agent {why}.", evidence, metrics)


@dataclass(frozen=True)
class RatioSettings:
    min_agent_share: Annotated[float, Range(0, 1)] = 0.3
    max_agent_share: Annotated[float, Range(0, 1)] = 0.65


def talk_seconds(call: ParsedCall, speaker: str) -> float:
    return sum(turn.end - turn.start for turn in call.turns if turn.speaker == speaker)


@detectors.register("talk_listen_ratio")
class TalkListenRatio:
    Settings = RatioSettings
    needs_times = True

    def __init__(self, settings: RatioSettings, context: DetectorContext):
        self.settings = settings

    def judge(self, call: ParsedCall) -> Judgement:
        if not call.timed:
            return NO_TIMES
        agent, customer = talk_seconds(call, "agent"), talk_seconds(call, "customer")
        if agent + customer <= 0:
            return Judgement("not_applicable", 1.0, "Nobody spoke for any measurable time.")
        share = round(agent / (agent + customer), 3)
        metrics = {"agent_talk_seconds": round(agent, 2), "customer_talk_seconds": round(customer, 2), "agent_talk_share": share}
        low, high = self.settings.min_agent_share, self.settings.max_agent_share
        if low <= share <= high:
            return Judgement("met", 0.9, f"The agent spoke {share:.0%} of the time, a balanced share.", metrics=metrics)
        side = "dominated the call" if share > high else "said too little"
        return Judgement(
            "not_met", 0.9, f"The agent spoke {share:.0%} of the time and {side} (aim for {low:.0%}-{high:.0%}).",
            metrics=metrics,
        )


@dataclass(frozen=True)
class SilenceSettings:
    min_seconds: Annotated[float, Range(0.5, 600)] = 8.0
    max_allowed: Annotated[int, Range(0, 100)] = 0


@detectors.register("long_silences")
class LongSilences:
    Settings = SilenceSettings
    needs_times = True

    def __init__(self, settings: SilenceSettings, context: DetectorContext):
        self.settings = settings

    def judge(self, call: ParsedCall) -> Judgement:
        if not call.timed:
            return NO_TIMES
        gaps = []
        latest_end = None
        for index, turn in enumerate(call.turns):
            if latest_end is not None and turn.start - latest_end >= self.settings.min_seconds:
                gaps.append((index, round(turn.start - latest_end, 2)))
            latest_end = turn.end if latest_end is None else max(latest_end, turn.end)
        longest = max((gap for _, gap in gaps), default=0.0)
        metrics = {"long_silences": len(gaps), "longest_silence_seconds": longest}
        evidence = [call.evidence(index, 0, len(call.turns[index].text)) for index, _ in gaps]
        limit = self.settings.min_seconds
        if len(gaps) <= self.settings.max_allowed:
            return Judgement("met", 0.9, f"No silence of {limit:g} s or more.", evidence, metrics)
        return Judgement(
            "not_met", 0.9, f"{len(gaps)} silence(s) of {limit:g} s or more; the longest lasted {longest:g} s.",
            evidence, metrics,
        )


@dataclass(frozen=True)
class InterruptionSettings:
    min_overlap_seconds: Annotated[float, Range(0, 30)] = 0.5
    max_allowed: Annotated[int, Range(0, 100)] = 1


@detectors.register("interruptions")
class Interruptions:
    Settings = InterruptionSettings
    needs_times = True

    def __init__(self, settings: InterruptionSettings, context: DetectorContext):
        self.settings = settings

    def judge(self, call: ParsedCall) -> Judgement:
        if not call.timed:
            return NO_TIMES
        overlaps = []
        for index, turn in enumerate(call.turns):
            if turn.speaker != "agent":
                continue
            for other in call.turns[:index]:
                overlap = min(other.end, turn.end) - turn.start
                if other.speaker == "customer" and other.start < turn.start and overlap >= self.settings.min_overlap_seconds:
                    overlaps.append((index, round(overlap, 2)))
                    break
        metrics = {"interruptions": len(overlaps), "overlap_seconds": round(sum(o for _, o in overlaps), 2)}
        evidence = [call.evidence(index, 0, len(call.turns[index].text)) for index, _ in overlaps]
        if len(overlaps) <= self.settings.max_allowed:
            return Judgement("met", 0.85, f"The agent talked over the customer {len(overlaps)} time(s).", evidence, metrics)
        return Judgement(
            "not_met", 0.85, f"The agent talked over the customer {len(overlaps)} times (allowed {self.settings.max_allowed}).",
            evidence, metrics,
        )
