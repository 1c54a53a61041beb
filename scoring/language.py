"""Grammar the detectors share: negation scope, questions (with or without a question mark), conditions,
subjects and directives. Only closed-class words live here (pronouns, auxiliaries, negators, wh-words); words of
meaning belong to the rubric's lexicons.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

NEGATORS = frozenset({"not", "n't", "never", "no", "nothing", "nobody", "none", "neither", "nor", "hardly", "nowhere"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "expl", "csubj", "csubjpass"})
AUX_DEPS = frozenset({"aux", "auxpass"})
WH_TAGS = frozenset({"WDT", "WP", "WP$", "WRB"})
FINITE_AUX_TAGS = frozenset({"MD", "VBZ", "VBP", "VBD"})
FIRST_PERSON = frozenset({"i", "we", "me", "us", "my", "our", "myself", "ourselves"})
SECOND_PERSON = frozenset({"you", "your", "yours", "yourself", "ya", "u"})
CONDITIONAL_MARKS = frozenset({"if", "whether", "unless"})
CONDITIONAL_MODALS = frozenset({"would", "'d", "could", "might"})
OBLIGATION_WORDS = frozenset({"need", "have", "must", "should", "got", "gotta"})
# Words that open a spoken sentence without changing its mood: "okay so is there anything else".
DISCOURSE = frozenset(
    {
        "so", "and", "but", "okay", "ok", "alright", "all", "right", "well", "now", "also", "great", "perfect",
        "then", "um", "uh", "oh", "just", "yes", "yeah", "sure", "good", "awesome", "excellent", "wonderful",
        "lovely", "cool", "sir", "ma'am", "madam", "again", "finally", "lastly", "anyway", "hey", "hmm", "mm",
        "ah", "aha", "ahh", "ooh", "oh", "brilliant", "fantastic", "sorry", "pardon",
    }
)
QUESTION_CACHE = "qa_scoring_questions"
# Dependencies through which a negation higher up still covers a word ("I can't imagine why you'd be upset").
SCOPE_DEPS = frozenset(
    {"acomp", "attr", "ccomp", "xcomp", "dobj", "pobj", "prep", "amod", "advmod", "npadvmod", "oprd", "pcomp",
     "compound", "poss", "nsubj", "nsubjpass", "relcl", "acl", "advcl", "dative", "appos"}
)


def has_negation(token: Token) -> bool:
    """The token itself carries a negation: "not" on a verb, or "no" on a noun ("no need") — but not the "not"
    of a contrast that follows it ("their error, not ours", "today not tomorrow"): that one denies what comes
    after."""
    for child in token.children:
        if child.dep_ == "det" and child.lower_ == "no":
            return True
        if child.dep_ == "neg" and not contrastive(child, token):
            return True
    return False


def contrastive(negation: Token, head: Token) -> bool:
    """ "X, not Y": a "not" after its head, set off by a comma or following a noun, introduces the alternative."""
    if negation.i < head.i:
        return False
    before = negation.doc[negation.i - 1]
    return before.is_punct or (head.pos_ in {"NOUN", "PROPN", "PRON"} and before.lower_ not in {"or", "and"})


def is_negated(token: Token, stop: Token | None = None) -> bool:
    """A negation covers ``token``: on itself or on a word it complements, up to the clause root or ``stop``."""
    node = token
    while True:
        if has_negation(node):
            return True
        if node == stop or node.dep_ not in SCOPE_DEPS or node.head == node:
            return False
        # "that's just the system, it won't let me": a clause spliced before another is not under its negation.
        if node.dep_ == "ccomp" and node.i < node.head.i:
            return False
        node = node.head


def subject(verb: Token) -> Token | None:
    """The subject of a clause head, inherited along coordination and open complements ("I'll go and check")."""
    node = verb
    for _ in range(6):
        found = [child for child in node.children if child.dep_ in SUBJECT_DEPS]
        if found:
            # "Ugh, that's the worst": of two subjects the parser gives, the one next to the verb is it.
            before = [child for child in found if child.i < node.i]
            return before[-1] if before else found[0]
        # "was I able to resolve it": the subject of an adjective's complement is the copula's subject.
        if node.dep_ in {"conj", "xcomp", "acomp"} and node.head != node:
            node = node.head
        else:
            return None
    return None


def clause_head(token: Token) -> Token:
    """The verb (or copula) heading the clause that contains ``token``."""
    node = token
    while node.head != node and not (node.pos_ in {"VERB", "AUX"} and node.dep_ not in AUX_DEPS):
        node = node.head
    return node


def condition_clause(token: Token) -> Token | None:
    """The head of the if/whether/unless clause the token sits in ("if you're unhappy, ..."), or None."""
    node = token
    while True:
        if any(child.dep_ == "mark" and child.lower_ in CONDITIONAL_MARKS for child in node.children):
            return node
        if node.head == node:
            return None
        node = node.head


def in_condition(token: Token) -> bool:
    return condition_clause(token) is not None


def is_conditional(verb: Token) -> bool:
    """Hypothetical mood: "I'd be furious too", "anyone would feel the same"."""
    return any(child.dep_ in AUX_DEPS and child.lower_ in CONDITIONAL_MODALS for child in verb.children)


def _opens_clause(token: Token, head: Token) -> bool:
    """Only discourse words, wh-words (and what they govern) or punctuation precede ``token`` in ``head``'s clause."""
    for other in head.subtree:
        if other.i >= token.i:
            return True
        if other.is_punct or other.lower_ in DISCOURSE or other.tag_ in WH_TAGS:
            continue
        if any(ancestor.tag_ in WH_TAGS for ancestor in other.ancestors if ancestor.i < token.i):
            continue
        return False
    return True


def interrogative_heads(sentence: Span) -> list[Token]:
    """Clause heads whose word order makes a question: an auxiliary before the subject, opening the clause.

    Speech-to-text often drops the question mark, so "is there anything else I can help with" must read as a
    question while "there is" or "what I'll do is" must not. Cached on the doc: every detector asks.
    """
    cache = sentence.doc.user_data.setdefault(QUESTION_CACHE, {})
    if sentence.start not in cache:
        cache[sentence.start] = _interrogative_heads(sentence)
    return cache[sentence.start]


def _interrogative_heads(sentence: Span) -> list[Token]:
    heads = []
    for head in sentence:
        if head.dep_ in AUX_DEPS or head.dep_ in {"relcl", "amod", "acl"}:
            continue
        if any(child.dep_ == "mark" for child in head.children):
            continue
        subj = next((child for child in head.children if child.dep_ in SUBJECT_DEPS), None)
        if subj is None:
            continue
        auxes = [child for child in head.children if child.dep_ in AUX_DEPS and child.i < subj.i]
        if head.pos_ == "AUX" and head.i < subj.i:
            auxes.append(head)
        if any(aux.tag_ in FINITE_AUX_TAGS and _opens_clause(aux, head) for aux in auxes):
            heads.append(head)
    return heads


QUESTION_AUX = frozenset({"be", "do", "have", "can", "could", "will", "would", "shall", "should", "may", "might", "must"})
SUBJECT_POS = frozenset({"PRON", "DET", "PROPN", "NOUN"})
SEGMENT_BREAKS = frozenset({",", ";", ":", "-", "--", "—", "–"})
WH_MODIFIERS = frozenset({"else", "more", "much", "other", "many", "long", "soon", "exactly"})


def _inverted_at(tokens: list[Token], at: int) -> bool:
    """An auxiliary at ``at`` followed by its subject: "is that", "do you", "can I", "is there"."""
    if at + 1 >= len(tokens):
        return False
    aux, after = tokens[at], tokens[at + 1]
    if aux.tag_ not in FINITE_AUX_TAGS or aux.lemma_ not in QUESTION_AUX:
        return False
    if aux.lemma_ in {"have", "do"}:  # "have a great day", "do call us" are not questions
        return (after.pos_ in {"PRON", "PROPN"} or after.lower_ in {"that", "this", "it"}) and after.lower_ not in {
            "n't", "not"
        }
    return after.pos_ in SUBJECT_POS or after.lower_ in {"there", "that", "this", "it", "everything", "all"}


def _word_order_starts(sentence: Span) -> list[int]:
    """Doc positions where a comma-separated part of the sentence opens as a question by word order alone.

    The small parser sometimes mis-attaches an unpunctuated question ("so is that all sorted for you now");
    the order "auxiliary + subject" or "wh-word + auxiliary + subject" at the start of a part still shows it.
    """
    tokens = list(sentence)
    starts, at = [], 0
    while at < len(tokens):
        first = at
        while first < len(tokens) and (tokens[first].lower_ in DISCOURSE or tokens[first].is_punct):
            first += 1
        if first < len(tokens):
            probe = first
            if tokens[probe].tag_ in WH_TAGS and tokens[probe].lower_ != "that":
                probe += 1
                while probe < len(tokens) and (tokens[probe].lower_ in WH_MODIFIERS or tokens[probe].pos_ == "NOUN"):
                    probe += 1
            if _inverted_at(tokens, probe):
                starts.append(tokens[first].i)
        at = next((k + 1 for k in range(first, len(tokens)) if tokens[k].text in SEGMENT_BREAKS), len(tokens))
    return starts


def question_positions(sentence: Span) -> frozenset[int]:
    """Doc positions of the tokens a question covers: the whole sentence when it ends in "?", else its
    interrogative clauses (by parse) and the parts that open as questions (by word order). Cached."""
    cache = sentence.doc.user_data.setdefault(QUESTION_CACHE, {})
    key = ("positions", sentence.start)
    if key not in cache:
        if sentence.text.rstrip().endswith("?"):
            positions = set(range(sentence.start, sentence.end))
        else:
            positions = {t.i for head in interrogative_heads(sentence) for t in head.subtree}
            for start in _word_order_starts(sentence):
                positions.update(range(start, sentence.end))
        cache[key] = frozenset(positions)
    return cache[key]


def is_question(sentence: Span) -> bool:
    return bool(question_positions(sentence))


def question_scope(sentence: Span) -> list[Token]:
    """The tokens the question is about, in order."""
    positions = question_positions(sentence)
    return [token for token in sentence if token.i in positions]


def is_first_person(token: Token | None) -> bool:
    return token is not None and token.lower_ in FIRST_PERSON


def is_second_person(token: Token | None) -> bool:
    return token is not None and token.lower_ in SECOND_PERSON


def is_directive(verb: Token) -> bool:
    """The verb tells the customer to act: an imperative ("email us"), or "you need to / have to / should / can"."""
    subj = subject(verb)
    if subj is None:
        aux_before = any(child.dep_ in AUX_DEPS for child in verb.children)
        return verb.tag_ == "VB" and not aux_before and verb.dep_ in {"ROOT", "conj", "xcomp", "ccomp"}
    if not is_second_person(subj):
        return False
    modal_words = {child.lower_ for child in verb.children if child.dep_ in AUX_DEPS}
    if modal_words & {"should", "must", "can", "could"}:
        return True
    # "you need to call" / "you'll have to call": the verb is the open complement of need/have.
    head = verb.head
    return verb.dep_ == "xcomp" and head.lemma_ in OBLIGATION_WORDS and is_second_person(subject(head))


def clause_tokens(head: Token) -> list[Token]:
    """The head's own clause: its subtree without embedded full clauses of their own."""
    tokens = []
    for token in head.subtree:
        node = token
        inside = True
        while node != head:
            if node.dep_ in {"ccomp", "advcl", "relcl", "conj", "parataxis"} and node != head:
                inside = False
                break
            node = node.head
        if inside:
            tokens.append(token)
    return tokens
