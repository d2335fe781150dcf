"""The analysis: tidy frames shaped from the dataset, and every chart, table and generated sentence.

Functions take a `Dataset` or tidy DataFrames and return DataFrames, Altair
charts, tables or text; nothing here writes the dataset or touches Sphinx.
Imports `analysis.dataset` (to read) and itself.
"""
