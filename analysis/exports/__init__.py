"""The dataset in the formats other tools open: W3C Web Annotation, REFI-QDA, Argdown, AIF.

Every export is written from the built tables (never from the annotations, never by
hand) through one model of the coded records (`records`), so all of them carry the
same records, spans, codes and links; `bundle` gathers them for the data zip.
Imports `analysis.dataset`, `analysis.paths` and itself.
"""
