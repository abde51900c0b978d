#!/usr/bin/env python3
"""Fills the English plural forms of fewshot_en.ts.

The source strings are English with "(s)" where a noun follows a count
("%n image(s)"). lupdate -pluralonly lists those messages; this script
writes the singular and plural forms that Qt shows for n == 1 and n != 1,
and replaces what was there.

lupdate needs the include paths (-I) to see that the classes are in
namespaces. Without them the contexts come out unqualified ("ClassesPanel"
instead of "fewshot::ui::ClassesPanel"), and no message matches at run time.

Usage, from the repository root:
  /usr/lib/qt6/bin/lupdate -pluralonly -locations none -no-obsolete -I . -I core ui widgets -ts translations/fewshot_en.ts
  translations/fill_english_plurals.py translations/fewshot_en.ts
"""

import html
import re
import sys

# Words after "(s)" whose verb agrees with the count.
SINGULAR_VERBS = {"are": "is", "were": "was"}


def forms(source):
    singular = source.replace("(s)", "")
    plural = source.replace("(s)", "s")
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
