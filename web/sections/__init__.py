"""A dialogue's published record, one readable page per part of the fiche."""
