"""no_excuses: the agent never shifts responsibility away from themself and the company.

Three kinds of excuse are found:
- refusal or distancing ("there's nothing I can do", "that's not my department", "not us") and blaming the
  customer ("you should have read the policy"): always excuses;
- attributing the problem to someone else ("that's on the courier", "it's the bank's call", "the courier's
  fault"): always excuses;
- refusing on the grounds of rules or tools no one here can change ("nobody here can override it", "I don't make
  the rules", "it's just how the contract is worded"): always excuses;
- telling the cause as someone else's failure ("the system won't let me", "the courier lost it", "we're
  short-staffed", "because of the weather", "the fog meant nothing could land"): an excuse unless the same agent
  turn takes ownership with a concrete action ("... so I've sent a replacement by express") — then it is a brief
  factual cause, not an excuse. Who can be blamed is a list of party *types* and conditions in the rubric
  (subcontractors, surgeries, app stores, fog), never names.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from scoring.language import (
    AUX_DEPS,
    DISCOURSE,
    NEGATORS,
    clause_head,
    clause_tokens,
    condition_clause,
    has_negation,
    in_condition,
    is_first_person,
    is_directive,
    is_negated,
    is_question,
    is_second_person,
    subject,
)
from scoring.lexicon import Lexicon
from scoring.pipeline import ParsedCall
from scoring.registry import DetectorContext, Judgement, Words, detectors, quote
from scoring.detectors.common import block_sentences, first_person_actions, sentence_evidence

ATTRIBUTING_SUBJECTS = frozenset({"that", "this", "it", "which"})
DEMONSTRATIVES = frozenset({"that", "this", "those", "these"})
COUNTERFACTUAL_MODALS = frozenset({"should", "must", "could", "might", "should've", "must've", "could've"})
HELPLESS_OBJECTS = frozenset({"nothing", "anything", "much", "more", "little"})
# "there's nothing anyone here can do": no one at all, the agent included.
ANYONE = frozenset({"anyone", "anybody", "nobody", "one"})
ABILITY = frozenset({"can", "could"})
# "it's just how the terms are worded", "that's simply the way it is": nothing to be done about it.
RESIGNATION = frozenset({"just", "simply", "only"})
# "that's how it is", "that's just the way things are": the state of affairs itself, given as the reason.
STATE_OF_AFFAIRS = frozenset({"it", "things", "that", "this"})
ONE_PRONOUNS = frozenset({"it", "that", "this", "them", "those", "these"})
COLLECTIVES = frozenset({"guy", "people", "folk", "folks", "lad", "crew", "lot", "bunch"})
OBLIGATIONS = frozenset({"need", "have", "must", "should", "got", "gotta"})
# "let's hope the weather doesn't get in the way": a hoped-for outcome asserts no failure.
HOPING = frozenset({"hope", "hopefully", "wish", "pray"})


def counterfactual(verb: Token) -> bool:
    """What should have happened and did not: "should have", "must've", "could have" + participle (tagged as a
    base form when it looks like one: "you should've let us know")."""
    auxes = {c.lower_ for c in verb.children if c.dep_ in AUX_DEPS}
    return bool(auxes & COUNTERFACTUAL_MODALS) and bool(auxes & {"have", "'ve"})


def passive(verb: Token) -> bool:
    return any(child.dep_ == "auxpass" for child in verb.children)


def universal_negative(token: Token | None) -> bool:
    """ "nobody", "no one", "no-one"."""
    if token is None:
        return False
    if token.lower_ in {"nobody", "noone", "no-one"}:
        return True
    return token.lower_ in {"one", "body"} and any(c.dep_ == "det" and c.lower_ == "no" for c in token.children)


def phrase_head(token: Token) -> Token:
    """The noun a modifier belongs to: "billing" in "the billing system" → system."""
    node = token
    while node.dep_ in {"compound", "amod"} and node.head != node:
        node = node.head
    return node


@dataclass(frozen=True)
class ExcuseSettings:
    blame_parties: Words
    blame_things: Words
    failure_words: Words
    strain_words: Words
    responsibility_nouns: Words
    cause_phrases: Words
    refusal_phrases: Words
    customer_blame_phrases: Words
    customer_duty_verbs: Words
    rule_words: Words
    happens_to_you_verbs: Words
    ownership_verbs: Words
    # Added after rubrics were first saved: a rubric without them still loads, and these readings stay off.
    helpful_verbs: Words = field(default_factory=Words)
    causal_verbs: Words = field(default_factory=Words)
    delegation_verbs: Words = field(default_factory=Words)
    reassurance_verbs: Words = field(default_factory=Words)
    override_verbs: Words = field(default_factory=Words)
    authorship_verbs: Words = field(default_factory=Words)
    restatement_cues: Words = field(default_factory=Words)
    restatement_openers: Words = field(default_factory=Words)


@dataclass(frozen=True)
class Excuse:
    turn: int
    sentence: Span
    kind: str
    excusable: bool


@detectors.register("excuses")
class Excuses:
    Settings = ExcuseSettings
    needs_times = False

    def __init__(self, settings: ExcuseSettings, context: DetectorContext):
        nlp = context.nlp
        self.parties = Lexicon(nlp, settings.blame_parties)
        self.things = Lexicon(nlp, settings.blame_things)
        self.failures = Lexicon(nlp, settings.failure_words)
        self.strain = Lexicon(nlp, settings.strain_words)
        self.responsibility = Lexicon(nlp, settings.responsibility_nouns)
        self.causes = Lexicon(nlp, settings.cause_phrases)
        self.refusals = Lexicon(nlp, settings.refusal_phrases)
        self.customer_blame = Lexicon(nlp, settings.customer_blame_phrases)
        self.duties = Lexicon(nlp, settings.customer_duty_verbs)
        self.rules = Lexicon(nlp, settings.rule_words)
        self.happens_to_you = Lexicon(nlp, settings.happens_to_you_verbs)
        self.ownership = Lexicon(nlp, settings.ownership_verbs)
        self.helpful = Lexicon(nlp, settings.helpful_verbs)
        self.causal = Lexicon(nlp, settings.causal_verbs)
        self.delegation = Lexicon(nlp, settings.delegation_verbs)
        self.reassurance = Lexicon(nlp, settings.reassurance_verbs)
        self.overrides = Lexicon(nlp, settings.override_verbs)
        self.authorship = Lexicon(nlp, settings.authorship_verbs)
        self.restatement_cues = Lexicon(nlp, settings.restatement_cues)
        self.restatement_openers = Lexicon(nlp, settings.restatement_openers)

    def judge(self, call: ParsedCall) -> Judgement:
        excuses: list[Excuse] = []
        for block in call.agent_blocks():
            sentences = block_sentences(call, block.turns)
            owned = any(self._commits(action) for action in first_person_actions((s for _, s in sentences), self.ownership))
            for turn, sentence in sentences:
                kind = self.excuse_in(sentence)
                if kind and not (kind[1] and (owned or self._restates(sentence))):
                    excuses.append(Excuse(turn, sentence, kind[0], kind[1]))
        if excuses:
            first = excuses[0]
            return Judgement(
                "not_met",
                0.85,
                f"The agent {first.kind} in turn {first.turn}: {quote(first.sentence.text)}.",
                sentence_evidence(call, [(e.turn, e.sentence) for e in excuses]),
            )
        return Judgement("met", 0.8, "The agent never blamed anyone else or refused help on someone else's account.")

    def _commits(self, action: Token) -> bool:
        """An action the agent takes on, not one they fail at: "we've been struggling to cover the early slots",
        "we failed to send it" own nothing."""
        return not (action.dep_ == "xcomp" and action.head in self.failures)

    def _restates(self, sentence: Span) -> bool:
        """The customer's account read back ("so your flight was cancelled by the airline and you missed the
        connection", "just to confirm, the driver dropped the box"): a cause told there is theirs, not the agent's
        excuse. A bare "so" opens a restatement only when the customer is who it happened to — not "so you'll
        have to wait, the supplier is behind"."""
        opening = self._opening(sentence)
        if opening is None:
            return False
        if any(opening == start for start, _ in self.restatement_cues.matches(sentence)):
            return True
        if not any(opening == start for start, _ in self.restatement_openers.matches(sentence)):
            return False
        for token in sentence:
            person = token.head if token.dep_ == "poss" else token
            if not is_second_person(token) or person.dep_ not in {"nsubj", "nsubjpass"}:
                continue
            verb = person.head
            if not is_directive(verb) and not any(c.dep_ in AUX_DEPS and c.tag_ == "MD" for c in verb.children):
                return True
        return False

    def _opening(self, sentence: Span) -> int | None:
        """Where the sentence's own words start, past fillers ("okay", "right,") — a cue may be one of them."""
        cues = {start for lexicon in (self.restatement_cues, self.restatement_openers) for start, _ in lexicon.matches(sentence)}
        for token in sentence:
            if token.i in cues:
                return token.i
            if not (token.is_punct or token.lower_ in DISCOURSE):
                return token.i
        return None

    def excuse_in(self, sentence: Span) -> tuple[str, bool] | None:
        """(what the excuse does, whether a concrete fix in the same turn makes it a factual cause), or None."""
        if is_question(sentence) and sentence.text.rstrip().endswith("?"):
            return None
        doc = sentence.doc
        if any(self.refusals.matches(sentence)) or self._helpless(sentence) or self._disowns(sentence):
            return "refused help or distanced the company from the problem", False
        if self._powerless(sentence) or self._disowns_rules(sentence) or self._resigned(sentence):
            return "refused help on the grounds of rules or tools the agent cannot change", False
        if self._sends_elsewhere(sentence):
            return "sent the customer to someone else instead of helping", False
        if self._blames_customer(sentence) or self._omitted_duty(sentence) or self._on_you(sentence):
            return "blamed the customer", False
        targets = [doc[start:end].root for lexicon in (self.parties, self.things) for start, end in lexicon.matches(sentence)]
        for target in sorted(targets, key=lambda t: t.i):
            if in_condition(target):
                continue
            if self._attributes_to(target):
                return "put the responsibility on someone else", False
            if self._failure_of(target) or self._cause_is(target) or self._should_have(target):
                return "blamed someone or something else for the problem", True
            if self._delegated_to(target) or self._waiting_on(target):
                return "handed the matter to someone else as their business", True
            if self._came_about(target):
                return "blamed someone or something else for the problem", True
        for start, _ in self.strain.matches(sentence):
            token = doc[start]
            head = clause_head(token)
            doer = subject(head)
            # The strain is said of a party ("we're short-staffed", "the depot is swamped", "it's my first week"), or
            # is itself what went wrong ("the volume of calls slowed everything down") — not "the first week of your
            # new job goes well", nor said of the customer.
            if doer is not None and token in doer.subtree:
                party = any(self.failures.matches(clause_tokens(head))) or is_negated(head)
            else:
                party = doer is None or (
                    not is_second_person(doer) and (doer.pos_ == "PRON" or self._noun_of(doer) is not None)
                )
            if not is_negated(token) and not in_condition(token) and party:
                return "excused the problem by how busy or stretched the company is", True
        return None

    def _helpless(self, sentence: Span) -> bool:
        """ "there's nothing (more) I can do", "I can't do anything about that", "not much we can do"."""
        for token in sentence:
            doer = subject(token)
            if token.lemma_ != "do" or not (is_first_person(doer) or (doer is not None and doer.lower_ in ANYONE)):
                continue
            if not any(c.dep_ in AUX_DEPS and c.lemma_ in ABILITY for c in token.children):
                continue
            objects = [c for c in token.children if c.dep_ == "dobj"]
            if token.dep_ == "relcl" and token.head.lower_ in HELPLESS_OBJECTS:
                negator = token.head.lower_ == "nothing" or is_negated(token.head) or is_negated(token)
                if negator or token.head.lower_ in {"little"}:
                    return True
            if any(o.lower_ in HELPLESS_OBJECTS for o in objects) and (
                is_negated(token) or any(o.lower_ == "nothing" for o in objects)
            ):
                return True
        return False

    def _disowns(self, sentence: Span) -> bool:
        """ "it's not really on our side", "that isn't our department", "our system isn't the problem": a negated
        claim of responsibility (but "that's no excuse on our side" owns it)."""
        for token in sentence:
            if token in self.responsibility and token.dep_ == "attr" and is_negated(token.head):
                doer = subject(token.head)
                if is_first_person(doer) or any(
                    is_first_person(t) for t in (doer.subtree if doer is not None else ()) if t.dep_ == "poss"
                ):
                    return True
            if token in self.responsibility and any(
                child.dep_ == "poss" and child.lower_ in {"our", "my"} for child in token.children
            ):
                node = token
                while True:
                    if any(child.dep_ == "neg" for child in node.children) or (
                        node == token and has_negation(node)
                    ):
                        return True
                    if node.pos_ in {"VERB", "AUX"} or node.head == node:
                        break
                    node = node.head
        return False

    def _powerless(self, sentence: Span) -> bool:
        """ "nobody here can override it", "we can't stop the system doing that", "that's how the system's set up,
        I can't change it": no one on the company's side able to overrule someone else's rule or tool — not "I
        can't change the date" (a limit, with no one else behind it)."""
        for start, _ in self.overrides.matches(sentence):
            verb = sentence.doc[start]
            if verb.pos_ != "VERB" or in_condition(verb):
                continue
            if not any(c.dep_ in AUX_DEPS and c.lemma_ in ABILITY for c in verb.children):
                continue
            doer = subject(verb)
            if universal_negative(doer):
                return True
            behind = [t for t in sentence if t in self.parties or t in self.things]
            if is_first_person(doer) and is_negated(verb) and any(not in_condition(t) for t in behind):
                return True
        return False

    def _disowns_rules(self, sentence: Span) -> bool:
        """ "I don't make the rules", "I didn't write the policy", "the hotel sets its own rules": the rule the
        agent applies put on whoever made it."""
        for start, _ in self.authorship.matches(sentence):
            verb = sentence.doc[start]
            if verb.pos_ != "VERB" or in_condition(verb):
                continue
            if any(
                c.i > verb.i and (c.dep_ in {"prt", "xcomp", "oprd"} or (c.dep_ == "ccomp" and c.pos_ in {"VERB", "AUX"}))
                for c in verb.children
            ):
                continue  # "I didn't set it up", "I didn't set it to renew": the agent's own steps
            # "makes that call" is sometimes parsed as a clause of its own.
            objects = [c for c in verb.children if c.dep_ == "dobj" or (c.dep_ == "ccomp" and c.pos_ == "NOUN")]
            doer = subject(verb)
            if is_first_person(doer) and is_negated(verb):
                if any(o in self.rules or phrase_head(o) in self.things or o.lower_ in ONE_PRONOUNS for o in objects):
                    return True
            # "the bank sets those limits", "the airline decides that": a standing rule someone else makes.
            elif doer is not None and self._noun_of(doer) in self.parties and verb.tag_ in {"VBZ", "VBP"}:
                if not is_negated(verb) and any(
                    o in self.rules or o.lower_ in DEMONSTRATIVES or any(c.lower_ in DEMONSTRATIVES for c in o.children)
                    for o in objects
                ):
                    return True
        return False

    def _resigned(self, sentence: Span) -> bool:
        """ "it's just how the terms are worded", "that's simply the way things are": the rule or the state of
        affairs as the reason, with nothing to be done about it ("it's just how the app shows pending payments"
        only explains)."""
        for be in sentence:
            if be.lemma_ != "be" or be.dep_ in AUX_DEPS or is_negated(be):
                continue
            doer = subject(be)
            if doer is None or doer.lower_ not in ATTRIBUTING_SUBJECTS:
                continue
            for clause in be.subtree:
                if clause.pos_ not in {"VERB", "AUX"} or clause == be:
                    continue
                manner = clause.head.lemma_ == "way" or any(c.lower_ == "how" for c in clause.children)
                resigned = any(t.lower_ in RESIGNATION for t in be.subtree if t.i < clause.i)
                if not (manner and resigned):
                    continue
                # Who or what the clause is about; "how the contract's worded" parses the subject as a possessive.
                actor = subject(clause)
                actors = [actor] if actor is not None else [t for t in clause.subtree if t.i < clause.i]
                if any(a.lower_ in STATE_OF_AFFAIRS or a in self.rules for a in actors):
                    return True
        return False

    def _sends_elsewhere(self, sentence: Span) -> bool:
        """ "it's the bank you need to speak to", "it's really them you'd have to complain to": a cleft naming
        another party as the one the customer must turn to."""
        for be in sentence:
            if be.lemma_ != "be" or be.dep_ in AUX_DEPS or is_negated(be) or not self._attributing(subject(be)):
                continue
            for party in (child for child in be.children if child.dep_ == "attr"):
                if self._noun_of(party) not in self.parties and party not in self.parties:
                    continue
                clauses = [c for c in list(party.children) + list(be.children) if c.dep_ in {"relcl", "ccomp"}]
                if any(
                    is_second_person(subject(clause)) and clause.lemma_ in OBLIGATIONS and not is_negated(clause)
                    for clause in clauses
                ):
                    return True
        return False

    def _on_you(self, sentence: Span) -> bool:
        """ "that one's on you", "that's down to you": the customer named as the one responsible."""
        for token in sentence:
            if not is_second_person(token) or token.dep_ != "pobj" or token.head.lower_ not in {"on", "to"}:
                continue
            prep = token.head
            if prep.lower_ == "to" and prep.head.lower_ != "down":
                continue
            verb = prep.head if prep.lower_ == "on" else prep.head.head
            if verb.lemma_ == "be" and self._attributing(subject(verb)) and not is_negated(verb):
                return True
        return False

    def _attributing(self, doer: Token | None) -> bool:
        """A subject that points at the problem: "that", "this one", "those charges", "the delay"."""
        if doer is None:
            return False
        if doer.lower_ in ATTRIBUTING_SUBJECTS:
            return True
        if any(c.dep_ == "det" and c.lower_ in DEMONSTRATIVES for c in doer.children):
            return True
        return doer in self.responsibility or doer in self.failures

    def _blames_customer(self, sentence: Span) -> bool:
        doc = sentence.doc
        for start, end in self.customer_blame.matches(sentence):
            phrase = doc[start:end]
            if not any(t.lower_ in NEGATORS for t in phrase) and not is_negated(phrase.root):
                return True
        cites_rules = any(self.rules.matches(sentence))
        for verb in sentence:
            if verb.pos_ != "VERB" or not is_second_person(subject(verb)) or is_negated(verb):
                continue
            # "if you'd called earlier we could have stopped it": what the customer did not do, held against them.
            condition = condition_clause(verb)
            if condition == verb and verb.tag_ == "VBN" and counterfactual(verb.head) and any(
                c.dep_ == "aux" and c.lower_ in {"had", "'d"} for c in verb.children
            ):
                return True
            # "you should have read the policy", "you must have typed it wrong", "you should have seen it in the
            # terms" — not "you should have got an email" nor "you should have been told".
            if counterfactual(verb) and not passive(verb) and (verb not in self.happens_to_you or cites_rules):
                return True
            # "you needed to give thirty days' notice, that's in the contract" — not "you had to wait two hours".
            obliged = verb.lemma_ in {"need", "have"} and verb.tag_ == "VBD" and any(
                c.dep_ == "xcomp" and any(a.lower_ == "to" for a in c.children) for c in verb.children
            )
            if obliged and cites_rules:
                return True
            # "you really should check the size chart before you order" — not "you should check your spam folder".
            modal = any(c.dep_ in AUX_DEPS and c.lower_ in COUNTERFACTUAL_MODALS for c in verb.children)
            if modal and verb.tag_ == "VB" and verb in self.duties and cites_rules:
                return True
        return False

    def _omitted_duty(self, sentence: Span) -> bool:
        """ "you didn't tick the insurance box", "you did agree to the terms": the customer's own step, missed
        or agreed to, held against them."""
        cites_rules = any(self.rules.matches(sentence))
        for verb in sentence:
            if verb.pos_ != "VERB" or verb not in self.duties or not is_second_person(subject(verb)):
                continue
            auxes = {c.lower_ for c in verb.children if c.dep_ in AUX_DEPS}
            past = verb.tag_ == "VBD" or auxes & {"did", "had", "'d"}
            omitted = is_negated(verb) and verb not in self.happens_to_you  # not "you didn't see the email"
            if past and (omitted or cites_rules) and not in_condition(verb):
                return True
        return False

    def _noun_of(self, target: Token) -> Token | None:
        """The party a target word names: "the billing system" → system, "the warehouse team" → team; None for
        "the warehouse address", which names a thing, not a party."""
        node = phrase_head(target)
        # "the warehouse guys", "the delivery lads": the people of a party are the party.
        party = node == target or node in self.parties or node in self.things or node.lemma_ in COLLECTIVES
        return node if party else None

    def _attributes_to(self, target: Token) -> bool:
        """ "that's the courier", "that's on the courier", "it's the bank's call", "the courier's fault",
        "that's a system thing"."""
        noun = self._noun_of(target)
        if noun is None:
            noun = phrase_head(target)
            if noun not in self.responsibility:
                return False
        if noun.dep_ == "poss" and noun.head in self.responsibility:
            # "it's the bank's call", "the courier's fault, not ours" — not "the carrier's rules allow 30 kilos".
            owned = noun.head
            acts = owned.dep_ in {"nsubj", "nsubjpass"} and owned.head.lemma_ != "be"
            return self._predicated(owned) and not acts and not is_negated(owned)
        # "that's on the courier" names a party; "it's on the system now" only says where something is.
        on_party = noun.dep_ == "pobj" and noun.head.lower_ == "on" and noun in self.parties
        holder = noun.head if on_party else None
        # "that's the courier" names a party; "that's them" only identifies something, and "it's our team you'll
        # speak to" only points the customer somewhere.
        cleft = any(
            c.dep_ in {"relcl", "ccomp"} and is_second_person(subject(c))
            for c in list(noun.children) + list(noun.head.children)
        )
        named = noun.dep_ in {"attr", "acomp"} and noun.pos_ != "PRON" and not cleft
        attribute = noun if named else holder
        if attribute is None:
            return False
        verb = attribute.head
        doer = subject(verb)
        return verb.lemma_ == "be" and self._attributing(doer) and not is_negated(verb)

    def _predicated(self, noun: Token) -> bool:
        """The noun is what is said of the problem: "it's the bank's call", "the courier's fault, not ours", "the
        mistake was made on the depot's side", "they set their own policy" — not where something is ("a crack
        across the driver's side", "there's a dent on the driver's side")."""
        if noun.dep_ in {"attr", "acomp", "appos", "ROOT"}:
            return True
        if noun.dep_ == "dobj":
            return noun.head in self.authorship
        if noun.dep_ in {"nsubj", "nsubjpass"}:
            return noun.head.lemma_ == "be"
        if noun.dep_ == "pobj" and noun.head.lower_ in {"on", "at", "from"}:
            return self._attributing(subject(noun.head.head))
        return False

    def _failure_of(self, target: Token) -> bool:
        """The target is who failed: "the courier lost it", "the system won't let me", "lost by the courier"."""
        noun = self._noun_of(target)
        if noun is None:
            return False
        if noun.dep_ == "poss" and noun.head.pos_ in {"NOUN", "PROPN"}:
            noun = noun.head  # "your doctor's office never sent it": the party's people or premises
        if noun.dep_ in {"nsubj", "nsubjpass"}:
            head = noun.head
        elif noun.dep_ == "pobj" and noun.head.dep_ == "agent":
            head = noun.head.head
        else:
            return False
        if head.head.lemma_ in HOPING or any(child.lower_ in HOPING for child in head.children):
            return False
        # "the courier should have left a card": what someone else should have done.
        if counterfactual(head) or (is_negated(head) and not self._reassures(head)):
            return True
        # "the snow meant none of the vans could get out": what someone else's doing led to.
        if head in self.causal and any(t.lower_ in NEGATORS or t in self.failures for t in head.subtree if t != head):
            return True
        # "the policy covers accidental damage", "the hotel confirmed your late check-out": someone else helping
        # with a problem is not their failure.
        # Nor is what comes next: "the courier will collect the broken one", "the engineer can swap the faulty
        # part" name what is wrong with the thing acted on, not a failure of whoever acts.
        next_step = any(c.dep_ in AUX_DEPS and c.tag_ == "MD" for c in head.children) and not is_negated(head)
        helped = {t.i for child in head.children if child.dep_ == "dobj" for t in child.subtree} if (
            head in self.helpful or next_step
        ) else set()
        return any(
            start not in helped and not in_condition(head.doc[start])
            for start, _ in self.failures.matches(clause_tokens(head))
        )

    def _delegated_to(self, target: Token) -> bool:
        """ "the security team handles unlocks", "the bank deals with disputes": a standing arrangement (present
        tense, asserted), not "the engineer will handle it" nor "our team handled it this morning"."""
        noun = self._noun_of(target)
        if noun is None or noun not in self.parties or noun.dep_ != "nsubj":
            return False
        verb = noun.head
        # "our subcontractors are the ones who book the slots"
        if verb.lemma_ == "be" and any(
            c.dep_ == "attr" and c.lemma_ == "one" and any(r.dep_ == "relcl" for r in c.children) for c in verb.children
        ):
            return not is_negated(verb)
        asserted = verb.dep_ in {"ROOT", "conj"} or (verb.dep_ == "ccomp" and verb.i < verb.head.i)  # spliced
        if verb.tag_ not in {"VBZ", "VBP"} or not asserted or is_negated(verb):
            return False  # "I can see the team handles it within three days" reports, it does not hand over
        return any(start == verb.i for start, _ in self.delegation.matches(verb.sent))

    def _reassures(self, verb: Token) -> bool:
        """A negation that spares the customer rather than tells a failure: "the bank won't charge you", "the app
        doesn't store your card", "the warehouse isn't far" — not "the courier wasn't able to deliver"."""
        if verb in self.reassurance:
            return True
        if verb.lemma_ != "be":
            return False
        complements = [c for c in verb.children if c.dep_ in {"acomp", "attr"}]
        return bool(complements) and not any(
            any(self.failures.matches(list(c.subtree))) or any(g.dep_ == "xcomp" for g in c.children)
            for c in complements
        )

    def _waiting_on(self, target: Token) -> bool:
        """ "we're still waiting on your GP surgery", "we've been waiting for the supplier for weeks" — not "I'm
        just waiting for the page to load"."""
        noun = self._noun_of(target)
        if noun is None or noun not in self.parties or noun.dep_ != "pobj" or noun.head.lower_ not in {"on", "for"}:
            return False
        verb = noun.head.head
        doer = subject(verb)
        still = any(c.lower_ in {"still", "been"} for c in verb.children)
        return verb.lemma_ == "wait" and still and (doer is None or is_first_person(doer)) and not is_negated(verb)

    def _came_about(self, target: Token) -> bool:
        """ "there was thick fog at the hub, so the lorries didn't leave": a condition that was there, and what
        did not happen because of it."""
        noun = self._noun_of(target)
        if noun is None or noun.dep_ not in {"attr", "nsubj"} or noun.head.lemma_ != "be":
            return False
        verb = noun.head
        if not any(c.dep_ == "expl" for c in verb.children):
            return False
        rest = [t for t in verb.subtree if t not in noun.subtree]
        return any(t.lower_ in NEGATORS for t in rest) or any(self.failures.matches(rest))

    def _should_have(self, target: Token) -> bool:
        """ "whoever you spoke to should have logged it": the party sits in a clause that is the subject of what
        someone should have done."""
        node = target
        while node.dep_ not in {"csubj", "nsubj", "nsubjpass"} and node.head != node:
            node = node.head
        return node.dep_ == "csubj" and counterfactual(node.head)

    def _cause_is(self, target: Token) -> bool:
        """ "because of the weather", "due to a system error", "with the holidays"."""
        doc = target.doc
        sentence = target.sent
        for start, end in self.causes.matches(sentence):
            if end <= target.i and target.i - end <= 4 and all(not t.is_punct for t in doc[end : target.i]):
                return True
        return False
