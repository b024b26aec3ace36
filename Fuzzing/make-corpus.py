#!/usr/bin/env python3
"""Rebuilds the committed seed corpus under Fuzzing/Corpus/ from real inputs.

Contract seeds are the repository's own pact files (Fixtures/, contracts/) and minimal pacts wrapped around cases of
the official pact-specification tests (../shared/pact-spec); path seeds are the matching-rule paths those cases use;
regex and date-pattern seeds come from the specification cases, the compatibility suite and the generator docs.
Deterministic: run it again and the same files come out. It never deletes: the `regression-*` inputs (ones that
once crashed a harness) are added by hand and stay.
"""
import hashlib
import json
import pathlib
import re

root = pathlib.Path(__file__).resolve().parent.parent
shared = root.parent / "shared"
corpus = root / "Fuzzing" / "Corpus"


def write(harness, content):
    data = content if isinstance(content, bytes) else content.encode("utf-8")
    folder = corpus / harness
    folder.mkdir(parents=True, exist_ok=True)
    (folder / hashlib.sha1(data).hexdigest()[:16]).write_bytes(data)


def spec_cases():
    for path in sorted((shared / "pact-spec").rglob("*.json")):
        try:
            yield path, json.loads(path.read_text())
        except (ValueError, UnicodeDecodeError):
            continue


VERSIONS = {"v1": "1.0.0", "v1.1": "1.1.0", "v2": "2.0.0", "v3": "3.0.0", "v4": "4.0"}

# Contracts: the repository's pact files, whole.
for path in sorted(list((root / "Fixtures").rglob("*.json")) + list((root / "contracts").glob("*.json"))):
    text = path.read_text()
    if '"consumer"' in text and '"provider"' in text and len(text) < 30_000:
        write("FuzzPactParsing", text)

# Contracts: specification cases with matching rules, wrapped as one-interaction pacts (a few per version and kind).
taken = {}
paths = set()
regexes = set()
formats = set()


def collect(value):
    """Gathers rule paths (keys starting with `$`) and regexes from a matchingRules object, at any depth."""
    if isinstance(value, dict):
        for key, inner in value.items():
            if key.startswith("$"):
                paths.add(key)
            if key == "regex" and isinstance(inner, str):
                regexes.add(inner)
            collect(inner)
    elif isinstance(value, list):
        for inner in value:
            collect(inner)


for path, case in spec_cases():
    version = path.relative_to(shared / "pact-spec").parts[0]
    kind = path.relative_to(shared / "pact-spec").parts[1]
    expected = case.get("expected")
    if not isinstance(expected, dict):
        continue
    collect(expected.get("matchingRules"))
    if "matchingRules" not in expected and version not in ("v1", "v1.1"):
        continue
    key = (version, kind)
    if taken.get(key, 0) >= 4:
        continue
    taken[key] = taken.get(key, 0) + 1
    if kind == "request":
        interaction = {"description": path.stem, "request": expected, "response": {"status": 200}}
    elif kind == "response":
        interaction = {"description": path.stem, "request": {"method": "GET", "path": "/"}, "response": expected}
    else:
        interaction = dict(expected, description=path.stem)
    if version == "v4":
        interaction["type"] = {"request": "Synchronous/HTTP", "response": "Synchronous/HTTP"}.get(
            kind, "Asynchronous/Messages")
    pact = {
        "consumer": {"name": "FuzzConsumer"},
        "provider": {"name": "FuzzProvider"},
        "interactions" if kind != "message" or version == "v4" else "messages": [interaction],
        "metadata": {"pactSpecification": {"version": VERSIONS[version]}},
    }
    write("FuzzPactParsing", json.dumps(pact, indent=1))

# Paths: every rule path of the specification cases, and a few edge forms.
for extra in ["$", "$.a[*].b", "$['a b'].c", "$.items[0]", "$.*", "$[*]", "$.a.*.b", "$['with.dot']", "name",
              "$.body.animals[*].name", "$.a[*][*]", "$['']"]:
    paths.add(extra)
bodies = [
    '{"a":[{"b":1},{"b":"x"}],"c":{"d":[1,2,3]}}',
    '{"animals":[{"name":"Fred","children":[{"age":9}]}]}',
    '[{"id":1},{"id":2}]',
]
for index, path in enumerate(sorted(paths)):
    write("FuzzPathExpression", path + ("\n" + bodies[index % len(bodies)] if index % 2 else ""))

# Java date-time patterns, each with a value.
for path in list((shared / "pact-spec").rglob("*.json")) + list((shared / "pact-compatibility-suite").rglob("*.json")):
    for match in re.findall(r'"(?:format|date|time|timestamp)"\s*:\s*"((?:[^"\\]|\\.)*)"', path.read_text()):
        if any(letter in match for letter in "yMdHhms"):
            formats.add(json.loads('"' + match + '"'))
patterns = sorted(formats) + [
    "yyyy-MM-dd'T'HH:mm:ss.SSSXXX", "yyyy-MM-dd'T'HH:mm:ssZZZZZ", "EEE, dd MMM yyyy HH:mm:ss zzz",
    "yyyy-MM-dd HH:mm[:ss][.SSS]", "hh:mm a", "uuuu-DDD", "YYYY-'W'ww-e", "VV", "O", "GGGG yyyy", "''HH''",
    "dd/MM/yy", "H:m:s.n", "yyyyMMddHHmmss", "QQQ yyyy", "x xx xxx xxxx xxxxx", "yyyy.MM.dd G 'at' HH:mm:ss z",
    "EEE, MMM d, ''yy", "h 'o''clock' a, zzzz", "K:mm a, z", "yyyyy.MMMMM.dd GGG hh:mm aaa", "yyMMddHHmmssZ",
    "EEEE, MMMM d, yyyy", "yyyy-MM-dd'T'HH:mm:ss.SSSZ",
]
values = ["2024-02-29T13:45:30.123+05:30", "Thu, 29 Feb 2024 13:45:30 GMT", "2000-01-01", "12:30 PM", "now + 1 day",
          "today - 2 weeks @ 3 o'clock", "tomorrow 8:30 am", ""]
for index, pattern in enumerate(patterns):
    write("FuzzJavaDateTimeFormat", pattern + "\n" + values[index % len(values)])

# Regular expressions used by generators and matchers.
for feature in (shared / "pact-compatibility-suite").rglob("*"):
    if feature.is_file() and feature.suffix in (".json", ".feature"):
        for match in re.findall(r'"regex"\s*:\s*"((?:[^"\\]|\\.)*)"', feature.read_text(errors="ignore")):
            regexes.add(json.loads('"' + match + '"'))
regexes.update([
    r"\d{1,8}", r"[A-Z]{3}-\d+", r"(\w+)@(\w+)\.com", r"^(?:[a-f0-9]{8}-[a-f0-9]{4}-){2}[a-f0-9]{12}$",
    r"(?i)abc|d[e-g]+", r"[[:alpha:]]{2,}", r"\p{Lu}\p{Ll}*", r"(a|b)\1", r"\Qa.b\E", r"[^\s]{3}", r"x{2,5}?",
    r"(?<year>\d{4})-\k<year>", r"[a-z&&[^aeiou]]+", r"\x{1F600}", r"(?x) a b # comment",
])
for pattern in sorted(regexes):
    write("FuzzRegexGeneration", pattern)

for harness in sorted(p.name for p in corpus.iterdir()):
    print(harness, len(list((corpus / harness).iterdir())))
