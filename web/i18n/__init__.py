"""Every label and wording table of the interface, and the choice of language."""
