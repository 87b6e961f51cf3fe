"""Scores CVSS vectors with the `cvss` package (PyPI, RedHatProductSecurity) for
ScoringCrossCheckTests: deterministic pseudo-random vectors of every version with every metric
group, plus every STRIDE-th of the 104,976 CVSS v4.0 base vectors (1: all of them).

Usage: cvss_crosscheck.py RANDOM_PER_VERSION STRIDE
Output, one line per vector, tab-separated:
    VERSION  VECTOR  SCORES  SEVERITIES  MACROVECTOR
SCORES and SEVERITIES are comma-separated as the package returns them (v2/v3: base, temporal,
environmental, v2 giving None for a group without metrics; v4: the one score); MACROVECTOR is
the v4 macrovector, "-" otherwise.
"""
import itertools
import sys

from cvss import CVSS2, CVSS3, CVSS4

V2_BASE = [("AV", "LAN"), ("AC", "HML"), ("Au", "MSN"), ("C", "NPC"), ("I", "NPC"), ("A", "NPC")]
V2_TEMPORAL = [("E", ["ND", "U", "POC", "F", "H"]), ("RL", ["ND", "OF", "TF", "W", "U"]),
               ("RC", ["ND", "UC", "UR", "C"])]
V2_ENVIRONMENTAL = [("CDP", ["ND", "N", "L", "LM", "MH", "H"]), ("TD", ["ND", "N", "L", "M", "H"]),
                    ("CR", ["ND", "L", "M", "H"]), ("IR", ["ND", "L", "M", "H"]), ("AR", ["ND", "L", "M", "H"])]

V3_BASE = [("AV", "NALP"), ("AC", "LH"), ("PR", "NLH"), ("UI", "NR"), ("S", "UC"),
           ("C", "HLN"), ("I", "HLN"), ("A", "HLN")]
V3_TEMPORAL = [("E", "XUPFH"), ("RL", "XOTWU"), ("RC", "XURC")]
V3_ENVIRONMENTAL = [("CR", "XLMH"), ("IR", "XLMH"), ("AR", "XLMH"), ("MAV", "XNALP"), ("MAC", "XLH"),
                    ("MPR", "XNLH"), ("MUI", "XNR"), ("MS", "XUC"), ("MC", "XHLN"), ("MI", "XHLN"),
                    ("MA", "XHLN")]

V4_BASE = [("AV", "NALP"), ("AC", "LH"), ("AT", "NP"), ("PR", "NLH"), ("UI", "NPA"), ("VC", "HLN"),
           ("VI", "HLN"), ("VA", "HLN"), ("SC", "HLN"), ("SI", "HLN"), ("SA", "HLN")]
V4_THREAT = [("E", "XAPU")]
V4_ENVIRONMENTAL = [("CR", "XHML"), ("IR", "XHML"), ("AR", "XHML"), ("MAV", "XNALP"), ("MAC", "XLH"),
                    ("MAT", "XNP"), ("MPR", "XNLH"), ("MUI", "XNPA"), ("MVC", "XHLN"), ("MVI", "XHLN"),
                    ("MVA", "XHLN"), ("MSC", "XHLN"), ("MSI", "XSHLN"), ("MSA", "XSHLN")]
V4_SUPPLEMENTAL = [("S", "XNP"), ("AU", "XNY"), ("R", "XAUI"), ("V", "XDC"), ("RE", "XLMH"),
                   ("U", ["X", "Clear", "Green", "Amber", "Red"])]


class XorShift:
    """xorshift64: the same sequence on every Python version and platform."""

    def __init__(self, seed):
        self.state = seed

    def below(self, bound):
        x = self.state
        x ^= (x << 13) & 0xFFFFFFFFFFFFFFFF
        x ^= x >> 7
        x ^= (x << 17) & 0xFFFFFFFFFFFFFFFF
        self.state = x
        return x % bound


def random_fields(rng, group, optional):
    """One field per metric; optional metrics are left out a quarter of the time (= X/ND)."""
    fields = []
    for name, values in group:
        if optional and rng.below(4) == 0:
            continue
        fields.append("%s:%s" % (name, values[rng.below(len(values))]))
    return fields


def random_vector(rng, prefix, base, optional_groups):
    fields = random_fields(rng, base, False)
    for group in optional_groups:
        if rng.below(2):
            fields += random_fields(rng, group, True)
    if rng.below(8) == 0:  # metric order is free
        for i in range(len(fields) - 1, 0, -1):
            j = rng.below(i + 1)
            fields[i], fields[j] = fields[j], fields[i]
    return prefix + "/".join(fields)


def emit(version, vector, scores, severities, macro_vector="-"):
    text = lambda values: ",".join("None" if v is None else str(v) for v in values)
    sys.stdout.write("%s\t%s\t%s\t%s\t%s\n" % (version, vector, text(scores), text(severities), macro_vector))


def main():
    count, stride = int(sys.argv[1]), int(sys.argv[2])
    rng = XorShift(0x9E3779B97F4A7C15)
    for _ in range(count):
        vector = random_vector(rng, "", V2_BASE, [V2_TEMPORAL, V2_ENVIRONMENTAL])
        score = CVSS2(vector)
        emit("2.0", vector, score.scores(), score.severities())
    for version in ("3.0", "3.1"):
        for _ in range(count):
            vector = random_vector(rng, "CVSS:%s/" % version, V3_BASE, [V3_TEMPORAL, V3_ENVIRONMENTAL])
            score = CVSS3(vector)
            emit(version, vector, score.scores(), score.severities())
    for _ in range(count):
        vector = random_vector(rng, "CVSS:4.0/", V4_BASE, [V4_THREAT, V4_ENVIRONMENTAL, V4_SUPPLEMENTAL])
        score = CVSS4(vector)
        emit("4.0", vector, score.scores(), score.severities(), score.macroVector())
    every_base = itertools.product(*(values for _, values in V4_BASE))
    for values in itertools.islice(every_base, 0, None, stride):
        vector = "CVSS:4.0/" + "/".join("%s:%s" % (name, value) for (name, _), value in zip(V4_BASE, values))
        score = CVSS4(vector)
        emit("4.0", vector, score.scores(), score.severities(), score.macroVector())


if __name__ == "__main__":
    main()
