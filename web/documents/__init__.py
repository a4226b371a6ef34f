"""Documents on the web: the files served to the public, how pages list them, the upload limit."""
