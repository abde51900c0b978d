#!/usr/bin/env python3
"""Fills the English plural forms of fewshot_en.ts.

The source strings are English with "(s)" or "(es)" where a noun follows a
count ("%n image(s)", "%n class(es)"). lupdate -pluralonly lists those
messages; this script writes the singular and plural forms that Qt shows for
n == 1 and n != 1, and replaces what was there.

lupdate needs the include paths (-I) to see that the classes are in
namespaces. Without them the contexts come out unqualified ("ClassesPanel"
instead of "fewshot::ui::ClassesPanel"), and no message matches at run time.

The build target update_translations runs lupdate and then this script
(cmake --build BUILD --target update_translations).
"""

import html
import re
import sys

# Words after "(s)" whose verb agrees with the count.
SINGULAR_VERBS = {"are": "is", "were": "was"}


def forms(source):
    singular = source.replace("(s)", "").replace("(es)", "")
    plural = source.replace("(s)", "s").replace("(es)", "es")
    for plural_verb, singular_verb in SINGULAR_VERBS.items():
        if "(s) " + plural_verb in source:
            singular = re.sub(r"(\S+) %s\b" % plural_verb, lambda m: m.group(1) + " " + singular_verb,
                              singular, count=1)
    return singular, plural


def fill(text):
    pattern = re.compile(r'(<message numerus="yes">\s*<source>(.*?)</source>\s*)<translation[^>]*>.*?</translation>',
                         re.S)

    def replace(match):
        source = html.unescape(match.group(2))
        singular, plural = forms(source)
        body = "<translation>\n            <numerusform>%s</numerusform>\n            <numerusform>%s</numerusform>\n        </translation>" % (
            html.escape(singular, quote=False), html.escape(plural, quote=False))
        return match.group(1) + body

    return pattern.sub(replace, text)


def main():
    path = sys.argv[1]
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(fill(text))


if __name__ == "__main__":
    main()
