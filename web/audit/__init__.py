"""The audit: the trail of acts, the replay of a dialogue, the provenance of a page's figures."""
