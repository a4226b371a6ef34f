"""The organisers' workspace: their pages and the forms of the acts."""
