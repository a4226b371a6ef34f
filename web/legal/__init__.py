"""The site's frame and the pages a French public site must have: accessibility, legal, site map."""
