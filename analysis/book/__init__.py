"""The book's machinery: the Sphinx extensions, the local assets, the execution cache and the downloads.

Only this package touches Sphinx and the built site. Imports `analysis.report`,
`analysis.dataset` and itself.
"""
