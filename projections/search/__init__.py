"""Read model ``search``: the full text of what the public pages show, for ``/search``.

One document per thing a public page of a dialogue shows (the dialogue, its
framework, its instances, meetings and minutes, contributions, proposals,
decisions, actions), found only once the dialogue's approach is public, never
a person's name or contact. French words are compared by their stem, accents
ignored: SQLite's FTS5 over stems made in Python, PostgreSQL's full-text
search with its ``french`` configuration.

Its modules: ``rows`` (the tables), ``handlers`` (what each act adds),
``fulltext`` (the index of each store), ``text`` (words, stems, highlights),
``queries`` (the search).
"""

from projections.search import queries
from projections.search.handlers import SearchHandlers


class SearchProjection(SearchHandlers):
    name = "search"
    version = 3  # 1 had no public consultations; 2 found hidden contributions
    cost = 12
    copy_cost = 2.5

    search = staticmethod(queries.search)
    documents = staticmethod(queries.documents)
