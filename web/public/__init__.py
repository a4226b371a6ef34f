"""The public site: every dialogue's pages, feeds, open data and charts, paging, the page cache."""
