"""The dataset: reading the annotations, checking them against the texts, and building the tables.

Everything that builds or validates data lives here: the vocabularies and the
schema, the verbatim-quote and text tools, the validator with its located
errors, the table builder, the reliability study and the loader the analysis
reads from. Imports only `analysis.paths`, `analysis.processes` and itself.
"""
