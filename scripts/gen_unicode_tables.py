#!/usr/bin/env python3
"""Generates src/tokenizer/unicode_tables.cpp from the Unicode Character Database.

Reads the UCD text files (Debian package `unicode-data`, /usr/share/unicode by default) and
writes the compact tables the tokenizer's Unicode layer (src/tokenizer/unicode.h) searches:
  - property runs: general category + White_Space, Cased, Case_Ignorable per code point range;
  - full lowercase mappings (UnicodeData simple mapping, overridden by SpecialCasing's
    unconditional entries, e.g. U+0130 -> 0069 0307);
  - full canonical decompositions (recursive, Hangul syllables are left to code);
  - canonical combining classes (non-zero only).
Usage: scripts/gen_unicode_tables.py [--ucd DIR] [--out FILE]
"""
import argparse
import os
import re
import sys

# Must match enum class GeneralCategory in src/tokenizer/unicode_tables.h (the generated file
# static_asserts every value).
CATEGORIES = ["Cn", "Lu", "Ll", "Lt", "Lm", "Lo", "Mn", "Mc", "Me", "Nd", "Nl", "No", "Pc",
              "Pd", "Ps", "Pe", "Pi", "Pf", "Po", "Sm", "Sc", "Sk", "So", "Zs", "Zl", "Zp",
              "Cc", "Cf", "Cs", "Co"]
FLAG_WHITE_SPACE = 1 << 5
FLAG_CASED = 1 << 6
FLAG_CASE_IGNORABLE = 1 << 7
N_CODE_POINTS = 0x110000
HANGUL_FIRST, HANGUL_LAST = 0xAC00, 0xD7A3


def data_lines(path):
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if line:
                yield [field.strip() for field in line.split(";")]


def code_range(text):
    if ".." in text:
        lo, hi = text.split("..")
        return range(int(lo, 16), int(hi, 16) + 1)
    return range(int(text, 16), int(text, 16) + 1)


def unicode_version(ucd):
    with open(os.path.join(ucd, "ReadMe.txt"), encoding="utf-8") as f:
        m = re.search(r"Version (\d+\.\d+\.\d+) of the Unicode Standard", f.read())
    if not m:
        sys.exit("cannot find the Unicode version in ReadMe.txt")
    return m.group(1)


def read_unicode_data(ucd):
    """General category, simple lowercase, canonical decomposition and ccc per code point."""
    category = bytearray(N_CODE_POINTS)  # 0 = Cn
    lower, decomposition, ccc = {}, {}, {}
    range_first = None
    for f in data_lines(os.path.join(ucd, "UnicodeData.txt")):
        cp, name, gc = int(f[0], 16), f[1], CATEGORIES.index(f[2])
        if name.endswith(", First>"):
            range_first = cp
            continue
        first = range_first if name.endswith(", Last>") else cp
        for c in range(first, cp + 1):
            category[c] = gc
        range_first = None
        if int(f[3]):
            ccc[cp] = int(f[3])
        if f[5] and not f[5].startswith("<"):
            decomposition[cp] = [int(x, 16) for x in f[5].split()]
        if f[13]:
            lower[cp] = [int(f[13], 16)]
    return category, lower, decomposition, ccc


def read_property(path, name):
    cps = set()
    for f in data_lines(path):
        if f[1] == name:
            cps.update(code_range(f[0]))
    return cps


def read_special_lowercase(ucd):
    """Unconditional full lowercase mappings (entries without a condition list)."""
    out = {}
    for f in data_lines(os.path.join(ucd, "SpecialCasing.txt")):
        if len(f) > 4 and f[4]:
            continue  # conditional (Final_Sigma, locale): handled in code or not applicable
        out[int(f[0], 16)] = [int(x, 16) for x in f[1].split()]
    return out


def full_decomposition(cp, decomposition):
    if cp not in decomposition:
        return [cp]
    out = []
    for c in decomposition[cp]:
        out.extend(full_decomposition(c, decomposition))
    return out


def emit_array(out, decl, values, per_line, fmt):
    out.append(decl + " = {")
    for i in range(0, len(values), per_line):
        out.append("    " + ", ".join(fmt(v) for v in values[i:i + per_line]) + ",")
    out.append("};")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ucd", default="/usr/share/unicode")
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--out", default=os.path.join(here, "..", "src", "tokenizer",
                                                  "unicode_tables.cpp"))
    args = ap.parse_args()

    version = unicode_version(args.ucd)
    category, lower, decomposition, ccc = read_unicode_data(args.ucd)
    white_space = read_property(os.path.join(args.ucd, "PropList.txt"), "White_Space")
    derived = os.path.join(args.ucd, "DerivedCoreProperties.txt")
    cased = read_property(derived, "Cased")
    case_ignorable = read_property(derived, "Case_Ignorable")
    lower.update(read_special_lowercase(args.ucd))

    # Property byte per code point, then runs of equal bytes: entry = (first_cp << 8) | props.
    props = bytearray(category)
    for c in white_space:
        props[c] |= FLAG_WHITE_SPACE
    for c in cased:
        props[c] |= FLAG_CASED
    for c in case_ignorable:
        props[c] |= FLAG_CASE_IGNORABLE
    runs = [(0 << 8) | props[0]]
    for c in range(1, N_CODE_POINTS):
        if props[c] != props[c - 1]:
            runs.append((c << 8) | props[c])

    lower_pairs = sorted((cp, m) for cp, m in lower.items() if m != [cp])
    single_lower = [(cp, m[0]) for cp, m in lower_pairs if len(m) == 1]
    multi_lower = [(cp, m) for cp, m in lower_pairs if len(m) > 1]

    decomp_entries, pool = [], []
    for cp in sorted(decomposition):
        if HANGUL_FIRST <= cp <= HANGUL_LAST:
            continue
        d = full_decomposition(cp, decomposition)
        decomp_entries.append((cp, len(pool), len(d)))
        pool.extend(d)
    assert len(pool) < 1 << 16 and max(e[2] for e in decomp_entries) < 256
    ccc_entries = [(cp << 8) | v for cp, v in sorted(ccc.items())]

    hexcp = lambda v: "0x%X" % v
    out = [
        "// Generated by scripts/gen_unicode_tables.py from the Unicode Character Database "
        "%s (/usr/share/unicode). Do not edit." % version,
        "// Tables searched by tokenizer/unicode.cpp; layouts are documented in "
        "tokenizer/unicode_tables.h.",
        '#include "tokenizer/unicode_tables.h"',
        "",
        "namespace bertwasm::unicode_tables {",
        "",
        'const char kUnicodeVersion[] = "%s";' % version,
        "",
    ]
    for i, name in enumerate(CATEGORIES):
        out.append("static_assert(static_cast<int>(GeneralCategory::%s) == %d, "
                   "\"category order\");" % (name, i))
    out.append("")
    emit_array(out, "const uint32_t kPropertyRuns[%d]" % len(runs), runs, 8, hexcp)
    out.append("const size_t kPropertyRunCount = %d;" % len(runs))
    out.append("")
    emit_array(out, "const CodePointPair kLowercase[%d]" % len(single_lower), single_lower, 6,
               lambda p: "{0x%X, 0x%X}" % p)
    out.append("const size_t kLowercaseCount = %d;" % len(single_lower))
    out.append("")
    emit_array(out, "const MultiLowercase kMultiLowercase[%d]" % len(multi_lower), multi_lower,
               2, lambda p: "{0x%X, {%s}, %d}" % (p[0], ", ".join(hexcp(c) for c in p[1]),
                                                  len(p[1])))
    out.append("const size_t kMultiLowercaseCount = %d;" % len(multi_lower))
    out.append("")
    emit_array(out, "const Decomposition kDecompositions[%d]" % len(decomp_entries),
               decomp_entries, 4, lambda e: "{0x%X, %d, %d}" % e)
    out.append("const size_t kDecompositionCount = %d;" % len(decomp_entries))
    emit_array(out, "const char32_t kDecompositionPool[%d]" % len(pool), pool, 10, hexcp)
    out.append("")
    emit_array(out, "const uint32_t kCombiningClasses[%d]" % len(ccc_entries), ccc_entries, 8,
               hexcp)
    out.append("const size_t kCombiningClassCount = %d;" % len(ccc_entries))
    out.append("")
    out.append("}  // namespace bertwasm::unicode_tables")
    with open(args.out, "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")
    print("wrote %s: %d property runs, %d+%d lowercase, %d decompositions, %d ccc (Unicode %s)"
          % (args.out, len(runs), len(single_lower), len(multi_lower), len(decomp_entries),
             len(ccc_entries), version))


if __name__ == "__main__":
    main()
